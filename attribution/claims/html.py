"""The claims view: one self-contained page per cluster (a timeline of outlets, a who-cites-whom graph,
the members) and an index, in the style of the article report (:mod:`attribution.report.html`).

As there, every value reaches the page through jinja2 autoescaping and no HTML is built in
Python: a claim's text, outlet or source name with ``<script>`` in it renders as text.  The
geometry (positions on the timeline, nodes of the graph) is computed here as numbers; the
template only lays it out.  Pages load nothing from outside.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from attribution.batch import atomic_write
from attribution.claims.items import parse_date
from attribution.claims.provenance import names_outlet
from attribution.read.documents import output_stem

TIMELINE_WIDTH, TIMELINE_LEFT, ROW_HEIGHT = 720, 190, 26
GRAPH_WIDTH, GRAPH_HEIGHT, GRAPH_RX, GRAPH_RY = 600, 440, 200, 165
LABEL_CHARS = 30


def timeline(record: dict) -> dict:
    """One row per member in publication order: the outlet's label and its x on a shared time axis."""
    members = record["members"]
    stamps = [parse_date(m.get("date")) for m in members]
    known = [s for s in stamps if s]
    lo = min(known).timestamp() if known else 0.0
    hi = max(known).timestamp() if known else 0.0
    span = hi - lo
    rows = []
    for n, (m, stamp) in enumerate(zip(members, stamps)):
        frac = (stamp.timestamp() - lo) / span if stamp and span else (0.0 if stamp else None)
        x = TIMELINE_LEFT + 10 + frac * (TIMELINE_WIDTH - TIMELINE_LEFT - 40) if frac is not None else None
        rows.append({"y": 20 + n * ROW_HEIGHT, "x": round(x, 1) if x is not None else None,
                     "label": m.get("outlet") or m["doc_id"], "date": m.get("date") or "no date",
                     "voice": m["voice"], "hedged": bool(m.get("hedges")), "denied": m.get("certainty") == "denied"})
    return {"rows": rows, "height": 40 + len(rows) * ROW_HEIGHT, "width": TIMELINE_WIDTH, "left": TIMELINE_LEFT,
            "start": min(known).isoformat() if known else None, "end": max(known).isoformat() if known else None}


def citation_graph(record: dict) -> dict:
    """Who cites whom: each outlet points at the first teller of its chain, each teller at the next;
    a teller that names another member's outlet is that outlet's node.  Nodes on a circle."""
    outlets = [m.get("outlet") or m["doc_id"] for m in record["members"]]
    names: list[str] = []
    kinds: dict[str, str] = {}

    def node(name: str, kind: str) -> str:
        for o in outlets:
            if name == o or names_outlet(name, o):
                name, kind = o, "outlet"
                break
        if name not in names:
            names.append(name)
            kinds[name] = kind
        return name

    edges: set[tuple[str, str]] = set()
    for m, outlet in zip(record["members"], outlets):
        prev = node(outlet, "outlet")
        for teller in m.get("chain") or []:
            cur = node(teller, "source")
            if cur != prev:
                edges.add((prev, cur))
            prev = cur
    pos = {}
    for k, name in enumerate(names):  # on an ellipse, wide enough for the labels under the nodes
        angle = 2 * math.pi * k / max(1, len(names)) - math.pi / 2
        pos[name] = (round(GRAPH_WIDTH / 2 + GRAPH_RX * math.cos(angle), 1),
                     round(GRAPH_HEIGHT / 2 - 10 + GRAPH_RY * math.sin(angle), 1))
    lines = []
    for a, b in sorted(edges):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        d = math.hypot(x2 - x1, y2 - y1) or 1.0
        shorten = 18 / d  # stop the arrow at the node's edge
        lines.append({"x1": x1, "y1": y1, "x2": round(x2 - (x2 - x1) * shorten, 1), "y2": round(y2 - (y2 - y1) * shorten, 1),
                      "mutual": (b, a) in edges, "title": f"{a} cites {b}"})
    def label(name: str) -> str:
        return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"

    return {"width": GRAPH_WIDTH, "height": GRAPH_HEIGHT, "edges": lines,
            "nodes": [{"name": n, "label": label(n), "kind": kinds[n], "x": pos[n][0], "y": pos[n][1]} for n in names]}


def page_name(record: dict) -> str:
    return f"{output_stem(record['id'])}.html"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("attribution.claims", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def write_claims_html(records: Sequence[dict], out_dir: str | Path) -> list[Path]:
    """One page per cluster and ``index.html`` (clusters in the order given); returns the pages, index last."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    template = env.get_template("claim.html.j2")
    pages = []
    for record in records:
        page = out / page_name(record)
        atomic_write(page, template.render(record=record, timeline=timeline(record), graph=citation_graph(record)))
        pages.append(page)
    index = out / "index.html"
    atomic_write(index, env.get_template("claims_index.html.j2").render(
        records=[{**r, "href": page_name(r)} for r in records]))
    return [*pages, index]
