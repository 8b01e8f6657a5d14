"""Run ``attribution extract`` on one very large generated article and report time and peak memory.

    python scripts/large_article.py --mb 50            # tiny random model built in a temp folder
    python scripts/large_article.py --mb 5 --model models/attribution-tagger

The article is news-like text (paragraphs of attributed sentences and quotes).
The run happens in a child process that prints its own peak RSS
(``resource.getrusage``); the report is then checked against the contract.
Exit status 0 when the run completed, the report is valid and the peak RSS is
under ``--max-rss-mb`` (default 3072).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIVER = textwrap.dedent("""
    import json, resource, sys, time
    from attribution.cli.main import app
    t = time.time()
    try:
        app(sys.argv[1:], prog_name="attribution")
        rc = 0
    except SystemExit as e:
        rc = e.code or 0
    print(json.dumps({"rc": rc, "secs": round(time.time() - t, 1),
                      "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
""")


def write_article(path: Path, n_bytes: int, seed: int = 0) -> None:
    rnd = random.Random(seed)
    vocab = ("the minister said officials reportedly claimed talks had failed according to sources in Cairo "
             "who told Reuters that a ceasefire could be signed by Friday while the army denied it").split()
    with path.open("w", encoding="utf-8") as fh:
        size = 0
        while size < n_bytes:
            para = []
            for _ in range(rnd.randint(2, 5)):
                s = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(8, 30))).capitalize() + "."
                para.append(f"\u201c{s[:-1]},\u201d he said." if rnd.random() < 0.2 else s)
            chunk = " ".join(para) + "\n\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="article size in MiB (default 50)")
    ap.add_argument("--model", type=Path, help="model folder (default: a tiny random model built here)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-rss-mb", type=float, default=3072)
    ap.add_argument("--workdir", type=Path, help="keep the article and report here (default: a temp folder)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="large-article-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        model = args.model
        if model is None:
            sys.path.insert(0, str(ROOT / "tests"))
            from conftest import build_tiny_model

            model = build_tiny_model(work / "tiny-model")
        article = work / "large.txt"
        t = time.time()
        write_article(article, int(args.mb * 1024 * 1024))
        print(f"wrote {article} ({article.stat().st_size / 2**20:.1f} MiB) in {time.time() - t:.0f}s", file=sys.stderr)
        driver = work / "driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        out = work / "out"
        proc = subprocess.run([sys.executable, str(driver), "extract", str(article), "--out", str(out),
                               "--model", str(model), "--threads", str(args.threads), "--no-resume"],
                              capture_output=True, text=True)
        sys.stderr.write(proc.stderr[-2000:])
        stats = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {"rc": proc.returncode}
        stats["mb"] = args.mb
        ok = proc.returncode == 0 and stats.get("rc") == 0
        if ok:
            from attribution.validate import contract_errors

            report_path = out / "large.json"
            stats["report_mb"] = round(report_path.stat().st_size / 2**20, 1)
            report = json.loads(report_path.read_text(encoding="utf-8"))
            text = article.read_text(encoding="utf-8")
            errors = contract_errors(report, text) if report["text"] == text else ["report text differs"]
            stats["contract_errors"] = len(errors)
            stats["attributions"] = len(report["attributions"])
            ok = not errors and stats["maxrss_mb"] < args.max_rss_mb
        stats["ok"] = ok
        print(json.dumps(stats))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
