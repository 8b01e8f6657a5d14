"""The report stage piece by piece, on reports written by hand (no model, no assembly): what a
reader sees in the terminal, in the HTML pages and in the inventory, field for field.

The end-to-end tests beside this file render real reports; these pin the rules underneath
(tooltip wording, which spans are dropped, layout of a report saved without its text, chart
widths, act filtering, literal printing), each to an exact value, so that a changed rule fails.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from attribution.report import acts, html, inventory, literal, load, terminal
from attribution.schema import Attribution, Hedge, Report, Sentence, Source, SourceSpan, Span

TEXT = "MOSCOW (TASS) -- Aides told Reuters the minister reportedly resigned. He said [the] talks may end. Rain fell.\n"


def at(piece: str, nth: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(nth):
        pos = TEXT.index(piece, pos + 1)
    return pos, pos + len(piece)


def span(piece: str, nth: int = 1) -> Span:
    return Span(*at(piece, nth), piece)


def hedge(piece: str, cls: str) -> Hedge:
    return Hedge(*at(piece), piece, cls=cls)


def source(piece: str, kind: str, anonymous: bool = False, resolves_to: str | None = None,
           entity: str | None = None) -> SourceSpan:
    return SourceSpan(*at(piece), piece, kind=kind, anonymous=anonymous, resolves_to=resolves_to, entity=entity)


def sentence(index: int, piece: str, attributions=(), hedges=(), voice: str = "author") -> Sentence:
    return Sentence(index, *at(piece), piece, attributions=list(attributions), hedges=list(hedges), voice=voice)


def make_report(doc_id: str = "doc") -> Report:
    """Two attributions, the second told via the first; an unattributed hedge in the last sentence."""
    aides = Attribution("a1", source("Aides", "anonymous", anonymous=True, entity="s1"), span("told"),
                        [span("the minister reportedly resigned")], recipient=span("Reuters"),
                        hedges=[hedge("reportedly", "reportative")], confidence=0.914, certainty="hedged",
                        source_id="s1")
    he = Attribution("a2", source("He", "pronoun", resolves_to="Ann Lee", entity="s2"), span("said"),
                     [span("[the] talks may end")], via="a1", hedges=[hedge("may", "speculative")],
                     confidence=0.5, source_id="s2", act="thought", floating=True)
    s1 = sentence(0, "MOSCOW (TASS) -- Aides told Reuters the minister reportedly resigned.", ["a1"],
                  [hedge("reportedly", "reportative")], voice="attributed")
    s2 = sentence(1, "He said [the] talks may end.", ["a2"], voice="attributed")
    s3 = sentence(2, "Rain fell.", hedges=[Hedge(*at("Rain"), "Rain", cls="speculative")])
    sources = [Source("s1", "Aides", "anonymous", [span("Aides")], anonymous=True),
               Source("s2", "Ann Lee", "person", [span("He")])]
    return Report(doc_id, "news/doc.txt", span("TASS"), [s1, s2, s3], [aides, he], sources, text=TEXT)


# --- literal ------------------------------------------------------------------------------------------------

def test_visible_escapes_what_a_terminal_acts_on_and_keeps_the_rest():
    assert literal.visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert literal.visible("x\u202ey\u2066z") == "x\\u202ey\\u2066z"
    assert literal.visible("one\r\ntwo\rthree") == "one\ntwo\\x0dthree"
    kept = "\t\n \x7e\xa0\u2029\u202f\u2065\u206aé"
    assert literal.visible(kept) == kept
    escaped = "\x00\x08\x0b\x1f\x7f\x9f\u202a\u202e\u2066\u2069"
    assert literal.visible(escaped) == ("\\x00\\x08\\x0b\\x1f\\x7f\\x9f\\u202a\\u202e\\u2066\\u2069")


def test_literal_is_a_rich_text_with_the_style_and_no_markup():
    text = literal.literal("[bold]x[/bold]\x07", style="green")
    assert text.plain == "[bold]x[/bold]\\x07" and text.style == "green"
    assert literal.literal("y").style == ""


# --- acts ---------------------------------------------------------------------------------------------------

def test_parse_acts():
    assert acts.parse_acts(None) is None and acts.parse_acts("  ") is None
    assert acts.parse_acts(" Speech, ,THOUGHT ,") == frozenset({"speech", "thought"})
    with pytest.raises(ValueError) as err:
        acts.parse_acts("speech,zz,bogus")
    assert str(err.value) == "unknown act(s) bogus, zz: choose from speech, thought, evidence, other"


def test_keep_acts_cuts_chains_and_sources_and_leaves_the_original_alone():
    report = make_report()
    assert acts.keep_acts(report, None) is report
    thoughts = acts.keep_acts(report, frozenset({"thought"}))
    assert [a.id for a in thoughts.attributions] == ["a2"] and thoughts.attributions[0].via is None
    assert [s.attributions for s in thoughts.sentences] == [[], ["a2"], []]
    assert [s.id for s in thoughts.sources] == ["s2"]
    assert report.attributions[1].via == "a1" and report.sentences[0].attributions == ["a1"]
    both = acts.keep_acts(report, frozenset({"thought", "speech"}))
    assert both.attributions[1].via == "a1" and [s.id for s in both.sources] == ["s1", "s2"]


# --- terminal -----------------------------------------------------------------------------------------------

def rendered(renderable, width: int = 400) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def test_chain_text_names_publisher_sources_and_resolutions():
    report = make_report()
    a1, a2 = report.attributions
    assert terminal.chain_text(report, a2) == "TASS → Aides → He [= Ann Lee]"
    report.publisher = None
    a1.source = None
    assert terminal.chain_text(report, a2) == "(unnamed) → He [= Ann Lee]"
    assert terminal.chain_text(report, a1) == "(unnamed)"


def table_rows(table, width: int = 300, ruled: bool = True) -> tuple[str, list[list[str]]]:
    """The title and the rows of a rendered table, each cell's wrapped lines joined by one space
    (``ruled``: rows are separated by lines; else every line is a row)."""
    lines = rendered(table, width).splitlines()
    rows: list[list[str]] = []
    current: list[list[str]] | None = None
    for line in lines[1:]:
        if line[:1] in "│┃":
            cells = [c.strip() for c in line.replace("┃", "│").split("│")[1:-1]]
            if current is None or not ruled:
                current = [[] for _ in cells]
                rows.append(current)  # type: ignore[arg-type]
            for pieces, cell in zip(current, cells):
                if cell:
                    pieces.append(cell)
        else:
            current = None
    return lines[0].strip(), [[" ".join(pieces) for pieces in row] for row in rows]


def test_sentence_table_shows_each_attribution_on_its_sentence():
    title, rows = table_rows(terminal.sentence_table(make_report("[red]doc[/red]")))
    assert title == "[red]doc[/red] — publisher: TASS"
    assert rows == [
        ["#", "sentence", "voice", "conf. · chain · cue · content", "hedges"],
        ["0", "MOSCOW (TASS) -- Aides told Reuters the minister reportedly resigned.", "attributed",
         "0.91 a1 TASS → Aides · told (to Reuters) · indirect, hedged the minister reportedly resigned",
         "reportedly (reportative)"],
        ["1", "He said [the] talks may end.", "attributed",
         "0.50 a2 TASS → Aides → He [= Ann Lee] · said · indirect, stated · floating quote, thought [the] talks may end",
         ""],
        ["2", "Rain fell.", "author", "—", "Rain (speculative)"]]


def test_sentence_table_without_publisher_and_with_speech_says_no_extras():
    report = make_report()
    report.publisher = None
    a2 = report.attributions[1]
    a2.act, a2.floating, a2.cue = "speech", False, None
    report.sentences[1].attributions.append("a9")  # an id no attribution has is left out, not a crash
    title, rows = table_rows(terminal.sentence_table(report))
    assert title == "doc"
    assert rows[2][3] == "0.50 a2 Aides → He [= Ann Lee] · indirect, stated [the] talks may end"
    a2.floating = True
    assert table_rows(terminal.sentence_table(report))[1][2][3] == (
        "0.50 a2 Aides → He [= Ann Lee] · indirect, stated · floating quote [the] talks may end")
    a2.floating, a2.act = False, "evidence"
    report.sentences[1].attributions = ["a1", "a2"]
    cell = table_rows(terminal.sentence_table(report))[1][2][3]
    assert cell == ("0.91 a1 Aides · told (to Reuters) · indirect, hedged the minister reportedly resigned "
                    "0.50 a2 Aides → He [= Ann Lee] · indirect, stated · evidence [the] talks may end")


def test_long_content_is_cut_at_300_characters():
    words = "x" * 400
    text = f"Aides said {words}.\n"
    att = Attribution("a1", SourceSpan(0, 5, "Aides", kind="anonymous"), Span(6, 10, "said"), [Span(11, 411, words)])
    report = Report("d", None, None, [Sentence(0, 0, len(text) - 1, text[:-1], ["a1"])], [att], [], text=text)
    out = rendered(terminal.sentence_table(report), width=2000)
    assert "x" * 300 in out and "x" * 301 not in out.replace("x" * 400, "")


def test_sources_table_and_print_report():
    report = make_report()
    report.sources[1].name = "[b]Ann[/b]"
    title, cells = table_rows(terminal.sources_table(report), ruled=False)
    assert title == "sources"
    assert cells == [["id", "name", "kind", "anonymous", "mentions"], ["s1", "Aides", "anonymous", "yes", "1"],
                     ["s2", "[b]Ann[/b]", "person", "no", "1"]]
    console = Console(file=io.StringIO(), width=200, color_system=None)
    terminal.print_report(report, console)
    assert "sources" in console.file.getvalue() and "[b]Ann[/b]" in console.file.getvalue()
    report.sources = []
    console = Console(file=io.StringIO(), width=200, color_system=None)
    terminal.print_report(report, console)
    out = console.file.getvalue()
    assert "Aides told" in out and "mentions" not in out


# --- html: marks, segments, layout -------------------------------------------------------------------------

def test_marks_carry_roles_attributions_and_tooltip_notes():
    report = make_report()
    marks, dropped = html.marks_of(report, TEXT)
    assert dropped == 0
    got = {(TEXT[m.start:m.end], m.role, m.attribution, m.note) for m in marks}
    assert got == {
        ("TASS", "publisher", None, ""),
        ("Aides", "source", "a1", "anonymous, anonymous, s1"),
        ("told", "cue", "a1", "indirect"),
        ("the minister reportedly resigned", "content", "a1", ""),
        ("reportedly", "hedge", "a1", "reportative"),  # the sentence's copy of it is not a second mark
        ("Reuters", "recipient", "a1", ""),
        ("He", "source", "a2", "pronoun → Ann Lee, s2"),
        ("said", "cue", "a2", "indirect"),
        ("[the] talks may end", "content", "a2", "floating quote, thought"),
        ("may", "hedge", "a2", "speculative"),
        ("Rain", "hedge", None, "speculative"),
    }
    assert marks == sorted(marks, key=lambda m: (m.start, m.end, m.role, m.attribution or ""))


def test_spans_that_do_not_match_the_text_are_counted_not_drawn():
    report = make_report()
    a1, a2 = report.attributions
    a1.cue = Span(a1.cue.start, a1.cue.end, "tells")  # wrong text
    a2.recipient = Span(len(TEXT), len(TEXT) + 3, "abc")  # beyond the end
    a2.content.append(Span(5, 5, ""))  # empty
    a2.content.append(Span(-1, 2, "XMO"))  # before the start
    a1.cue.start = a1.cue.start  # unchanged offsets
    marks, dropped = html.marks_of(report, TEXT)
    assert dropped == 4
    assert ("cue", "a1") not in {(m.role, m.attribution) for m in marks}
    edge = make_report()
    edge.attributions[0].recipient = Span(len(TEXT) - 1, len(TEXT), "\n")  # ends exactly at the end: drawn
    edge.attributions[1].recipient = Span(0, 6, "MOSCOW")  # starts at 0: drawn
    marks, dropped = html.marks_of(edge, TEXT)
    assert dropped == 0 and {(m.start, m.end) for m in marks if m.role == "recipient"} == {(len(TEXT) - 1, len(TEXT)),
                                                                                              (0, 6)}


def test_a_hedge_of_the_author_alone_stays_when_an_attribution_hedges_elsewhere():
    report = make_report()
    report.sentences[0].hedges = [hedge("may", "reportative")]  # same place as a2's hedge: drawn once
    marks, _ = html.marks_of(report, TEXT)
    assert [(m.attribution, m.note) for m in marks if TEXT[m.start:m.end] == "may"] == [("a2", "speculative")]
    report.attributions[1].hedges = []
    marks, _ = html.marks_of(report, TEXT)
    assert [(m.attribution, m.note) for m in marks if TEXT[m.start:m.end] == "may"] == [(None, "reportative")]


def test_segment_roles_attributions_and_title():
    seg = html.Segment("x", (html.Mark(0, 1, "hedge", "a10", "speculative"), html.Mark(0, 1, "content", "a2"),
                             html.Mark(0, 1, "source", "a10"), html.Mark(0, 1, "hedge", None, "reportative")))
    assert seg.roles == ["source", "content", "hedge"]
    assert seg.attributions == ["a2", "a10"]  # by number, not as strings
    assert seg.title == "hedge (reportative) · a2 content · a10 source · a10 hedge (speculative)"
    assert html.Segment("y").roles == [] and html.Segment("y").title == ""
    assert html._id_order("x") == (0, "x") and html._id_order("a12") == (12, "a12")


def test_segments_cover_the_text_and_close_marks_where_they_end():
    text = "abcdefgh"
    outer, inner, later = html.Mark(1, 6, "content", "a1"), html.Mark(2, 4, "hedge", "a1"), html.Mark(6, 8, "cue", "a2")
    segs = html.segments(text, [outer, inner, later])
    assert [(s.text, s.marks) for s in segs] == [("a", ()), ("b", (outer,)), ("cd", (outer, inner)), ("ef", (outer,)),
                                                 ("gh", (later,))]
    assert [(s.text, s.marks) for s in html.segments("abc", [])] == [("abc", ())]


def test_document_text_of_a_report_saved_without_text():
    report = make_report()
    assert html.document_text(report) == TEXT
    report.text = ""
    laid = html.document_text(report)
    assert laid == TEXT.rstrip("\n")  # sentences at their offsets, spaces between them
    report.sentences = [Sentence(0, 2, 5, "abc"), Sentence(1, 8, 12, "de"), Sentence(2, 3, 4, "b"),
                        Sentence(3, 10, 14, "zzzz")]
    assert html.document_text(report) == "  abc   de  zz"  # padded short text; overlaps keep the first
    report.sentences = []
    assert html.document_text(report) == ""


# --- html: summaries, charts, pages ------------------------------------------------------------------------

def test_article_summary():
    report = make_report()
    assert html.article_summary(report) == {
        "doc_id": "doc", "publisher": "TASS", "attributions": 2, "sentences": 3, "attributed_sentences": 2,
        "sources": 2, "anonymous": 2, "hedged": 2, "anonymous_share": 1.0, "hedged_share": 1.0}
    report.publisher = None
    report.attributions[1].via = None
    report.attributions[1].hedges = [hedge("may", "certain")]
    summary = html.article_summary(report)
    assert (summary["publisher"], summary["anonymous"], summary["hedged"]) == (None, 1, 1)
    assert summary["anonymous_share"] == 0.5 and summary["hedged_share"] == 0.5
    empty = Report("e", None, None, [], [], [])
    assert html.article_summary(empty)["anonymous_share"] == 0.0 and html.article_summary(empty)["hedged_share"] == 0.0


def test_article_context_rows_follow_the_sentences():
    report = make_report()
    report.sentences[1].attributions.append("a404")
    context = html.article_context(report)
    assert context["dropped"] == 0 and context["roles"] == html.ROLES and context["report"] is report
    assert "".join(s.text for s in context["segments"]) == TEXT
    rows = context["rows"]
    assert [r["sentence"].index for r in rows] == [0, 1, 2]
    assert [[(x["att"].id, x["chain"], x["anonymous"], x["hedged"]) for x in r["attributions"]] for r in rows] == [
        [("a1", "TASS → Aides", True, True)], [("a2", "TASS → Aides → He [= Ann Lee]", True, True)], []]


def test_bars_scale_to_300_pixels():
    assert html._bars([("a", 2.0, "2"), ("b", 1.0, "1")], 2.0) == [
        {"label": "a", "value": 2.0, "text": "2", "width": 300.0}, {"label": "b", "value": 1.0, "text": "1", "width": 150.0}]
    assert html._bars([("c", 1.0, "1")], 3.0)[0]["width"] == 100.0
    assert html._bars([("z", 0.0, "0")], 0)[0]["width"] == 0


def test_index_context_totals_charts_and_truncation(monkeypatch):
    first, second = make_report("one"), make_report("two")
    second.attributions[0].source = None
    second.attributions[1].via = None
    second.attributions[1].hedges = []
    second.sources = [second.sources[1]]
    pages = [Path("out/one.html"), Path("out/two.html")]
    context = html.index_context([first, second], pages)
    assert [(a["doc_id"], a["href"]) for a in context["articles"]] == [("one", "one.html"), ("two", "two.html")]
    assert context["totals"] == {"articles": 2, "attributions": 4, "anonymous_share": 0.5, "hedged_share": 0.75}
    assert context["kind_chart"] == [
        {"label": "pronoun", "value": 2.0, "text": "2", "width": 300.0},
        {"label": "anonymous", "value": 1.0, "text": "1", "width": 150.0},
        {"label": "unnamed", "value": 1.0, "text": "1", "width": 150.0}]
    assert context["anon_chart"] == [{"label": "one", "value": 1.0, "text": "100%", "width": 300.0},
                                     {"label": "two", "value": 0.0, "text": "0%", "width": 0.0}]
    assert context["anon_chart_truncated"] is False
    assert [r["name"] for r in context["top_sources"]] == ["Ann Lee", "Aides"]
    monkeypatch.setattr(html, "CHART_MAX_BARS", 1)
    small = html.index_context([first, second], pages)
    assert [b["label"] for b in small["anon_chart"]] == ["one"] and small["anon_chart_truncated"] is True
    monkeypatch.setattr(html, "CHART_MAX_BARS", 2)
    assert html.index_context([first, second], pages)["anon_chart_truncated"] is False
    empty = html.index_context([], [])
    assert empty["totals"] == {"articles": 0, "attributions": 0, "anonymous_share": 0.0, "hedged_share": 0.0}
    assert empty["kind_chart"] == [] and empty["anon_chart"] == []


def test_index_chart_order_breaks_ties_by_doc_id():
    reports = [make_report(d) for d in ("c", "a", "b")]
    reports[0].attributions = []
    pages = [Path(f"{r.doc_id}.html") for r in reports]
    assert [b["label"] for b in html.index_context(reports, pages)["anon_chart"]] == ["a", "b", "c"]
    sources = html.index_context(reports * 8, pages * 8)["top_sources"]
    assert len(sources) == 2


def test_top_sources_are_at_most_fifteen():
    reports = []
    for i in range(17):
        r = make_report(f"d{i}")
        r.sources = [Source("s1", f"Person {i} Name", "person", [])]
        reports.append(r)
    assert len(html.index_context(reports, [Path(f"{r.doc_id}.html") for r in reports])["top_sources"]) == 15


def test_page_names_never_collide():
    reports = [make_report(d) for d in ("x", "X", "x-2", "index", "Index", "x")]
    assert html.page_names(reports) == ["x.html", "X-2.html", "x-2-2.html", "index-2.html", "Index-3.html",
                                        "x-3.html"]


def test_write_html_reports_writes_pages_and_index(tmp_path):
    out = tmp_path / "new" / "html"
    pages = html.write_html_reports([make_report("one"), make_report("two")], out)
    assert pages == [out / "one.html", out / "two.html", out / "index.html"]
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "one.html", "two.html"]
    page = (out / "one.html").read_text(encoding="utf-8")
    assert 'title="a2 content (floating quote, thought) · a2 hedge (speculative)"' in page
    assert "&lt;script" not in page and "[the] talks may end" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="one.html"' in index and 'href="two.html"' in index and "2 articles" in index


def test_templates_are_strict_and_escape_by_default():
    env = html._environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ nothing }}").render()
    assert env.from_string("{% if 1 %}\n  a\n{% endif %}\n").render() == "  a\n"  # trim_blocks, lstrip_blocks
    assert env.from_string("  {% if 1 %}b{% endif %}").render() == "b"


# --- inventory ----------------------------------------------------------------------------------------------

def test_names_and_kinds_used_as_keys():
    assert inventory.normalise_name("  The   “Times”  ") == '"times"'
    assert inventory.normalise_name("An  ＡＢＣ ‘x’ `y`") == "abc 'x' 'y'"
    assert inventory.normalise_name("A") == "a" and inventory.normalise_name("Theodore") == "theodore"
    assert inventory.normalise_name("the  Times") == "times"
    assert [inventory.kind_class(k) for k in ("organization", "government", "media", "person")] == [
        "body", "body", "body", "person"]
    assert inventory.corpus_key("McCallum", "person", {"mccallum": "doug mccallum"}) == ("doug mccallum", "person")
    assert inventory.corpus_key("McCallum", "media", {"mccallum": "doug mccallum"}) == ("mccallum", "body")
    assert inventory.corpus_key("McCallum", "person") == ("mccallum", "person")
    # a one-word "person" that names a body elsewhere in the corpus is that body; a surname alias wins
    assert inventory.corpus_key("Velbank", "person", {}, frozenset({"velbank"})) == ("velbank", "body")
    assert inventory.corpus_key("McCallum", "person", {"mccallum": "doug mccallum"},
                                frozenset({"mccallum"})) == ("doug mccallum", "person")
    assert inventory.corpus_key("Ana Ruiz", "person", {}, frozenset({"ana ruiz"})) == ("ana ruiz", "person")


def test_surname_aliases_only_for_one_full_name():
    a, b = make_report("a"), make_report("b")
    a.sources = [Source("s1", "Doug McCallum", "person", []), Source("s2", "Ann Lee", "person", []),
                 Source("s3", "Lee Group", "organization", []), Source("s4", "Lee", "person", [])]
    b.sources = [Source("s1", "Tom Lee", "person", []), Source("s2", "the Doug  McCallum", "person", [])]
    assert inventory.surname_aliases([a, b]) == {"mccallum": "doug mccallum"}


def test_is_hedged_and_anonymous():
    report = make_report()
    a1, a2 = report.attributions
    assert inventory.is_hedged(a1)  # certainty hedged
    a1.certainty, a1.hedges = "stated", [hedge("reportedly", "certain")]
    assert not inventory.is_hedged(a1)
    a1.hedges = []
    assert not inventory.is_hedged(a1)
    assert inventory.registry_source(report, a2).name == "Ann Lee"
    assert inventory.source_name(report, a2) == "Ann Lee" and not inventory.is_anonymous(report, a2)
    a2.source_id = None
    assert inventory.registry_source(report, a2) is None and inventory.source_name(report, a2) == "Ann Lee"
    a2.source.resolves_to = None
    assert inventory.source_name(report, a2) == "He"
    a2.source_id = "s404"
    assert inventory.registry_source(report, a2) is None
    a2.source = None
    assert inventory.source_name(report, a2) is None and not inventory.is_anonymous(report, a2)
    a2.source_id = "s1"  # the registry entry is anonymous though the span is gone
    assert inventory.is_anonymous(report, a2)
    assert inventory.rests_on_anonymous(report, a2)
    report.sources[0].anonymous = False
    a1.source.anonymous = False
    assert not inventory.rests_on_anonymous(report, a2)


def test_inventory_rows_field_for_field():
    report = make_report()
    rows = inventory.source_inventory([report])
    assert rows == [  # a tie in claims and mentions: by name
        {"id": "e1", "name": "Aides", "kind": "anonymous", "anonymous": True, "mentions": 1, "claims": 1,
         "hedged_share": 1.0, "articles": 1, "outlets": ["TASS"], "entities": ["doc#s1"]},
        {"id": "e2", "name": "Ann Lee", "kind": "person", "anonymous": False, "mentions": 1, "claims": 1,
         "hedged_share": 1.0, "articles": 1, "outlets": ["Aides", "TASS"], "entities": ["doc#s2"]},
    ]
    assert list(rows[0]) == list(inventory.FIELDS)


def test_inventory_counts_sources_the_registry_missed():
    report = make_report()
    report.publisher = None
    report.sources = []
    report.attributions[0].source_id = report.attributions[1].source_id = None
    report.attributions[1].hedges = []
    report.attributions[1].source.kind = "person"  # else "He" is a pronoun entity of its own
    rows = inventory.source_inventory([report, make_report("other")])
    lee = next(r for r in rows if r["name"] == "Ann Lee")
    assert (lee["mentions"], lee["claims"], lee["articles"], lee["hedged_share"]) == (2, 2, 2, 0.5)
    assert lee["entities"] == ["other#s2"] and lee["outlets"] == ["Aides", "TASS"]
    aides = next(r for r in rows if r["name"] == "Aides")
    assert (aides["mentions"], aides["claims"], aides["anonymous"], aides["kind"]) == (2, 2, True, "anonymous")


def test_inventory_row_name_kind_and_order():
    reports = []
    for i, (name, kind) in enumerate([("Lee", "person"), ("Ann Lee", "person"), ("Ann Lee", "person"),
                                      ("ann lee", "person"), ("Zed", "media"), ("Zed", "organization"),
                                      ("Zed", "organization"), ("bob", "person")]):
        r = Report(f"d{i}", None, None, [], [], [Source("s1", name, kind, [], anonymous=i == 0)])
        reports.append(r)
    rows = inventory.source_inventory(reports)
    assert [(r["id"], r["name"], r["kind"], r["articles"], r["anonymous"]) for r in rows] == [
        ("e1", "Ann Lee", "person", 4, False), ("e2", "bob", "person", 1, False), ("e3", "Zed", "organization", 3, False)]
    assert all(r["claims"] == 0 and r["hedged_share"] == 0.0 and r["outlets"] == [] for r in rows)


def test_inventory_hedged_share_is_rounded_and_outlets_sorted_without_case():
    text = "x" * 10
    atts = [Attribution(f"a{i}", SourceSpan(0, 1, "x", kind="person"), None, [], source_id="s1",
                        certainty="hedged" if i < 1 else "stated") for i in range(3)]
    reports = [Report("d", None, Span(0, 1, "x"), [], atts, [Source("s1", "Kim", "person", [])], text=text),
               Report("e", None, Span(1, 2, "X"), [], [], [Source("s1", "Kim", "person", [])], text=text),
               Report("f", None, None, [], [], [Source("s1", "Kim", "person", [])], text=text)]
    reports[0].publisher.text = "bbc"
    reports[1].publisher.text = "AP"
    row = inventory.source_inventory(reports)[0]
    assert row["hedged_share"] == 0.333 and row["outlets"] == ["AP", "bbc"] and row["articles"] == 3


# --- load ---------------------------------------------------------------------------------------------------

def saved(report: Report, include_text: bool = True) -> dict:
    return json.loads(json.dumps(report.to_dict(include_text=include_text)))


def test_is_report_json(tmp_path):
    def write(name: str, body: str) -> Path:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        return path

    assert load.is_report_json(write("r.json", '{"attributions": []}'))
    assert load.is_report_json(write("R.JSON", '{"sentences": []}'))
    assert load.is_report_json(write("p.json", '{"doc_id": "x", "publisher": null}'))
    assert not load.is_report_json(write("d.json", '{"doc_id": "x"}'))
    assert not load.is_report_json(write("q.json", '{"publisher": null}'))
    assert not load.is_report_json(write(".tmp-1-x.json", '{"attributions": []}'))
    assert not load.is_report_json(write("r.txt", '{"attributions": []}'))
    assert not load.is_report_json(write("late.json", " " * 4096 + '"attributions"'))
    (tmp_path / "dir.json").mkdir()
    assert not load.is_report_json(tmp_path / "dir.json")
    (tmp_path / "bad.json").write_bytes(b'\xff\xfe"attributions"')
    assert not load.is_report_json(tmp_path / "bad.json")
    os.mkfifo(tmp_path / "pipe.json")  # opened, it would wait for a writer forever
    assert not load.is_report_json(tmp_path / "pipe.json")


def test_split_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r.json").write_text('{"attributions": []}', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Words.", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "records.json").write_text('[{"text": "x"}]', encoding="utf-8")
    reports, others = load.split_folder(tmp_path)
    assert reports == [tmp_path / "sub" / "r.json"]
    assert others == [tmp_path / "a.txt", tmp_path / "records.json"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(attributions=None), "not an attribution report (no 'attributions' list)"),
    (lambda d: d.update(doc_id=3), "'doc_id' must be a string"),
    (lambda d: d.update(text=3), "'text' must be a string"),
    (lambda d: d.update(publisher=[1]), "publisher is not an object"),
    (lambda d: d["publisher"].update(start="1"), "publisher: start and end must be whole numbers, not '1' and 12"),
    (lambda d: d["publisher"].update(end=True), "publisher: start and end must be whole numbers, not 8 and True"),
    (lambda d: d["publisher"].pop("text"), "publisher: no 'text' string"),
    (lambda d: d["publisher"].update(start=13), "publisher: offsets 13-12 are not in order"),
    (lambda d: d["publisher"].update(start=-1), "publisher: offsets -1-12 are not in order"),
    (lambda d: d["publisher"].update(end=13), "publisher: offsets 8-13 do not fit its text of 4 characters"),
    (lambda d: d["publisher"].update(start=len(TEXT) - 1, end=len(TEXT) + 1),
     f"publisher: end {len(TEXT) + 1} lies beyond the report's text ({len(TEXT)} characters)"),
    (lambda d: d.update(sentences={}), "'sentences' must be a list of objects"),
    (lambda d: d.update(sentences=[1]), "'sentences' must be a list of objects"),
    (lambda d: d["sentences"][1].update(end=0), f"sentence 1: offsets {at('He said')[0]}-0 are not in order"),
    (lambda d: d["sentences"][2]["hedges"][0].update(text="R"), f"sentence 2 hedge: offsets {at('Rain')[0]}-{at('Rain')[1]} do not fit its text of 1 characters"),
    (lambda d: d["attributions"][0]["source"].update(end=2), "attribution 'a1' source: offsets 17-2"),
    (lambda d: d["attributions"][1]["cue"].update(end=2), "attribution 'a2' cue: offsets"),
    (lambda d: d["attributions"][0]["recipient"].update(end=2), "attribution 'a1' recipient: offsets"),
    (lambda d: d["attributions"][0].update(content={"a": 1}), "attribution 'a1': 'content' must be a list"),
    (lambda d: d["attributions"][0].update(hedges="x"), "attribution 'a1': 'hedges' must be a list"),
    (lambda d: d["attributions"][0]["content"][0].update(end=2), "attribution 'a1' content: offsets"),
    (lambda d: d["attributions"][1]["hedges"][0].update(end=2), "attribution 'a2' hedges: offsets"),
    (lambda d: d["attributions"][1].pop("id") and d["attributions"][1]["cue"].update(end=2), "attribution 1 cue"),
    (lambda d: d.update(sources=[None]), "'sources' must be a list of objects"),
    (lambda d: d["sources"][1]["mentions"][0].update(end=2), "source 's2' mention: offsets"),
    (lambda d: d["sources"][1].pop("id") and d["sources"][1]["mentions"][0].update(end=2), "source 1 mention"),
])
def test_check_report_data_names_the_first_bad_field(change, message):
    data = saved(make_report())
    load.check_report_data(data)  # the report as written passes
    change(data)
    with pytest.raises(ValueError) as err:
        load.check_report_data(data)
    assert str(err.value).startswith(message)


def test_check_report_data_without_text_limits_offsets_to_what_extract_reads():
    data = saved(make_report(), include_text=False)
    data["sentences"] = data["sentences"] + [{"start": load.MAX_OFFSET - 1, "end": load.MAX_OFFSET, "text": "x"}]
    load.check_report_data(data)
    data["sentences"][-1] = {"start": load.MAX_OFFSET, "end": load.MAX_OFFSET + 1, "text": "x"}
    with pytest.raises(ValueError, match=f"end {load.MAX_OFFSET + 1} lies beyond any document extract reads "
                                         f"[(]{load.MAX_OFFSET} characters[)]"):
        load.check_report_data(data)
    data["text"] = ""  # an empty text counts as none
    with pytest.raises(ValueError, match="any document extract reads"):
        load.check_report_data(data)
    data = saved(make_report())
    for key in ("sentences", "sources", "publisher"):
        data.pop(key)
    load.check_report_data(data)  # missing lists are empty
    data = saved(make_report())
    data["attributions"][0].update(source=None, cue=None, recipient=None, content=None, hedges=None)
    data["sentences"][0]["hedges"] = None
    data["sources"][0]["mentions"] = None
    load.check_report_data(data)


def test_load_report(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(saved(make_report())), encoding="utf-8")
    report = load.load_report(str(good))
    assert report.to_dict() == make_report().to_dict()
    for name, body, message in [("broken.json", '{"doc_id": ', "not a readable report JSON"),
                                ("list.json", "[1]", "not a valid attribution report: not an attribution report"),
                                ("nested.json", "[" * 100_000 + "]" * 100_000, "not a readable report JSON")]:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ValueError) as err:
            load.load_report(path)
        assert str(err.value).startswith(f"{path}: {message}")
    bad_type = saved(make_report())
    bad_type["attributions"][0]["content"] = ["text"]
    (tmp_path / "t.json").write_text(json.dumps(bad_type), encoding="utf-8")
    with pytest.raises(ValueError, match="t.json: not a valid attribution report: attribution 'a1' content is not"):
        load.load_report(tmp_path / "t.json")
    with pytest.raises(ValueError, match="missing.json: not a readable report JSON"):
        load.load_report(tmp_path / "missing.json")
    (tmp_path / "latin.json").write_bytes(b'{"doc_id": "\xe9"}')
    with pytest.raises(ValueError, match="not a readable report JSON"):
        load.load_report(tmp_path / "latin.json")


def test_resolved():
    assert load._resolved(None) is None and load._resolved("") is None
    assert load._resolved("a/../b") == Path("b").resolve()
    assert load._resolved("x\0y") is None


class FakeAttributor:
    """Stands in for the model: a report per document, naming its doc id and path."""

    loads: list = []

    @classmethod
    def load(cls, model_dir=None):
        cls.loads.append(model_dir)
        return cls()

    def extract_documents(self, documents):
        for doc in documents:
            yield Report(doc.doc_id, doc.path, None, [], [], [], text=doc.text)


@pytest.fixture
def fake_model(monkeypatch):
    from attribution import pipeline

    FakeAttributor.loads = []
    monkeypatch.setattr(pipeline, "Attributor", FakeAttributor)
    return FakeAttributor


def test_reports_for_a_folder_of_reports_and_articles(tmp_path, fake_model):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Article a.", encoding="utf-8")
    (folder / "b.txt").write_text("Article b.", encoding="utf-8")
    made_from_a = make_report("a")
    made_from_a.path = str(folder / "a.txt")
    (folder / "a.json").write_text(json.dumps(saved(made_from_a)), encoding="utf-8")
    notes: list[str] = []
    got = list(load.reports_for([str(folder)], model_dir="m", on_note=notes.append))
    assert [(r.doc_id, r.text) for r in got] == [("a", TEXT), ("b", "Article b.")]
    assert notes == [f"{folder}: holds report JSONs and articles: 1 report(s) loaded; 1 other file(s) read as "
                     "articles (1 left out: a loaded report was made from them)"]
    assert fake_model.loads == ["m"]
    (folder / "c.txt").write_text("Article c.", encoding="utf-8")
    made_from_a.path = None
    (folder / "a.json").write_text(json.dumps(saved(made_from_a)), encoding="utf-8")
    notes.clear()
    got = list(load.reports_for([str(folder)], on_note=notes.append))
    assert [r.doc_id for r in got] == ["a", "a", "b", "c"]
    assert notes == [f"{folder}: holds report JSONs and articles: 1 report(s) loaded; 3 other file(s) read as articles"]
    assert list(load.reports_for([str(folder)]))  # without on_note nothing is said, nothing breaks


def test_reports_for_report_files_only_never_loads_the_model(tmp_path, fake_model):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(saved(make_report("one"))), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"attributions": [', encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "two.json").write_text(json.dumps(saved(make_report("two"))), encoding="utf-8")
    notes: list[str] = []
    got = list(load.reports_for([str(one), str(broken), str(folder)], on_note=notes.append))
    assert [r.doc_id for r in got[:1]] == ["one"] and got[1].startswith(f"{broken}: not a readable report JSON")
    assert got[2].doc_id == "two" and len(got) == 3
    assert fake_model.loads == [] and notes == []


def test_reports_for_articles_interleaves_read_errors(tmp_path, fake_model):
    (tmp_path / "a.txt").write_text("Article a.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Article b.", encoding="utf-8")
    got = list(load.reports_for([str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"), str(tmp_path / "gone.txt"),
                                 str(tmp_path / "b.txt")]))
    kinds = [r.doc_id if isinstance(r, Report) else r.split(":")[0] for r in got]
    assert kinds == [str(tmp_path / "missing.txt"), "a", str(tmp_path / "gone.txt"), "b"]
    assert fake_model.loads == [None]
    assert list(load.reports_for([str(tmp_path / "gone.txt")])) == [r for r in got[2:3]]
    assert fake_model.loads == [None]  # only errors: the model never loads


def test_reports_for_a_trailing_read_error_comes_last(tmp_path, fake_model):
    (tmp_path / "a.txt").write_text("Article a.", encoding="utf-8")
    got = list(load.reports_for([str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")]))
    assert got[0].doc_id == "a" and isinstance(got[1], str) and "gone.txt" in got[1] and len(got) == 2


# --- what the first mutation run left: each test below pins a rule no test above could tell apart -----------

def styled(text) -> list[tuple[str, str]]:
    """The pieces of a rich Text with the style each is drawn in."""
    return [(text.plain[s.start:s.end], str(s.style)) for s in text.spans]


def test_each_role_has_its_colour_in_the_terminal():
    report = make_report()
    report.sentences[0].hedges.append(hedge("may", "speculative"))
    table = terminal.sentence_table(report)
    cells, hedges = table.columns[3]._cells, table.columns[4]._cells
    assert styled(cells[0]) == [("0.91 ", "bold"), ("a1 ", "dim"), ("TASS → Aides", "bold cyan"), ("told", "bold magenta"),
                                ("the minister reportedly resigned", "green")]
    assert cells[2].plain == "—" and str(cells[2].style) == "dim"
    assert str(hedges[0].style) == "bold yellow" and hedges[0].plain == "reportedly (reportative), may (speculative)"


def test_terminal_columns_keep_their_widths():
    report = make_report()
    report.sentences[2].index = 10
    lines = rendered(terminal.sentence_table(report), 120).splitlines()
    header = next(line for line in lines if line.startswith("┃"))
    assert [len(cell) for cell in header.split("┃")[1:-1]] == [4, 36, 12, 47, 15]  # fills 120 columns, 6 : 8
    assert lines[4].startswith("│  0 │") and "│ 10 │" in rendered(terminal.sentence_table(report), 120)  # right-aligned
    narrow = rendered(terminal.sentence_table(report), 40)
    assert "│ 10 │" in narrow and " attributed " in narrow  # never wrapped


def test_a_long_hedge_folds_instead_of_being_cut():
    report = make_report()
    report.sentences[2].hedges = [Hedge(*at("Rain"), "Rain", cls="unquestionably")]
    _, rows = table_rows(terminal.sentence_table(report), 120)
    assert rows[3][4].replace(" ", "") == "Rain(unquestionabl" + "y)"


def test_terminal_content_parts_and_ids_no_attribution_has():
    report = make_report()
    report.attributions[1].content.append(span("Rain fell"))
    report.sentences[1].attributions = ["a9", "a2"]  # an id no attribution has is left out, and the rest shown
    _, rows = table_rows(terminal.sentence_table(report))
    assert rows[2][3].endswith(" [the] talks may end … Rain fell")


def test_bar_widths_are_rounded_to_a_tenth():
    assert html._bars([("a", 1.0, "1")], 7.0)[0]["width"] == 42.9


def test_document_text_cuts_a_sentence_text_longer_than_its_span():
    report = make_report()
    report.text = ""
    report.sentences = [Sentence(0, 2, 4, "abcdef"), Sentence(1, 4, 6, "gh")]
    assert html.document_text(report) == "  abgh"


def test_marks_on_one_span_are_ordered_by_attribution_number():
    text = "They said it."
    atts = [Attribution(f"a{i}", None, None, [Span(10, 12, "it")]) for i in range(1, 12)]
    report = Report("d", None, None, [], atts, [], text=text)
    marks, _ = html.marks_of(report, text)
    assert [m.attribution for m in marks] == sorted((f"a{i}" for i in range(1, 12)))


def test_a_source_without_an_entity_gets_no_entity_note():
    report = make_report()
    report.attributions[1].source.entity = None
    report.attributions[1].source.resolves_to = None
    marks, _ = html.marks_of(report, TEXT)
    assert [m.note for m in marks if m.role == "source" and m.attribution == "a2"] == ["pronoun"]


def source_only(doc_id: str, *sources: Source, atts: tuple[Attribution, ...] = ()) -> Report:
    return Report(doc_id, None, None, [], list(atts), list(sources))


def unregistered(name: str, kind: str, anonymous: bool = False) -> Attribution:
    return Attribution("a1", SourceSpan(0, len(name), name, kind=kind, anonymous=anonymous), None, [])


def test_an_unregistered_source_weighs_like_one_registry_entry():
    # the name, kind and anonymity of a row are the most frequent; the first seen wins a tie
    seen_first = [source_only("d0", atts=(unregistered("Ann Lee", "media", anonymous=True),)),
                  source_only("d1", Source("s1", "ANN LEE", "organization", [], anonymous=False))]
    row = inventory.source_inventory(seen_first)[0]
    assert (row["name"], row["kind"], row["anonymous"], row["mentions"], row["articles"]) == (
        "Ann Lee", "media", True, 1, 2)
    outvoted = [*seen_first, source_only("d2", Source("s1", "ANN LEE", "organization", [], anonymous=False))]
    row = inventory.source_inventory(outvoted)[0]
    assert (row["name"], row["kind"], row["anonymous"]) == ("ANN LEE", "organization", False)


def test_one_article_read_twice_counts_once():
    report = source_only("d0", atts=(unregistered("Ann Lee", "person"),))
    assert inventory.source_inventory([report, report])[0]["articles"] == 1
    registered = source_only("d0", Source("s1", "Ann Lee", "person", []))  # the same article, with a registry
    assert inventory.source_inventory([report, registered])[0]["articles"] == 1


def test_an_unregistered_surname_joins_the_full_name():
    reports = [source_only("d0", Source("s1", "Doug McCallum", "person", [])),
               source_only("d1", atts=(unregistered("McCallum", "person"),))]
    rows = inventory.source_inventory(reports)
    assert [(r["name"], r["claims"]) for r in rows] == [("Doug McCallum", 1)]


def test_rows_with_equal_claims_go_by_mentions():
    reports = [source_only("d0", Source("s1", "Few", "person", [Span(0, 1, "x")]),
                           Source("s2", "Many", "person", [Span(0, 1, "x"), Span(1, 2, "y")]))]
    assert [r["name"] for r in inventory.source_inventory(reports)] == ["Many", "Few"]


def test_outlets_sort_without_case_and_registry_names_win():
    text = "x" * 10
    reports = [Report(d, None, Span(0, 1, p), [], [], [Source("s1", "Kim", "person", [])], text=text)
               for d, p in (("d", "Bbc"), ("e", "ap"))]
    assert inventory.source_inventory(reports)[0]["outlets"] == ["ap", "Bbc"]
    report = make_report()
    report.attributions[1].source.resolves_to = "Lee"
    assert inventory.source_name(report, report.attributions[1]) == "Ann Lee"


def test_the_surname_is_the_last_word():
    report = source_only("d", Source("s1", "Mary Ann Lee", "person", []))
    assert inventory.surname_aliases([report]) == {"lee": "mary ann lee"}


def test_an_empty_span_is_in_order():
    data = saved(make_report())
    data["attributions"][0]["content"].append({"start": 5, "end": 5, "text": ""})
    load.check_report_data(data)


@pytest.mark.parametrize("where, change", [
    ("sentence 0", lambda d, n: d["sentences"][0].update(start=n, end=n + 1, text="x")),
    ("sentence 0 hedge", lambda d, n: d["sentences"][0]["hedges"][0].update(start=n, end=n + 1, text="x")),
    ("attribution 'a1' content", lambda d, n: d["attributions"][0]["content"][0].update(start=n, end=n + 1, text="x")),
    ("source 's1' mention", lambda d, n: d["sources"][0]["mentions"][0].update(start=n, end=n + 1, text="x")),
])
def test_no_span_may_end_beyond_the_text(where, change):
    data = saved(make_report())
    change(data, len(TEXT))
    with pytest.raises(ValueError, match=f"^{where}: end {len(TEXT) + 1} lies beyond the report's text"):
        load.check_report_data(data)


def test_a_report_marker_must_be_in_the_first_4096_characters(tmp_path):
    marker = '"attributions"'
    (tmp_path / "in.json").write_text(" " * (4096 - len(marker)) + marker, encoding="utf-8")
    (tmp_path / "out.json").write_text(" " * (4097 - len(marker)) + marker, encoding="utf-8")
    assert load.is_report_json(tmp_path / "in.json") and not load.is_report_json(tmp_path / "out.json")


def test_a_broken_report_in_a_folder_does_not_stop_the_others(tmp_path, fake_model):
    (tmp_path / "a.json").write_text('{"attributions": [', encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(saved(make_report("b"))), encoding="utf-8")
    got = list(load.reports_for([str(tmp_path)]))
    assert isinstance(got[0], str) and got[0].startswith(str(tmp_path / "a.json")) and got[1].doc_id == "b"


def test_an_empty_folder_is_said_to_be_empty(tmp_path, fake_model):
    got = list(load.reports_for([str(tmp_path)]))
    assert len(got) == 1 and got[0].startswith(f"{tmp_path}: no supported files")


def test_an_unreadable_article_is_said_even_when_a_report_was_made_from_it(tmp_path, fake_model):
    (tmp_path / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "y.txt").write_text("Article y.", encoding="utf-8")
    made = make_report("x")
    made.path = str(tmp_path / "x.txt")
    (tmp_path / "x.json").write_text(json.dumps(saved(made)), encoding="utf-8")
    got = list(load.reports_for([str(tmp_path)]))
    assert [g.doc_id if isinstance(g, Report) else g.split(":")[0] for g in got] == ["x", str(tmp_path / "x.txt"), "y"]
