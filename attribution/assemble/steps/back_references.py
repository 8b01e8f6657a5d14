"""Back-references to a cited source inherit its chain.

"..., the Kyiv Independent reported, citing a source in the military intelligence agency.
The source said four fuel tanks had caught fire": the source said so to the outlet, so the
later attribution reaches us via the outlet, as the citation did.  The same for "They said"
after "citing two employees", "According to them", "The documents show" after "Citing
internal documents".  A back-reference to the outlet itself ("According to the newspaper")
is the outlet's own, first-hand statement and stays without ``via``.

The entity layer decides whom a pronoun names (and may name the outlet); this step only asks
whether a pronoun or description fits the cited source of a citation just before it.
"""
from __future__ import annotations

from attribution.assemble.sources import head_word, is_description, is_pronoun
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import words

CITATION_CUES = words("chains", "citation_cues") | words("chains", "relative_citation_cues") | {"as saying"}
REACH_SENTENCES = 3
_PLURAL_PRONOUNS = {"they", "them", "their"}
_SINGULAR_PRONOUNS = {"he", "she", "him", "her", "it"}


def _plural(head: str) -> bool:
    return head.endswith("s") and not head.endswith("ss") or head in ("people", "police", "staff")


def fits(mention: str, cited: str) -> bool:
    """Can ``mention`` (a pronoun or definite description) refer back to the cited source ``cited``?"""
    low = mention.strip().lower()
    cited_head = head_word(cited)
    if low in _PLURAL_PRONOUNS:
        return _plural(cited_head)
    if low in _SINGULAR_PRONOUNS:
        return not _plural(cited_head)
    head = head_word(mention)
    cited_words = {w.strip(",.").lower() for w in cited.split()}
    return bool(head) and (head == cited_head or head in cited_words or head.rstrip("s") == cited_head.rstrip("s"))


@step("cited_back_references")
def cited_back_references(state: Assembly) -> None:
    """"The source said ...", "They said ..." after a citation: via the outlet that cited the source."""
    citations = [d for d in state.drafts if d.via is not None and d.cue is not None and d.source is not None
                 and d.cue.text.lower() in CITATION_CUES]
    if not citations:
        return
    for d in sorted(state.drafts, key=lambda x: x.anchor()):
        if d.via is not None or d.source is None or d.cue is None or d in citations:
            continue
        if not (is_pronoun(d.source.text) or is_description(d.source.text)):
            continue
        here = state.sentence_of(d.anchor())
        # the nearest earlier speaker the mention fits: a cited source, or someone speaking first-hand
        # in between ("An Australian government source told Reuters ... He said"), who then wins
        before: list[Draft] = [c for c in state.drafts if c is not d and c.source is not None and c.cue is not None
                               and c.anchor() < d.source.start
                               and 0 < here - state.sentence_of(c.anchor()) <= REACH_SENTENCES]
        match = next((c for c in sorted(before, key=lambda c: -c.anchor()) if fits(d.source.text, c.source.text)), None)
        if match is not None and match in citations:
            d.via = match.via
