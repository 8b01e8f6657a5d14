"""Chains: which attribution reached the reader through which (the ``via`` links).

"X, says Al Arabiya citing anonymous LNA sources" (citing), "Haftar also demanded that X,
the sources said" (outer report), "the sources said Haftar demanded that ..." (nested), and
later attributions of a cited source (inherited).
"""
from __future__ import annotations

import re

from attribution.assemble.spans import clean_content, overlaps, source_span
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import phrases, words
from attribution.schema import Span

CITING_CUES = words("reporting", "citing_cues")
NESTED_REPORT_VERBS = "|".join(phrases("reporting", "nested_report_verbs"))
_NESTED = re.compile(
    r"(?P<src>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,3}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)\s+(?:also\s+|has\s+|had\s+|have\s+)?"
    r"(?P<cue>" + NESTED_REPORT_VERBS + r")\s+that\s+(?P<content>\S.*)$", re.S)
CITING_REACH = 120


@step("citing")
def citing(state: Assembly) -> None:
    """"X, says Al Arabiya citing anonymous LNA sources": the cited source repeats the content via the citer.

    The tagger (trained on one-attribution-per-token data) gives the shared
    content to only one of the two cues; the other gets a copy.
    """
    doc = state.text
    ordered = sorted((d for d in state.drafts if d.cue), key=lambda d: d.cue.start)
    for i, d in enumerate(ordered):
        if d.cue.text.lower() not in CITING_CUES:
            continue
        before = [p for p in ordered[:i] if p.cue.end <= d.cue.start and d.cue.start - p.cue.end < CITING_REACH
                  and p is not d and "\n" not in doc[p.cue.end:d.cue.start] and (p.content or p.source)]
        if not before:
            continue
        parent = before[-1]
        if parent.content and (not d.content or all(any(overlaps(c, pc) for pc in parent.content) for c in d.content)):
            d.content = [Span(c.start, c.end, c.text) for c in parent.content]
        elif d.content and not parent.content:
            parent.content = [Span(c.start, c.end, c.text) for c in d.content]
        d.via = parent


@step("outer_report")
def outer_report(state: Assembly) -> None:
    """"Haftar also demanded that X, the sources said": a cue left without content reports the
    attribution before it in the same sentence, which then reached us via this one."""
    drafts = state.drafts
    for d in drafts:
        if d.content or d.cue is None or d.cue.text.lower() in CITING_CUES:
            continue
        si = state.sentence_of(d.cue.start)
        first = d.source.start if d.source is not None and d.source.start < d.cue.start else d.cue.start
        inner = [p for p in drafts if p is not d and p.cue is not None and p.content
                 and state.sentence_of(p.cue.start) == si
                 and max(s.end for s in [p.cue, *p.content] + ([p.source] if p.source else [])) <= first]
        if not inner:
            continue
        p = inner[-1]
        spans = [p.cue, *p.content] + ([p.source] if p.source else [])
        content = clean_content(state.text, min(s.start for s in spans), max(s.end for s in spans))
        if content is not None:
            d.content = [content]
            p.via = d


@step("nested")
def nested(state: Assembly) -> None:
    """A reported speech act inside a content ("the sources said Haftar demanded that ...") is its own attribution."""
    doc, drafts = state.text, state.drafts
    for d in list(drafts):
        for c in d.content:
            m = _NESTED.search(c.text)
            if not m:
                continue
            base = c.start
            cue = Span(base + m.start("cue"), base + m.end("cue"), m.group("cue"))
            if any(o.cue is not None and overlaps(o.cue, cue) for o in drafts):
                continue
            content = clean_content(doc, base + m.start("content"), c.end)
            if content is None:
                continue
            source = source_span(doc, base + m.start("src"), base + m.end("src"))
            drafts.append(Draft(cue, source, [content], d.score * 0.9, via=d, rule="nested"))


def _named_before(text: str, d: Draft) -> str:
    """What ``d``'s source resolves to, when that name occurs before it or within it: a resolution forward
    to a later speaker ("the police commissioner" taken for "An Australian government source" named after
    it) makes no chain, but a name the source span itself gives ("citing the Kremlin spokesman Dmitry
    Peskov") does."""
    target = (d.source.resolves_to or "").lower()
    first = text.lower().find(target) if target else -1
    return target if 0 <= first and first + len(target) <= d.source.end else ""


@step("inherit_via")
def inherit_via(state: Assembly) -> None:
    """Later attributions from a cited source, or spoken to a citing outlet, reach us via that outlet."""
    publisher = state.publisher
    ordered = sorted(state.drafts, key=lambda d: d.anchor())
    for d in ordered:
        if d.via is not None or d.source is None:
            continue
        names = {d.source.text.lower()}
        if d.source.resolves_to:
            names.add(d.source.resolves_to.lower())
        for o in ordered:  # the same cited source as before: the same outlet
            if o is d or o.anchor() >= d.anchor() or o.source is None or o.via is None:
                continue
            if o.source.text.lower() in names or _named_before(state.text, o) in names:
                d.via = o.via
                break
        if d.via is None and d.recipient is not None and not (publisher and d.recipient.text == publisher.text):
            d.via = next((o for o in ordered if o is not d and o.source is not None and o.via is None
                          and o.source.text.lower() == d.recipient.text.lower() and o.anchor() < d.anchor()), None)
