"""A source mention's kind and anonymity, learned: multinomial logistic regression over its features.

The rules of :func:`attribution.assemble.sources.source_kind` are an ordered chain
of tests over word lists; each test is right most of the time, and the order
decides which one wins when several fire ("the Institute for Fiscal Studies":
capitalised words, so a person; "institute", so a government body).  Here the
same evidence becomes features, the rules' own answer among them, and a small
model learns from the authored corpora's gold kinds how much each piece weighs.
Document context the rules look at for bare names ("ticketing firm Passly",
"the newspaper Arden Echo", "Passly's chief executive") and the words around the
mention ("according to X", "X reported") are features too.

The classes are (kind, anonymous) pairs as the corpora label them.  Pronouns keep
the rules' answer (a pronoun's anonymity is its referent's, set by the entity
layer).  The weights are ``kinds.json`` beside this module, written by
``scripts/train_kinds.py``; without that file every call falls back to the rules.
"""
from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attribution import lexicons as lex
from attribution.assemble import sources as rules

DEFAULT_WEIGHTS = Path(__file__).with_name("kinds.json")

KINDS = ("person", "pronoun", "anonymous", "organization", "government", "media", "document", "other")

# word classes of the head and of the other words of a mention
WORD_CLASSES: dict[str, frozenset[str]] = {
    "person": rules.PERSON_WORDS,
    "anon_head": rules.ANON_HEADS,
    "anon_role": rules.ANON_ROLES,
    "lay_group": rules.LAY_GROUPS,
    "media": rules.MEDIA_WORDS,
    "government": rules.GOVERNMENT_WORDS,
    "organization": rules.ORG_WORDS,
    "document": rules.DOCUMENT_WORDS,
}
FIRST_NAMES = frozenset(lex.load("first_names")["names"])
HONORIFICS = lex.words("sources", "honorifics")
_INDEFINITE = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many|most|dozens|"
                         r"hundreds|\d+)\b", re.I)
_POSSESSIVE_DETERMINER = re.compile(r"^(his|her|their|its|our|my)\b", re.I)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”‘’'(\[—–-])\s*$")
_WORD = re.compile(r"[\w’'-]+")
# lower-case words a proper name may contain: its connectives, and the name particles ("van der", "di")
_FUNCTION_WORDS = frozenset({"of", "and", "for", "the", "&"}) | rules.NAME_PARTICLES
# the nouns that introduce a name as an outlet, a public body or an organisation ("delivery app Parcelo")
_MEDIA_INTRO_WORDS = (r"(?:newspaper|daily|weekly|tabloid|broadcaster|agency|outlet|channel|website|site|magazine|paper|"
                      r"station|network|radio|television|broadsheet|journal|blog|podcast)")
_GOV_INTRO_WORDS = (r"(?:ministry|department|agency|regulator|authority|council|office|bureau|service|commission|"
                    r"court|police|prosecutors?|government|administration|watchdog|inspectorate|directorate|state)")
_ORG_INTRO_WORDS = (r"(?:firm|company|startup|start-up|maker|group|bank|retailer|airline|carrier|operator|developer|"
                    r"insurer|lender|club|union|charity|association|federation|league|team|chain|platform|producer|"
                    r"provider|manufacturer|institute|university|foundation|think tank|consultancy|owner|supplier|brand|"
                    r"app|service|store|studio|fund|outfit|business|side)")
_BEFORE = {
    "according_to": re.compile(r"\baccording\s+to\s*$", re.I),
    "citing": re.compile(r"\b(?:citing|cited|quoting|quoted)\s*(?:by\s*)?$", re.I),
}
_AFTER = {
    "reported": re.compile(r"^\W{0,3}\s*(?:has\s+|had\s+|also\s+)?(?:reported|reports|reporting|wrote|writes|published|"
                           r"broadcast|aired|ran)\b", re.I),
    "said": re.compile(r"^\W{0,3}\s*(?:has\s+|had\s+|also\s+)?(?:said|says|told|added|stated)\b", re.I),
    "statement": re.compile(r"^[^.\n]{0,40}\b(?:in\s+a\s+statement|statement|press release|spokes\w+)\b", re.I),
    "found": re.compile(r"^\W{0,3}\s*(?:found|shows?|showed|estimated?|estimates|concluded|states)\b", re.I),
}


def _feature_names() -> tuple[str, ...]:
    names = ["bias"]
    names += [f"rule_{k}" for k in KINDS] + ["rule_anonymity"]
    names += [f"head_{c}" for c in WORD_CLASSES] + [f"word_{c}" for c in WORD_CLASSES]
    names += ["media_name", "media_cue", "government_cue", "organization_cue", "anonymity_marker", "one_of",
              "description", "age_description", "named", "first_name", "honorific",
              "starts_the", "starts_indefinite", "starts_possessive_determiner", "possessive", "comma",
              "preposition", "parenthesis", "digit", "head_plural", "head_capitalised",
              "first_capitalised", "first_capitalised_mid_sentence", "all_capitalised", "acronym",
              "caps_0", "caps_1", "caps_2", "caps_3plus", "len_1", "len_2", "len_3", "len_4_6", "len_7plus"]
    names += [f"before_{k}" for k in _BEFORE] + [f"after_{k}" for k in _AFTER]
    names += ["doc_media_intro", "doc_government_intro", "doc_organization_intro", "doc_rule_org_intro",
              "doc_person_intro", "doc_org_possessive", "doc_gendered_after", "doc_neuter_after", "doc_first_name_before",
              "doc_name_reported"]
    return tuple(names)


FEATURES: tuple[str, ...] = _feature_names()


def _bare_name(core: str) -> str:
    """The name inside a mention, for looking it up in the document: "the Millbrook Echo" → "Millbrook Echo"."""
    name = re.sub(r"^(?:the|a|an)\s+", "", core, flags=re.I)
    return re.sub(r"(?:’s|'s)$", "", name).strip(" ,.")


_CAPS_BETWEEN = r"\s+(?:the\s+)?(?:[A-Z][\w’'&.-]*\s+){0,2}$"
# evidence in the text just before an occurrence of the name (the window ends where the name starts) ...
_BEFORE_NAME = {
    "doc_media_intro": re.compile(r"\b(?i:" + _MEDIA_INTRO_WORDS + ")" + _CAPS_BETWEEN),
    "doc_government_intro": re.compile(r"\b(?i:" + _GOV_INTRO_WORDS + ")" + _CAPS_BETWEEN),
    "doc_organization_intro": re.compile(r"\b(?i:" + _ORG_INTRO_WORDS + ")" + _CAPS_BETWEEN),
    "doc_person_intro": re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+$"),
    "doc_name_reported": re.compile(r"\b(?i:told|according\s+to)\s+(?:the\s+)?$"),
}
# ... and just after it (the window starts where the name ends)
_AFTER_NAME = {
    "doc_person_intro": re.compile(r"^,\s+\d{1,3},"),
    "doc_org_possessive": re.compile(r"^(?:’s|'s)\s+(?:chief|shares|board|spokes\w+|headquarters|founder|customers|"
                                     r"employees|staff|website|owners?|parent|executives?|stores?|products?|app|"
                                     r"services?|ministers?|government)\b"),
    "doc_gendered_after": re.compile(r"^[^.!?]{0,80}\b(?:he|she|his|her|him)\b"),
    "doc_neuter_after": re.compile(r"^[^.!?]{0,60}\b(?:it|its|itself)\b"),
    "doc_name_reported": re.compile(r"^\s+(?:reported|wrote|published|broadcast)\b"),
}
_WORD_BEFORE = re.compile(r"\b([A-Z][\w’'-]+)\s+$")


@functools.lru_cache(maxsize=4096)
def _document_evidence(name: str, document: str) -> frozenset[str]:
    """How the document speaks of ``name`` wherever it occurs: introduced as a newspaper, a ministry or
    a firm, given a title or a first name, referred to as "he" or "it" in the same sentence."""
    if not name or not name[:1].isupper() or len(name) < 2:
        return frozenset()
    found: set[str] = set()
    # the name ends at a word boundary, a possessive included ("Passly’s shares")
    for m in re.finditer(r"(?<![\w’'])" + re.escape(name) + r"(?!\w|[’']\w\w)", document):
        before = document[max(0, m.start() - 80):m.start()]
        after = document[m.end():m.end() + 100]
        found.update(k for k, pattern in _BEFORE_NAME.items() if pattern.search(before))
        found.update(k for k, pattern in _AFTER_NAME.items() if pattern.search(after))
        word = _WORD_BEFORE.search(before)
        if word is not None and word.group(1) in FIRST_NAMES:
            found.add("doc_first_name_before")
    if " " not in name and rules.introduced_as_org(name, document):
        found.add("doc_rule_org_intro")
    return frozenset(found)


def features(text: str, document: str | None = None, start: int | None = None) -> np.ndarray:
    """The feature vector of mention ``text`` (at ``start`` in ``document`` when known), in :data:`FEATURES` order."""
    on: set[str] = {"bias"}
    rule_kind, rule_anon = rules.source_kind(text, document)
    on.add(f"rule_{rule_kind}")
    if rule_anon:
        on.add("rule_anonymity")
    core = rules.core_text(text)
    low = core.lower().replace("’", "'")
    words = rules.mention_words(core)
    head = rules.head_word(core)
    for cls, members in WORD_CLASSES.items():
        if head in members:
            on.add(f"head_{cls}")
        if any(w in members for w in words if w != head):
            on.add(f"word_{cls}")
    bare = low.removeprefix("the ")
    checks = {
        "media_name": low in rules.MEDIA_NAMES or bare in rules.MEDIA_NAMES,
        "media_cue": bool(rules.MEDIA_CUES.search(core)),
        "government_cue": bool(rules.GOV_CUES.search(core)),
        "organization_cue": bool(rules.ORG_CUES.search(core)),
        "anonymity_marker": any(m in text.lower() for m in rules.ANON_MARKERS),
        "one_of": low.startswith("one of ") or low.startswith("most of ") or low.startswith("some of "),
        "description": rules.is_description(text),
        "age_description": bool(re.match(r"^the\s+\d+-year-old", low)),
        "starts_the": low.startswith("the "),
        "starts_indefinite": bool(_INDEFINITE.match(low)),
        "starts_possessive_determiner": bool(_POSSESSIVE_DETERMINER.match(low)),
        "possessive": "'s " in low or low.endswith("'s"),
        "comma": "," in text,
        "preposition": bool(re.search(r"\s(?:of|at|from|in|for|with|on)\s", core)),
        "parenthesis": "(" in text,
        "digit": any(ch.isdigit() for ch in core),
        "head_plural": head.endswith("s") and not head.endswith("ss") and len(head) > 3,
    }
    on.update(k for k, v in checks.items() if v)
    tokens = _WORD.findall(core)
    content_tokens = [w for w in tokens if w.lower() not in _FUNCTION_WORDS and not rules.is_name_particle(w)]
    caps = [w for w in tokens if w[:1].isupper()]
    sentence_start = start is None or document is None or bool(_SENTENCE_END.search(document[max(0, start - 3):start]))
    if tokens and tokens[0][:1].isupper():
        on.add("first_capitalised")
        if not sentence_start:
            on.add("first_capitalised_mid_sentence")
    if content_tokens and all(w[:1].isupper() for w in content_tokens):
        on.add("all_capitalised")
    if any(len(w) >= 2 and w.isupper() and w.isalpha() for w in tokens):
        on.add("acronym")
    if any(w.lower().strip("’'") == head and w[:1].isupper() for w in tokens):
        on.add("head_capitalised")
    if any(w in FIRST_NAMES for w in tokens[:-1]):
        on.add("first_name")
    if any(w.lower().rstrip(".") in HONORIFICS for w in tokens):
        on.add("honorific")
    if rules.ends_in_name(core):
        on.add("named")
    n_caps = len(caps) - (1 if sentence_start and tokens and tokens[0][:1].isupper() else 0)
    on.add("caps_0" if n_caps <= 0 else "caps_1" if n_caps == 1 else "caps_2" if n_caps == 2 else "caps_3plus")
    n = len(words)
    on.add("len_1" if n <= 1 else "len_2" if n == 2 else "len_3" if n == 3 else "len_4_6" if n <= 6 else "len_7plus")
    if document is not None and start is not None:
        before = document[max(0, start - 30):start]
        after = document[start + len(text):start + len(text) + 60]
        on.update(f"before_{k}" for k, pattern in _BEFORE.items() if pattern.search(before))
        on.update(f"after_{k}" for k, pattern in _AFTER.items() if pattern.search(after))
    if document is not None:
        on.update(_document_evidence(_bare_name(core), document))
    index = _FEATURE_INDEX
    vector = np.zeros(len(FEATURES))
    vector[[index[name] for name in on]] = 1.0
    return vector


_FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class KindClassifier:
    """Softmax weights over (kind, anonymous) classes, one row per class, columns in :data:`FEATURES` order."""

    classes: tuple[tuple[str, bool], ...]
    weights: np.ndarray

    @classmethod
    def load(cls, path: str | Path = DEFAULT_WEIGHTS) -> KindClassifier:
        """The classifier a weights file describes; it must list exactly the features this module computes."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: its feature list differs from attribution.assemble.kinds.FEATURES; "
                             "retrain with scripts/train_kinds.py")
        classes = tuple((str(k), bool(a)) for k, a in data["classes"])
        weights = np.asarray(data["weights"], dtype=np.float64)
        if weights.shape != (len(classes), len(FEATURES)):
            raise ValueError(f"{path}: weights of shape {weights.shape}, expected {(len(classes), len(FEATURES))}")
        return cls(classes, weights)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities of feature rows ``x``."""
        scores = np.atleast_2d(x) @ self.weights.T
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, text: str, document: str | None = None, start: int | None = None) -> tuple[str, bool]:
        """(kind, anonymous) of a mention.  Where a lexicon table decides the mention outright, the rules'
        answer stands: pronouns, bodies listed by name or named events ("the Red Cross", "Tour de France"),
        and lay collectives ("the crowd").  The training corpora hold too few of these for the weights to
        learn them, and the table is the place such a word is added."""
        if rules.is_pronoun(text) or _decided_by_table(text):
            return rules.source_kind(text, document)
        return self.classes[int(np.argmax(self.probabilities(features(text, document, start))[0]))]


def _decided_by_table(text: str) -> bool:
    """Does a lexicon table name the mention's kind outright (a listed body or event, a lay collective)?"""
    if rules.is_listed_body(text):
        return True
    core = rules.core_text(text)
    return rules.head_word(core) in rules.LAY_COLLECTIVES and not rules.ends_in_name(core)


@functools.cache
def _shipped() -> KindClassifier | None:
    return KindClassifier.load(DEFAULT_WEIGHTS) if DEFAULT_WEIGHTS.exists() else None


_override: list[KindClassifier | None] = []


@contextlib.contextmanager
def using(classifier: KindClassifier | None) -> Iterator[None]:
    """Classify with ``classifier`` inside the block (``None``: the rules), as cross-validation and tests need."""
    _override.append(classifier)
    try:
        yield
    finally:
        _override.pop()


def active_classifier() -> KindClassifier | None:
    """The classifier in use: an override of :func:`using`, else the shipped weights, else ``None`` (rules)."""
    return _override[-1] if _override else _shipped()


def mention_kind(text: str, document: str | None = None, start: int | None = None) -> tuple[str, bool]:
    """(kind, anonymous) of a source mention: the learned classifier, or the rules when no weights are shipped."""
    classifier = active_classifier()
    if classifier is None:
        return rules.source_kind(text, document)
    return classifier.predict(text, document, start)
