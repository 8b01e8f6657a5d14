"""The per-sentence report on a terminal (rich): colours on a terminal, plain text when piped."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from attribution.schema import Attribution, Report

STYLES = {"source": "bold cyan", "cue": "bold magenta", "content": "green", "hedge": "bold yellow"}


def chain_text(report: Report, att: Attribution) -> str:
    """"TASS → Al Arabiya → anonymous LNA sources" (publisher first when known)."""
    names = [report.publisher.text] if report.publisher else []
    for a in report.chain(att):
        if a.source is None:
            names.append("(unnamed)")
        else:
            names.append(a.source.text + (f" [= {a.source.resolves_to}]" if a.source.resolves_to else ""))
    return " → ".join(names)


def sentence_table(report: Report) -> Table:
    index = report.by_id()
    table = Table(title=f"{report.doc_id}" + (f" — publisher: {report.publisher.text}" if report.publisher else ""),
                  show_lines=True, expand=True)
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
            t.append(f"{a.id} ", style="dim")
            t.append(chain_text(report, a), style=STYLES["source"])
            if a.cue:
                t.append(" · ")
                t.append(a.cue.text, style=STYLES["cue"])
            if a.recipient:
                t.append(f" (to {a.recipient.text})")
            t.append(f" · {a.quote}, {a.certainty}")
            t.append("\n  ")
            t.append(" … ".join(c.text for c in a.content)[:300], style=STYLES["content"])
            cells.append(t)
        hedges = ", ".join(f"{h.text} ({h.cls})" for h in s.hedges)
        table.add_row(str(s.index), s.text, s.voice, Text("\n").join(cells) if cells else Text("—", style="dim"),
                      Text(hedges, style=STYLES["hedge"]))
    return table


def sources_table(report: Report) -> Table:
    table = Table(title="sources")
    for col in ("id", "name", "kind", "anonymous", "mentions"):
        table.add_column(col)
    for s in report.sources:
        table.add_row(s.id, s.name, s.kind, "yes" if s.anonymous else "no", str(len(s.mentions)))
    return table


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    console.print(sentence_table(report))
    if report.sources:
        console.print(sources_table(report))
