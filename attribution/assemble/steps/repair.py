"""Mend the tagger's known slips before the structural rules run.

* a name cut short inside a word ("Hany El-") or after an honorific ("Ms"): completed.
* "Al Arabiya citing" tagged as one source: the citing cue is split off, and its source is the
  short span right after it ("anonymous LNA sources", often tagged as content).
* "an LNA" + "statement saying": a document noun that opens the cue belongs to the source.
* "reportedly rejected" as a cue: the claim has no named source; it becomes a hedge-only claim.
* a leading "that" of an indirect content, stray one-word fragments, and fragments in a
  paragraph other than the cue's are dropped.
"""
from __future__ import annotations

import re

from attribution.assemble.hedges import REPORTATIVE_ADVERBS, find_hedges
from attribution.assemble.kinds import HONORIFICS
from attribution.assemble.spans import QUOTES_OPEN, clean_content, overlaps, source_span, without_full_stop
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import words
from attribution.schema import Hedge, Span

STOP_FRAGMENTS = words("reporting", "stop_fragments")
DOCUMENT_NOUNS = words("reporting", "document_nouns")
_CITING_IN_SOURCE = re.compile(r",?\s+(citing|quoting)(?:\s+(?=\S)|$)")
_RELATIVE_END = re.compile(r"(?:,\s*)?\b(?:who|which|whose)$", re.I)
_INVERTED_SOURCE = re.compile(r"[ \t]+(?P<src>(?:[A-Z][\w’'.-]*)(?:[ \t]+(?:of[ \t]+|al-[ \t]*)?[A-Z][\w’'.-]*){0,3})[ \t]*(?:[.,;:!?]|$)", re.M)
_CITED_BEFORE = re.compile(r"(?:^|[\s,])(?P<cue>citing|quoting)\s+$", re.I)


def _mend_source(doc: str, d: Draft) -> None:
    """Source slips: a relative clause cut short ("An engineer who | asked not to be named told"),
    or a source across a paragraph break from its cue (a headline's "says Kovač" given the dateline)."""
    src, cue = d.source, d.cue
    gap = doc[src.end:cue.start] if src.end <= cue.start else ""
    if _RELATIVE_END.search(src.text) and 0 < len(gap) < 100 and "\n" not in gap:
        end = cue.start
        while end > src.end and doc[end - 1] in " ,\t":
            end -= 1
        d.source = source_span(doc, src.start, end)
        d.content = [c for c in d.content if not overlaps(c, d.source)]
        return
    lo, hi = sorted((src.start, cue.start))
    if "\n\n" in doc[lo:hi] or ("\n" in doc[lo:hi] and hi - lo > 200):
        d.source = None
        m = _INVERTED_SOURCE.match(doc, cue.end)
        if m and "\n" not in m.group("src"):  # "..., says Kovač": the name right after the cue
            name = without_full_stop(m.group("src"))  # "says Kovač." ends the sentence, not the name
            d.source = source_span(doc, m.start("src"), m.start("src") + len(name))


_REST_OF_WORD = re.compile(r"[\w’'-]*\w")
_NAME_AFTER = re.compile(r"(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w’'-]*\w){1,3}")  # "Maddox", "Émile Zola"


def _name_cut_short(doc: str, d: Draft) -> None:
    """A source the tagger ended inside a word ("Hany El-" of "Hany El-Sayed") or on an honorific ("said
    Ms" of "said Ms Maddox."): the word, or the name after the honorific, completes it, unless the cue or
    a content lies there."""
    src = d.source
    end = src.end
    if 0 < end < len(doc) and doc[end].isalnum() and (doc[end - 1].isalnum() or doc[end - 1] in "-’'"):
        rest = _REST_OF_WORD.match(doc, end)
        end = rest.end() if rest else end
    elif (words := src.text.split()) and words[-1].rstrip(".").lower() in HONORIFICS and (
            len(words) == 1 or not words[-2][:1].isupper()):  # "said Ms", not "Hank Williams Sr."
        name = _NAME_AFTER.match(doc, end)
        end = name.end() if name else end
    if end == src.end or any(overlaps(Span(src.end, end, doc[src.end:end]), s) for s in [d.cue, *d.content]):
        return
    d.source = source_span(doc, src.start, end)


def _split_citing(doc: str, d: Draft) -> Draft | None:
    """"Al Arabiya citing anonymous LNA sources" tagged as one source: the citing attribution it hides."""
    m = _CITING_IN_SOURCE.search(d.source.text)
    if not (m and m.start() > 0):
        return None
    cite_cue = Span(d.source.start + m.start(1), d.source.start + m.end(1), m.group(1))
    rest = d.source.text[m.end():].strip()
    src_end = d.source.end
    d.source = source_span(doc, d.source.start, d.source.start + m.start())
    if rest:  # "Al Arabiya citing anonymous LNA sources" tagged as one source
        return Draft(cite_cue, source_span(doc, src_end - len(rest), src_end), [], d.score, rule="model")
    # "Al Arabiya citing" + the cited source tagged as content
    follow = [c for c in d.content if 0 <= c.start - cite_cue.end <= 2 and len(c.text.split()) <= 6]
    if follow:
        cited = follow[0]
        d.content = [c for c in d.content if c is not cited]
        return Draft(cite_cue, source_span(doc, cited.start, cited.end), [], d.score, rule="model")
    return None


def _document_noun(doc: str, d: Draft) -> None:
    """"an LNA" + "statement" (untagged, or opening the cue) + "saying": the noun completes the source."""
    gap = doc[d.source.end:d.cue.start] if d.source.end <= d.cue.start else ""
    if gap.strip().lower() in DOCUMENT_NOUNS and len(gap) < 14 and "\n" not in gap:
        d.source = source_span(doc, d.source.start, d.source.end + len(gap.rstrip()))
    cue_words = d.cue.text.split()
    if len(cue_words) > 1 and cue_words[0].lower() in DOCUMENT_NOUNS and 0 <= d.cue.start - d.source.end <= 1:
        d.source = source_span(doc, d.source.start, d.cue.start + len(cue_words[0]))
        d.cue = Span.of(doc, d.cue.start + len(cue_words[0]), d.cue.end)


@step("mend_sources")
def mend_sources(state: Assembly) -> None:
    """Relative clauses and names cut short, sources across a paragraph, "X citing Y" as one source, document nouns."""
    out: list[Draft] = []
    for d in state.drafts:
        made = None
        if d.source is not None and d.cue is not None:
            _mend_source(state.text, d)
        if d.source is not None and d.cue is not None:  # _mend_source may have dropped the source
            _name_cut_short(state.text, d)
            made = _split_citing(state.text, d)
            _document_noun(state.text, d)
        if made is not None:
            out.append(made)
        out.append(d)
    state.drafts = out


def hedge_as_cue(doc: str, cue: Span) -> Hedge | None:
    """The hedge a cue really is: "reportedly rejected", or a passive "is expected"/"are said"
    (+ "to") that PolNeAR-style tagging calls a cue but that names no source."""
    first = cue.text.split()[0]
    if first.lower() in REPORTATIVE_ADVERBS:
        return Hedge(cue.start, cue.start + len(first), first, "reportative")
    for h in find_hedges(doc, cue.start, min(len(doc), cue.end + 4)):
        if h.start == cue.start and h.end >= cue.end and h.cls in ("reportative", "belief") and " " in h.text:
            return h
    return None


@step("hedge_cues")
def hedge_cues(state: Assembly) -> None:
    """A cue that is really a hedge ("reportedly rejected") makes a hedge-only claim instead."""
    doc = state.text
    out: list[Draft] = []
    for d in state.drafts:
        hedge = hedge_as_cue(doc, d.cue) if d.cue is not None else None
        if hedge is None:
            out.append(d)
            continue
        start = min([d.cue.start] + ([d.source.start] if d.source else []))
        si = state.sentence_of(start)
        left = doc[state.sentences[si].start:start] if si >= 0 else ""
        cut = max(left.rfind(", "), left.rfind("; "))
        subject = left[cut + 2:] if cut >= 0 else left
        if 0 < len(subject.split()) <= 6:  # "Besides, Haftar reportedly ...": the subject opens the claim
            start -= len(subject)
        end = max([d.cue.end] + [c.end for c in d.content])
        content = clean_content(doc, start, end)
        if content is not None:
            out.append(Draft(None, None, [content], d.score, hedges=[hedge], implicit=True, rule="hedge"))
    state.drafts = out


@step("content_fragments")
def content_fragments(state: Assembly) -> None:
    """Drop a leading "that", stray one-word fragments, and fragments far from their cue.

    "Far" is more than one sentence from every sentence the content already reaches from its
    cue: a content may run on over consecutive sentences ("X said A. \u201cQ.\u201d B." with
    A, Q and B its fragments), but a fragment past a sentence it does not cover, or in another
    paragraph, is a grouping slip."""
    doc = state.text
    for d in state.drafts:
        if d.cue is None:
            continue
        near: list[Span] = []
        for c in d.content:
            if c.text.lower().startswith("that ") and c.start > 0 and doc[c.start - 1] not in QUOTES_OPEN:
                c = Span.of(doc, c.start + 5, c.end)
            if len(c.text.split()) <= 1 and (c.text.lower() in STOP_FRAGMENTS or len(d.content) > 1):
                continue
            lo, hi = sorted((c.start, d.cue.start))
            if "\n\n" in doc[lo:hi]:
                continue  # a content in another paragraph is a grouping slip
            near.append(c)
        d.content = _reached_from_cue(state, d.cue, near)


def _reached_from_cue(state: Assembly, cue: Span, fragments: list[Span]) -> list[Span]:
    """The fragments (in their order) that start within one sentence of the cue's sentence, or of a
    sentence that a fragment kept so far covers, in either direction."""
    first = last = state.sentence_of(cue.start)
    reached: set[int] = set()
    grew = True
    while grew:
        grew = False
        for i, c in enumerate(fragments):
            if i in reached:
                continue
            c_first, c_last = state.sentence_of(c.start), state.sentence_of(max(c.start, c.end - 1))
            if first - 1 <= c_first <= last + 1:
                reached.add(i)
                first, last = min(first, c_first), max(last, c_last)
                grew = True
    return [c for i, c in enumerate(fragments) if i in reached]


@step("cited_in_content")
def cited_in_content(state: Assembly) -> None:
    """"..., Al Arabiya reported, quoting a senior diplomat": the tagger often takes the cited
    source for a second content fragment.  Such a fragment, right after "citing"/"quoting" and
    short, becomes the source of its own citing attribution (the ``citing`` step links it)."""
    doc, drafts = state.text, state.drafts
    made: list[Draft] = []
    for d in drafts:
        if d.cue is None or len(d.content) < 2:
            continue
        for c in list(d.content):
            m = _CITED_BEFORE.search(doc, max(0, c.start - 12), c.start)
            if not m or len(c.text.split()) > 8 or "\n" in c.text:
                continue
            cue = Span.of(doc, m.start("cue"), m.end("cue"))
            owner = next((x for x in drafts + made if x.cue is not None and overlaps(cue, x.cue)), None)
            if owner is not None and owner.source is not None:
                continue
            d.content = [x for x in d.content if x is not c]
            if owner is not None:  # the citing cue was found, its source was not
                owner.source = source_span(doc, c.start, c.end)
            else:
                made.append(Draft(cue, source_span(doc, c.start, c.end), [], d.score, rule="model"))
    state.drafts = drafts + made
