"""The claim encoder is the pip model's sentence embedding; the scorer gives 1.0 only to the gold itself."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from attribution.claims.score import score_claims

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ["About 3,000 dockworkers walked off the job at the port of Kaldera",
         "3,000 of its members had stopped work", "A cat sat on the mat."]


@pytest.fixture(scope="module")
def encoder():
    from attribution.claims.embed import ClaimEncoder

    return ClaimEncoder(threads=1)


def test_vectors_are_unit_and_a_paraphrase_is_nearer_than_a_stranger(encoder):
    v = encoder.encode(TEXTS)
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3
    assert encoder.encode([]).shape == (0, 384)
    # order and batching do not change a vector
    assert np.allclose(encoder.encode(TEXTS[::-1])[::-1], v, atol=1e-5)


def test_identical_texts_are_embedded_once_and_parallel_batches_change_no_vector(encoder, monkeypatch):
    calls = []
    distinct = encoder._encode_distinct
    monkeypatch.setattr(encoder, "_encode_distinct", lambda texts: calls.append(len(texts)) or distinct(texts))
    v = encoder.encode([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert calls == [2] and np.array_equal(v[0], v[2]) and not np.array_equal(v[0], v[1])
    alone = encoder.encode(TEXTS)
    monkeypatch.setattr(encoder, "batch_size", 1)
    monkeypatch.setattr(encoder, "workers", 3)  # one batch a text, three at once
    assert np.abs(encoder.encode(TEXTS) - alone).max() < 1e-6


def test_same_as_transformers_mean_pooling():
    """Without the overlay the vectors are the pip model's own sentence embedding."""
    from attribution.claims.embed import ClaimEncoder

    encoder = ClaimEncoder(threads=1, overlay=None)
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from attribution.tag.encoder import base_encoder_path

    path = str(base_encoder_path())
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModel.from_pretrained(path)
    batch = tok(TEXTS, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1)
    want = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    assert np.abs(encoder.encode(TEXTS) - want).max() < 1e-4


def _gold_as_records(gold: dict, texts: dict[str, str]) -> list[dict]:
    """The gold clusters written as predictions: each member with the span of its text."""
    records = []
    for story in gold["stories"]:
        for c in story["clusters"]:
            members = []
            for m in c["members"]:
                start = texts[m["doc"]].index(m["text"])
                members.append({"doc_id": m["doc"], "attribution": m["id"], "sentence": 0,
                                "spans": [[start, start + len(m["text"])]]})
            origin = next(x for x in members if x["attribution"] == c["origin"])
            records.append({"id": c["id"], "members": members, "flags": [f["flag"] for f in c["flags"]],
                            "origin": {k: origin[k] for k in ("doc_id", "attribution", "sentence")}})
    return records


def test_scorer_on_the_gold_and_on_planted_mistakes():
    split = ROOT / "corpus" / "claims" / "train"
    gold = json.loads((split / "gold.json").read_text(encoding="utf-8"))
    texts = {d: (split / "docs" / f"{d}.txt").read_text(encoding="utf-8") for d in gold["documents"]}
    perfect = _gold_as_records(gold, texts)
    s = score_claims(perfect, gold, texts)
    assert s["pairwise"]["f1"] == 1.0 and s["origin"]["accuracy"] == 1.0
    assert all(v["precision"] in (1.0, None) and v["recall"] in (1.0, None) for v in s["flags"].values())
    merged = [{**perfect[0], "members": perfect[0]["members"] + perfect[1]["members"]}] + perfect[2:]
    assert score_claims(merged, gold, texts)["pairwise"]["precision"] < 1.0
    unflagged = [{**r, "flags": []} for r in perfect]
    assert all(v["recall"] in (0.0, None) for v in score_claims(unflagged, gold, texts)["flags"].values())
    wrong_origin = [{**r, "origin": {k: r["members"][-1][k] for k in ("doc_id", "attribution", "sentence")}}
                    for r in perfect]
    assert score_claims(wrong_origin, gold, texts)["origin"]["accuracy"] < 1.0
