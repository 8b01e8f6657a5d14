"""How fast `attribution claims` groups 100,000 attributions, and whether memory stays flat in the clusters.

    python scripts/bench_claims_scale.py --json docs/bench-claims-scale.json
    python scripts/bench_claims_scale.py --end-to-end 100000 --json docs/bench-claims-scale.json

SYNTHETIC data: claim items with generated texts (a name, a place and a number per claim,
worded five ways, each text made distinct by a word of its own; the members of a claim published
on one day, at different hours, as a claim travels within a news cycle) and generated unit vectors shaped like sentence embeddings (topics of
related claims, 100 items a topic; members of one claim at cosine ~0.85 to each other, claims
of a topic at ~0.4).  Each configuration runs in a fresh process, which reports its wall time for
grouping (index + precise check + union-find + the cluster records, written to
claims.jsonl) and its peak resident memory (``ru_maxrss``).  Three checks:

* size: 25,000 / 50,000 / 100,000 items, 5 members per claim;
* clusters: 100,000 items as 2,000 claims (50 members each) against 25,000 claims (4 each):
  memory must not grow with the number of clusters;
* index recall: of the pairs exact search finds above the candidate floor, the share the
  inverted-file index finds (on 100,000 items, for 2,000 sampled items).

Embedding is measured apart (real texts through the real encoder, ``--embed N``): the
grouping figures take the vectors as given.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = ["Holm", "Tamm", "Brevik", "Kranj", "Salay", "Dorn", "Lutz", "Sedge", "Reyes", "Marek", "Ilves", "Sund"]
PLACES = ["Kaldera", "Brecca", "Tresk", "Harwick", "Mirren", "Velland", "Sarn", "Kolm", "Drava", "Norvane"]
FORMS = ["{name} said {n} workers were hurt in {place} on Monday",
         "{n} workers were injured in {place}, according to {name}",
         "In {place}, {n} people were hurt, {name} told reporters",
         "{name}: {n} hurt in {place}",
         "Officials in {place} put the number of injured at {n}, {name} said"]


TOPIC_ITEMS = 100
"""Items per topic, whatever the claim size: every item has about as many near neighbours (cosine ~0.4,
above the candidate floor) in every configuration, so configurations differ in their clusters only."""


def _word(i: int) -> str:
    """A lower-case word of its own for item ``i`` (no digits, no capitals: neither a number nor a name),
    so every item's text is distinct, as in real data, whatever the number of claims."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += chr(97 + r)
        if i == 0:
            return letters


def synthetic(n_items: int, members_per_claim: int, seed: int = 0):
    """Items and vectors: claims grouped in topics of :data:`TOPIC_ITEMS` items; each claim worded
    ``members_per_claim`` ways."""
    from attribution.claims.items import ClaimItem

    rng = np.random.default_rng(seed)
    n_claims = n_items // members_per_claim
    topics = rng.standard_normal((max(1, n_items // TOPIC_ITEMS), 384), dtype=np.float32)
    claim_centres = topics[np.arange(n_claims) % len(topics)] + np.float32(1.2) * rng.standard_normal((n_claims, 384), dtype=np.float32)
    claim_centres /= np.linalg.norm(claim_centres, axis=1, keepdims=True)
    owner = np.repeat(np.arange(n_claims), members_per_claim)[:n_items]
    vectors = claim_centres[owner]
    for lo in range(0, n_items, 10_000):  # noise in blocks: no second n × 384 matrix
        vectors[lo: lo + 10_000] += np.float32(0.022) * rng.standard_normal((len(vectors[lo: lo + 10_000]), 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    items = []
    for i, c in enumerate(owner):
        text = FORMS[i % len(FORMS)].format(name=NAMES[c % len(NAMES)], place=PLACES[(c // 7) % len(PLACES)],
                                            n=f"{100 + int(c):,}") + f", the {_word(i)} desk wrote"
        items.append(ClaimItem(doc_id=f"d{i}", attribution="a1", sentence=1, text=text, outlet=f"Outlet {i % 97}",
                               date=f"2025-01-{1 + c % 28:02d}T{i % 24:02d}:00:00Z", source=NAMES[c % len(NAMES)],
                               source_entity=NAMES[c % len(NAMES)], chain=[NAMES[c % len(NAMES)]], certainty="stated"))
    return items, vectors, owner


def _rss_mb() -> float:
    """The resident memory now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_one(n_items: int, members: int) -> dict:
    """One configuration, in this process: group, write, measure."""
    from attribution.claims.group import group_items
    from attribution.claims.run import records_for, write_claims

    items, vectors, owner = synthetic(n_items, members)
    before = _rss_mb()
    started = time.perf_counter()
    clusters = group_items(items, vectors)
    records = records_for(items, clusters)
    with tempfile.TemporaryDirectory() as tmp:
        write_claims(records, tmp)
    seconds = time.perf_counter() - started
    # how well the clusters are the generated claims (pairwise, over the items)
    pred = np.full(n_items, -1)
    for k, c in enumerate(clusters):
        pred[c] = k
    same_pred = same_true = both = 0
    for c in clusters:
        same_pred += len(c) * (len(c) - 1) // 2
        _, counts = np.unique(owner[c], return_counts=True)
        both += int((counts * (counts - 1) // 2).sum())
    _, true_counts = np.unique(owner, return_counts=True)
    same_true = int((true_counts * (true_counts - 1) // 2).sum())
    p, r = both / max(1, same_pred), both / max(1, same_true)
    return {"items": n_items, "members_per_claim": members, "claims": int(owner.max()) + 1, "clusters": len(clusters),
            "seconds": round(seconds, 1), "rss_before_grouping_mb": round(before, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "pairwise_f1_vs_generated": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def index_recall(n_items: int, sample: int = 2000) -> dict:
    from attribution.claims.group import CANDIDATE_FLOOR
    from attribution.claims.index import candidate_pairs

    _, vectors, _ = synthetic(n_items, 5)
    started = time.perf_counter()
    found = candidate_pairs(vectors, CANDIDATE_FLOOR)
    seconds = time.perf_counter() - started
    rng = np.random.default_rng(1)
    queries = rng.choice(n_items, size=sample, replace=False)
    found_set = {(int(a), int(b)) for a, b, _ in found}
    want = hit = 0
    for q in queries:
        sims = vectors @ vectors[q]
        for j in np.flatnonzero(sims >= CANDIDATE_FLOOR):
            if j == q:
                continue
            want += 1
            hit += (min(q, j), max(q, j)) in found_set
    return {"items": n_items, "floor": CANDIDATE_FLOOR, "exact_pairs_of_sample": want, "found": hit,
            "recall": round(hit / want, 4) if want else None, "index_seconds": round(seconds, 1)}


def embed_rate(n: int, rounds: int = 1) -> dict:
    """Statements a second through the real encoder, per engine (the graph export happens before timing).

    On a machine shared with other jobs a single timing mostly measures them, so each engine
    runs ``rounds`` times, the engines taking turns, and the best round counts; ``cpu_seconds``
    (this process's user + system time in that round) says what the work itself cost."""
    from attribution.claims.embed import ClaimEncoder

    items, _, _ = synthetic(n, 5)
    texts = [it.text for it in items]
    encoders = {engine: ClaimEncoder(threads=2, engine=engine) for engine in ("onnx", "torch")}
    pieces = [len(e.ids) for e in encoders["onnx"].tokenizer.encode_batch(texts)]
    out: dict = {"word_pieces_mean": round(float(np.mean(pieces)), 1), "word_pieces_max": max(pieces)}
    vectors = {}
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for engine, encoder in encoders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[engine] = encoder.encode(texts)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if engine not in best or wall < best[engine][0]:
                best[engine] = (wall, cpu)
    for engine, (wall, cpu) in best.items():
        out[engine] = {"texts": n, "rounds": rounds, "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                       "texts_per_second": round(n / wall, 1)}
    out["min_cosine_onnx_vs_torch"] = float((vectors["onnx"] * vectors["torch"]).sum(1).min())
    out["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    return out


def end_to_end(n_items: int, members: int = 5) -> dict:
    """The whole run on ``n_items`` statements, in this process: the real encoder embeds the generated
    texts (the default engine, ONNX Runtime fp32, warmed on a few texts first so the one-time graph
    export is not counted), then grouping, the cluster records and ``claims.jsonl`` as in :func:`run_one`.

    Grouping takes the generated vectors, not the encoder's: the generated texts are five templates,
    so their real vectors sit far closer than news does (of the pairs of different claims, 91% reach
    the candidate floor of cosine 0.35, against 3.3% for PolNeAR dev's attributed contents, 1,000
    of each measured), and would time a corpus of near-duplicates rather than news."""
    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.group import group_items
    from attribution.claims.run import records_for, write_claims

    items, vectors, owner = synthetic(n_items, members)
    encoder = ClaimEncoder(threads=2)
    encoder.encode([it.text for it in items[:64]])
    started, cpu = time.perf_counter(), time.process_time()
    embedded = encoder.encode([it.text for it in items])
    assert embedded.shape == vectors.shape
    del embedded
    after_embedding = time.perf_counter()
    clusters = group_items(items, vectors)
    with tempfile.TemporaryDirectory() as tmp:
        write_claims(records_for(items, clusters), tmp)
    done = time.perf_counter()
    return {"items": n_items, "members_per_claim": members, "claims": int(owner.max()) + 1, "clusters": len(clusters),
            "embed_seconds": round(after_embedding - started, 1), "group_seconds": round(done - after_embedding, 1),
            "total_seconds": round(done - started, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "load_average_1min_after": round(os.getloadavg()[0], 2)}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--one", nargs=2, type=int, metavar=("ITEMS", "MEMBERS"), help=argparse.SUPPRESS)
    parser.add_argument("--recall", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--embed", type=int, default=1000, help="texts to embed for the encoder's rate (0: skip)")
    parser.add_argument("--embed-only", action="store_true", help="only the encoder's rate (added to --json)")
    parser.add_argument("--rounds", type=int, default=3, help="embedding timings per engine; the best counts")
    parser.add_argument("--sizes", default="25000,50000,100000")
    parser.add_argument("--end-to-end", type=int, default=0, metavar="N",
                        help="only the whole run (embedding with the real encoder, then grouping) on N statements "
                             "(added to --json)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.end_to_end:
        results = json.loads(args.json.read_text(encoding="utf-8")) if args.json and args.json.exists() else {}
        results["end_to_end"] = end_to_end(args.end_to_end)
        print(results["end_to_end"], flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return 0
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return 0
    if args.recall:
        print(json.dumps(index_recall(args.recall)))
        return 0
    if args.embed_only:
        results = json.loads(args.json.read_text(encoding="utf-8")) if args.json and args.json.exists() else {}
        results["embedding"] = embed_rate(args.embed, args.rounds)
        print(results["embedding"], flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return 0
    results: dict = {"data": "synthetic (see the script's docstring)", "cpus": os.cpu_count(), "size": [], "clusters": []}
    for n in (int(s) for s in args.sizes.split(",")):
        results["size"].append(_child(["--one", str(n), "5"]))
        print(results["size"][-1], flush=True)
    for members in (50, 4):
        results["clusters"].append(_child(["--one", "100000", str(members)]))
        print(results["clusters"][-1], flush=True)
    results["index_recall"] = _child(["--recall", "100000"])
    print(results["index_recall"], flush=True)
    if args.embed:
        results["embedding"] = embed_rate(args.embed, args.rounds)
        print(results["embedding"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
