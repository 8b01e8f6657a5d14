"""Who the sources are: kind, anonymity, coreference and the per-article registry.

Rules over the tagger's source spans.  Kinds are decided from the words of the
mention (head noun, known outlets and institutions, capitalisation); pronouns
and definite descriptions ("they", "the sources", "the report", "the ministry")
are resolved to the nearest compatible fuller mention, earlier first, then
later (a sub-headline may refer to an outlet named further down).
"""
from __future__ import annotations

import re

from attribution.schema import Attribution, Source, SourceSpan, Span

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "his", "its", "their"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "i"}
ANON_HEADS = {"source", "sources", "official", "officials", "insider", "insiders", "diplomat", "diplomats",
              "people", "person", "aide", "aides", "expert", "experts", "analyst", "analysts", "observer",
              "observers", "witness", "witnesses", "resident", "residents", "employee", "employees", "staffer",
              "staffers", "member", "members", "executive", "executives", "lawmaker", "lawmakers", "investor",
              "investors", "critic", "critics", "activist", "activists", "someone", "spokesperson", "traders"}
ANON_MARKERS = ("anonymous", "anonymity", "familiar with", "close to", "who declined to be named",
                "not authorized", "not authorised", "unnamed", "who asked not to be", "requested anonymity",
                "speaking on condition", "who spoke on condition")
MEDIA_WORDS = {"media", "newspaper", "newspapers", "agency", "broadcaster", "channel", "tv", "television",
               "radio", "magazine", "outlet", "outlets", "press", "website", "daily", "weekly", "tabloid",
               "reports", "journal", "network", "wire"}
MEDIA_NAMES = {"reuters", "ap", "afp", "tass", "ria novosti", "interfax", "bbc", "cnn", "al arabiya", "al jazeera",
               "bloomberg", "xinhua", "the new york times", "new york times", "the washington post",
               "washington post", "the guardian", "guardian", "fox news", "nbc", "cbs", "abc", "npr", "politico",
               "axios", "the wall street journal", "wall street journal", "financial times", "the times", "the hill",
               "associated press", "agence france-presse", "sky news", "der spiegel", "le monde", "kyodo",
               "yonhap", "anadolu", "sputnik", "rt", "breitbart", "the information", "nikkei", "politico europe",
               "corriere della sera", "el mundo", "el país", "el pais", "la repubblica", "die zeit", "handelsblatt",
               "asahi shimbun", "yomiuri", "straits times", "times of india", "hindustan times", "al-ahram", "huffington post", "the atlantic", "vox",
               "buzzfeed", "usa today", "cnbc", "msnbc", "time", "newsweek", "the economist", "izvestia", "kommersant"}
GOVERNMENT_WORDS = {"ministry", "government", "department", "kremlin", "white house", "police",
                    "army", "military", "pentagon", "state department", "parliament", "senate", "congress",
                    "administration", "embassy", "cabinet", "prosecutor", "prosecutors", "court", "council",
                    "presidency", "office", "authorities", "authority", "commission", "navy",
                    "defense", "defence", "interior", "treasury", "regulator", "regulators", "city hall",
                    "mayor's office", "fbi", "cia", "nasa", "eu", "un", "nato",
                    "european commission", "duma", "bundestag", "downing street", "élysée", "elysee"}
DOCUMENT_WORDS = {"report", "statement", "letter", "study", "survey", "poll", "document", "documents", "data",
                  "filing", "memo", "analysis", "figures", "paper", "record", "records", "release", "communique",
                  "communiqué", "email", "emails", "tweet", "book", "complaint", "lawsuit", "indictment",
                  "ruling", "decree", "order", "findings", "research", "review", "estimate", "estimates", "audit",
                  "transcript", "minutes", "draft", "agreement", "resolution", "affidavit", "note", "notes", "article"}
ORG_WORDS = {"company", "firm", "group", "party", "union", "association", "university", "bank", "committee",
             "campaign", "inc", "corp", "corporation", "ltd", "plc", "llc", "co", "foundation", "institute",
             "organization", "organisation", "club", "team", "league", "federation", "council", "board",
             "coalition", "alliance", "movement", "airline", "airlines", "group's", "network", "charity",
             "hospital", "centre", "center", "fund", "lab", "laboratory", "army", "forces", "militia", "rebels",
             "lna", "gna", "spokesperson"}
PERSON_WORDS = {"president", "minister", "senator", "governor", "mayor", "chairman", "chairwoman", "ceo", "chief",
                "director", "spokesman", "spokeswoman", "leader", "commander", "general", "secretary", "judge",
                "coach", "manager", "professor", "dr", "mr", "mrs", "ms", "sen", "rep", "gov", "candidate",
                "lawyer", "attorney", "founder", "author", "economist", "scientist", "researcher", "captain",
                "striker", "player", "father", "mother", "wife", "husband", "son", "daughter", "man", "woman",
                "chancellor", "premier", "king", "queen", "prince", "pope", "ambassador", "envoy", "negotiator",
                "doctor", "officer", "detective", "sheriff", "trader", "strategist", "spokesperson"}
_DEFINITE = re.compile(r"^(the|this|that|these|those)\s+", re.IGNORECASE)
_AGE_DESC = re.compile(r"^the\s+\d+-year-old", re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'.-]+")


def _words(text: str) -> list[str]:
    return [w.lower().strip("’'") for w in _TOKEN.findall(text)]


_CUT_WORDS = {"who", "which", "that", "familiar", "close", "with", "of", "in", "at", "from", "by", "on", "for",
              "published", "released", "issued", "seen", "accepted", "involved", "obtained", "filed", "calling",
              "speaking", "based", "working", "quoted", "cited", "leaked", "sent", "posted"}


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
    return bool(words) and words[-1][:1].islower() and (all(w[:1].islower() for w in words) or len(words) <= 2)


LAY_GROUPS = {"analysts", "experts", "economists", "witnesses", "researchers", "parents", "traders", "botanists",
              "astronomers", "scientists", "residents", "critics", "observers", "groups", "fans", "investors",
              "doctors", "teachers", "voters", "campaigners", "historians", "commentators", "locals", "shoppers",
              "farmers", "workers", "students", "users", "customers", "passengers", "patients", "people"}
ANON_ROLES = {"official", "officials", "spokesperson", "spokesman", "spokeswoman", "diplomat", "diplomats",
              "negotiator", "negotiators", "officer", "officers", "source", "sources", "insider", "insiders", "aide",
              "aides", "executive", "executives", "employee", "employees", "person", "people", "member", "members",
              "lawyer", "lawyers", "adviser", "advisers", "advisor", "investigator", "investigators", "supplier",
              "suppliers", "suspect", "suspects", "staffer", "staffers", "scientists", "manager", "managers",
              "banker", "bankers", "them", "those", "director", "engineer", "engineers"}
_INDEFINITE = re.compile(r"^(a|an|one|two|three|four|five|six|several|some|many|other|his|her|their|its|our|the)\b", re.I)
_NAME_END = re.compile(r"(?:^|\s)[A-Z][\w’'.-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+$")
MEDIA_CUES = re.compile(r"\b(newspaper|broadcaster|news agency|news site|news website|daily|weekly|tabloid|magazine|"
                        r"tv channel|television|radio|channel|outlet|broadcasting|wire service|media)\b", re.I)
GOV_CUES = re.compile(r"\b(police|ministry|government|embassy|prosecutors?|civil guard|army|navy|military|"
                      r"kremlin|white house|pentagon|state department|parliament|senate|congress|council|"
                      r"commission|authorit(y|ies)|centers for disease|institute of health|health institute|"
                      r"statistics institute|state .{0,20}agency|national .{0,20}agency|regulator|treasury|"
                      r"department|downing street|city hall|court)\b", re.I)
ORG_CUES = re.compile(r"\b(firm|company|startup|start-up|maker|group|bank|retailer|airline|carrier|operator|developer|"
                      r"insurer|platform|brand|chain|club|union|charity|manufacturer|producer|lender|fund|"
                      r"university|foundation|association|federation|league|committee|campaign|party|"
                      r"corp\.?|inc\.?|ltd\.?|plc|llc|space agency|agency)\b", re.I)


def source_kind(text: str, document: str | None = None) -> tuple[str, bool]:
    """(kind, anonymous) of a source mention, from its own words (and the document, for bare names)."""
    t = text.strip()
    low = t.lower().replace("’", "'")
    words = _words(t)
    head = head_word(t)
    bare = low.removeprefix("the ")
    if is_pronoun(t):
        return "pronoun", False
    if low in MEDIA_NAMES or bare in MEDIA_NAMES:
        return "media", False
    if any(m in low for m in ANON_MARKERS) or low.startswith("one of "):
        return "anonymous", True
    core = re.split(r",|\s+(?:of|at|from|in)\s+", t, maxsplit=1)[0]
    named = bool(_NAME_END.search(core))
    if named and any(w in PERSON_WORDS or w in ("spokesperson", "analyst", "author", "inspector", "detective",
                                                   "deputy", "co-author", "specialist", "adviser", "agent")
                     for w in _words(core)[:-2]):
        return "person", False
    if head in DOCUMENT_WORDS or head in ("update", "results", "bulletin", "index", "poll", "draft", "memo", "report"):
        return "document", False
    if MEDIA_CUES.search(t) or (low == "the paper"):
        return "media", False
    if not named and re.match(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s", low) and \
            (head in LAY_GROUPS or head in ANON_ROLES or head in ANON_HEADS or len(words) <= 6) and not ORG_CUES.search(t) \
            and not GOV_CUES.search(t) and head not in DOCUMENT_WORDS:
        return "anonymous", True  # "a pharmacist in Leeds", "two people with knowledge of ..."
    if head in PERSON_WORDS or _AGE_DESC.match(t) or head in ("agent", "commissioner", "author", "specialist",
                                                               "analyst", "adviser", "plaintiff", "co-author"):
        if named:
            return "person", False
        if _INDEFINITE.match(t) and head not in ("president", "minister", "commissioner"):
            return "anonymous", True
        return "person", False
    if named and re.search(r"\b[a-z][a-z-]+\s+(?:[A-Z][\w’'.-]+\s+){1,2}[A-Z][\w’'-]+$", t) and not ORG_CUES.search(t) \
            and not GOV_CUES.search(t) and not MEDIA_CUES.search(t):
        return "person", False  # "Peel Hunt analyst Priya Nair": a role then a name
    if head in LAY_GROUPS and not named and not (t[:1].isupper() and len(words) == 1 and head not in LAY_GROUPS):
        return "other", True
    if head in ANON_ROLES and not named:
        return "anonymous", True
    if GOV_CUES.search(t) and not ORG_CUES.search(t.replace("agency", "")) or head in GOVERNMENT_WORDS or head in ("force", "institute"):
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
        if len(words) <= 4 and all(w[:1].isupper() for w in re.findall(r"[\w’'-]+", t) if w.lower() not in ("of", "de", "al", "van", "von", "bin", "della", "la")):
            return "person", False
        return "organization", False
    return "other", False


def _introduced_as_org(name: str, document: str) -> bool:
    """Is a bare name introduced elsewhere as a company, group, club ... ("ticketing firm Passly")?"""
    pattern = re.compile(ORG_CUES.pattern[:-3] + r")\s+(?:[A-Z][\w’'-]*\s+){0,2}" + re.escape(name) + r"\b|\b"
                         + re.escape(name) + r"(?:’s|'s)?\s+(?:chief executive|shares|board|spokes\w+|headquarters|founder|customers)", re.I)
    return bool(pattern.search(document))


def _compatible(mention: str, candidate: str, cand_kind: str, cand_anon: bool) -> bool:
    low = mention.strip().lower()
    cand_head = head_word(candidate)
    if low in PERSON_PRONOUNS:
        return cand_kind == "person" or (cand_kind == "anonymous" and not cand_head.endswith("s"))
    if low in ("they", "them", "their"):
        return cand_kind in ("anonymous", "organization", "government", "media", "other") or cand_head.endswith("s")
    if low in ("it", "its"):
        return cand_kind in ("organization", "government", "media", "document")
    if low in ("we", "us"):
        return cand_kind in ("organization", "government", "anonymous", "other")
    head = head_word(mention)
    if _AGE_DESC.match(mention.strip()):
        return cand_kind in ("person", "anonymous") or "year-old" in candidate
    if head in ("report", "reports"):
        return cand_kind in ("media", "document", "government", "organization")
    if head in DOCUMENT_WORDS:
        return cand_kind == "document" or head in candidate.lower() or (head == "paper" and cand_kind == "media")
    if head in MEDIA_WORDS or head in ("broadcaster", "newspaper", "agency", "paper"):
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


def resolve_sources(attributions: list[Attribution], document: str | None = None) -> None:
    """Fill ``kind``, ``anonymous`` and ``resolves_to`` of every source, in place."""
    mentions = [a.source for a in attributions if a.source is not None]
    for s in mentions:
        s.kind, s.anonymous = source_kind(s.text, document)
    needs = [s for s in mentions if is_pronoun(s.text) or is_description(s.text)]
    for s in needs:
        head = head_word(s.text)
        pool = [c for c in mentions if c is not s and not is_pronoun(c.text) and c.text.lower() != s.text.lower()
                and not c.text.lower().startswith("one of")
                and (len(c.text.split()) > 1 or c.text[:1].isupper())
                and (not is_description(c.text) or len(c.text.split()) > len(s.text.split()))
                and _compatible(s.text, c.text, c.kind, c.anonymous)]
        if not pool and document is not None and (s.text.strip().lower() in PERSON_PRONOUNS or _AGE_DESC.match(s.text.strip())):
            pool = _person_names(document, s.start)  # no source fits: a person named in passing
        if not pool:
            continue

        def rank(c: SourceSpan) -> tuple:
            pronoun = is_pronoun(s.text)
            tier = 2 if pronoun or not head else 0 if head_word(c.text) == head else 1 if head in _words(c.text) else 2
            earlier = c.start < s.start
            return (tier, 0 if earlier else 1, s.start - c.start if earlier else c.start - s.start)

        target = min(pool, key=rank)
        if target.resolves_to:
            target_text = target.resolves_to
        else:
            target_text = target.text
        if is_pronoun(s.text):
            s.kind = "pronoun"
        else:
            kind, _ = source_kind(s.text, document)
            s.kind = target.kind if kind in ("other", "anonymous") and target.kind != "pronoun" else kind
        s.resolves_to = target_text
        s.anonymous = target.anonymous


_PERSON_NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'-]+\s+){1,3}[A-Z][\w’'-]*[a-z\u00c0-\u024f][\w’'-]*")


def _person_names(document: str, before: int) -> list[SourceSpan]:
    """Person-like names ("Maya Brooks") in the text before ``before``, as antecedent candidates.

    A name that only repeats the surname of an earlier, fuller mention stands for that mention.
    """
    found: list[SourceSpan] = []
    for m in _PERSON_NAME.finditer(document, max(0, before - 3000), before):
        text = m.group()
        first = text.split()[0]
        if first in ("The", "A", "An", "On", "In", "At", "But", "And", "He", "She", "It", "They", "This", "That"):
            continue
        if source_kind(text, document)[0] != "person":
            continue
        found.append(SourceSpan(m.start(), m.end(), text, "person", False, None))
    return found[-3:]


def _norm(name: str) -> str:
    n = re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE).lower()
    return n.replace("’", "'")


def build_registry(attributions: list[Attribution]) -> list[Source]:
    """Group every source mention (after resolution) into the article's distinct sources."""
    registry: list[Source] = []
    by_key: dict[str, Source] = {}
    for a in sorted((a for a in attributions if a.source), key=lambda a: a.source.start):
        s = a.source
        key = _norm(s.resolves_to or s.text)
        src = by_key.get(key)
        if src is None:
            name = s.resolves_to or s.text
            kind = s.kind if s.kind != "pronoun" else "other"
            if s.resolves_to:
                target = next((b.source for b in attributions if b.source and b.source.text == s.resolves_to), None)
                kind = target.kind if target else kind
            src = Source(id=f"s{len(registry) + 1}", name=name, kind=kind, mentions=[], anonymous=s.anonymous)
            registry.append(src)
            by_key[key] = src
        if not any(m.start == s.start and m.end == s.end for m in src.mentions):
            src.mentions.append(Span(s.start, s.end, s.text))
        a.source_id = src.id
    for src in registry:
        src.mentions.sort(key=lambda m: m.start)
    return registry


def make_source_span(doc: str, start: int, end: int) -> SourceSpan:
    span = Span.of(doc, start, end)
    return SourceSpan(span.start, span.end, span.text)
