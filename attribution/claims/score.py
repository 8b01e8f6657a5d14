"""Scoring claim clusters against a gold annotation (the claims corpus's ``gold.json``).

Gold members are text pieces of articles; predicted members are attributions or
sentences with their character spans.  A predicted member **is** the gold member of
the same document its spans fit best (overlap over union, among the pieces it overlaps by
at least half of the shorter of the two; the
gold member's ``also`` pieces, its headline restatements, counting as the member);
predicted members that match no gold member stay themselves.

* **Pairwise F1**: over pairs of elements put in one cluster, predicted against gold.
  A gold member matched by no prediction loses its pairs (recall); predicted members
  that are no gold claim, joined with anything, add false pairs (precision).
* **Flags**: a predicted cluster stands for the gold cluster most of its matched members
  belong to.  Precision of a flag: the predicted clusters carrying it whose gold
  cluster carries it too.  Recall: the gold clusters carrying it that some predicted
  cluster standing for them carries.
* **Origin**: for each gold cluster, the predicted cluster standing for it with the most
  members; right when its origin is the gold origin member.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from attribution.claims.provenance import FLAGS

MIN_OVERLAP = 0.5

GoldKey = tuple[str, str]  # (cluster id, member id)


def gold_pieces(gold: dict[str, Any], texts: dict[str, str]) -> dict[str, list[tuple[int, int, GoldKey]]]:
    """doc id → (start, end, gold member key) for every gold text and ``also`` piece."""
    pieces: dict[str, list[tuple[int, int, GoldKey]]] = defaultdict(list)
    for story in gold.get("stories", []):
        for cluster in story.get("clusters", []):
            for m in cluster["members"]:
                text = texts.get(m["doc"], "")
                for piece in [m["text"], *m.get("also", [])]:
                    start = text.find(piece)
                    if start >= 0:
                        pieces[m["doc"]].append((start, start + len(piece), (cluster["id"], m["id"])))
    return pieces


def match_member(member: dict[str, Any], pieces: dict[str, list[tuple[int, int, GoldKey]]]) -> GoldKey | None:
    """The gold member a predicted member stands for, or None."""
    best, best_fit = None, 0.0
    spans = member.get("spans") or []
    pred_len = sum(e - s for s, e in spans)
    for start, end, key in pieces.get(member["doc_id"], []):
        overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
        if not overlap or overlap < MIN_OVERLAP * min(end - start, pred_len):
            continue
        fit = overlap / (pred_len + (end - start) - overlap)  # of nested gold pieces, the one it is closest to
        if fit > best_fit:
            best, best_fit = key, fit
    return best


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_claims(records: Sequence[dict], gold: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """Pairwise P/R/F1, per-flag P/R, origin accuracy."""
    pieces = gold_pieces(gold, texts)
    gold_clusters = {c["id"]: c for s in gold.get("stories", []) for c in s.get("clusters", [])}
    gold_pairs = set()
    for cid, c in gold_clusters.items():
        keys = sorted((cid, m["id"]) for m in c["members"])
        gold_pairs.update(combinations(keys, 2))
    pred_pairs = set()
    stands_for: dict[str, str | None] = {}
    matched_members: dict[str, list[GoldKey | None]] = {}
    for r in records:
        elements = []
        matches = []
        for n, m in enumerate(r["members"]):
            key = match_member(m, pieces)
            matches.append(key)
            elements.append(key if key else ("pred", f"{r['id']}:{n}"))
        matched_members[r["id"]] = matches
        pred_pairs.update(combinations(sorted(set(elements)), 2))
        votes = Counter(k[0] for k in matches if k)
        stands_for[r["id"]] = votes.most_common(1)[0][0] if votes else None
    hits = len(pred_pairs & gold_pairs)
    precision = hits / len(pred_pairs) if pred_pairs else 0.0
    recall = hits / len(gold_pairs) if gold_pairs else 0.0
    flags: dict[str, dict[str, Any]] = {}
    for flag in FLAGS:
        predicted = [r for r in records if flag in r["flags"]]
        true_pred = [r for r in predicted
                     if stands_for[r["id"]] and flag in {f["flag"] for f in gold_clusters[stands_for[r["id"]]]["flags"]}]
        gold_with = [cid for cid, c in gold_clusters.items() if flag in {f["flag"] for f in c["flags"]}]
        found = [cid for cid in gold_with if any(stands_for[r["id"]] == cid for r in predicted)]
        p = len(true_pred) / len(predicted) if predicted else None
        rc = len(found) / len(gold_with) if gold_with else None
        flags[flag] = {"gold": len(gold_with), "predicted": len(predicted), "true_predicted": len(true_pred),
                       "found": len(found), "precision": p, "recall": rc}
    right = total = 0
    for cid, c in gold_clusters.items():
        candidates = [r for r in records if stands_for[r["id"]] == cid]
        if not candidates:
            continue
        best = max(candidates, key=lambda r: sum(1 for k in matched_members[r["id"]] if k and k[0] == cid))
        origin_index = next(i for i, m in enumerate(best["members"])
                            if m["doc_id"] == best["origin"]["doc_id"] and m["attribution"] == best["origin"]["attribution"]
                            and m["sentence"] == best["origin"]["sentence"])
        total += 1
        right += matched_members[best["id"]][origin_index] == (cid, c["origin"])
    return {"pairwise": {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                         "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs), "hits": hits},
            "clusters": {"gold": len(gold_clusters), "predicted": len(records),
                         "gold_found": len({v for v in stands_for.values() if v})},
            "flags": flags, "origin": {"right": right, "of": total, "accuracy": right / total if total else None}}
