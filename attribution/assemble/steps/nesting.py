"""Reports inside reports, to any depth and in every order.

"According to Al Jazeera, a Qatari official said X", "The army said X, IRNA reported",
"The dpa news agency, citing RND, reported that coalition lawmakers said X": the inner
attribution lies inside the content of the outer one.  PolNeAR, which the tagger learned
from, annotates no such nesting (one attribution per token), so the tagger gives the
words to the outer attribution only.

For every attribution, the whole span it reports (its content fragments joined, and
widened to the words between its own cue or source and the content, or to the start of
the sentence when the content comes first) is read again as text of its own:

1. by the citation rules (:mod:`.citations`), which read wire copy's closed forms;
2. else the attributions the first pass already found inside it are linked to it;
3. else, when the span holds a cue word at all and the outer attribution relays others' words
   (an outlet or a document, or a reporting or citing cue: :func:`relays`), the tagger tags it afresh
   (``state.retag``), and the inner attributions it is sure of (score at least
   :data:`INNER_MIN`, with a source and a content inside the span) are kept.

An inner attribution found so reaches us ``via`` the outer one (via the last citation, when
the outer one cites: "dpa, citing RND, reported that lawmakers said" → lawmakers via RND),
the outer one's content becomes the whole reported span, and the inner ones are read the
same way in turn, down to :data:`MAX_DEPTH` levels.
"""
from __future__ import annotations

import re

from attribution.assemble.group import RawAttribution, group_spans
from attribution.assemble.sources import source_kind
from attribution.assemble.spans import QUOTE_CHARS, QUOTES_OPEN, clean_content, overlaps
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.assemble.steps.citations import apply_clauses
from attribution.assemble.steps.drafts import draft_from_raw
from attribution.assemble.steps.repair import content_fragments, hedge_cues, mend_sources
from attribution.lexicons import word_pattern
from attribution.schema import Span
from attribution.split import split_sentences
from attribution.split.datelines import match_dateline
from attribution.tag.tagger import TaggedSpan, TaggedText

INNER_MIN = 0.95
# inside what a news outlet reports, a nested report is the rule, so the tagger's less sure inner cues
# ("plans", "intends", "suspect", "approved" score 0.65-0.9) are kept too
INNER_MIN_OUTLET = 0.65
MAX_DEPTH = 3
FRAGMENT_GAP = 80
CUE_WORDS = word_pattern("chains", "nested_cue_gate")
RELAY_CUES = word_pattern("chains", "relay_cues")
_LEAD = re.compile(r"[\s,;:—–-]*(?:that\s+)?", re.I)  # used with match(text, pos): no "^", which pins to 0


def chain_of(d: Draft, drafts: list[Draft]) -> list[Draft]:
    """``d`` and the citations that share its claim ("X reported, citing Y, which cited Z"), outermost first."""
    out = [d]
    key = [(c.start, c.end) for c in d.content]
    while True:
        nxt = next((o for o in drafts if o.via is out[-1] and [(c.start, c.end) for c in o.content] == key), None)
        if nxt is None or nxt in out:
            return out
        out.append(nxt)


def relatives(d: Draft, drafts: list[Draft]) -> list[Draft]:
    """The attributions of ``d``'s own clause: those sharing its claim, and those it cites or is cited by."""
    key = [(c.start, c.end) for c in d.content]
    return [o for o in drafts if o is not d and ([(c.start, c.end) for c in o.content] == key
                                                 or o.via is d or d.via is o)]


def reported_span(state: Assembly, d: Draft) -> tuple[int, int] | None:
    """The whole stretch ``d`` reports: its content fragments joined where only other words lie between,
    widened leftwards over words that hold a cue word (the inner source and cue the tagger gave to no
    one, or to the outer content) but no cue or source of ``d``'s own clause."""
    if d.cue is None:
        return None
    doc = state.text
    own = [x for x in (d.cue, d.source) if x is not None]
    if not d.content:
        return _after_according_to(state, d)
    content = sorted(d.content, key=lambda c: c.start)
    lo, hi = content[0].start, content[0].end
    for c in content[1:]:
        if c.start - hi > FRAGMENT_GAP or "\n" in doc[hi:c.start] or any(hi <= o.start < c.start for o in own):
            break
        hi = max(hi, c.end)
    si = state.sentence_of(lo)
    if si < 0:
        return lo, hi
    sent = state.sentences[si]
    ends = [o.end for o in own if sent.start <= o.end <= lo]
    if ends:
        left = max(ends)
    else:
        dateline = match_dateline(doc, sent.start, lo)
        left = dateline.body if dateline else sent.start
    mine = [x for o in relatives(d, state.drafts) for x in (o.cue, o.source) if x is not None]

    def free(a: int, b: int, cue_word: bool = True) -> bool:
        gap = doc[a:b]
        return bool(gap.strip()) and "\n" not in gap and (not cue_word or bool(CUE_WORDS.search(gap))) \
            and not any(a < x.end and x.start < b for x in mine)

    starts = [o.start for o in own if hi <= o.start < sent.end]
    if not ends and starts and free(hi, min(starts), cue_word=False) and "," in doc[hi:min(starts)]:
        # "<claim>, Yonhap said": everything before the outer source and cue is what it reports
        # ("The website NK News reported citing sources that X, Yonhap said")
        hi = min(starts)
        while hi > lo and doc[hi - 1] in " ,;—–-":
            hi -= 1
    if free(left, lo):  # "According to Al Jazeera, [a Qatari official said] X"
        lead = _LEAD.match(doc, left, lo)
        lo = lead.end() if lead else left
    starts = [o.start for o in own if hi <= o.start < sent.end]
    if starts and free(hi, min(starts)):  # '"X," [Sheriff Dale Morgan told reporters], the AP reported'
        hi = min(starts)
        while hi > lo and doc[hi - 1] in " ,;—–-":
            hi -= 1
    return lo, hi


_ACCORDING_TO = re.compile(r"according\s+to$", re.I)


def _after_according_to(state: Assembly, d: Draft) -> tuple[int, int] | None:
    """"According to Reuters, finance chief X told investors that ...": the tagger gave the whole
    clause to the inner cue, leaving the outer one empty; it reports the rest of its sentence."""
    if d.source is None or not _ACCORDING_TO.search(d.cue.text) or d.source.start < d.cue.end:
        return None
    si = state.sentence_of(d.source.end)
    if si < 0:
        return None
    end = state.sentences[si].end
    lead = _LEAD.match(state.text, d.source.end, end)
    lo = lead.end() if lead else d.source.end
    hi = end
    while hi > lo and state.text[hi - 1] in " .!?":
        hi -= 1
    return (lo, hi) if hi - lo > 10 else None


def relays(d: Draft) -> bool:
    """Does ``d`` pass on what others said: an outlet or a document reporting, or a citing or reporting cue?

    Only such attributions are read again by the tagger: a politician's own claim rarely holds a
    report, and an inner attribution found there is more often a slip than a chain.
    """
    if d.cue is not None and RELAY_CUES.search(d.cue.text):
        return True
    return d.source is not None and source_kind(d.source.text, None)[0] in ("media", "document")


def _outlet(d: Draft) -> bool:
    return d.source is not None and source_kind(d.source.text, None)[0] == "media"


def _shift(span: TaggedSpan, by: int) -> TaggedSpan:
    return TaggedSpan(span.role, span.start + by, span.end + by, span.word_start, span.word_end, span.score)


def inner_drafts(state: Assembly, tagged: TaggedText, lo: int) -> list[Draft]:
    """The attributions the tagger finds in a stretch tagged on its own, in document offsets, mended
    as the first pass's drafts are (the repair steps, on a state of their own)."""
    local_starts = [s.start for s in split_sentences(tagged.text)] or [0]
    drafts = []
    for raw in group_spans(tagged, local_starts):
        shifted = RawAttribution(_shift(raw.cue, lo), [(_shift(s, lo), p) for s, p in raw.sources],
                                 [(_shift(c, lo), p) for c, p in raw.contents])
        drafts.append(draft_from_raw(state.text, shifted))
    sub = Assembly(state.doc_id, state.text, state.tagged, state.sentences, drafts=drafts)
    for repair in (mend_sources, hedge_cues, content_fragments):
        repair(sub)
    return sub.drafts


def _report_whole(state: Assembly, chain: list[Draft], lo: int, hi: int) -> None:
    """The outer attribution (and its citations) report the whole stretch."""
    doc = state.text
    if lo > 0 and doc[lo - 1] in QUOTES_OPEN and QUOTE_CHARS & set(doc[lo:hi]):
        lo -= 1  # '"There is no second shooter," the sheriff told reporters': the quotation opens the span
    whole = clean_content(doc, lo, hi)
    if whole is None:
        return
    for d in chain:
        d.content = [Span(whole.start, whole.end, whole.text)]


def _claimed(state: Assembly, inner: Draft) -> bool:
    """Is the inner attribution's cue or source already the cue or source of a complete attribution?"""
    mine = [x for x in (inner.cue, inner.source) if x is not None]
    return any(overlaps(a, b) for o in state.drafts if not _partial(o)
               for b in (o.cue, o.source) if b is not None for a in mine)


def _partial(d: Draft) -> bool:
    """A first-pass attribution short of a source or a content: one an inner reading may redo."""
    return d.cue is not None and (d.source is None or not d.content)


@step("nested_reports")
def nested_reports(state: Assembly) -> None:
    """Each attribution's reported span read again, by the citation rules, the first pass or the tagger."""
    seen: set[tuple[int, int]] = set()
    work = sorted((d for d in state.drafts if d.cue is not None), key=lambda d: d.cue.start)
    for _depth in range(MAX_DEPTH):
        to_tag: list[tuple[list[Draft], int, int]] = []
        found: list[Draft] = []
        for d in work:
            if d not in state.drafts:
                continue  # replaced by a citation clause meanwhile
            span = reported_span(state, d)
            if span is None or span in seen:
                continue
            seen.add(span)
            lo, hi = span
            chain = chain_of(d, state.drafts)
            made = apply_clauses(state, lo, hi, default_score=d.score * 0.95)
            if made:
                made[0].via = chain[-1]
                _report_whole(state, chain, lo, hi)
                found.extend(made)
                continue
            kin = relatives(d, state.drafts)
            inside = [o for o in state.drafts if o not in chain and o not in kin and o.via is None and o.cue is not None
                      and lo <= o.cue.start and o.cue.end <= hi and o.content and o.source is not None]
            if inside and relays(chain[-1]):  # "Talks failed, Ann said, and prices rose, Bob said": no chain
                for o in inside:
                    o.via = chain[-1]
                _report_whole(state, chain, lo, hi)
                found.extend(inside)
                continue
            if state.retag is not None and CUE_WORDS.search(state.text, lo, hi) and relays(chain[-1]):
                to_tag.append((chain, lo, hi))
        if to_tag:
            for (chain, lo, hi), tagged in zip(to_tag, state.retag([(lo, hi) for _, lo, hi in to_tag])):
                least = INNER_MIN_OUTLET if _outlet(chain[0]) else INNER_MIN
                kept = [x for x in inner_drafts(state, tagged, lo)
                        if x.cue is not None and x.source is not None and x.content and x.score >= least
                        and all(lo <= s.start and s.end <= hi for s in (x.cue, x.source, *x.content))
                        and not _claimed(state, x)]
                if not kept:
                    continue
                for x in kept:
                    x.via = chain[-1]
                    x.rule = "nested"
                _report_whole(state, chain, lo, hi)
                # a first-pass attribution the inner one redoes (its cue, without its source) gives way
                state.drafts = [o for o in state.drafts if not (_partial(o) and o not in chain
                                                               and any(overlaps(o.cue, x.cue) for x in kept))]
                state.drafts.extend(kept)
                found.extend(kept)
        if not found:
            return
        work = sorted(found, key=lambda d: d.cue.start)
