#!/usr/bin/env python
"""End-to-end throughput of ``attribution``: sentences/s and documents/s, fp32 and int8, plus start-up costs.

What is measured (all on the machine it runs on; nothing is downloaded):

* **Throughput**: ``Attributor.load(model, engine=onnx|torch, quantize=False|True)`` once (load time
  reported apart), one warm-up document, then ``extract_documents`` over the
  whole corpus — reading aside, this is everything ``attribution extract`` does
  per document (split, tag, assemble, report objects).  Sentences are the
  report's sentences.
* **Cold start**: a fresh ``attribution extract <seed> --format jsonl --model M``
  subprocess, wall time (interpreter + imports + model load + one article).
* **CLI start-up**: ``attribution --help`` in a subprocess, best of 5.
* **From the shell**: ``attribution extract FOLDER --out OUT`` over the corpus written
  as text files, with the defaults and with ``--workers 1``; median of 3 runs.

Corpus: the seed article plus the PolNeAR dev texts with ``--polnear ROOT``
(the folder holding ``dev/text``), else the seed plus ``--docs`` generated,
deterministic news-like articles.

Commands (run from the repository root, in the venv)::

    # with the released model, on PolNeAR dev (the figures for the README)
    python scripts/bench_throughput.py --model models/attribution-tagger --polnear ../shared/data/polnear --threads 2
    # on generated text
    python scripts/bench_throughput.py --model models/attribution-tagger --docs 500
    # a smoke run with a tiny random model (numbers meaningless, checks the script)
    python scripts/bench_throughput.py --tiny --docs 200

Prints a JSON summary, then a markdown table (``--json-out FILE`` also saves the JSON).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fff7737d1579c4c2.txt"

# ---------------------------------------------------------------- news-like text (shared with the other bench scripts)

_PEOPLE = ["Maria Lopez", "John Carter", "Aisha Khan", "Peter Novak", "Li Wei", "Sarah O'Neill", "Ahmed Saleh",
           "Elena Petrova", "David Okafor", "Hannah Schmidt", "Carlos Mendes", "Yuki Tanaka"]
_ROLES = ["the finance minister", "a senior official", "the company's chief executive", "a police spokesman",
          "the mayor", "an analyst at Barclays", "the union leader", "a White House spokeswoman",
          "the opposition leader", "a diplomat familiar with the talks"]
_ORGS = ["the Interior Ministry", "the central bank", "Reuters", "the United Nations", "the health agency",
         "Acme Corp", "the city council", "the European Commission", "the World Bank", "state media"]
_PLACES = ["Brussels", "Nairobi", "Lima", "Jakarta", "Ottawa", "Warsaw", "Cairo", "Manila", "Denver", "Lyon"]
_TOPICS = ["the budget", "the ceasefire", "fuel prices", "the merger", "the election result", "the new tariffs",
           "the flood response", "the vaccine rollout", "the pension reform", "the trade agreement"]
_CLAIMS = ["{t} would be delayed until next year", "{t} had been agreed in principle",
           "talks on {t} would resume on Monday", "{t} was unlikely to pass parliament",
           "the government had underestimated the cost of {t}", "there was no evidence of fraud in {t}",
           "{t} would create thousands of jobs", "more work was needed before {t} could take effect"]
_QUOTES = ["We are not going to accept this", "This is a very difficult moment for everyone",
           "Nobody expected it to happen so fast", "We will look at every option on the table",
           "The numbers speak for themselves", "I think we can still reach a deal",
           "It is too early to draw any conclusions", "Our priority is the safety of residents"]
_FILLER = ["Shares fell 3.2 percent in early trading.", "The meeting lasted more than four hours.",
           "Protesters gathered outside the building on Tuesday.", "The figures were published late on Friday.",
           "Turnout was lower than in previous years.", "Several roads remained closed overnight.",
           "The decision is expected by the end of the month.", "Prices have risen for six months in a row."]


def news_article(rng: random.Random, sentences: int = 12) -> str:
    """One deterministic news-like article: a dateline, reported speech of several shapes, and plain facts."""
    def cap(s: str) -> str:
        return s[:1].upper() + s[1:]

    def who() -> str:
        return rng.choice([rng.choice(_PEOPLE), cap(rng.choice(_ROLES)),
                           f"{rng.choice(_PEOPLE)}, {rng.choice(_ROLES)},"])

    def claim() -> str:
        return rng.choice(_CLAIMS).format(t=rng.choice(_TOPICS))

    shapes = [
        lambda: f"{who()} said {claim()}.",
        lambda: f"\u201c{rng.choice(_QUOTES)},\u201d {rng.choice(_PEOPLE)} told reporters.",
        lambda: f"\u201c{rng.choice(_QUOTES)},\u201d said {rng.choice(_ROLES)}.",
        lambda: f"According to {rng.choice(_ORGS)}, {claim()}.",
        lambda: f"{cap(rng.choice(_ORGS))} reported that {claim()}.",
        lambda: f"{rng.choice(_PEOPLE)} may have suggested that {claim()}, sources said.",
        lambda: f"Officials believe {claim()}.",
        lambda: rng.choice(_FILLER),
        lambda: rng.choice(_FILLER),
    ]
    title = f"{cap(rng.choice(_TOPICS))}: {rng.choice(_PEOPLE)} speaks out"
    body = [f"{rng.choice(_PLACES).upper()}, {rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} "
            f"- {who()} said on {rng.choice(['Monday', 'Wednesday', 'Friday'])} that {claim()}."]
    body += [rng.choice(shapes)() for _ in range(sentences - 1)]
    paras = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def news_corpus(n: int, seed: int = 13, sentences: tuple[int, int] = (8, 20)) -> list[str]:
    """``n`` generated articles, the same for the same arguments."""
    rng = random.Random(seed)
    return [news_article(rng, rng.randint(*sentences)) for _ in range(n)]


def polnear_texts(root: str | Path, split: str = "dev", limit: int | None = None) -> list[tuple[str, str]]:
    """(doc_id, text) of a PolNeAR split."""
    from attribution.data.polnear import read_polnear

    return [(d.doc_id, d.text) for d in read_polnear(root, split, limit)]


def resolve_model(args: argparse.Namespace, keep: list) -> Path:
    """``--model`` or, with ``--tiny``, a tiny random model built in a temporary folder (kept alive by ``keep``)."""
    if args.tiny:
        sys.path.insert(0, str(ROOT / "tests"))
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from conftest import build_tiny_model

        tmp = tempfile.TemporaryDirectory(prefix="bench-tiny-")
        keep.append(tmp)
        return build_tiny_model(Path(tmp.name) / "tiny-model")
    if args.model:
        return Path(args.model).resolve()
    from attribution.tag.tagger import default_model_dir

    return default_model_dir()


def add_model_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--model", help="model folder (default: $ATTRIBUTION_MODEL or the released model)")
    g.add_argument("--tiny", action="store_true", help="build and use a tiny random model (smoke test only)")


def cli_path() -> str:
    exe = Path(sys.executable).parent / "attribution"
    return str(exe) if exe.exists() else (shutil.which("attribution") or "attribution")


def machine() -> dict:
    import torch

    return {"python": platform.python_version(), "torch": torch.__version__, "cpus": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "platform": platform.platform()}


def markdown_table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


# ---------------------------------------------------------------- measurements

def throughput(model: Path, texts: list[tuple[str, str]], quantize: bool, threads: int | None, engine: str = "onnx",
               workers: int = 1) -> dict:
    """With ``workers`` > 1 the timed pass includes starting the worker processes and their models."""
    from attribution.pipeline import Attributor
    from attribution.read import Document

    t0 = time.perf_counter()
    if workers > 1:
        from attribution.parallel import ProcessPoolAttributor

        att = ProcessPoolAttributor(workers, model, quantize=quantize, engine=engine)
    else:
        att = Attributor.load(model, quantize=quantize, threads=threads, engine=engine)
        att.extract(texts[0][1], doc_id="warmup")
    load_s = time.perf_counter() - t0
    docs = (Document(doc_id, text) for doc_id, text in texts)
    n_docs = n_sents = n_atts = chars = 0
    t0 = time.perf_counter()
    for report in att.extract_documents(docs):
        n_docs += 1
        n_sents += len(report.sentences)
        n_atts += len(report.attributions)
        chars += len(report.text)
    secs = time.perf_counter() - t0
    return {"engine": engine + (f", {workers} workers" if workers > 1 else ""), "precision": "int8" if quantize else "fp32",
            "load_s": round(load_s, 3), "seconds": round(secs, 3),
            "documents": n_docs, "sentences": n_sents, "attributions": n_atts, "chars": chars,
            "docs_per_s": round(n_docs / secs, 2), "sentences_per_s": round(n_sents / secs, 1),
            "kchars_per_s": round(chars / secs / 1000, 1)}


def cold_start(model: Path, seed: Path, int8: bool = False, fresh_cache: bool = False) -> dict:
    """A new process extracting one article; ``fresh_cache``: with an empty ONNX cache (the first run ever,
    which exports the graph), else with the graph cached by an earlier run (every later run)."""
    cmd = [cli_path(), "extract", str(seed), "--format", "jsonl", "--model", str(model)] + (["--engine", "torch", "--int8"] if int8 else [])
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as empty:
        if fresh_cache:
            env["ATTRIBUTION_CACHE"] = empty
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    json.loads(proc.stdout.splitlines()[0])  # one valid report came out
    label = ("torch int8" if int8 else "default: onnx int8") + (", first run (exports the graph)" if fresh_cache else ", graph cached")
    return {"precision": label, "seconds": round(secs, 3)}


def cli_folder(model: Path, texts: list[tuple[str, str]], extra: list[str], repeat: int = 3) -> dict:
    """``attribution extract FOLDER --out OUT`` from the shell, as a user runs it: interpreter start,
    reading the files, tagging, writing every report.  Median of ``repeat`` runs, each into an empty folder."""
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, (doc_id, text) in enumerate(texts):
            (folder / f"{i:05d}-{doc_id[:40]}.txt").write_text(text, encoding="utf-8")
        times, sentences = [], 0
        for run in range(repeat):
            out = Path(tmp) / f"out-{run}"
            cmd = [cli_path(), "extract", str(folder), "--out", str(out), "--model", str(model), *extra]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
            reports = [json.loads(f.read_text(encoding="utf-8")) for f in out.glob("*.json")]
            if len(reports) != len(texts):
                raise RuntimeError(f"{len(reports)} reports for {len(texts)} articles")
            sentences = sum(len(r["sentences"]) for r in reports)
    median = sorted(times)[len(times) // 2]
    return {"options": " ".join(extra) or "(defaults)", "documents": len(texts), "sentences": sentences,
            "median_s": round(median, 3), "runs_s": [round(t, 3) for t in times],
            "sentences_per_s": round(sentences / median, 1), "docs_per_s": round(len(texts) / median, 2)}


def help_time(repeat: int = 5) -> dict:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([cli_path(), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return {"best_s": round(min(times), 3), "median_s": round(sorted(times)[len(times) // 2], 3), "runs": repeat}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog="See the module docstring for the exact commands.")
    add_model_args(p)
    p.add_argument("--polnear", help="PolNeAR root (with dev/text): benchmark on the seed + dev texts")
    p.add_argument("--limit", type=int, default=None, help="at most this many PolNeAR dev documents")
    p.add_argument("--docs", type=int, default=200, help="generated articles when --polnear is not given (default 200)")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's default, all cores)")
    p.add_argument("--no-int8", action="store_true", help="skip the torch int8 run")
    p.add_argument("--workers", type=int, default=2, help="worker processes for the `--workers` run (default 2)")
    p.add_argument("--no-subprocess", action="store_true", help="skip cold start and --help timings")
    p.add_argument("--json-out", help="also write the JSON summary here")
    args = p.parse_args(argv)

    keep: list = []
    model = resolve_model(args, keep)
    seed_text = SEED.read_text(encoding="utf-8")
    texts = [("seed", seed_text)]
    if args.polnear:
        texts += polnear_texts(args.polnear, "dev", args.limit)
        corpus = f"seed + PolNeAR dev ({len(texts) - 1} docs)"
    else:
        texts += [(f"gen-{i:05d}", t) for i, t in enumerate(news_corpus(args.docs))]
        corpus = f"seed + {args.docs} generated news-like articles"

    runs = [throughput(model, texts, True, args.threads, "onnx"),
            throughput(model, texts, True, args.threads, "onnx", workers=args.workers),
            throughput(model, texts, False, args.threads, "onnx"),
            throughput(model, texts, False, args.threads, "torch")]
    if not args.no_int8:
        runs.append(throughput(model, texts, True, args.threads, "torch"))
    result: dict = {"model": str(model), "tiny": bool(args.tiny), "corpus": corpus, "threads": args.threads,
                    "machine": machine(), "throughput": runs}
    if not args.no_subprocess:
        result["cold_start_one_article"] = ([cold_start(model, SEED), cold_start(model, SEED, fresh_cache=True)]
                                            + ([] if args.no_int8 else [cold_start(model, SEED, True)]))
        result["cli_help"] = help_time()
        result["cli_folder"] = [cli_folder(model, texts, []), cli_folder(model, texts, ["--workers", "1"])]

    print(json.dumps(result, indent=1))
    print()
    print(f"Throughput on {corpus}, model `{Path(model).name}`" + (" (tiny random model: smoke test only)" if args.tiny else ""))
    print()
    print(markdown_table(["engine", "precision", "docs/s", "sentences/s", "kchars/s", "model load (s)", "docs", "sentences"],
                         [[r["engine"], r["precision"], r["docs_per_s"], r["sentences_per_s"], r["kchars_per_s"], r["load_s"],
                           r["documents"], r["sentences"]] for r in runs]))
    if not args.no_subprocess:
        print()
        print(markdown_table(["start-up", "seconds"],
                             [[f"cold `attribution extract` of one article ({c['precision']})", c["seconds"]]
                              for c in result["cold_start_one_article"]]
                             + [["`attribution --help` (best of 5)", result["cli_help"]["best_s"]]]))
        print()
        print(markdown_table(["`attribution extract FOLDER --out OUT`", "documents", "sentences", "median s (of 3)",
                              "sentences/s", "documents/s"],
                             [[c["options"], c["documents"], c["sentences"], c["median_s"], c["sentences_per_s"],
                               c["docs_per_s"]] for c in result["cli_folder"]]))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
