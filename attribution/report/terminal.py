"""The per-sentence report on a terminal (rich): colours on a terminal, plain text when piped.

Every piece of article text, doc id or source name enters the tables as
:func:`~attribution.report.literal.literal` text, so brackets are printed rather than read
as rich markup and control characters are shown as escapes rather than sent to the terminal.
"""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from attribution.report.literal import literal
from attribution.schema import Attribution, Report

STYLES = {"source": "bold cyan", "cue": "bold magenta", "content": "green", "hedge": "bold yellow"}


def chain_text(report: Report, att: Attribution) -> str:
    """"TASS → Al Arabiya → anonymous LNA sources" (publisher first when known)."""
    names = [report.publisher.text] if report.publisher else []
    for a in report.chain(att):
        if a.source is None:
            names.append("(unnamed)")
        else:
            # the source as written, and the entity it names when that differs: "he [= Doug McCallum]"
            names.append(a.source.text + (f" [= {a.source.resolves_to}]" if a.source.resolves_to else ""))
    return " → ".join(names)


def sentence_table(report: Report) -> Table:
    index = report.by_id()
    title = report.doc_id + (f" — publisher: {report.publisher.text}" if report.publisher else "")
    table = Table(title=literal(title), show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=6)
    table.add_column("voice", no_wrap=True)
    # the confidence opens each attribution's own lines: in a column of its own, the second
    # attribution's figure sat beside the first one's wrapped text
    table.add_column("conf. · chain · cue · content", ratio=8)
    table.add_column("hedges", width=13, overflow="fold")  # "(reportative)" and "(speculative)" fit
    for s in report.sentences:
        cells = []
        for aid in s.attributions:
            a = index.get(aid)
            if a is None:
                continue
            t = Text()
            t.append(f"{a.confidence:.2f} ", style="bold")
            t.append_text(literal(f"{a.id} ", style="dim"))
            t.append_text(literal(chain_text(report, a), style=STYLES["source"]))
            if a.cue:
                t.append(" · ")
                t.append_text(literal(a.cue.text, style=STYLES["cue"]))
            if a.recipient:
                t.append_text(literal(f" (to {a.recipient.text})"))
            t.append_text(literal(f" · {a.quote}, {a.certainty}"))
            if a.act != "speech" or a.floating:  # speech is the common case; say only when it is something else
                t.append_text(literal(" · " + ", ".join(x for x in ("floating quote" if a.floating else "",
                                                                      a.act if a.act != "speech" else "") if x)))
            t.append("\n  ")
            t.append_text(literal(" … ".join(c.text for c in a.content)[:300], style=STYLES["content"]))
            cells.append(t)
        hedges = ", ".join(f"{h.text} ({h.cls})" for h in s.hedges)
        table.add_row(str(s.index), literal(s.text), literal(s.voice),
                      Text("\n").join(cells) if cells else Text("—", style="dim"),
                      literal(hedges, style=STYLES["hedge"]))
    return table


def sources_table(report: Report) -> Table:
    table = Table(title="sources")
    for col in ("id", "name", "kind", "anonymous", "mentions"):
        table.add_column(col)
    for s in report.sources:
        table.add_row(literal(s.id), literal(s.name), literal(s.kind), "yes" if s.anonymous else "no",
                      str(len(s.mentions)))
    return table


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    console.print(sentence_table(report))
    if report.sources:
        console.print(sources_table(report))
