"""Who a pronoun or a description means: a learned ranker over the entities mentioned before it.

Which antecedent a "he", "they" or "the agency" takes varies with the text, so
the choice is learned rather than written as rules: each candidate entity gets
a feature vector (agreement in kind, number and gender, recency, salience as the
last speaker or a sentence subject, a title that matches the description, the share of the
description's words the text introduced the candidate with (:mod:`attribution.link.descriptors`), the
rule-based resolution as a hint), and a conditional-logit model, one weight
vector per mention form, scores them.  It is trained by
``scripts/train_linker.py`` on the authored entity train set and (pronouns only) on
PolNeAR train's pronoun sources labelled by the CoreNLP silver chains, never on a test part.
"""
from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from attribution import lexicons as lex
from attribution.assemble.sources import _AGE_DESC as AGE_DESCRIPTION, _compatible, head_word
from attribution.link.body_sorts import WORD, sort_agreement
from attribution.link.descriptors import country_of, described_share, introduction_keys
from attribution.link.entities import (DEMONYM, DESCRIPTION_HEADS, ORIGIN_MODIFIER, PARTITIVE, PERSON_ONLY_HEADS,
                                       Entity, Mention, group_noun, is_plural_noun, names_a_body, same_group_noun)
from attribution.link.names import bare

FEATURES = (
    "bias_rank0", "kind_ok", "gender_match", "gender_conflict", "number_ok", "rank1", "rank2plus",
    "log_sentence_distance", "same_sentence", "same_paragraph", "last_speaker", "subject", "log_mentions",
    "rule_hint", "title_match", "name_head_match", "speaker_of_enclosing_quote", "is_source", "unsure_kind",
    "in_headline", "they_outlet", "relayed", "name_head_other", "described", "sort_match", "sort_clash", "head_unknown",
)
NEW_FEATURES = (
    "new_bias", "new_no_support", "new_modifiers", "new_of_phrase", "new_person_role", "new_possessed",
    "new_name_follows",
)
"""What speaks for a description naming an entity not mentioned before ("The former chairman" of a
story whose other chairman came first, "the county highways department" among other bodies): the
features of the "new entity" option the ranker weighs against every candidate."""
FORMS = ("pronoun", "description")
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
REACH_CHARS = 3000
DEFAULT_WEIGHTS = Path(__file__).with_name("linker.json")


@dataclass
class Context:
    """What the features read besides the mention and the entity."""

    text: str
    sentence_of: Callable[[int], int]  # character position -> sentence index
    speakers: list[tuple[int, Entity]]  # (cue position, entity of its source), filled as linking goes
    quotes: list[tuple[int, int, Entity | None]]  # (start, end, speaker entity) of attributed contents
    relayed: list[tuple[int, Entity]] = field(default_factory=list)  # (cue position, entity) of cited sources

    def paragraph_of(self, pos: int) -> int:
        return self.text.count("\n\n", 0, pos)


def pronoun_gender(text: str) -> str | None:
    low = text.lower()
    return "m" if low in MALE else "f" if low in FEMALE else None


def features(m: Mention, e: Entity, rank: int, ctx: Context) -> list[float]:
    """The feature vector of candidate ``e`` for mention ``m`` (``rank``: 0 = the most recently mentioned)."""
    pos = m.span.start
    last = e.last_before(pos)
    low = m.text.strip().lower()
    head = head_word(m.text) if m.form == "description" else low
    # a capitalised name ("Agrobel", "Harwick Rovers") is taken for a person by its form alone;
    # "the company" or "the club" may still mean it
    unsure = e.kind == "person" and not e.person_evidence
    kind_ok = kind_fits(m, e)
    g = pronoun_gender(low)
    known = e.likely_gender
    gender_match = bool(g and known == g)
    gender_conflict = bool(g and known and known != g)
    plural_entity = e.kind in ("organization", "government", "other") or (
        e.kind == "anonymous" and bare(e.name.split()[-1]).endswith("s"))
    number_ok = (low in PLURAL) == plural_entity if m.form == "pronoun" else True
    dist = ctx.sentence_of(pos) - ctx.sentence_of(last.span.start) if last else 50
    speaker = next((ent for cue, ent in reversed(ctx.speakers) if cue < pos), None)
    enclosing = next((sp for s, t, sp in ctx.quotes if s <= pos < t), None)
    subject = False
    if last is not None:
        sent_start = ctx.sentence_of(last.span.start)
        lead = ctx.text[max(0, last.span.start - 60):last.span.start]
        subject = (ctx.sentence_of(max(0, last.span.start - 1)) != sent_start or "\n" in lead[-3:]
                   or last.span.start == 0 or bool(re.search(r"(?:^|[.!?]\s|\n|—\s|--\s|-\s)$", lead)))
    name_words = {bare(w) for w in e.name.split() if w[:1].isupper()}  # "the ministry" ~ "Ministry of Health"
    title_words = {bare(w) for t in e.titles for w in t.split()} | honorific_roles(e)
    hint = m.hint is not None and any(same_name(m.hint, x.text) or same_name(m.hint, x.parts.name) for x in e.mentions)
    return [
        1.0 if rank == 0 else 0.0,
        float(kind_ok), float(gender_match), float(gender_conflict), float(number_ok),
        1.0 if rank == 1 else 0.0, 1.0 if rank >= 2 else 0.0,
        math.log1p(max(0, dist)), 1.0 if dist == 0 else 0.0,
        1.0 if last is not None and ctx.paragraph_of(last.span.start) == ctx.paragraph_of(pos) else 0.0,
        1.0 if speaker is e else 0.0, float(subject), math.log1p(len([x for x in e.mentions if x.span.start < pos])),
        float(hint), 1.0 if head and head in title_words else 0.0,
        1.0 if head and head in name_words and m.form == "description" else 0.0,
        1.0 if enclosing is e else 0.0, 1.0 if any(x.source is not None for x in e.mentions) else 0.0,
        float(unsure), float(describes_a_person(m) and in_headline(e, ctx.text)),
        1.0 if low in PLURAL and e.kind == "media" else 0.0,
        1.0 if any(ent is e and cue < pos for cue, ent in ctx.relayed) else 0.0,
        1.0 if m.form == "description" and head and other_head(e.name, head) else 0.0,
        described_share(m.text, introduced_as(e, pos, ctx.text)) if m.form == "description" else 0.0,
        *sort_agreement(m, e, ctx.text),
        float(m.form == "description" and unknown_head(m)),
    ]


_HONORIFIC_ROLES = {k: frozenset(v) for k, v in lex.load("sources")["honorific_roles"].items() if k != "_about"}


def honorific_roles(e: Entity) -> frozenset[str]:
    """The roles the honorifics of ``e``'s mentions stand for ("Prof." → professor, "Sen." → senator): a
    later "the professor" matches them as it matches a title."""
    roles: frozenset[str] = frozenset()
    for x in e.mentions:
        if x.parts.honorific:
            roles |= _HONORIFIC_ROLES.get(bare(x.parts.honorific).rstrip("."), frozenset())
    return roles


def kind_fits(m: Mention, e: Entity) -> bool:
    """The ranker's ``kind_ok``: may ``m`` (a pronoun or a description) mean an entity of ``e``'s kind?  A
    capitalised name taken for a person by its form alone may still be a body's."""
    low = m.text.strip().lower()
    head = head_word(m.text) if m.form == "description" else low
    kinds = {e.kind, "organization"} if e.kind == "person" and not e.person_evidence else {e.kind}
    return any(compatible(m, head, k, e) for k in kinds)


def unknown_head(m: Mention) -> bool:
    """A description whose head word no kind's list holds ("the archdeacon", "the biotech"): its kind is
    unknown rather than incompatible."""
    t = m.text.strip()
    return not (head_word(t) in _ALL_HEADS or PARTITIVE.match(t) or AGE_DESCRIPTION.match(t) or DEMONYM.match(t))


def introduced_as(e: Entity, pos: int, text: str) -> frozenset[str]:
    """What the text said of ``e`` where it mentioned it before ``pos`` (:mod:`attribution.link.descriptors`)."""
    keys: set[str] = set()
    for x in e.mentions:
        if x.span.start < pos:
            keys |= introduction_keys(text, x.span.start, x.span.end)
    return frozenset(keys)


_ALL_HEADS = frozenset().union(*DESCRIPTION_HEADS.values())
# heads that name a body or a document and never a person ("the club", "the directorate", "the audit")
BODY_ONLY_HEADS = (DESCRIPTION_HEADS["organization"] | DESCRIPTION_HEADS["government"] | DESCRIPTION_HEADS["media"]
                   | DESCRIPTION_HEADS["document"]) - DESCRIPTION_HEADS["person"]
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})


def cannot_mean_a_person(m: Mention) -> bool:
    """"it", or a description whose head names only bodies and documents: whatever the ranker's other
    evidence (a title that repeats the word: "head of the Arctic Fleet Directorate" … "the directorate"),
    such a mention never means someone the text shows to be a person."""
    low = m.text.strip().lower()
    if m.form == "pronoun":
        return low in NEUTER_PRONOUNS
    return m.form == "description" and not PARTITIVE.match(low) and head_word(m.text) in BODY_ONLY_HEADS


def other_head(name: str, head: str) -> bool:
    """The entity's name ends in another description's head ("the company" and "General Pharmaceutical
    Council", "Consumer Rights Alliance"): a name that says what kind of body it is, and says otherwise."""
    words = name.split()
    last = bare(words[-1]) if words else ""
    return last in _ALL_HEADS and last != head and last.rstrip("s") != head


def describes_a_person(m: Mention) -> bool:
    """A pronoun, or a description by age or nationality ("the 45-year-old", "the Colombian"): the
    mentions that most often mean the person the article is about."""
    t = m.text.strip()
    return m.form == "pronoun" or bool(AGE_DESCRIPTION.match(t) or DEMONYM.match(t))


def in_headline(e: Entity, text: str) -> bool:
    """The entity is named in the article's first line (its headline): what the article is about, whom
    "the 45-year-old" or "the Colombian" most likely means."""
    return _in_headline(e.name, text.partition("\n")[0])


@functools.lru_cache(maxsize=4096)
def _in_headline(name: str, headline: str) -> bool:
    e_name = name
    # a headline is a short first line of its own; a one-paragraph wire item has none
    if len(headline.split()) > 20 or headline.rstrip().endswith((".", "”", '"')) or not e_name:
        return False
    words = [bare(w) for w in e_name.split() if w[:1].isupper()]
    return bool(words) and any(re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", headline.lower())
                               for w in words[-1:])


_BUSINESS_WORDS = frozenset({"company", "companies", "firm", "business", "corporation", "conglomerate", "plc",
                             "enterprise", "multinational", "start-up", "startup", "retailer", "lender", "manufacturer"})
"""Heads that name a business and never a state body."""


def compatible(m: Mention, head: str, kind: str, e: Entity) -> bool:
    """Can mention ``m`` (head word ``head``) refer to an entity of ``kind``? Pronouns by number and
    person; descriptions by what their head word can name (the ``description_heads`` lexicon)."""
    if m.form == "pronoun":
        return _compatible(m.text, e.name, kind, e.anonymous)
    if PARTITIVE.match(m.text.strip()):  # "one of them", "another": a member of a group
        noun = member_noun(m.text)
        return is_group(e) and (noun in ("", "them", "those", "these", "us") or same_group_noun(noun, group_noun(e.name)))
    if head in DESCRIPTION_HEADS.get(kind, ()):
        return True
    if kind == "person" and (DEMONYM.match(m.text.strip()) or AGE_DESCRIPTION.match(m.text.strip())):
        return True  # "the Dutchman", "the 45-year-old"
    if kind == "government" and head in _BUSINESS_WORDS:
        return False  # "the company" is no ministry or inspectorate
    if kind in ("organization", "government") and (head in DESCRIPTION_HEADS["organization"]
                                                   or head in DESCRIPTION_HEADS["government"]):
        return True  # whether a watchdog or an agency is a state body is often the kind rules' guess
    if kind in ("anonymous", "other"):  # "the sources", "the residents": the same head, or a group
        e_head = head_word(e.name) if e.name else ""
        return head in (e_head, e_head.rstrip("s"), e_head + "s") or (head.endswith("s") and e_head.endswith("s"))
    if kind == "document" or head in DESCRIPTION_HEADS["document"]:  # "the statement" may stand for its producer
        return head in DESCRIPTION_HEADS["document"]
    return False


def member_noun(text: str) -> str:
    """The group a partitive names: "one of the officials" → "officials", "one of them" → "them",
    "another" → ""."""
    t = text.strip()
    return group_noun(t) if re.match(r"^\w+\s+of\s", t) else ""


def is_group(e: Entity) -> bool:
    """Several people named as one: an anonymous or lay group, or a capitalised plural the kind rules
    took for a person ("Economists polled by Reuters", "Residents who fled Pine Hollow")."""
    if e.kind in ("anonymous", "other"):
        return True
    if e.kind == "person" and not e.person_evidence and is_plural_noun(group_noun(e.name)):
        return True
    # a plural that opened a sentence, the kind rules reading a body in it ("Riders gathered outside the company's
    # Leeds hub"): lower-case words follow its first, so it is no name
    words = e.name.split()
    return (e.kind == "organization" and len(words) >= 2 and words[1][:1].islower()
            and is_plural_noun(group_noun(e.name)))


def names_several(e: Entity) -> bool:
    """A group named by a plural ("Regulars at the Crown", "Three Civic Forum MPs"): what "one of them" picks a
    member from, unlike a single unnamed spokesman."""
    return is_group(e) and is_plural_noun(group_noun(e.name))


@functools.lru_cache(maxsize=65536)
def _plain_name(x: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", x.strip().lower().replace("’", "'"))


def same_name(a: str, b: str) -> bool:
    """The same name more or less fully given (\"the SNPL union\" and \"SNPL union\", \"Passly\" and \"firm Passly\")."""
    x, y = _plain_name(a), _plain_name(b)
    return bool(x and y) and (x == y or x.endswith(" " + y) or y.endswith(" " + x))


def candidates(m: Mention, entities: list[Entity]) -> list[Entity]:
    """Entities mentioned before ``m`` within reach, most recent first; then the entity the rule-based
    hint names if it is only mentioned later (a sub-headline's "the report" for an outlet named below)."""
    pos = m.span.start
    seen = []
    for e in entities:
        last = e.last_before(pos)
        if last is None or pos - last.span.start > REACH_CHARS or any(x is m for x in e.mentions):
            continue
        if m.form == "description" and " " not in e.name and e.name[:1].islower():
            continue  # a bare headline source ("— media") is no antecedent for "the report"
        seen.append((last.span.start, e))
    out = [e for _, e in sorted(seen, key=lambda t: -t[0])]
    if m.hint:
        out += [e for e in entities if e not in out and any(same_name(m.hint, x.text) for x in e.mentions)][:1]
    if m.form != "pronoun" and PARTITIVE.match(m.text.strip()):  # "most of them": the latest group
        groups = [e for e in out if is_group(e)]
        noun = member_noun(m.text)
        named = [e for e in groups if same_group_noun(noun, group_noun(e.name))]  # "one of the officials"
        several = [e for e in groups if names_several(e)]  # not "A spokesman for Hartwell"
        out = named[:1] or several[:1] or groups[:1] or out
    gender = pronoun_gender(m.text.strip()) if m.form == "pronoun" else None
    if gender:  # "she" is not a man the text called "Mr." or "he" before, nor (a hint) one named Paul
        agreeing = [e for e in out if e.likely_gender in (None, gender)]
        out = agreeing or out
        # nor a body or a plural group ("Wyvern Police", "two people close to the board")
        singular = [e for e in out if not plural_or_body(e)]
        out = singular or out
    if m.form == "description" and not may_mean_a_country(m):  # "The insurer" is not "Britain"
        out = [e for e in out if not names_a_country(e.name)]
    if cannot_mean_a_person(m):  # a constraint too; with no candidate left the mention is a new entity
        out = [e for e in out if not e.shown_to_be_a_person]
    if means_only_a_person(m):  # "The 22-year-old striker" is not "Millbridge Town", "Team Alvero-Roca"
        out = [e for e in out if not names_a_body(e.name, speaks=True)]
    return out


def means_only_a_person(m: Mention) -> bool:
    """"he", "she", an age or a nationality ("the 22-year-old", "the Swede"), or a description whose head
    names only people ("the striker", "the team leader"): such a mention never means a body whose name
    says it is one, a team, a club or a town's ("Millbridge Town", "Team Alvero-Roca"), whatever the kind
    rules took that name for."""
    t = m.text.strip()
    if m.form == "pronoun":
        return pronoun_gender(t) is not None
    return m.form == "description" and (describes_a_person(m) or not PARTITIVE.match(t)
                                        and head_word(t) in PERSON_ONLY_HEADS)


COUNTRY_HEADS = frozenset({"country", "nation", "state", "government", "kingdom", "republic", "island", "islands",
                           "regime", "junta", "emirate", "bloc", "side", "team", "squad", "hosts", "visitors",
                           "champions"})
"""Description heads that may mean a country the text named ("the country", "the regime", and in sport
"the side" for "England beat Wales")."""


def names_a_country(name: str) -> bool:
    """The name is a country's ("Britain", "New Zealand"), by the ``nationalities`` lexicon."""
    return bool(country_of(bare(name)))


def may_mean_a_country(m: Mention) -> bool:
    """A description whose head may name a country ("the country", "the island nation"); no other does
    ("The insurer" after "Britain's ninth-largest lender")."""
    return head_word(m.text) in COUNTRY_HEADS


def plural_or_body(e: Entity) -> bool:
    """An entity "he" or "she" cannot mean: an organisation, a government body, an outlet, a document,
    or a group named by a plural ("Economists polled by Reuters", "people close to the deal")."""
    if e.kind in ("organization", "government", "media", "document"):
        return True
    noun = group_noun(e.name)
    if e.kind in ("anonymous", "other"):
        return is_plural_noun(noun)
    # a capitalised group the kind rules took for a person ("Economists polled by Reuters"), not "Sian Evans"
    return e.kind == "person" and not e.person_evidence and noun in GROUP_NOUNS


GROUP_NOUNS = frozenset().union(*(lex.words("sources", key) for key in
                                  ("lay_groups", "lay_collectives", "anonymous_heads", "irregular_plurals")))
"""Common nouns that name several people ("economists", "residents", "officials", "people")."""


SUPPORT = tuple(FEATURES.index(f) for f in ("kind_ok", "rule_hint", "title_match", "name_head_match", "head_unknown"))
"""Features any one of which makes a candidate a plausible antecedent for a description."""
_MODIFIER = re.compile(WORD.pattern + r"|\d+")
_NAME_AFTER = re.compile(r"\s*,\s*(?:[A-Z][\w’'.-]+\s+){0,3}[A-Z][\w’'.-]+\s*[,.]")


def new_entity_features(m: Mention, x: np.ndarray, ctx: Context) -> list[float]:
    """The "new entity" option's features for description ``m`` whose candidates' features are ``x``."""
    text = m.text.strip()
    words = _MODIFIER.findall(text.split(",", 1)[0])
    content = [w for w in words if w.lower() not in ("the", "a", "an", "this", "that", "its", "their", "his", "her")
               and not ORIGIN_MODIFIER.search(w)]
    head = head_word(text)
    return [
        1.0,
        1.0 if not len(x) or not x[:, list(SUPPORT)].any() else 0.0,
        math.log1p(max(0, len(content) - 1)),  # "the county highways department": more than a bare head
        1.0 if re.search(r"\bof\s", text) else 0.0,
        1.0 if head in DESCRIPTION_HEADS["person"] else 0.0,
        1.0 if re.match(r"^(?:the\s+)?[\w.-]+(?:’s|'s)\s", text, re.IGNORECASE) else 0.0,  # "the agency's tests"
        1.0 if _NAME_AFTER.match(ctx.text, m.span.end) else 0.0,  # "The director, Ian Murray,"
    ]


class Ranker:
    """Conditional-logit scores over candidates; weights per mention form from ``linker.json``.

    A form's weights may be longer than :data:`FEATURES` by :data:`NEW_FEATURES`: then the ranker
    also scores a "new entity" option and picks it when it beats every candidate (learned
    anaphoricity); without them a description with no supported candidate is new (the rule)."""

    def __init__(self, weights: dict[str, list[float]], threshold: dict[str, float] | None = None):
        self.weights = {f: np.asarray(w, dtype=np.float64) for f, w in weights.items()}
        self.threshold = threshold or {}
        for form, w in self.weights.items():
            if len(w) not in (len(FEATURES), len(FEATURES) + len(NEW_FEATURES)):
                raise ValueError(f"ranker weights for {form}: {len(w)} values, expected {len(FEATURES)} "
                                 f"or {len(FEATURES) + len(NEW_FEATURES)}")

    @classmethod
    def load(cls, path: Path | None = None) -> Ranker:
        data = json.loads((path or DEFAULT_WEIGHTS).read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES or tuple(data.get("new_features", NEW_FEATURES)) != NEW_FEATURES:
            raise ValueError(f"{path or DEFAULT_WEIGHTS}: weights for other features; retrain (scripts/train_linker.py)")
        return cls(data["weights"], data.get("threshold"))

    def choose(self, m: Mention, cands: list[Entity], ctx: Context) -> tuple[Entity | None, float]:
        """The best candidate and its probability; None when there is none, none is likely enough, or the
        "new entity" option wins (then the rules' hint may still name an antecedent no candidate is)."""
        if not cands:
            return None, 0.0
        w = self.weights[m.form]
        x = np.asarray([features(m, e, i, ctx) for i, e in enumerate(cands)])
        rows = option_rows(m, x, ctx) if len(w) > len(FEATURES) else x
        s = rows @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        best = int(np.argmax(p))
        if best == len(cands):  # the "new entity" option
            return None, float(p[best])
        # a description with no plausible antecedent is a new entity ("the company" never named)
        if m.form == "description" and not x[best, list(SUPPORT)].any():
            return None, float(p[best])
        return cands[best], float(p[best])


def option_rows(m: Mention, x: np.ndarray, ctx: Context) -> np.ndarray:
    """The candidates' feature rows widened by zeros for the new-entity features, and the new-entity
    option's row (zeros for the candidate features) last."""
    n = len(NEW_FEATURES)
    new = np.zeros((1, len(FEATURES) + n))
    new[0, len(FEATURES):] = new_entity_features(m, x, ctx)
    return np.vstack([np.hstack([x, np.zeros((len(x), n))]), new])
