"""A document longer than ``SECTION_CHARS`` is assembled in sections and merged into one report.

Merging renumbers each section's attribution ids; a chain's ``via`` must be renumbered with
them. It once was not, and every test passed: each later section's chain then pointed at the
first section's attributions. A small ``SECTION_CHARS`` and a tagger that tags gold spans
make the merge visible in a short text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from attribution import pipeline
from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.pipeline import Attributor
from attribution.report.terminal import chain_text
from attribution.tag.oracle import oracle_tagged
from attribution.tag.tagger import TaggedText
from attribution.validate import contract_errors

# One chain per paragraph: "<content>, says <outlet> citing <cited source>."
CHAIN = re.compile(r"(?P<content>[A-Z][^,\n]+), (?P<says>says) (?P<outlet>[A-Z][\w ]+?) (?P<citing>citing) "
                   r"(?P<cited>[^.\n]+)\.")
PARAGRAPHS = [
    ("The ceasefire will hold until March, says Al Arabiya citing anonymous LNA sources.", "Al Arabiya",
     "anonymous LNA sources"),
    ("The talks will resume in Geneva next week, says Reuters citing a senior diplomat.", "Reuters",
     "a senior diplomat"),
    ("The border crossing will reopen on Friday, says Interfax citing two officials.", "Interfax", "two officials"),
]
FILLER = "Markets in the region were calm on Monday and trading volumes stayed low."


class GoldSpanTagger:
    """Tags every "X, says OUTLET citing SOURCE." sentence of a text as a perfect tagger would."""

    model_dir = None

    def tag_many(self, texts: Iterable[str]) -> Iterator[TaggedText]:
        for text in texts:
            gold = []
            for m in CHAIN.finditer(text):
                content = [m.span("content")]
                gold.append(GoldAttribution(cue=[m.span("says")], source=[m.span("outlet")], content=content))
                gold.append(GoldAttribution(cue=[m.span("citing")], source=[m.span("cited")], content=content))
            yield oracle_tagged(AnnotatedDocument("section", text, gold))


def test_chains_survive_the_merge_of_sections(monkeypatch):
    text = "".join(f"{sentence} {FILLER}\n\n" for sentence, _, _ in PARAGRAPHS)
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 170)
    cuts = pipeline.sections(text)
    assert len(cuts) == len(PARAGRAPHS)  # one paragraph, so one chain, per section

    report = Attributor(GoldSpanTagger()).extract(text, doc_id="long")
    assert any(f"in {len(PARAGRAPHS)} sections" in w for w in report.warnings)
    assert contract_errors(report.to_dict(), text) == []
    assert [a.id for a in report.attributions] == [f"a{i + 1}" for i in range(2 * len(PARAGRAPHS))]
    by_id = report.by_id()
    cited = [a for a in report.attributions if a.cue.text == "citing"]
    assert len(cited) == len(PARAGRAPHS)
    for attribution, (_, outlet, source) in zip(cited, PARAGRAPHS):
        assert attribution.source.text == source
        assert attribution.via is not None and by_id[attribution.via].source.text == outlet
        assert chain_text(report, attribution).endswith(f"{outlet} → {source}")
        for span in attribution.spans():
            assert text[span.start:span.end] == span.text
