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
               "yonhap", "anadolu", "sputnik", "rt", "breitbart", "huffington post", "the atlantic", "vox",
               "buzzfeed", "usa today", "cnbc", "msnbc", "time", "newsweek", "the economist", "izvestia", "kommersant"}
GOVERNMENT_WORDS = {"ministry", "minister", "government", "department", "kremlin", "white house", "police",
                    "army", "military", "pentagon", "state department", "parliament", "senate", "congress",
                    "administration", "embassy", "cabinet", "prosecutor", "prosecutors", "court", "council",
                    "presidency", "office", "authorities", "authority", "commission", "agency", "navy",
                    "defense", "defence", "interior", "treasury", "regulator", "regulators", "city hall",
                    "mayor's office", "spokesman", "spokeswoman", "fbi", "cia", "nasa", "eu", "un", "nato",
                    "european commission", "duma", "bundestag", "downing street", "élysée", "elysee"}
DOCUMENT_WORDS = {"report", "statement", "letter", "study", "survey", "poll", "document", "documents", "data",
                  "filing", "memo", "analysis", "figures", "paper", "record", "records", "release", "communique",
                  "communiqué", "email", "emails", "tweet", "post", "book", "complaint", "lawsuit", "indictment",
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


def head_word(text: str) -> str:
    """The head noun of a source phrase (the last word before a relative clause or 'of')."""
    words = _words(re.split(r"\b(who|which|that|familiar|close|with)\b|,", text, maxsplit=1)[0]) or _words(text)
    if not words:
        return ""
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    head = words[-1] if words else ""
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
    if len(words) > 3:
        return False
    # capitalised words after "the" make a name ("the White House"), not a description
    return all(w[:1].islower() for w in words)


def source_kind(text: str) -> tuple[str, bool]:
    """(kind, anonymous) of a source mention, by its own words alone."""
    t = text.strip()
    low = t.lower()
    words = _words(t)
    head = head_word(t)
    if is_pronoun(t):
        return "pronoun", False
    if any(m in low for m in ANON_MARKERS):
        return "anonymous", True
    caps = [w for w in re.findall(r"[\w’'-]+", t) if w[:1].isupper()]
    named = len(caps) > (1 if t[:1].isupper() else 0)
    if low in MEDIA_NAMES or low.removeprefix("the ") in MEDIA_NAMES:
        return "media", False
    if head in ANON_HEADS and head not in ("spokesperson",):
        # "anonymous LNA sources", "a senior official", "diplomatic sources": no name given
        if not any(w.lower() in MEDIA_NAMES for w in caps) and not re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", t):
            return "anonymous", True
    if head in MEDIA_WORDS or any(n in low for n in MEDIA_NAMES if len(n) > 3 and re.search(r"\b" + re.escape(n) + r"\b", low)):
        return "media", False
    if head in DOCUMENT_WORDS:
        return "document", False
    if head in GOVERNMENT_WORDS or any(g in low for g in GOVERNMENT_WORDS if " " in g):
        return "government", False
    if head in ORG_WORDS:
        return "organization", False
    if head in PERSON_WORDS or _AGE_DESC.match(t):
        return "person", False
    if named or (t[:1].isupper() and len(words) <= 4):
        if len(words) <= 4 and all(w[:1].isupper() for w in re.findall(r"[\w’'-]+", t) if w.lower() not in ("of", "de", "al", "van", "von", "bin")):
            if len(words) == 1 and t.isupper():
                return "organization", False
            return "person", False
        return "organization", False
    return "other", False


def _compatible(mention: str, candidate: str, cand_kind: str) -> bool:
    low = mention.strip().lower()
    if low in PERSON_PRONOUNS:
        return cand_kind == "person"
    if low in ("they", "them", "their"):
        return cand_kind in ("anonymous", "organization", "government", "media", "other") or candidate.lower().endswith("s")
    if low in ("it", "its"):
        return cand_kind in ("organization", "government", "media", "document")
    if low in ("we", "us"):
        return cand_kind in ("organization", "government", "anonymous", "other")
    head = head_word(mention)
    if _AGE_DESC.match(mention.strip()):
        return cand_kind == "person"
    if head in DOCUMENT_WORDS or head in ("report", "reports"):
        return cand_kind in ("media", "document", "government", "organization")
    if head in MEDIA_WORDS:
        return cand_kind == "media"
    if head in ANON_HEADS:
        return head_word(candidate) in (head, head.rstrip("s"), head + "s") or cand_kind == "anonymous" and head in ("sources", "source")
    if head in GOVERNMENT_WORDS:
        return head in candidate.lower() or cand_kind == "government"
    if head in ORG_WORDS:
        return cand_kind in ("organization",) or head in candidate.lower()
    if head in PERSON_WORDS:
        return cand_kind == "person"
    return False


def resolve_sources(attributions: list[Attribution], names: list[tuple[Span, str]] | None = None) -> None:
    """Fill ``kind``, ``anonymous`` and ``resolves_to`` of every source, in place."""
    mentions = [a.source for a in attributions if a.source is not None]
    for s in mentions:
        s.kind, s.anonymous = source_kind(s.text)
    full = [s for s in mentions if not is_pronoun(s.text) and not is_description(s.text)]
    for s in mentions:
        if not (is_pronoun(s.text) or is_description(s.text)):
            continue
        earlier = [c for c in full if c.start < s.start and _compatible(s.text, c.text, c.kind)]
        later = [c for c in full if c.start > s.start and _compatible(s.text, c.text, c.kind)]
        named_earlier = [c for c in earlier if any(ch.isupper() for ch in c.text)]
        named_later = [c for c in later if any(ch.isupper() for ch in c.text)]
        target = (named_earlier[-1] if named_earlier else named_later[0] if named_later
                  else earlier[-1] if earlier else None)
        if is_pronoun(s.text):
            s.kind = "pronoun"
        elif target is not None and not is_pronoun(s.text):
            kind, _ = source_kind(s.text)
            s.kind = kind if kind != "other" else target.kind
        if target is not None:
            s.resolves_to = target.text
            s.anonymous = target.anonymous
            if s.kind not in ("pronoun",) and target.kind == "anonymous" and head_word(s.text) in ANON_HEADS:
                s.kind = "anonymous"


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
