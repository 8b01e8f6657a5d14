"""Run the robustness properties (tests/robustness/test_properties.py) for longer.

    python scripts/fuzz.py --examples 20000 --seed 7
    python scripts/fuzz.py --examples 5000 --only pipeline,sections

Builds its own tiny random model, then runs each property with hypothesis for
``--examples`` examples (the pipeline ones: never raise, spans == slices,
trimmed, hedges inside sentences, byte-identical reruns, and the same for the
sectioned long-document path; the splitters: sentence and word spans sorted,
disjoint, trimmed, exact).  Prints one line per property and a summary; exit
status 1 if any property failed (hypothesis prints the shrunk example).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "robustness")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10_000, help="examples per property (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="hypothesis seed (default 0)")
    ap.add_argument("--only", default="", help="comma-separated subset of: pipeline,sections,sentences,words")
    ap.add_argument("--max-text", type=int, default=300, help="max length of the plain st.text() strategy")
    args = ap.parse_args()

    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    import attribution.pipeline as pipeline
    import test_properties as props
    from conftest import build_tiny_model

    from attribution.pipeline import Attributor
    from attribution.split.sentences import split_sentences
    from attribution.tag.words import split_words

    any_text = st.one_of(st.text(max_size=args.max_text), props.news_like)
    with tempfile.TemporaryDirectory(prefix="fuzz-model-") as tmp:
        attributor = Attributor.load(build_tiny_model(Path(tmp)), threads=1)
        counts: dict[str, int] = {}

        def counted(name, fn):
            def body(*a, **k):
                counts[name] = counts.get(name, 0) + 1
                fn(*a, **k)
            return body

        def pipeline_prop(text):
            props.check_report(text, json.loads(props.run_twice(attributor, text)))

        def sections_prop(text, limit):
            saved = pipeline.SECTION_CHARS
            pipeline.SECTION_CHARS = limit
            try:
                report = json.loads(props.run_twice(attributor, text))
            finally:
                pipeline.SECTION_CHARS = saved
            props.check_report(text, report)
            ids = [a["id"] for a in report["attributions"]]
            assert ids == [f"a{i + 1}" for i in range(len(ids))]
            cuts = pipeline.sections(text, limit)
            assert cuts[0][0] == 0 and cuts[-1][1] == len(text)

        def sentences_prop(text):
            prev = 0
            for s in split_sentences(text):
                assert prev <= s.start < s.end <= len(text)
                piece = text[s.start:s.end]
                assert piece == piece.strip()
                prev = s.end

        def words_prop(text):
            prev = 0
            for w in split_words(text):
                assert prev <= w.start < w.end and text[w.start:w.end] == w.text
                prev = w.end

        cfg = settings(max_examples=args.examples, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))
        runs = {
            "pipeline": given(text=any_text)(counted("pipeline", pipeline_prop)),
            "sections": given(text=any_text, limit=st.integers(1, 120))(counted("sections", sections_prop)),
            "sentences": given(text=any_text)(counted("sentences", sentences_prop)),
            "words": given(text=any_text)(counted("words", words_prop)),
        }
        only = [x for x in args.only.split(",") if x] or list(runs)
        failed = []
        t_all = time.time()
        for name in only:
            test = seed(args.seed)(cfg(runs[name]))
            t = time.time()
            try:
                test()
                status = "ok"
            except Exception:  # hypothesis has already printed the falsifying example
                traceback.print_exc()
                status = "FAILED"
                failed.append(name)
            dt = time.time() - t
            n = counts.get(name, 0)
            print(f"{name:10s} {status:6s} {n:7d} examples  {dt:7.1f}s  {1000 * dt / max(n, 1):6.2f} ms/example",
                  flush=True)
        print(f"fuzz: {len(only) - len(failed)}/{len(only)} properties held, seed {args.seed}, "
              f"{args.examples} examples each, {time.time() - t_all:.0f}s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
