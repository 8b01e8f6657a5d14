"""The report's records: quote type, certainty, confidence, then attributions and sentence voice."""
from __future__ import annotations

import re
from dataclasses import replace

from attribution.assemble.spans import QUOTE_CHARS, QUOTES_OPEN
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import word_pattern
from attribution.schema import Attribution, Span

DENY = word_pattern("reporting", "denial_verbs")
CONFIRM = word_pattern("reporting", "confirmation_verbs")
CLAIM = word_pattern("reporting", "claim_verbs")
OFFER = word_pattern("reporting", "offer_nouns")
TURN_DOWN = word_pattern("reporting", "turn_down_verbs")
_FINITE = frozenset("is are was were be been being has have had will would can could may might must shall should "
                    "do does did".split())
_PRONOUNS = frozenset("i you he she it we they who which".split())
_OPENING_WORDS = 4


def turns_down_an_offer(cue: str, content: str) -> bool:
    """Whether a denial verb's content is a proposal being turned down, not a claim being denied:
    "Rovers rejected [a bid from City]", "the court dismissed [the appeal]" act on an offer, while
    "the army rejected reports that [its soldiers fired first]" and "the club rejected [its bid was
    late]" deny something said.  Only verbs that can turn things down count (reject, dismiss: the
    lexicon's ``turn_down_verbs``): "AeroVell denies [job cut plan]" denies that there is one.
    An offer noun among the content's first words makes it an offer, unless a verb follows it (it
    is the subject of a denied clause) or it is a verb itself, after a pronoun, a modal or "to"
    ("it would bid for him")."""
    if not TURN_DOWN.search(cue):
        return False
    words = [w.lower() for w in re.findall(r"[\w'’-]+", content)]
    for k, word in enumerate(words[:_OPENING_WORDS]):
        if OFFER.fullmatch(word):
            before = words[k - 1] if k else ""
            after = words[k + 1] if k + 1 < len(words) else ""
            return not (after in _FINITE or before in _FINITE | _PRONOUNS | {"to"})
    return False


def quote_type(doc: str, content: list[Span]) -> str:
    """``direct`` when every fragment sits right inside quotation marks, ``mixed`` when quotation marks
    occur inside the content, else ``indirect``."""
    if not content:
        return "indirect"
    inside = all(c.start > 0 and doc[c.start - 1] in QUOTES_OPEN and not (QUOTE_CHARS & set(c.text)) for c in content)
    if inside:
        return "direct"
    if any(QUOTE_CHARS & set(c.text) for c in content):
        return "mixed"
    return "indirect"


def certainty(d: Draft) -> str:
    """How sure the attribution sounds: denied, confirmed, hedged, claimed, else stated."""
    cue = d.cue.text if d.cue else ""
    if DENY.search(cue) and not turns_down_an_offer(cue, " ".join(c.text for c in d.content)):
        return "denied"
    if CONFIRM.search(cue) or any(h.cls == "certain" for h in d.hedges):
        return "confirmed"
    if d.hedges and any(h.cls != "certain" for h in d.hedges):
        return "hedged"
    if CLAIM.search(cue):
        return "claimed"
    return "stated"


def raw_confidence(d: Draft) -> float:
    return max(0.0, min(1.0, d.score))


@step("quote_type")
def quote_types(state: Assembly) -> None:
    """Direct, mixed or indirect, from the quotation marks around and inside the content."""
    for d in state.drafts:
        d.quote = quote_type(state.text, d.content)


@step("certainty")
def certainties(state: Assembly) -> None:
    """Denied / confirmed / hedged / claimed / stated, from the cue's verb and the hedges."""
    for d in state.drafts:
        d.certainty = certainty(d)


@step("calibration")
def calibration(state: Assembly) -> None:
    """The model's raw score mapped to a probability by the released calibration (per rule)."""
    for d in state.drafts:
        d.confidence = raw_confidence(d)
        if state.calibrate is not None:
            d.confidence = float(state.calibrate(d.confidence, d.rule))


@step("attributions", required=True)
def attributions(state: Assembly) -> None:
    """The report's attribution records, numbered a1, a2, ... in text order, each with its own spans."""
    ids = {id(d): f"a{i + 1}" for i, d in enumerate(state.drafts)}
    out = []
    for d in state.drafts:
        a = Attribution(id=ids[id(d)], source=replace(d.source) if d.source else None,
                        cue=replace(d.cue) if d.cue else None, content=[replace(c) for c in d.content])
        a.via = ids.get(id(d.via)) if d.via is not None else None
        if a.via == a.id:
            a.via = None
        a.recipient = replace(d.recipient) if d.recipient else None
        a.hedges = sorted(d.hedges, key=lambda h: h.start)
        a.quote = d.quote
        a.implicit_source = d.implicit
        a.certainty = d.certainty
        a.act = d.act
        a.floating = d.floating
        a.confidence = round(d.confidence if d.confidence is not None else raw_confidence(d), 4)
        out.append(a)
    state.attributions = out


@step("voice", required=True)
def voice(state: Assembly) -> None:
    """Each sentence lists the attributions whose cue or content lies in it; the rest are the writer's voice."""
    for sent in state.sentences:
        for a in state.attributions:
            parts = ([a.cue] if a.cue else []) + a.content
            if any(p.start < sent.end and sent.start < p.end for p in parts):
                sent.attributions.append(a.id)
        sent.voice = "attributed" if sent.attributions else "author"
