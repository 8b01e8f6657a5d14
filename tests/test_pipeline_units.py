"""The pipeline around the model, with a stand-in tagger that tags gold spans (no model loads):
what a report carries besides the assembly (model name, digest, encoding, warnings, page),
failures told per document, long documents cut into sections and merged back (offsets,
ids, chains, sources), calibration applied, and the options that reach the model and the batch.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from attribution import batch, parallel, pipeline
from attribution.assemble import build
from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.options import InferenceOptions
from attribution.pipeline import Attributor
from attribution.read import Document
from attribution.read.documents import DEFAULT_MAX_BYTES
from attribution.schema import Hedge, Report, Span, text_digest
from attribution.tag import tagger as tagger_module
from attribution.tag.oracle import oracle_tagged
from attribution.tag.tagger import DEFAULT_STRIDE, TaggedText
from attribution.validate import contract_errors

# "<content>, says <source>." and "<source> said <content>." are tagged as a perfect tagger would
SAYS = re.compile(r"(?P<content>[A-Z][^,\n]+), (?P<cue>says) (?P<source>[A-Z][\w ]+?)\.")
SAID = re.compile(r"(?P<source>[A-Z][\w ]+?) (?P<cue>said) (?P<content>[^.\n]+)\.")


class GoldTagger:
    """Stands in for the model: tags the two sentence shapes above, and records what it was given."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = model_dir
        self.texts: list[str] = []

    def tag_many(self, texts: Iterable[str]) -> Iterator[TaggedText]:
        for text in texts:
            self.texts.append(text)
            gold = [GoldAttribution(cue=[m.span("cue")], source=[m.span("source")], content=[m.span("content")])
                    for pattern in (SAYS, SAID) for m in pattern.finditer(text)]
            yield oracle_tagged(AnnotatedDocument("section", text, gold))


SHORT = "Officials said the talks had failed.\n"


# --- construction, loading, options ---------------------------------------------------------------------------

def test_an_attributor_checks_its_steps_and_finds_its_calibration(tmp_path):
    assert Attributor(GoldTagger()).calibration is None
    (tmp_path / "calibration.json").write_text(json.dumps({"model": {"points": [[0, 0], [1, 0.5]]}}), encoding="utf-8")
    found = Attributor(GoldTagger(tmp_path))
    assert found.calibration == {"model": {"points": [[0, 0], [1, 0.5]]}}
    assert found.calibrate(0.8, "model") == 0.4 and found.calibrate(0.8, "any rule") == 0.4
    given = Attributor(GoldTagger(tmp_path), calibration={"model": {"points": [[0, 0], [1, 0.25]]}})
    assert given.calibrate(0.8, "model") == 0.2
    assert Attributor(GoldTagger()).calibrate(0.8, "model") == 0.8
    per_rule = Attributor(GoldTagger(), calibration={"model": {"points": [[0, 0], [1, 0.5]]},
                                                     "quote": {"points": [[0, 0], [1, 0.25]]}})
    assert per_rule.calibrate(0.8, "quote") == 0.2 and per_rule.calibrate(0.8, "model") == 0.4
    assert Attributor(GoldTagger(), disable=["recipients"]).disable == ("recipients",)
    with pytest.raises(ValueError, match="unknown assembly step"):
        Attributor(GoldTagger(), disable=("no-such-step",))
    assert pipeline._load_calibration(None) is None and pipeline._load_calibration("") is None
    assert pipeline._load_calibration(str(tmp_path / "empty")) is None


def test_model_name():
    assert Attributor(GoldTagger()).model_name == "unsaved"
    assert Attributor(GoldTagger("models/attribution-tagger")).model_name == "attribution-tagger"


@pytest.fixture
def loads(monkeypatch) -> list[tuple]:
    """``Tagger.load`` replaced: each call is recorded and gets a stand-in tagger."""
    calls: list[tuple] = []

    def load(model_dir=None, **kwargs):
        calls.append((model_dir, kwargs))
        return GoldTagger(model_dir)

    monkeypatch.setattr(tagger_module.Tagger, "load", staticmethod(load))
    return calls


def test_load_and_from_options_pass_every_setting_to_the_tagger(loads, tmp_path):
    one = Attributor.load(tmp_path, quantize=True, threads=3, stride=0.25, engine="torch", disable=("recipients",))
    assert loads[-1] == (tmp_path, {"quantize": True, "threads": 3, "stride": 0.25, "engine": "torch"})
    assert one.disable == ("recipients",) and one.tagger.model_dir == tmp_path
    Attributor.load()
    assert loads[-1] == (None, {"quantize": None, "threads": None, "stride": DEFAULT_STRIDE, "engine": None})
    options = InferenceOptions(model_dir="m", quantize=False, threads=2, stride=0.5, engine="onnx",
                               disable=("recipients",))
    made = Attributor.from_options(options)
    assert loads[-1] == ("m", {"quantize": False, "threads": 2, "stride": 0.5, "engine": "onnx"})
    assert made.disable == ("recipients",)


def test_open_attributor_gives_one_process_or_a_pool(loads, monkeypatch, tmp_path):
    pools: list[tuple] = []

    class Pool:
        def __init__(self, workers, model_dir, **kwargs):
            pools.append((workers, model_dir, kwargs))

    monkeypatch.setattr(parallel, "ProcessPoolAttributor", Pool)
    options = InferenceOptions(model_dir="m", quantize=True, engine="torch", stride=0.5, disable=("recipients",),
                               workers=3)
    assert isinstance(pipeline.open_attributor(options), Pool)
    assert pools == [(3, "m", {"quantize": True, "engine": "torch", "stride": 0.5, "disable": ("recipients",)})]
    assert isinstance(pipeline.open_attributor(options, workers=2), Pool) and pools[-1][0] == 2
    one = pipeline.open_attributor(options, workers=1)
    assert isinstance(one, Attributor) and loads[-1][0] == "m" and len(pools) == 2
    assert isinstance(pipeline.open_attributor(), Attributor) and loads[-1][0] is None
    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(SHORT, encoding="utf-8")
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    auto = InferenceOptions(model_dir="m", workers="auto")
    assert isinstance(pipeline.open_attributor(auto, [str(tmp_path)]), Pool) and pools[-1][0] == 2
    assert isinstance(pipeline.open_attributor(auto, [str(tmp_path / "d0.txt")]), Attributor)


# --- one document -----------------------------------------------------------------------------------------

def test_a_report_carries_the_document_around_its_attributions():
    tagger = GoldTagger("models/tiny")
    doc = Document("d1", SHORT, path="in/d1.txt", encoding="latin-1", warnings=["read with latin-1"])
    report = next(Attributor(tagger).extract_documents([doc]))
    assert (report.doc_id, report.path, report.text, report.encoding) == ("d1", "in/d1.txt", SHORT, "latin-1")
    assert report.model == "tiny" and report.text_sha256 == text_digest(SHORT)
    assert report.warnings == ["read with latin-1"] and report.warnings is not doc.warnings
    assert [(a.source.text, a.cue.text, [c.text for c in a.content]) for a in report.attributions] == [
        ("Officials", "said", ["the talks had failed"])]
    assert report.page is None and tagger.texts == [SHORT]
    simple = Attributor(GoldTagger()).extract(SHORT, doc_id="x", path="p.txt")
    assert (simple.doc_id, simple.path, simple.model) == ("x", "p.txt", "unsaved")
    assert Attributor(GoldTagger()).extract(SHORT).doc_id == "doc"


def test_calibration_maps_each_confidence():
    plain = Attributor(GoldTagger()).extract(SHORT)
    halved = Attributor(GoldTagger(), calibration={"model": {"points": [[0.0, 0.0], [1.0, 0.5]]}}).extract(SHORT)
    assert plain.attributions[0].confidence > 0
    assert halved.attributions[0].confidence == round(plain.attributions[0].confidence / 2, 4)


def test_disabled_steps_stay_disabled():
    text = "Officials said the talks had failed, Reuters said.\n"
    calls: list[tuple[str, ...]] = []
    real = build.build_report

    def spy(*args, **kwargs):
        calls.append(kwargs["disable"])
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "build_report", spy)
        Attributor(GoldTagger(), disable=("recipients",)).extract(text)
    assert calls == [("recipients",)]


def test_the_retagger_tags_stretches_as_texts_of_their_own():
    tagger = GoldTagger()
    text = "Aides said it rained. Ann said it snowed."
    retag = Attributor(tagger).retagger(text)
    tagged = retag([(0, 21), (22, 41)])
    assert [t.text for t in tagged] == ["Aides said it rained.", "Ann said it snowed."]
    assert tagger.texts == ["Aides said it rained.", "Ann said it snowed."]


def test_a_web_page_gets_its_page_and_publisher():
    doc = Document("p", "Reporters at the Daily Planet said the bridge was closed.\n",
                   page={"site_name": "daily planet", "title": "Bridge"})
    report = next(Attributor(GoldTagger()).extract_documents([doc]))
    assert report.page == {"site_name": "daily planet", "title": "Bridge"}
    assert report.publisher == Span(17, 29, "Daily Planet")


def page_report(text: str, publisher: Span | None = None) -> Report:
    return Report("p", None, publisher, [], [], [], text=text)


def test_attach_page_names_the_site_only_where_the_text_does():
    page = {"site_name": " Planet ", "url": "u"}
    report = page_report("The planetary PLANET news.")
    pipeline.attach_page(report, page)
    assert report.page == page and report.page is not page
    assert report.publisher == Span(14, 20, "PLANET")  # whole words only
    for site in ("Plane", "", "   ", None):
        other = page_report("The planetary Planet news.")
        pipeline.attach_page(other, {"site_name": site} if site is not None else {})
        assert other.publisher is None
    dateline = page_report("Planet news.", Span(0, 6, "Planet"))
    pipeline.attach_page(dateline, {"site_name": "news"})
    assert dateline.publisher == Span(0, 6, "Planet")
    odd = page_report("Seen on a.b (c) today.")
    pipeline.attach_page(odd, {"site_name": "a.b (c)"})  # read literally, not as a pattern
    assert odd.publisher == Span(8, 15, "a.b (c)")
    pipeline.attach_page(dotted := page_report("Seen on aXb today."), {"site_name": "a.b"})
    assert dotted.publisher is None


# --- failures ---------------------------------------------------------------------------------------------

@pytest.fixture
def fail_on(monkeypatch):
    """Makes assembly fail for texts holding a word; returns the set of such words."""
    words: set[str] = set()
    real = build.build_report

    def build_or_fail(doc_id, text, tagged, *args, **kwargs):
        for word in words:
            if word in text:
                raise RuntimeError(f"cannot assemble {word}")
        return real(doc_id, text, tagged, *args, **kwargs)

    monkeypatch.setattr(build, "build_report", build_or_fail)
    return words


def test_a_failing_document_is_told_and_the_stream_goes_on(fail_on):
    fail_on.add("BROKEN")
    docs = [Document("a", SHORT), Document("b", "BROKEN said nothing.\n"), Document("c", "Ann said it snowed.\n")]
    failures: list[tuple[str, str]] = []
    reports = list(Attributor(GoldTagger()).extract_documents(docs, on_failure=lambda d, e: failures.append(
        (d.doc_id, str(e)))))
    assert [r.doc_id for r in reports] == ["a", "c"]
    assert failures == [("b", "cannot assemble BROKEN")]
    with pytest.raises(RuntimeError, match="cannot assemble BROKEN"):
        list(Attributor(GoldTagger()).extract_documents(docs))


def long_text(paragraphs: list[str]) -> str:
    return "".join(f"{p}\n\n" for p in paragraphs)


PARAGRAPHS = ["The ceasefire will hold, says Al Arabiya.", "The talks will resume, says Reuters.",
              "The border will reopen, says Al Arabiya.", "The port will close, says Reuters."]


def test_one_failing_section_fails_its_whole_document_only(fail_on, monkeypatch):
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 50)
    fail_on.add("BROKEN")
    broken = long_text(["The ceasefire will hold, says BROKEN.", *PARAGRAPHS[1:]])
    docs = [Document("a", broken), Document("b", long_text(PARAGRAPHS)), Document("c", SHORT)]
    failures: list[str] = []
    reports = list(Attributor(GoldTagger()).extract_documents(docs, on_failure=lambda d, e: failures.append(d.doc_id)))
    assert [r.doc_id for r in reports] == ["b", "c"] and failures == ["a"]
    assert len(reports[0].attributions) == 4
    last = long_text([*PARAGRAPHS[:3], "The port will close, says BROKEN."])  # the last section fails
    failures.clear()
    reports = list(Attributor(GoldTagger()).extract_documents([Document("z", last), Document("c", SHORT)],
                                                              on_failure=lambda d, e: failures.append(d.doc_id)))
    assert [r.doc_id for r in reports] == ["c"] and failures == ["z"]


def test_a_failing_merge_is_told_like_a_failing_assembly(monkeypatch):
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 50)

    def no_merge(*args):
        raise RuntimeError("merge failed")

    monkeypatch.setattr(pipeline, "_merge_sections", no_merge)
    failures: list[str] = []
    docs = [Document("long", long_text(PARAGRAPHS)), Document("c", SHORT)]
    reports = list(Attributor(GoldTagger()).extract_documents(docs, on_failure=lambda d, e: failures.append(str(e))))
    assert [r.doc_id for r in reports] == ["c"] and failures == ["merge failed"]
    with pytest.raises(RuntimeError, match="merge failed"):
        list(Attributor(GoldTagger()).extract_documents(docs))


# --- long documents -----------------------------------------------------------------------------------------

def test_sections_cut_after_the_best_break_in_the_second_half():
    assert pipeline.sections("") == [(0, 0)]
    assert pipeline.sections("abc", 3) == [(0, 3)]
    assert pipeline.sections("abcd", 3) == [(0, 3), (3, 4)]  # no whitespace: at the limit
    # limit 10: a cut is looked for in characters 5-9 of the piece, the best kind of break first
    assert pipeline.sections("aaaaaa\n\nbb\ncc", 10) == [(0, 8), (8, 13)]
    assert pipeline.sections("aaaaa\n\nb\ncc", 10) == [(0, 7), (7, 11)]  # a paragraph before a later line break
    assert pipeline.sections("aaaaa\nb. cccc", 10) == [(0, 6), (6, 13)]  # a line break before a later ". "
    assert pipeline.sections("aaaaa. b cccc", 10) == [(0, 7), (7, 13)]  # ". " before a later space
    assert pipeline.sections("aaaaaa b cccc", 10) == [(0, 9), (9, 13)]
    assert pipeline.sections("aa\n\nbbbbbbbbbbb", 10) == [(0, 10), (10, 15)]  # the break is in the first half
    assert pipeline.sections("aaaaaaaa\n\nbbb", 10) == [(0, 10), (10, 13)]  # a break ending at the limit
    assert pipeline.sections("aaaa\n\nbbbbbbb", 10) == [(0, 6), (6, 13)]  # half a paragraph break is a line break
    assert pipeline.sections("aaaaaa b cccccccc d eeee", 10) == [(0, 9), (9, 18), (18, 24)]
    assert pipeline.sections("aaaa b cc", 9) == [(0, 9)]
    assert pipeline.sections("aaa bccccc", 9) == [(0, 9), (9, 10)]  # 9 // 2: the space at 3 is too early
    assert pipeline.sections("aaaa bcccc", 9) == [(0, 5), (5, 10)]
    assert pipeline.sections("x" * pipeline.SECTION_CHARS) == [(0, pipeline.SECTION_CHARS)]
    assert pipeline.sections("x" * (pipeline.SECTION_CHARS + 1)) == [(0, pipeline.SECTION_CHARS),
                                                                    (pipeline.SECTION_CHARS, pipeline.SECTION_CHARS + 1)]


def test_sections_cover_the_text_in_order():
    text = long_text(PARAGRAPHS) * 3 + "tail without breaks"
    for limit in (7, 20, 50, 90):
        cuts = pipeline.sections(text, limit)
        assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
        assert all(a < b <= a + limit for a, b in cuts) and all(x[1] == y[0] for x, y in zip(cuts, cuts[1:]))


def test_a_long_document_is_merged_into_one_report(monkeypatch):
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 70)
    text = "MOSCOW (TASS) -- " + long_text(PARAGRAPHS)
    cuts = pipeline.sections(text)
    tagger = GoldTagger()
    report = Attributor(tagger).extract(text, doc_id="long", path="long.txt")
    assert len(cuts) == 4 and tagger.texts == [text[a:b] for a, b in cuts]
    assert report.text == text and report.doc_id == "long" and report.path == "long.txt"
    assert report.warnings == [f"long document ({len(text)} characters) processed in 4 sections of at most 70; "
                               "attributions do not cross section boundaries"]
    assert contract_errors(report.to_dict(), text) == []
    assert [a.id for a in report.attributions] == ["a1", "a2", "a3", "a4"]
    assert [(a.source.text, a.source_id, a.source.entity) for a in report.attributions] == [
        ("Al Arabiya", "s1", "s1"), ("Reuters", "s2", "s2"), ("Al Arabiya", "s1", "s1"), ("Reuters", "s2", "s2")]
    assert [(s.id, s.name, [m.start for m in s.mentions]) for s in report.sources] == [
        ("s1", "Al Arabiya", [text.index("Al Arabiya"), text.rindex("Al Arabiya")]),
        ("s2", "Reuters", [text.index("Reuters"), text.rindex("Reuters")])]
    assert [(s.index, s.attributions) for s in report.sentences] == [
        (0, ["a1"]), (1, ["a2"]), (2, ["a3"]), (3, ["a4"])]
    assert [s.index for s in report.sentences] == list(range(len(report.sentences)))
    for span in [sp for a in report.attributions for sp in a.spans()] + [s for s in report.sentences]:
        assert text[span.start:span.end] == span.text
    assert report.publisher == Span(8, 12, "TASS")  # found in the whole text
    assert report.model == "unsaved" and report.text_sha256 == text_digest(text)


def sectioned(text: str, *parts: str) -> tuple[list[tuple[int, int]], list[Report]]:
    """Cuts at the given section texts, and the oracle report of each section."""
    cuts, start, reports = [], 0, []
    for part in parts:
        assert text.startswith(part, start)
        cuts.append((start, start + len(part)))
        reports.append(Attributor(GoldTagger()).extract(part))
        start += len(part)
    return cuts, reports


def test_merge_shifts_each_span_once_and_renumbers_chains():
    first = "Aides said the vote was fair.\n"
    second = "Ann Lee said the vote may be fair. The count will finish, says Ann Lee.\n"
    text = first + second
    cuts, parts = sectioned(text, first, second)
    b = parts[1]
    b.attributions[1].via = b.attributions[0].id
    hedge = b.attributions[0].hedges[0] if b.attributions[0].hedges else None
    merged = pipeline._merge_sections(Document("m", text, path="m.txt"), cuts, parts)
    assert (merged.doc_id, merged.path, merged.text) == ("m", "m.txt", text)
    assert [a.id for a in merged.attributions] == ["a1", "a2", "a3"]
    assert merged.attributions[2].via == "a2" and merged.attributions[0].via is None
    assert [s.name for s in merged.sources] == ["Aides", "Ann Lee"]
    assert [len(s.mentions) for s in merged.sources] == [1, 2]
    for span in [sp for a in merged.attributions for sp in a.spans()] + merged.sentences:
        assert text[span.start:span.end] == span.text, span
    if hedge is not None:  # the sentence and the attribution share one hedge object: shifted once
        assert text[hedge.start:hedge.end] == hedge.text
    assert [s.index for s in merged.sentences] == [0, 1, 2]
    assert merged.publisher is None


def test_merge_keeps_unknown_links_empty():
    first, second = "Aides said the vote was fair.\n", "Ann said it rained.\n"
    cuts, parts = sectioned(first + second, first, second)
    parts[1].attributions[0].via = "a404"  # a link to nothing in its section
    parts[1].attributions[0].source_id = None
    parts[1].attributions[0].source.entity = None
    parts[0].attributions[0].source_id = "s404"
    parts[0].attributions[0].source.entity = "s404"
    merged = pipeline._merge_sections(Document("m", first + second), cuts, parts)
    a1, a2 = merged.attributions
    assert (a2.via, a2.source_id, a2.source.entity) == (None, None, None)
    assert (a1.source_id, a1.source.entity) == (None, None)
    parts = sectioned(first + second, first, second)[1]
    parts[0].attributions[0].source = None
    merged = pipeline._merge_sections(Document("m", first + second), cuts, parts)
    assert merged.attributions[0].source is None and merged.attributions[1].source_id == "s2"


def test_sources_merge_by_normalised_name_keeping_the_first_entry():
    first, second = "The Ministry said it rained.\n", "The  MINISTRY said it snowed.\n"
    cuts, parts = sectioned(first + second, first, second)
    parts[0].sources[0].titles = ["spokesman"]
    parts[1].sources[0].anonymous = True
    merged = pipeline._merge_sections(Document("m", first + second), cuts, parts)
    assert len(merged.sources) == 1
    source = merged.sources[0]
    assert (source.id, source.name, source.kind, source.anonymous, source.titles) == (
        "s1", "Ministry", parts[0].sources[0].kind, False, ["spokesman"])
    assert source.titles is not parts[0].sources[0].titles
    assert [m.text for m in source.mentions] == ["The Ministry", "The  MINISTRY"]
    assert [a.source_id for a in merged.attributions] == ["s1", "s1"]


# --- extract_folder ------------------------------------------------------------------------------------------

@pytest.fixture
def stand_in(monkeypatch):
    """``open_attributor`` gives an Attributor around the gold tagger; its calls are recorded."""
    calls: list[tuple] = []

    def open_attributor(options=None, paths=(), workers=None):
        calls.append((options, list(paths)))
        return Attributor(GoldTagger())

    monkeypatch.setattr(pipeline, "open_attributor", open_attributor)
    return calls


def test_extract_folder_writes_reports_or_lines(tmp_path, stand_in):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    (src / "big.txt").write_text("x" * 100, encoding="utf-8")
    errors: list[str] = []
    progress: list[str] = []
    summary = pipeline.extract_folder([src], tmp_path / "out", max_bytes=50, on_error=errors.append,
                                      on_progress=progress.append)
    assert summary.written == 1 and len(summary.failed) == 1 and errors == summary.failed and "big.txt" in errors[0]
    assert progress == ["a", str(src / "big.txt")]
    assert json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))["text"] == SHORT
    assert stand_in[0][1] == [str(src)] and stand_in[0][0] == InferenceOptions()
    again = pipeline.extract_folder([src], tmp_path / "out", max_bytes=50)
    assert again.skipped == 1 and again.written == 0
    redo = pipeline.extract_folder([src], tmp_path / "out", resume=False)
    assert redo.written == 2 and redo.skipped == 0  # the default limit reads big.txt
    lines: list[str] = []
    options = InferenceOptions(model_dir="m")
    pipeline.extract_folder([src / "a.txt"], None, options, emit=lines.append)
    assert [json.loads(x)["doc_id"] for x in lines] == ["a"] and stand_in[-1][0] is options


def test_extract_folder_passes_limits_links_and_html_mode_to_the_batch(tmp_path, stand_in, monkeypatch):
    seen: list[dict] = []

    def run_batch(attributor, names, out, **kwargs):
        seen.append({"names": names, "out": out, **kwargs})
        return batch.BatchSummary()

    modes: list[str] = []
    monkeypatch.setattr(batch, "run_batch", run_batch)
    import attribution.read as read

    monkeypatch.setattr(read, "set_html_mode", modes.append)
    pipeline.extract_folder([tmp_path], "out")
    assert seen[-1] == {"names": [str(tmp_path)], "out": "out", "emit": None, "on_error": None, "on_progress": None,
                        "resume": True, "max_bytes": DEFAULT_MAX_BYTES, "follow_symlinks": False}
    assert modes == []
    pipeline.extract_folder([tmp_path], "out", InferenceOptions(html_mode="full"), follow_symlinks=True, max_bytes=0)
    assert seen[-1]["follow_symlinks"] is True and seen[-1]["max_bytes"] == 0 and modes == ["full"]


def test_extract_folder_on_ray(tmp_path, monkeypatch):
    from attribution import backends

    calls: list[tuple] = []
    monkeypatch.setattr(backends, "run_ray_batch", lambda *args, **kwargs: calls.append((args, kwargs)) or "done")
    monkeypatch.setattr(tagger_module, "default_model_dir", lambda: Path("released"))
    with pytest.raises(ValueError, match="^the Ray backend writes report files: give an output folder$"):
        pipeline.extract_folder([tmp_path], None, InferenceOptions(backend="ray"))
    errors = []
    options = InferenceOptions(backend="ray", model_dir="m", quantize=True, ray_address="auto", actors=3)
    assert pipeline.extract_folder([tmp_path], tmp_path / "out", options, resume=False, max_bytes=7,
                                   follow_symlinks=True, on_error=errors.append) == "done"
    assert calls[-1] == (("m", [str(tmp_path)], tmp_path / "out"),
                         {"quantize": True, "address": "auto", "actors": 3, "resume": False, "max_bytes": 7,
                          "follow_symlinks": True, "on_error": errors.append})
    pipeline.extract_folder([str(tmp_path)], str(tmp_path / "out"), InferenceOptions(backend="ray"))
    assert calls[-1][0] == (Path("released"), [str(tmp_path)], tmp_path / "out")
    assert calls[-1][1]["max_bytes"] == DEFAULT_MAX_BYTES and calls[-1][1]["resume"] is True
    assert calls[-1][1]["follow_symlinks"] is False and calls[-1][1]["quantize"] is None


# --- what the first mutation run left -------------------------------------------------------------------------

def test_two_sections_are_cut_tagged_and_said():
    text = long_text(PARAGRAPHS[:2])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "SECTION_CHARS", 50)
        tagger = GoldTagger()
        report = Attributor(tagger).extract(text)
    assert tagger.texts == [long_text(PARAGRAPHS[:1]), long_text(PARAGRAPHS[1:2])]
    assert [a.source.text for a in report.attributions] == ["Al Arabiya", "Reuters"]
    assert report.warnings == [f"long document ({len(text)} characters) processed in 2 sections of at most 50; "
                               "attributions do not cross section boundaries"]


def test_after_a_failing_section_the_rest_of_its_document_is_not_assembled(fail_on, monkeypatch):
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 50)
    fail_on.add("BROKEN")
    text = long_text(["The ceasefire will hold, says BROKEN.", "The talks will resume, says BROKEN."])
    failures: list[str] = []
    reports = list(Attributor(GoldTagger()).extract_documents([Document("a", text), Document("c", SHORT)],
                                                              on_failure=lambda d, e: failures.append(d.doc_id)))
    assert failures == ["a"] and [r.doc_id for r in reports] == ["c"]  # told once


def test_the_failing_merge_names_its_document(monkeypatch):
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 50)
    monkeypatch.setattr(pipeline, "_merge_sections", lambda *args: 1 / 0)
    failures: list[tuple] = []
    list(Attributor(GoldTagger()).extract_documents([Document("long", long_text(PARAGRAPHS))],
                                                    on_failure=lambda d, e: failures.append((d.doc_id, type(e)))))
    assert failures == [("long", ZeroDivisionError)]


def test_assembly_gets_a_retagger_of_its_own_text(monkeypatch):
    seen: list = []
    real = build.build_report

    def spy(doc_id, text, tagged, *args, retag=None, **kwargs):
        seen.append((text, retag))
        return real(doc_id, text, tagged, *args, retag=retag, **kwargs)

    monkeypatch.setattr(build, "build_report", spy)
    tagger = GoldTagger()
    Attributor(tagger).extract("Aides said it rained. Ann said it snowed.\n")
    text, retag = seen[0]
    tagger.texts.clear()
    assert [t.text for t in retag([(22, 41)])] == ["Ann said it snowed."] and tagger.texts == ["Ann said it snowed."]


def test_merge_keeps_anonymity_and_shifts_the_authors_own_hedges():
    first, second = "Aides said it rained.\n", "Aides said it snowed. Perhaps it did.\n"
    text = first + second
    cuts, parts = sectioned(text, first, second)
    parts[0].sources[0].anonymous = True
    start = second.index("Perhaps")
    last = parts[1].sentences[-1]
    last.hedges.append(Hedge(start, start + 7, "Perhaps", cls="speculative"))
    merged = pipeline._merge_sections(Document("m", text), cuts, parts)
    assert merged.sources[0].anonymous is True
    hedge = merged.sentences[-1].hedges[0]
    assert text[hedge.start:hedge.end] == "Perhaps" == hedge.text
