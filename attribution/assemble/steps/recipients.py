"""Recipients: whom the source spoke to ("told Al Arabiya", "confirmed to TASS", "in an interview with the BBC")."""
from __future__ import annotations

import re

from attribution.assemble.spans import overlaps
from attribution.assemble.state import Assembly
from attribution.assemble.step import step
from attribution.lexicons import words
from attribution.schema import Span

TELL_VERBS = words("reporting", "tell_verbs")
# a word that ends a recipient: a function word, a pronoun or a verb of the reported clause
_STOP = (r"(?i:that|on|in|at|about|last|this|after|before|by|when|as|during|with|from|for|over|to|and|but|or|the|a|an|"
         r"he|she|they|it|we|i|you|his|her|their|its|who|which|was|is|were|are|had|has|have|would|will|could|should|"
         r"did|does|said|says)\b")
_WORD = r"[\w’'&.-]+"
# "the German broadcaster ZDF", "a parliamentary committee", "her party", "the club’s website"
_DETERMINED = r"(?:the|a|an|her|his|their|its|our)\s+" + _WORD + r"(?:\s+(?!" + _STOP + r")" + _WORD + r"){0,4}"
# "police", "jurors", "dpa": one lower-case word, not a pronoun
_BARE = r"(?!" + _STOP + r"|him\b|them\b|us\b|me\b)[a-z][\w’'-]*"
_RECIPIENT_NP = r"(?P<rec>" + _DETERMINED + r"|(?:[A-Z][\w’'.&-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.&-]*){0,4}|reporters|journalists|lawmakers|parliament|investors|analysts|the\s+(?:newspaper|paper|agency|channel|broadcaster|station|committee|court|press|media))|" + _BARE + r")"
_AFTER_CUE_TO = re.compile(r"^\s+(?:to|in\s+an?\s+interview\s+with|in\s+comments\s+to|speaking\s+to|speaking\s+with)\s+" + _RECIPIENT_NP)
_AFTER_TELL = re.compile(r"^\s+" + _RECIPIENT_NP)
_TRAILING_WORD = re.compile(r"\s+(that|on|in|at|about|last|this|after|before|by)$")


@step("recipients")
def recipients(state: Assembly) -> None:
    """The noun phrase right after a telling verb, or after "to"/"in an interview with" a cue."""
    doc = state.text
    for d in state.drafts:
        if d.cue is None:
            continue
        after = doc[d.cue.end:d.cue.end + 120]
        m = (_AFTER_TELL.match(after) if d.cue.text.lower() in TELL_VERBS else None) or _AFTER_CUE_TO.match(after)
        if not m:
            continue
        rec = Span.of(doc, d.cue.end + m.start("rec"), d.cue.end + m.end("rec"))
        rec_text = _TRAILING_WORD.sub("", rec.text)
        stop = re.search(r"(?<![A-Z]\.[A-Z])\.(?=\s|$)", rec_text)
        if stop:  # "told The New York Times. The UN ...": the sentence ends the name ("told the U.S." keeps its stops)
            rec_text = rec_text[:stop.start()]
        rec = Span(rec.start, rec.start + len(rec_text), rec_text)
        if rec.text.lower() in ("that", "the", "a") or not rec.text:
            continue
        if any(overlaps(rec, c) for c in d.content) or (d.source and overlaps(rec, d.source)):
            continue
        d.recipient = rec
