"""The ONNX engine: same predictions as torch, exported once and cached, no torch needed after that."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from attribution.tag import engine as engines
from attribution.tag.tagger import Tagger

TEXT = ("Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources.\n\n"
        "The LNA’s sources told Al Arabiya that the talks would resume. “We are ready,” they said.")


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_onnx_and_torch_engines_agree(tiny_model_dir, cache):
    onnx = Tagger.load(tiny_model_dir, engine="onnx", quantize=False, threads=1)
    torch_ = Tagger.load(tiny_model_dir, engine="torch", threads=1)
    assert onnx.engine.name == "onnx" and torch_.engine.name == "torch"
    a, b = onnx.tag(TEXT), torch_.tag(TEXT)
    assert np.allclose(a.predictions.probs, b.predictions.probs, atol=1e-4)
    assert [(s.role, s.start, s.end) for s in a.spans] == [(s.role, s.start, s.end) for s in b.spans]
    assert [[i for i, _ in p] for p in a.predictions.pointers] == [[i for i, _ in p] for p in b.predictions.pointers]
    assert len(list(cache.glob("tagger-*.onnx"))) == 1 and not list(cache.glob(".tmp-*"))


def test_default_is_int8_onnx_from_the_fused_graph_with_fp32_heads(tiny_model_dir, cache):
    import onnx

    tagger = Tagger.load(tiny_model_dir, threads=1)
    assert tagger.engine.name == "onnx" and tagger.engine.int8
    assert [p.name.endswith("-int8.onnx") for p in cache.glob("tagger-*.onnx")] == [True]
    assert not list(cache.glob(".tmp-*"))  # the intermediate graphs are gone
    nodes = onnx.load(str(tagger.engine.path)).graph.node
    ops = {n.op_type for n in nodes}
    assert {"QAttention", "SkipLayerNormalization", "MatMulInteger"} <= ops  # fused, then quantized
    assert {n.name for n in nodes if n.op_type == "MatMul"} == {  # the heads stay fp32
        "/inner/classifier/MatMul", "/inner/pointer_query/MatMul", "/inner/pointer_key/MatMul"}
    fp32 = Tagger.load(tiny_model_dir, quantize=False, threads=1)
    a, b = tagger.tag(TEXT), fp32.tag(TEXT)
    assert np.abs(a.predictions.probs - b.predictions.probs).max() < 0.1  # int8 is close, not equal


def test_if_the_optimizer_fails_the_int8_graph_is_quantized_unfused(tiny_model_dir, cache, monkeypatch, capsys):
    import onnx

    def broken(*args, **kwargs):
        raise RuntimeError("pattern not supported")

    monkeypatch.setattr(engines, "fuse_onnx", broken)
    tagger = Tagger.load(tiny_model_dir, threads=1)
    assert tagger.engine.int8 and "int8 graph left unfused" in capsys.readouterr().err
    ops = {n.op_type for n in onnx.load(str(tagger.engine.path)).graph.node}
    assert "MatMulInteger" in ops and "QAttention" not in ops
    assert tagger.tag(TEXT).predictions.probs.shape[1] > 1


def test_cached_graph_loads_without_torch(tiny_model_dir, cache):
    Tagger.load(tiny_model_dir, engine="onnx", threads=1)  # exports
    code = ("import sys; from attribution.tag.tagger import Tagger; "
            f"t = Tagger.load({str(tiny_model_dir)!r}, threads=1); t.tag('The minister said it.'); "
            "print(t.engine.name, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ), check=True)
    assert out.stdout.split() == ["onnx", "False"]


def test_a_damaged_cache_file_is_exported_again(tiny_model_dir, cache):
    Tagger.load(tiny_model_dir, engine="onnx", quantize=False, threads=1)
    (path,) = cache.glob("tagger-*.onnx")
    path.write_bytes(b"not a graph")
    again = Tagger.load(tiny_model_dir, engine="onnx", quantize=False, threads=1)
    assert again.engine.name == "onnx" and path.stat().st_size > 1000


def test_without_onnxruntime_it_runs_on_torch_and_says_so(tiny_model_dir, cache, monkeypatch, capsys):
    monkeypatch.setattr(engines, "onnx_available", lambda: False)
    tagger = Tagger.load(tiny_model_dir, threads=1)
    assert tagger.engine.name == "torch" and "onnxruntime is not installed" in capsys.readouterr().err


def test_torch_engine_and_unknown_engines_are_refused(tiny_model_dir, cache):
    assert Tagger.load(tiny_model_dir, engine="torch", threads=1).model is not None
    assert Tagger.load(tiny_model_dir, engine="torch", quantize=True, threads=1).engine.name == "torch"
    with pytest.raises(ValueError, match="unknown engine"):
        Tagger.load(tiny_model_dir, engine="tpu")


def test_an_unusable_cache_folder_falls_back_to_a_temporary_export(tiny_model_dir, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ATTRIBUTION_CACHE", str(blocker / "cache"))  # cannot be created: its parent is a file
    tagger = Tagger.load(tiny_model_dir, threads=1)
    assert tagger.engine.name == "onnx" and tagger.engine.path.exists()
    assert not str(tagger.engine.path).startswith(str(blocker))
    assert "is not writable, so every run exports again" in capsys.readouterr().err
    assert tagger.tag("The minister said it.").words


def test_the_first_export_says_so_once(tiny_model_dir, cache, capsys):
    Tagger.load(tiny_model_dir, threads=1)
    assert "exporting the model to ONNX int8" in capsys.readouterr().err
    Tagger.load(tiny_model_dir, threads=1)
    assert capsys.readouterr().err == ""  # the cached graph is read silently
