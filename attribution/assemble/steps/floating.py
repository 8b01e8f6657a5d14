"""Claims whose speaker the text names before them: content after "said:" and floating quotations.

Wire copy often introduces a speaker once and then lets the words stand alone:

* "Coach Marek Kowalski said after the defeat:" followed by a bulleted list, or by a
  quoted paragraph. The tagger finds the cue but its pointer head attaches nothing
  across the line break, so the draft would be dropped as contentless. ``colon_content``
  gives such a cue the bullets (one content fragment each) or the quotation.
* A quoted paragraph with no cue at all after "Reyes said ...": ``floating_quotes``
  makes it an attribution with ``cue`` null, ``floating`` true and, as its source, the
  span of the speaker's nearest earlier mention (and that mention's entity). Where two
  people were quoted in turn, the speaker is a guess, and its confidence says so.
"""
from __future__ import annotations

import re
from dataclasses import replace

from attribution.assemble.spans import QUOTE_CHARS, clean_content, overlaps
from attribution.assemble.steps.acts import act_of
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import word_pattern
from attribution.schema import Span

SAY_VERB = word_pattern("reporting", "say_verbs")

BULLET = re.compile(r"^[ \t]*(?:[-–—•*▪·]|\d{1,2}[.)])[ \t]+(?P<item>\S[^\n]*)$", re.M)
"""A list item: a dash, bullet or number, then the item's text to the end of its line."""

OPENING_QUOTES = "\"“«"
CLOSING_QUOTES = "\"”»"

FLOATING_REACH_SENTENCES = 6
"""A quotation floats to a speaker named at most this many sentences before it; further back the
text has moved on, and a quotation without a cue is more likely the writer's own use of words."""

MIN_QUOTATION_WORDS = 3
"""Shorter quoted stretches standing alone are headings and labels ("Related:"), not someone's words.
A quotation running over a line break is a pull quote with its credit line under it, which the
tagger reads on its own, or an unclosed quotation; neither floats."""

SCORE_INTRODUCED = 0.93
"""Raw score of a floating quotation right after its speaker's own attribution (calibrated afterwards)."""
SCORE_AFTER_GAP = 0.8
"""Raw score when the writer's own sentences stand between the speaker's attribution and the quotation."""
SCORE_AMBIGUOUS = 0.55
"""Raw score when another speaker was quoted just before: with two people quoted in turn, the
nearest earlier speaker is a guess (the contract: lower confidence rather than silence)."""


def _rest_of_line_ends_in_colon(doc: str, pos: int) -> int | None:
    """The position after the colon when the cue's line goes on to a colon and stops there
    ("said after the defeat:"), else None. A colon followed by words on the same line
    ("said: \"We won.\"") is the tagger's to read, so it does not count."""
    eol = doc.find("\n", pos)
    eol = len(doc) if eol < 0 else eol
    rest = doc[pos:eol].rstrip()
    if not rest.endswith(":") or any(ch in rest for ch in ".!?") or QUOTE_CHARS & set(rest):
        return None
    return pos + len(rest)


def _next_block(doc: str, pos: int) -> tuple[int, int] | None:
    """The paragraph after ``pos`` (blank lines skipped): its start and end."""
    m = re.compile(r"\s*").match(doc, pos)
    start = m.end() if m else pos
    if start >= len(doc):
        return None
    end = doc.find("\n\n", start)
    return start, len(doc) if end < 0 else end


def introduced_content(doc: str, colon_end: int) -> list[Span]:
    """What a line ending in a colon introduces: the items of the list that follows (one span
    each, marker left out), else the quotation that opens the next paragraph, else nothing."""
    block = _next_block(doc, colon_end)
    if block is None:
        return []
    start, end = block
    items: list[Span] = []
    pos = start
    for m in BULLET.finditer(doc, start):
        if doc[pos:m.start()].strip():  # the list ends at the first line that is not an item
            break
        span = clean_content(doc, m.start("item"), m.end("item"))
        if span is not None:
            items.append(span)
        pos = m.end()
    if items:
        return items
    if doc[start] in OPENING_QUOTES:  # the whole quotation inside its marks, as a floating quotation's content
        close = _closing_quote(doc, start, end)
        span = Span.of(doc, start + 1, close if close is not None else end)
        return [span] if span.text else []
    return []


def _closing_quote(doc: str, open_at: int, limit: int) -> int | None:
    """Where the quotation opened at ``open_at`` closes, before ``limit`` (None if it does not)."""
    for i in range(open_at + 1, limit):
        if doc[i] in CLOSING_QUOTES:
            return i
    return None


@step("colon_content")
def colon_content(state: Assembly) -> None:
    """"<source> said:" at the end of a line: the bullets below (one fragment each) or the quoted
    paragraph below are the cue's content, in place of whatever the tagger attached on the line."""
    doc = state.text
    for d in state.drafts:
        if d.cue is None:
            continue
        if d.cue.text.endswith(":"):  # the tagger took the colon into the cue ("said:"); the cue is the word
            trimmed = Span.of(doc, d.cue.start, d.cue.end - 1)
            if trimmed.text:
                d.cue = trimmed
        colon = _rest_of_line_ends_in_colon(doc, d.cue.end)
        if colon is None:
            continue
        content = introduced_content(doc, colon)
        if content:
            d.content = content


def standalone_quotations(state: Assembly) -> list[Span]:
    """Quotations that stand as whole sentences (or a whole paragraph) of their own: the opening
    mark begins a sentence, the closing mark ends one, and no other words share those sentences."""
    doc = state.text
    out: list[Span] = []
    for sent in state.sentences:
        q = sent.start  # sentences are trimmed and never empty (split_sentences): q is the first character
        if doc[q] not in OPENING_QUOTES:
            continue
        if out and out[-1].start <= q < out[-1].end:
            continue  # a later sentence of a quotation already taken
        para_end = doc.find("\n\n", q)
        para_end = len(doc) if para_end < 0 else para_end
        close = _closing_quote(doc, q, para_end)
        if close is None or _continues_a_quotation(doc, q):
            continue  # one paragraph of a quotation running over several: an excerpt, not a floating quote
        end = close
        tail_sent = state.sentence_of(max(q, end - 1))
        tail = doc[end + 1:state.sentences[tail_sent].end]
        if tail.strip(" \t\n.,;:!?’'"):
            continue  # words after the closing mark in its sentence: "..., she said" or a writer's clause
        span = Span.of(doc, q + 1, end)
        if len(span.text.split()) >= MIN_QUOTATION_WORDS and "\n" not in span.text and not span.text.endswith(":"):
            out.append(span)
    return out


def _continues_a_quotation(doc: str, q: int) -> bool:
    """Is the paragraph before ``q`` a quotation left open (the convention for a quotation running
    over several paragraphs: each opens with a mark, only the last one closes)?"""
    para_start = doc.rfind("\n\n", 0, q)
    if para_start < 0:
        return False
    prev_start = doc.rfind("\n\n", 0, para_start)
    prev = doc[prev_start + 2 if prev_start >= 0 else 0:para_start].strip()
    return bool(prev) and prev[0] in OPENING_QUOTES and _closing_quote(prev, 0, len(prev)) is None


def _speaker_draft(drafts: list[Draft], quote: Span) -> Draft | None:
    """The attribution that names the speaker last before ``quote``: the nearest earlier one with a source."""
    best = None
    for d in drafts:
        if d.source is None or d.anchor() >= quote.start or d.source.start >= quote.start:
            continue
        if best is None or d.anchor() > best.anchor():
            best = d
    return best


def _same_speaker(a: Draft, b: Draft) -> bool:
    if a.entity is not None and b.entity is not None:
        return a.entity is b.entity
    return a.source is not None and b.source is not None and a.source.text == b.source.text


def floating_score(state: Assembly, drafts: list[Draft], speaker: Draft, quote: Span) -> float:
    """How sure the guess of the speaker is: high right after the speaker's own attribution, lower
    after the writer's own sentences, lowest when the quotation follows another floating quotation
    and someone else was quoted shortly before (two people quoted in turn)."""
    previous = [d for d in drafts if d.content and d.anchor() < quote.start]
    last = max(previous, key=lambda d: d.anchor(), default=None)
    if last is not None and last.floating:
        window = [d for d in previous if d.source is not None
                  and state.sentence_of(quote.start) - state.sentence_of(d.anchor()) <= FLOATING_REACH_SENTENCES]
        if any(not _same_speaker(d, speaker) for d in window):
            return SCORE_AMBIGUOUS
    end_of_speaker = max([speaker.anchor()] + [c.end for c in speaker.content])
    between = range(state.sentence_of(end_of_speaker) + 1, state.sentence_of(quote.start))
    if any(state.sentences[i].text.strip() and not _in_some_draft(state.sentences[i], drafts) for i in between):
        return SCORE_AFTER_GAP
    return SCORE_INTRODUCED


def _unread_speech_between(state: Assembly, drafts: list[Draft], speaker: Draft, quote: Span) -> bool:
    """Does a sentence between the speaker's attribution and the quotation hold a saying verb that no
    attribution covers ("Klein said the cuts were painful" that the tagger missed)? Then the
    quotation is more likely that unread speaker's, and it is left alone."""
    end_of_speaker = max([speaker.anchor()] + [c.end for c in speaker.content])
    for i in range(state.sentence_of(end_of_speaker) + 1, state.sentence_of(quote.start)):
        sent = state.sentences[i]
        if SAY_VERB.search(sent.text) and not _in_some_draft(sent, drafts):
            return True
    return False


def split_quote_tails(state: Assembly, quotes: list[Span]) -> None:
    """"Kessler said his lawyers' bills had tripled. \"I hired two compliance officers ...\"": a
    quotation standing as its own sentence after an indirect report is a floating quotation of
    the same speaker, not more of the report's content. (A quotation that goes on after
    "\"...,\" she said." stays the same attribution's content, as the contract has it.)

    Only a tail leaves: quotations after the last of the report's own words.  Where the report
    goes on after the quotation ("X said A. \"Q.\" B."), the quotation is inside one content that
    runs over three sentences, not a quotation standing alone, and it stays."""
    doc = state.text
    for d in state.drafts:
        if d.cue is None or d.source is None:
            continue
        first = d.content[0]
        if first.start > 0 and doc[first.start - 1] in OPENING_QUOTES or first.start < d.cue.start:
            continue  # a direct quotation, or content before the cue: a quotation going on after "she said"
        cue_sentence = state.sentence_of(d.cue.start)
        later = [q for q in quotes if state.sentence_of(q.start) > cue_sentence]
        own_end = max((_own_words_end(doc, c, later) for c in d.content))
        tail = [q for q in later if q.start >= own_end]
        starts = {q.start for q in tail}
        kept: list[Span] = []
        for c in d.content:
            if c.start in starts and kept:
                continue  # the quotation is a fragment of its own: it leaves
            inner = [q for q in tail if c.start < q.start - 1 and q.start <= c.end]
            if inner:  # one fragment runs on into the quotation (or takes its opening mark): cut it there
                c = clean_content(doc, c.start, inner[0].start - 1) or c
            kept.append(c)
        d.content = kept


def _own_words_end(doc: str, fragment: Span, quotes: list[Span]) -> int:
    """Where the report's own words in ``fragment`` end: its end, less any of ``quotes`` (with the
    marks and blanks before them) that close it; -1 when the fragment is quotations alone."""
    end = fragment.end
    while True:
        closing = next((q for q in quotes if q.start < end <= q.end + 1), None)
        if closing is None:
            return end
        end = closing.start - 1  # before the opening mark
        while end > fragment.start and doc[end - 1].isspace():
            end -= 1
        if end <= fragment.start:
            return -1


def _in_some_draft(sentence, drafts: list[Draft]) -> bool:
    return any(overlaps(p, sentence) for d in drafts for p in ([d.cue] if d.cue else []) + d.content)


@step("floating_quotes")
def floating_quotes(state: Assembly) -> None:
    """A quotation standing alone, in no attribution, after a speaker was named: the speaker's
    attribution (cue null, ``floating``), with the source span and entity of the speaker's nearest
    earlier mention."""
    made: list[Draft] = []
    quotes = standalone_quotations(state)
    split_quote_tails(state, quotes)
    for quote in quotes:
        drafts = state.drafts + made
        if any(overlaps(quote, p) for d in drafts for p in [d.cue, d.source, *d.content] if p is not None):
            continue
        speaker = _speaker_draft(drafts, quote)
        if speaker is None or act_of(state.text, speaker) == "thought":
            continue  # after "They think ...", a quotation is not their words
        if state.sentence_of(quote.start) - state.sentence_of(speaker.anchor()) > FLOATING_REACH_SENTENCES:
            continue
        if _unread_speech_between(state, drafts, speaker, quote):
            continue
        d = Draft(None, replace(speaker.source), [quote], floating_score(state, drafts, speaker, quote),
                  rule="floating", floating=True, entity=speaker.entity)
        made.append(d)
    if made:
        state.drafts.extend(made)
        state.drafts.sort(key=lambda d: (d.anchor(), d.content[0].start))  # the order step's order: ids follow the text
