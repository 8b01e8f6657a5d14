"""The kind of act each attribution reports: ``speech``, ``thought``, ``evidence`` or ``other``.

A quote tracker keeps speech; a fact-checker wants to tell "the minister said" from "a study
found" and "the minister believes". The cue's verb decides most of it, but not alone:
"found" is evidence for a study and speech for a court, "according to" is evidence for
records or a survey and speech for an official. So the verb is read with its source (the
words before the source's first preposition, or for a pronoun, the entity it refers to).

Verbs that report no claim at all ("spoke about the budget", "declined to comment",
"defended the plan", "voted for", "was diagnosed with") keep their attribution, as the
tagger found it, but as ``other`` with a low confidence, so a reader who filters by
confidence or by act loses them first. The step runs after calibration for that reason.

The words live in ``attribution/lexicons/acts.json``.
"""
from __future__ import annotations

import re

from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import phrases, words

THOUGHT_VERBS = words("acts", "thought_verbs")
EVIDENCE_VERBS = words("acts", "evidence_verbs")
INTENTION_VERBS = words("acts", "intention_verbs")
EVIDENCE_NOUNS = words("acts", "evidence_nouns")
EVIDENCE_BODIES = phrases("acts", "evidence_bodies")
SPEAKING_BODIES = words("acts", "speaking_bodies")
EVIDENCE_PHRASES = phrases("acts", "evidence_phrases")
NON_ATTRIBUTIVE = re.compile(r"(?:" + "|".join(re.escape(p) for p in phrases("acts", "non_attributive")) + r")\b",
                             re.IGNORECASE)

NON_ATTRIBUTIVE_CONFIDENCE = 0.3
"""The most confidence an attribution whose verb reports no claim keeps: below the usual 0.5 cut,
so confidence filters drop it first, but not nil: the tagger did see a cue there. (Set after
calibration: the calibration table, fitted on PolNeAR, knows nothing of these verbs, and its
lowest point is about 0.5.)"""

NON_ATTRIBUTIVE_LOOKAHEAD = 40
"""Characters after the cue read for a non-attributive phrase ("declined" + " to comment")."""
NON_ATTRIBUTIVE_LOOKBEHIND = 14
"""Characters before the cue read for one ("was " + "diagnosed", "couldn't " + "believe")."""

_HEAD_STOP = frozenset({"by", "of", "from", "in", "on", "at", "for", "with", "that", "which", "who"})
_WORD = re.compile(r"[a-z][a-z’'-]*")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def source_head_words(text: str) -> list[str]:
    """The source's words up to its first preposition: "a survey" of "a survey of 5,000 pupils
    published by the Young Minds Trust", "records obtained" of "records obtained by the Courier",
    where the kind of thing that speaks is named (the rest names who made it)."""
    out = []
    for w in _tokens(text):
        if w in _HEAD_STOP:
            break
        out.append(w)
    return out


def _source_names(d: Draft) -> list[str]:
    """What the source is called: its own words, and for a pronoun or a description, the name
    of the entity the entity layer resolved it to ("It" → "A study published on Monday")."""
    if d.source is None:
        return []
    return [d.source.text] + ([d.source.resolves_to] if d.source.resolves_to else [])


def evidence_source(d: Draft) -> bool:
    """Is the source a body of evidence (a study, survey, records, data, a statistics office)
    rather than someone who speaks (an official, a court)?"""
    for name in _source_names(d):
        head = source_head_words(name)
        if set(head) & SPEAKING_BODIES:
            return False
        if set(head) & EVIDENCE_NOUNS:
            return True
        lower = name.lower()
        if any(re.search(r"\b" + re.escape(b) + r"\b", lower) for b in EVIDENCE_BODIES):
            return True
    return False


def non_attributive(doc: str, d: Draft) -> bool:
    """Does the cue, read with the words after it, report no claim ("declined to comment")?"""
    if d.cue is None:
        return False
    lead = min(d.cue.start, NON_ATTRIBUTIVE_LOOKBEHIND)  # "was diagnosed with", "couldn't believe": the cue inside
    window = doc[d.cue.start - lead:d.cue.end + NON_ATTRIBUTIVE_LOOKAHEAD]
    cue_start, cue_end = lead, lead + len(d.cue.text)
    return any(m.start() <= cue_start < m.end() or m.start() < cue_end <= m.end() for m in NON_ATTRIBUTIVE.finditer(window))


def act_of(doc: str, d: Draft) -> str:
    """speech, thought, evidence or other, from the cue's verb read with the source."""
    if d.floating:
        return "speech"
    if d.cue is None:  # a hedge-only claim: "is believed to" is a thought, "reportedly" a report of speech
        return "thought" if d.hedges and all(h.cls == "belief" for h in d.hedges) else "speech"
    if non_attributive(doc, d):
        return "other"
    cue = set(_tokens(d.cue.text))
    if cue & THOUGHT_VERBS:
        return "thought"
    if cue & INTENTION_VERBS:
        return "other"
    cue_text = d.cue.text.lower()
    if (cue & EVIDENCE_VERBS or any(p == cue_text for p in EVIDENCE_PHRASES)) and evidence_source(d):
        return "evidence"
    return "speech"


@step("acts")
def acts(state: Assembly) -> None:
    """Each attribution's act (speech / thought / evidence / other) from its cue and source; a verb
    that reports no claim ("declined to comment", "spoke about") is ``other`` at a low score."""
    for d in state.drafts:
        d.act = act_of(state.text, d)
        if d.act == "other" and non_attributive(state.text, d):
            d.confidence = min(d.confidence if d.confidence is not None else d.score, NON_ATTRIBUTIVE_CONFIDENCE)
