"""Who the sources are: kind, anonymity, coreference and the per-article registry.

Rules over the tagger's source spans.  Kinds are decided from the words of the
mention (head noun, known outlets and institutions, capitalisation); pronouns
and definite descriptions ("they", "the sources", "the report", "the ministry")
are resolved to the nearest compatible fuller mention, earlier first, then
later (a sub-headline may refer to an outlet named further down).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from attribution import lexicons as lex
from attribution.assemble.spans import without_full_stop
from attribution.schema import Attribution, Source, SourceSpan, Span
from attribution.split.datelines import match_dateline

PRONOUNS = lex.words("sources", "pronouns")
PERSON_PRONOUNS = lex.words("sources", "person_pronouns")
ANON_HEADS = lex.words("sources", "anonymous_heads")
ANON_MARKERS = lex.phrases("sources", "anonymity_markers")
MEDIA_WORDS = lex.words("sources", "media_words")
MEDIA_NAMES = lex.words("sources", "media_names")
# bodies known by a name that reads like a person's ("Red Cross") or a state's ("Salvation Army")
ORG_NAMES = lex.words("sources", "organization_names")
# a capitalised name with one of these words is an event, which speaks through its organisers ("Tour de France")
EVENT_WORDS = lex.words("sources", "event_words")
# words a title-cased organisation name has and a person's name has not ("Doctors Without Borders")
NAME_CONNECTIVES = lex.words("sources", "name_connectives")
GOVERNMENT_WORDS = lex.words("sources", "government_words")
DOCUMENT_WORDS = lex.words("sources", "document_words")
ORG_WORDS = lex.words("sources", "organization_words")
_BODY_WORDS = ORG_WORDS | GOVERNMENT_WORDS
PERSON_WORDS = lex.words("sources", "person_words")
_DEFINITE = re.compile(r"^(the|this|that|these|those)\s+", re.IGNORECASE)
_AGE_DESC = re.compile(r"^the\s+\d+-year-old", re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'.-]+")
_AGENCY = re.compile("agency", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.lower().strip("’'") for w in _TOKEN.findall(text)]


_CUT_WORDS = lex.words("sources", "head_cut_words")
NAME_PARTICLES = lex.words("sources", "name_particles")
# a particle written joined to the capitalised rest of a name: "al-Mansouri", "d'Amico", "bin-Talal"
_JOINED_PARTICLE = re.compile(r"^(?:" + "|".join(sorted({re.escape(p.rstrip("-’'")) for p in NAME_PARTICLES}, key=len,
                                                       reverse=True)) + r")[-’'][A-Z]")


def is_name_particle(word: str) -> bool:
    """A lower-case word that stands inside a personal name ("van der" in "Joost van der Berg", "di" in
    "Marco di Stefano") or a particle joined to one ("al-Mansouri"): no sign the name is an organisation's."""
    return word.lower().replace("’", "'") in NAME_PARTICLES or bool(_JOINED_PARTICLE.match(word))


def head_word(text: str) -> str:
    """The head noun of a source phrase: the last word before a relative clause, a
    preposition, a participle or a second determiner ("a trading update the company issued")."""
    words = _words(text.split(",", 1)[0]) or _words(text)
    kept: list[str] = []
    for i, w in enumerate(words):
        if i > 0 and (w in _CUT_WORDS or (w in ("the", "a", "an") and kept)):
            break
        kept.append(w)
    head = kept[-1] if kept else ""
    return head[:-2] if head.endswith("’s") or head.endswith("'s") else head


def is_pronoun(text: str) -> bool:
    return text.strip().lower() in PRONOUNS


def is_description(text: str) -> bool:
    """A definite description that needs an antecedent ("the sources", "the ministry")."""
    t = text.strip()
    if not _DEFINITE.match(t):
        return False
    rest = _DEFINITE.sub("", t)
    words = rest.split()
    if _AGE_DESC.match(t):
        return True
    if len(words) > 3 or "’s " in t or "'s " in t:
        return False  # a possessive names its owner: "The LNA’s sources" needs no antecedent
    # capitalised words after "the" make a name ("the White House"), not a description,
    # unless the head is a common noun ("the Labor sources")
    if words and words[-1].lower() in _BODY_WORDS and any(w[:1].isupper() for w in words[:-1]):
        return False  # "the SNPL union", "the Wagner group": a name
    return bool(words) and words[-1][:1].islower() and (all(w[:1].islower() for w in words) or len(words) <= 2)


# collective nouns for lay people ("the crowd", "the audience"): lay groups, singular or plural
LAY_COLLECTIVES = lex.words("sources", "lay_collectives")
LAY_GROUPS = lex.words("sources", "lay_groups") | LAY_COLLECTIVES
ANON_ROLES = lex.words("sources", "anonymous_roles")
_INDEFINITE = re.compile(r"^(a|an|one|two|three|four|five|six|several|some|many|other|his|her|their|its|our|the)\b", re.I)
_NAME_END = re.compile(r"(?:^|\s)[A-Z][\w’'.-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+$")
MEDIA_CUES = lex.word_pattern("sources", "media_cue_patterns")
GOV_CUES = lex.word_pattern("sources", "government_cue_patterns")
ORG_CUES = lex.word_pattern("sources", "organization_cue_patterns")


def _core(text: str) -> str:
    """A mention without its relative clause or apposition: "Kovač, who turns 35" → "Kovač",
    "Ruth Adeyemi, a neurologist at King's College" → "Ruth Adeyemi"."""
    return re.split(r",\s*(?:who|which|whose|an?|the)\b", text.strip(), maxsplit=1)[0].strip(" ,")


def source_kind(text: str, document: str | None = None) -> tuple[str, bool]:
    """(kind, anonymous) of a source mention, from its own words (and the document, for bare names)."""
    t = _core(text)
    low = t.lower().replace("’", "'")
    words = _words(t)
    head = head_word(t)
    bare = low.removeprefix("the ")
    if is_pronoun(t):
        return "pronoun", False
    if low in MEDIA_NAMES or bare in MEDIA_NAMES:
        return "media", False
    if is_listed_body(t):
        return "organization", False
    if any(m in low for m in ANON_MARKERS) or low.startswith("one of "):
        return "anonymous", True
    core = re.split(r",|\s+(?:of|at|from|in)\s+", t, maxsplit=1)[0]
    named = bool(_NAME_END.search(core))
    if named and any(w in PERSON_WORDS or w in ("analyst", "inspector", "deputy", "co-author", "specialist", "adviser",
                                                   "agent")
                     for w in _words(core)[:-2]):
        return "person", False
    if head in DOCUMENT_WORDS or head in ("update", "results", "bulletin", "index"):
        return "document", False
    if MEDIA_CUES.search(t):
        return "media", False
    if not named and re.match(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s", low) and \
            (head in LAY_GROUPS or head in ANON_ROLES or head in ANON_HEADS or len(words) <= 6) and not ORG_CUES.search(t) \
            and not GOV_CUES.search(t) and head not in DOCUMENT_WORDS:
        return "anonymous", True  # "a pharmacist in Leeds", "two people with knowledge of ..."
    if head in PERSON_WORDS or _AGE_DESC.match(t) or head in ("agent", "commissioner", "specialist", "analyst",
                                                               "adviser", "plaintiff", "co-author"):
        if named:
            return "person", False
        if _INDEFINITE.match(t) and head not in ("president", "minister", "commissioner"):
            return "anonymous", True
        return "person", False
    if named and re.search(r"\b(?!(?:the|a|an)\s)[a-z][a-z-]+\s+(?:[A-Z][\w’'.-]+\s+){1,2}[A-Z][\w’'-]+$", t) \
            and not ORG_CUES.search(t) \
            and not GOV_CUES.search(t) and not MEDIA_CUES.search(t):
        return "person", False  # "Peel Hunt analyst Priya Nair": a role then a name
    if head in LAY_GROUPS and not named:
        return "other", True
    if head in ANON_ROLES and not named:
        return "anonymous", True
    # "agency" alone is an organisation cue; beside a government cue ("national security agency") it is no
    # counter-evidence, in whatever case it is written
    if GOV_CUES.search(t) and not ORG_CUES.search(_AGENCY.sub("", t)) or head in GOVERNMENT_WORDS or head in ("force", "institute"):
        return "government", False
    if ORG_CUES.search(t) or head in ORG_WORDS:
        return "organization", False
    if head in MEDIA_WORDS:
        return "media", False
    caps = [w for w in re.findall(r"[\w’'-]+", t) if w[:1].isupper()]
    if caps and low.startswith("the ") and len(words) >= 2:
        return "organization", False  # "the World Health Organization", "The Athletics Integrity Unit"
    if caps:
        if len(words) == 1 and document is not None and _introduced_as_org(t, document):
            return "organization", False
        if len(words) == 1 and t.isupper():
            return "organization", False
        tokens = re.findall(r"[\w’'-]+", t)
        # up to four words besides name particles, all capitalised: a person ("Joost van der Berg")
        if len([w for w in words if not is_name_particle(w)]) <= 4 and \
                all(w[:1].isupper() for w in tokens if w.lower() != "of" and not is_name_particle(w)) and \
                not any(w.lower() in NAME_CONNECTIVES for w in tokens[1:]):
            return "person", False
        return "organization", False
    return "other", False


def is_listed_body(text: str) -> bool:
    """Is the mention a body the lexicon lists by name ("the Red Cross"), or the proper name of an event
    ("the Tour de France", "the World Cup": capitalised words, one of them an event word)?  Such a name is
    decided by the table, however much it looks like a person's name or a state body's ("the Salvation
    Army").  Words around an event's name make another mention ("Race organisers": lay people)."""
    t = _core(text)
    low = t.lower().replace("’", "'").removesuffix("'s")
    if low in ORG_NAMES or low.removeprefix("the ") in ORG_NAMES:
        return True
    tokens = re.findall(r"[\w’'-]+", re.sub(r"^[Tt]he\s+", "", t))
    if not 2 <= len(tokens) <= 6 or not all(w[:1].isupper() or is_name_particle(w) for w in tokens):
        return False
    joined = " " + " ".join(w.lower() for w in tokens) + " "
    return any(f" {e} " in joined for e in EVENT_WORDS)


def core_text(text: str) -> str:
    """A mention without its relative clause or apposition (public for the kind classifier's features)."""
    return _core(text)


def mention_words(text: str) -> list[str]:
    """The lower-cased words of a mention, quotes stripped, as the rules see them."""
    return _words(text)


def ends_in_name(text: str) -> bool:
    """Does the mention end in a two-word proper name ("... analyst Priya Nair")?"""
    return bool(_NAME_END.search(text))


def introduced_as_org(name: str, document: str) -> bool:
    """Is a bare name introduced elsewhere in ``document`` as a company, group, club ...?"""
    return _introduced_as_org(name, document)


def _introduced_as_org(name: str, document: str) -> bool:
    """Is a bare name introduced elsewhere as a company, group, club ... ("ticketing firm Passly")?"""
    return bool(_org_introduction(name).search(document))


@functools.lru_cache(maxsize=2048)
def _org_introduction(name: str) -> re.Pattern:
    # the words between the organisation noun and the name are capitalised ("ticketing firm Acme Passly"), so
    # "union leader Rosa Villanueva" does not make Villanueva a union: that part is matched case-sensitively
    return re.compile(ORG_CUES.pattern[:-3] + r")\s+(?-i:[A-Z][\w’'-]*\s+){0,2}" + re.escape(name) + r"\b|\b"
                      + re.escape(name) + r"(?:’s|'s)?\s+(?:chief executive|shares|board|spokes\w+|headquarters|founder|customers)", re.I)


def _compatible(mention: str, candidate: str, cand_kind: str, cand_anon: bool) -> bool:
    low = mention.strip().lower()
    cand_head = head_word(candidate)
    head = head_word(mention)
    if head and cand_head != head and re.search(r"\b" + re.escape(head) + r"(?:’s|'s)\s", candidate.lower()):
        return False  # "the ministry" is not "the ministry's weekly bulletin"
    if low in PERSON_PRONOUNS:
        return cand_kind == "person" or (cand_kind == "anonymous" and not cand_head.endswith("s"))
    if low in ("they", "them", "their"):
        return cand_kind in ("anonymous", "organization", "government", "media", "other") or cand_head.endswith("s")
    if low in ("it", "its"):
        return cand_kind in ("organization", "government", "media", "document")
    if low in ("we", "us"):
        return cand_kind in ("organization", "government", "anonymous", "other")
    if _AGE_DESC.match(mention.strip()):
        return cand_kind in ("person", "anonymous") or "year-old" in candidate
    if head in ("report", "reports"):
        return cand_kind in ("media", "document", "government", "organization")
    if head in DOCUMENT_WORDS:
        return cand_kind == "document" or head in candidate.lower() or (head == "paper" and cand_kind == "media")
    if head in MEDIA_WORDS:
        return cand_kind == "media" or head in candidate.lower()
    if head in ANON_ROLES:
        return head_word(candidate) in (head, head.rstrip("s"), head + "s") or cand_kind == "anonymous" or cand_anon
    if head in GOVERNMENT_WORDS or head in ("force", "institute"):
        return head in candidate.lower() or cand_kind == "government"
    if head in ORG_WORDS:
        return cand_kind == "organization" or head in candidate.lower()
    if head in PERSON_WORDS or head in ("agent", "commissioner"):
        return cand_kind in ("person", "anonymous")
    return head in candidate.lower()


KindOf = Callable[[str, str | None, int | None], tuple[str, bool]]


def rule_kind(text: str, document: str | None = None, start: int | None = None) -> tuple[str, bool]:
    """:func:`source_kind` in the shape of a ``kind_of`` (the position is not used by the rules)."""
    return source_kind(text, document)


def classify_mentions(mentions: list[SourceSpan], document: str | None = None, kind_of: KindOf = rule_kind) -> None:
    """Fill ``kind`` and ``anonymous`` of every mention, in place, with ``kind_of`` (by default the rules;
    the ``source_kinds`` step passes the learned classifier of ``assemble/kinds.py``)."""
    for s in mentions:
        s.kind, s.anonymous = kind_of(s.text, document, s.start)


def resolve_mentions(mentions: list[SourceSpan], document: str | None = None, kind_of: KindOf = rule_kind) -> None:
    """Fill ``resolves_to`` (and the kind and anonymity it implies) of pronouns, descriptions and
    "one of them" mentions, in place, from the other (already classified) mentions.  ``kind_of`` is
    what a description's own kind is read from (the same judge as the ``source_kinds`` step)."""
    needs = [s for s in mentions if is_pronoun(s.text) or is_description(s.text) or _ONE_OF.match(s.text.strip())]
    for s in needs:
        head = head_word(s.text)
        part = _ONE_OF.match(s.text.strip())
        if part is not None:  # "one of the people", "one of them": a member of an earlier group
            group = _one_of_group(s, part.group("rest"), mentions)
            if group is not None:
                s.kind, s.anonymous = "anonymous" if group.anonymous else group.kind, group.anonymous
                s.resolves_to = group.resolves_to or group.text
            continue
        pool = [c for c in mentions if c is not s and not is_pronoun(c.text) and c.text.lower() != s.text.lower()
                and not c.text.lower().startswith("one of")
                and (len(c.text.split()) > 1 or c.text[:1].isupper())
                and (not is_description(c.text) or len(c.text.split()) > len(s.text.split()))
                and _compatible(s.text, c.text, c.kind, c.anonymous)]
        if any(c.start < s.start for c in pool):
            pool = [c for c in pool if c.start < s.start]  # anaphora points back
        if document is not None and _AGE_DESC.match(s.text.strip()):
            named = _age_antecedent(document, s.text.strip(), s.start, mentions)
            if named is not None:
                s.kind, s.anonymous, s.resolves_to = named
                continue
        if document is not None and head in ORG_WORDS and not any(head_word(c.text) == head for c in pool):
            lead = _introduced_org(document, head, s.start) or _lead_subject(document, mentions)
            if lead is not None and lead.lower() != s.text.strip().lower():
                s.kind, s.anonymous, s.resolves_to = "organization", False, lead
                continue
        if not pool and document is not None and s.text.strip().lower() in PERSON_PRONOUNS:
            pool = _person_names(document, s.start)  # no source fits: a person named in passing
        if not pool:
            continue

        def rank(c: SourceSpan) -> tuple:
            pronoun = is_pronoun(s.text)
            tier = 2 if pronoun or not head else 0 if head_word(c.text) == head else 1 if head in _words(c.text) else 2
            earlier = c.start < s.start
            return (tier, 0 if earlier else 1, s.start - c.start if earlier else c.start - s.start)

        target = min(pool, key=rank)
        target_text = target.resolves_to or _core(target.text)
        if is_pronoun(s.text):
            s.kind = "pronoun"
        else:
            kind, _ = kind_of(s.text, document, s.start)
            s.kind = target.kind if kind in ("other", "anonymous") and target.kind != "pronoun" else kind
        s.resolves_to = target_text
        s.anonymous = target.anonymous


_PERSON_NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'-]+\s+){1,3}[A-Z][\w’'-]*[a-z\u00c0-\u024f][\w’'-]*")


def _person_names(document: str, before: int, keep: int = 3) -> list[SourceSpan]:
    """Person-like names ("Maya Brooks") in the text before ``before``, as antecedent candidates.

    A name that only repeats the surname of an earlier, fuller mention stands for that mention.
    """
    found: list[SourceSpan] = []
    for m in _PERSON_NAME.finditer(document, max(0, before - 3000), before):
        text = m.group()
        first = text.split()[0]
        if first in _OPENERS:  # "The", "He", "Now I'm …": a sentence's first word, no name's
            continue
        if source_kind(text, document)[0] != "person":
            continue
        found.append(SourceSpan(m.start(), m.end(), text, "person", False, None))
    return found[-keep:]


_CAPS = r"[A-Z][\w’'-]*[a-z\u00c0-\u024f][\w’'-]*"
_NAME = _CAPS + r"(?:\s+" + _CAPS + r"){0,3}"


def _age_antecedent(document: str, mention: str, before: int, sources: list[SourceSpan]) -> tuple[str, bool, str] | None:
    """Who "the 45-year-old" is: whoever the text gave that age ("Maya Brooks, 19,", "the 19-year-old
    American Maya Brooks", "a 19-year-old man"); failing that, the person mentioned last before it
    (surname-only mentions count for their fuller name)."""
    age = re.match(r"the\s+(\d+)-year-old", mention, re.I).group(1)
    text = document[:before]
    found: list[tuple[int, str, str]] = []
    for m in re.finditer(r"\b(?:the|an?)\s+" + age + r"-year-old\s+(?:[a-z]+\s+){0,2}(?P<name>" + _NAME + ")", text):
        if " " not in m.group("name") and re.match(r"\s+[a-z]", text[m.end():]):
            continue  # "a 31-year-old Indian man": an adjective, not a name
        found.append((m.start(), m.group("name"), "person"))
    for m in re.finditer(r"(?P<name>" + _NAME + r"),\s+" + age + r"\s*,", text):
        found.append((m.start(), m.group("name"), "person"))
    for m in re.finditer(r"\b(?P<name>[Aa]n?\s+" + age + r"-year-old\s+(?:[A-Z][a-z]+\s+)?[a-z]+)\b", text):
        found.append((m.start(), m.group("name"), "anonymous"))
    if found:
        _, name, kind = max(found)
        full = _fuller_name(name, text)
        return kind, kind == "anonymous", full
    people = _person_names(document, before, keep=12)
    people += [SourceSpan(c.start, c.end, c.text, c.kind, c.anonymous, None) for c in sources
               if c.start < before and c.kind == "person" and not is_pronoun(c.text) and not is_description(c.text)]
    if not people:
        return None
    last: dict[str, int] = {}  # in the order the text names them
    for full in dict.fromkeys(_fuller_name(p.text, text) for p in sorted(people, key=lambda p: p.start)):
        surname = full.split()[-1]
        hits = [m.start() for m in re.finditer(r"(?<![\w’'])" + re.escape(surname) + r"(?![\w’'])", text)]
        if hits:
            last[full] = hits[-1]
    if not last:
        return None
    # namesakes ("Daniel Okafor and Grace Okafor ... Okafor wept") tie on their surname's last mention:
    # the one named nearest before the description is taken
    name = max(reversed(last), key=last.get)
    fuller = [c.text for c in sources if c.text.endswith(" " + name) and c.start < before]
    return "person", False, fuller[0] if fuller else name


def _fuller_name(name: str, text: str) -> str:
    """The fullest earlier mention ending in the same surname ("Okafor" → "Daniel Okafor")."""
    surname = name.split()[-1]
    best = name
    for m in re.finditer(r"(?:" + _CAPS + r"\s+){1,3}" + re.escape(surname) + r"(?![\w’'])", text):
        cand = m.group()
        words = cand.split()
        while words and words[0] in _OPENERS:
            words = words[1:]
        cand = " ".join(words)
        if len(cand.split()) > len(best.split()) and source_kind(cand)[0] == "person":
            best = cand
    return best


_ONE_OF = re.compile(r"^one\s+of\s+(?P<rest>them|those|the\s+.+)$", re.I)
_OPENERS = lex.words("sources", "sentence_openers")
_IRREGULAR_PLURALS = lex.words("sources", "irregular_plurals")  # groups "one of them" may pick from: "two people"
_ORG_NOUN = (r"(?:\w*(?:maker|provider|operator|company|firm|group|club|union|bank|retailer|airline|carrier|producer|"
             r"developer|insurer|lender|federation|association|league|team|charity|startup|giant|chain|platform))")


def _one_of_group(s: SourceSpan, rest: str, mentions: list[SourceSpan]) -> SourceSpan | None:
    """The nearest earlier plural source that "one of the people" / "one of them" picks a member from."""
    want = head_word(rest) if rest.lower() not in ("them", "those") else None
    best = None
    for c in mentions:
        if c is s or c.start >= s.start or is_pronoun(c.text) or _ONE_OF.match(c.text.strip()):
            continue
        h = head_word(c.text)
        if (want and h == want) or (not want and (h.endswith("s") or h in _IRREGULAR_PLURALS)):
            best = c
    return best


def _introduced_org(document: str, head: str, before: int) -> str | None:
    """The nearest name the text introduced as such a body: "ticketing firm Passly",
    "the SNPL union", "Serbia's football federation"."""
    text = document[:before]
    noun = _ORG_NOUN if head in ("company", "firm", "group") else re.escape(head)
    name = r"[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3}"
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"\b" + noun + r"\s+(?P<name>" + name + ")", text):
        if m.group("name").split()[0] not in _OPENERS:
            found.append((m.start(), without_full_stop(m.group("name"))))
    for m in re.finditer(r"\b(?P<name>(?:the\s+)?" + name + r"(?:’s|'s)?\s+(?:[a-z]+\s+)?" + noun + r")\b", text):
        if m.group("name").split()[0] not in _OPENERS:
            found.append((m.start(), m.group("name")))
    return max(found)[1] if found else None


def _lead_subject(document: str, sources: list[SourceSpan]) -> str | None:
    """The name that opens the article's first body sentence ("Satellite internet provider Orbitnet
    restored ...", "LISBON — União Ribeira are set to ..."): what "the company" or "the club" usually means."""
    paragraphs = [p.strip() for p in document.split("\n\n") if p.strip()]
    body = next((p for p in paragraphs[1:] if len(p) > 80 and p[-1:] in ".”\"'’"), None)
    if body is None:
        return None
    dateline = match_dateline(body)
    if dateline is not None:
        body = body[dateline.body:]
    name = None
    # "União Ribeira are ...", or a role noun before the name: "Satellite internet provider Orbitnet restored ..."
    for opener in ("", r"[A-Z][\w’'-]*\s+(?:[a-z][\w’'-]*\s+){0,2}?" + _ORG_NOUN + r"\s+"):
        m = re.match(opener + r"(?P<name>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3})(?=\s+[a-z])", body)
        if m is None or m.group("name").split()[0] in _OPENERS:
            continue
        repeated = len(re.findall(r"(?<![\w’'])" + re.escape(m.group("name")) + r"(?![\w’'])", document)) > 1
        if len(m.group("name").split()) > 1 or repeated:
            name = m.group("name")
            break
    if name is None:
        return None
    people = {c.text for c in sources if c.kind == "person"}
    if any(name in p or p in name for p in people) or is_pronoun(name):
        return None
    return name


def _norm(name: str) -> str:
    n = re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE).lower()
    return n.replace("’", "'")
