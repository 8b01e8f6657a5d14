"""Headlines: "Haftar won't sign deal — media": the dash (or colon) of a headline as a cue."""
from __future__ import annotations

import re

from attribution.assemble.spans import clean_content, covered, overlaps, source_span
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.schema import Span

HEADLINE_SENTENCES = 4
_HEADLINE_DASH = re.compile(r"^(?P<content>.*\S)\s+(?P<cue>[—–]|-{1,2})\s+(?P<src>[\w][\w\s’'.&-]{0,40}?)\s*$")
_HEADLINE_COLON = re.compile(r"^(?P<content>.*\S)\s*(?P<cue>:)\s+(?P<src>(?:[Ss]ources?|[Mm]edia|[Rr]eports?|[Oo]fficials?|[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,3}))\s*$")


@step("headline")
def headline(state: Assembly) -> None:
    """A short unpunctuated line near the top ending "— source" or ": source" is an attribution."""
    doc, drafts = state.text, state.drafts
    for sent in state.sentences[:HEADLINE_SENTENCES]:
        if sent.text.endswith((".", "?", "!", '"', "”")) or len(sent.text) > 200:
            continue
        for pattern in (_HEADLINE_DASH, _HEADLINE_COLON):
            m = pattern.match(sent.text)
            if not m:
                continue
            if len(m.group("src").split()) > 4:
                continue
            base = sent.start
            cue = Span(base + m.start("cue"), base + m.end("cue"), m.group("cue"))
            if covered(cue, drafts):
                continue
            source = source_span(doc, base + m.start("src"), base + m.end("src"))
            content = clean_content(doc, base + m.start("content"), base + m.end("content"))
            if content is None:
                continue
            for d in drafts:  # the headline's claim belongs to the dash, not to a cue elsewhere
                d.content = [c for c in d.content if not overlaps(c, content)]
            drafts.append(Draft(cue, source, [content], 0.9, rule="headline"))
            break
