"""Claims without their own source or cue: a cue sharing its subject, and hedge-only claims."""
from __future__ import annotations

import re

from attribution.assemble.hedges import REPORTATIVE_ADVERBS, find_hedges
from attribution.assemble.spans import clean_content, covered, overlaps
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.schema import SourceSpan

SHARED_SUBJECT_REACH = 250
_CLAUSE_STOPS = re.compile(r",\s+(?=\w+ing\b)|;\s|,\s+(?:but|while|although|though)\b|\s+—\s")


@step("shared_subject")
def shared_subject(state: Assembly) -> None:
    """"The ministry confirmed X, adding Y": both cues share one source; copy it to the cue that lacks it."""
    for d in state.drafts:
        if d.cue is None or d.source is not None:
            continue
        si = state.sentence_of(d.cue.start)
        mates = [o for o in state.drafts if o is not d and o.cue is not None and o.source is not None
                 and state.sentence_of(o.cue.start) == si and abs(o.cue.start - d.cue.start) < SHARED_SUBJECT_REACH]
        if mates:
            src = min(mates, key=lambda o: abs(o.cue.start - d.cue.start)).source
            d.source = SourceSpan(src.start, src.end, src.text)


@step("hedge_only")
def hedge_only(state: Assembly) -> None:
    """"Haftar reportedly rejected ...": a reportative adverb on the main verb makes an attribution with no source."""
    doc, drafts = state.text, state.drafts
    for sent in state.sentences:
        for h in find_hedges(doc, sent.start, sent.end):
            if h.cls not in ("reportative", "belief"):
                continue
            lower = h.text.lower()
            after = re.match(r"\s+(\w+)", doc[h.end:sent.end])
            if lower in REPORTATIVE_ADVERBS and (not after or after.group(1).lower() in ("to", "by", "because", "as")):
                continue  # "took time out allegedly to study": the hedge qualifies a purpose, not a claim
            if covered(h, drafts):
                continue
            # clause: from after the last clause break before the hedge to the next break after it
            left = doc[sent.start:h.start]
            cut = max(left.rfind(", "), left.rfind("; "), left.rfind(": "))
            c_start = sent.start + (cut + 2 if cut >= 0 else 0)
            right = doc[h.end:sent.end]
            stops = [m.start() for m in _CLAUSE_STOPS.finditer(right)]
            c_end = h.end + (stops[0] if stops else len(right))
            for d in drafts:
                for s in [d.cue, d.source, *d.content]:
                    if s is not None and h.end <= s.start < c_end:
                        c_end = s.start
            content = clean_content(doc, c_start, c_end)
            if content is None or len(content.text.split()) < 3:
                continue
            drafts.append(Draft(None, None, [content], 0.8, hedges=[h], implicit=True, rule="hedge"))


@step("hedges")
def hedges(state: Assembly) -> None:
    """Every sentence's hedges (cue words excepted), and each on the attributions whose content holds it."""
    doc = state.text
    cues = [d.cue for d in state.drafts if d.cue is not None]
    for sent in state.sentences:
        sent.hedges = [h for h in find_hedges(doc, sent.start, sent.end) if not any(overlaps(h, c) for c in cues)]
        for h in sent.hedges:
            for d in state.drafts:
                if any(c.start <= h.start and h.end <= c.end for c in d.content) and not any(x.start == h.start for x in d.hedges):
                    d.hedges.append(h)
