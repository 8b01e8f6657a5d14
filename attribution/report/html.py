"""Self-contained HTML pages: one per article (the text with its attributions highlighted) and an index.

Everything a page shows comes from template variables under jinja2 autoescaping;
no HTML is assembled in Python, so markup inside an article (``<script>``,
``"><img onerror=...>``) always renders as text. Pages carry their CSS inline and
load nothing, so they can be mailed or opened from disk.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from attribution.batch import atomic_write
from attribution.read.documents import output_stem
from attribution.report.inventory import is_hedged, rests_on_anonymous, source_inventory
from attribution.report.terminal import chain_text
from attribution.schema import Report, Span

# Drawing order matters only for the legend; a segment gets every role that covers it.
ROLES = ("publisher", "source", "cue", "content", "hedge", "recipient")
CHART_MAX_BARS = 40


@dataclass(frozen=True)
class Mark:
    """One highlighted span: its role and the attribution it belongs to (None for sentence-level marks)."""

    start: int
    end: int
    role: str
    attribution: str | None = None
    note: str = ""


@dataclass
class Segment:
    """A maximal stretch of text covered by the same set of marks (so nested highlights all show)."""

    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def roles(self) -> list[str]:
        present = {m.role for m in self.marks}
        return [r for r in ROLES if r in present]

    @property
    def attributions(self) -> list[str]:
        return sorted({m.attribution for m in self.marks if m.attribution}, key=_id_order)

    @property
    def title(self) -> str:
        """The tooltip: which attribution each covering mark belongs to, e.g. "a8 content · a8 hedge (reportative)"."""
        ordered = sorted(self.marks, key=lambda m: (_id_order(m.attribution or ""), ROLES.index(m.role)))
        return " · ".join(" ".join(filter(None, (m.attribution, m.role, f"({m.note})" if m.note else "")))
                          for m in ordered)


def _id_order(att_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in att_id if ch.isdigit())
    return (int(digits) if digits else 0, att_id)


def document_text(report: Report) -> str:
    """The article text; for a report saved without it, the sentences laid back at their offsets."""
    if report.text:
        return report.text
    pieces: list[str] = []
    pos = 0
    for s in sorted(report.sentences, key=lambda s: s.start):  # spaces between; one string, no list per char
        if s.end <= pos:
            continue
        if s.start > pos:
            pieces.append(" " * (s.start - pos))
        pieces.append(s.text[: s.end - s.start].ljust(s.end - s.start)[max(pos - s.start, 0):])
        pos = s.end
    return "".join(pieces)


def marks_of(report: Report, text: str) -> tuple[list[Mark], int]:
    """Every span to highlight, plus how many spans were dropped because they do not match the text."""
    candidates: list[tuple[Span, str, str | None, str]] = []
    if report.publisher:
        candidates.append((report.publisher, "publisher", None, ""))
    for a in report.attributions:
        if a.source:
            entity = (f" → {a.source.resolves_to}" if a.source.resolves_to else "") + (
                f", {a.source.entity}" if a.source.entity else "")  # "pronoun → Doug McCallum, s3"
            candidates.append((a.source, "source", a.id,
                               a.source.kind + (", anonymous" if a.source.anonymous else "") + entity))
        if a.cue:
            candidates.append((a.cue, "cue", a.id, a.quote))
        kind = ", ".join(x for x in ("floating quote" if a.floating else "", a.act if a.act != "speech" else "") if x)
        candidates += [(c, "content", a.id, kind) for c in a.content]  # tooltips tell a belief or a finding from speech
        candidates += [(h, "hedge", a.id, h.cls) for h in a.hedges]
        if a.recipient:
            candidates.append((a.recipient, "recipient", a.id, ""))
    for s in report.sentences:  # hedges qualifying no attribution (the author's own "reportedly")
        candidates += [(h, "hedge", None, h.cls) for h in s.hedges]
    marks: set[Mark] = set()
    dropped = 0
    for span, role, att, note in candidates:
        if 0 <= span.start < span.end <= len(text) and text[span.start:span.end] == span.text:
            marks.add(Mark(span.start, span.end, role, att, note))
        else:
            dropped += 1
    attributed_hedges = {(m.start, m.end) for m in marks if m.role == "hedge" and m.attribution}
    marks = {m for m in marks if not (m.role == "hedge" and m.attribution is None and (m.start, m.end) in attributed_hedges)}
    return sorted(marks, key=lambda m: (m.start, m.end, m.role, m.attribution or "")), dropped


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut the text at every mark boundary; each piece carries the marks covering it."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    for lo, hi in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > lo] + starting.get(lo, [])
        out.append(Segment(text[lo:hi], tuple(active)))
    return out


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def article_summary(report: Report) -> dict:
    """The per-article numbers shown on the index (and in the page header)."""
    n = len(report.attributions)
    anonymous = sum(rests_on_anonymous(report, a) for a in report.attributions)
    hedged = sum(is_hedged(a) for a in report.attributions)
    return {
        "doc_id": report.doc_id,
        "publisher": report.publisher.text if report.publisher else None,
        "attributions": n,
        "sentences": len(report.sentences),
        "attributed_sentences": sum(s.voice == "attributed" for s in report.sentences),
        "sources": len(report.sources),
        "anonymous": anonymous,
        "hedged": hedged,
        "anonymous_share": _share(anonymous, n),
        "hedged_share": _share(hedged, n),
    }


def article_context(report: Report) -> dict:
    """Everything the article template needs, precomputed so the template only lays it out."""
    text = document_text(report)
    marks, dropped = marks_of(report, text)
    index = report.by_id()
    rows = []
    for s in report.sentences:
        atts = []
        for aid in s.attributions:
            a = index.get(aid)
            if a is not None:
                atts.append({"att": a, "chain": chain_text(report, a), "anonymous": rests_on_anonymous(report, a),
                             "hedged": is_hedged(a)})
        rows.append({"sentence": s, "attributions": atts})
    return {"report": report, "summary": article_summary(report), "segments": segments(text, marks),
            "dropped": dropped, "rows": rows, "roles": ROLES}


def _bars(items: list[tuple[str, float, str]], scale: float) -> list[dict]:
    """Bar geometry for the SVG charts: label, value, its display text, and the bar width in px."""
    return [{"label": label, "value": value, "text": shown, "width": round(300 * value / scale, 1) if scale else 0}
            for label, value, shown in items]


def index_context(reports: list[Report], pages: list[Path]) -> dict:
    """The corpus table, totals and chart data for the index page."""
    articles = [{**article_summary(r), "href": p.name} for r, p in zip(reports, pages)]
    kinds: Counter[str] = Counter()
    for r in reports:
        for a in r.attributions:
            kinds[a.source.kind if a.source else "unnamed"] += 1
    total = sum(a["attributions"] for a in articles)
    kind_items = [(k, float(v), str(v)) for k, v in kinds.most_common()]
    by_anon = sorted(articles, key=lambda a: (-a["anonymous_share"], a["doc_id"]))[:CHART_MAX_BARS]
    return {
        "articles": articles,
        "totals": {"articles": len(articles), "attributions": total,
                   "anonymous_share": _share(sum(a["anonymous"] for a in articles), total),
                   "hedged_share": _share(sum(a["hedged"] for a in articles), total)},
        "kind_chart": _bars(kind_items, max((v for _, v, _ in kind_items), default=0)),
        "anon_chart": _bars([(a["doc_id"], a["anonymous_share"], f"{a['anonymous_share']:.0%}") for a in by_anon], 1.0),
        "anon_chart_truncated": len(articles) > CHART_MAX_BARS,
        "top_sources": source_inventory(reports)[:15],
    }


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("attribution.report", "templates"),
        autoescape=True,  # every template here is HTML, and so is any string rendered with this environment
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_names(reports: list[Report]) -> list[str]:
    """One distinct file name per report, from its doc id (:func:`output_stem`); nothing may shadow
    ``index.html``.

    A name already taken, by an earlier report or by ``index``, gets the first free ``-2``,
    ``-3`` ... suffix. Names are compared without case, so ``Index`` or ``A``/``a`` cannot
    overwrite each other on a case-insensitive file system; and a suffixed name is checked
    like any other, so ids ``x``, ``x``, ``x-2`` give three pages, not two.
    """
    used = {"index"}
    names = []
    for r in reports:
        base = output_stem(r.doc_id)
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.casefold())
        names.append(f"{name}.html")
    return names


def write_html_reports(reports: list[Report], out_dir: str | Path) -> list[Path]:
    """Write one page per report and ``index.html`` into ``out_dir``; returns every page written, index last."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    article = env.get_template("article.html.j2")
    pages = [out / name for name in page_names(reports)]
    for report, page in zip(reports, pages):
        atomic_write(page, article.render(**article_context(report)))
    index = out / "index.html"
    atomic_write(index, env.get_template("index.html.j2").render(**index_context(reports, pages)))
    return [*pages, index]
