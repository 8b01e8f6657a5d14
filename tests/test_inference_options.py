"""One source for run options: the API gets ``workers="auto"`` from the same factory as the CLI."""
from __future__ import annotations

import json

import pytest

from attribution import parallel
from attribution.options import InferenceOptions, parse_workers
from attribution.parallel import ProcessPoolAttributor
from attribution.pipeline import Attributor, extract_folder, open_attributor
from tests.folders import write_articles

TEXTS = [f"Officials said on day {i} that the talks had failed, according to Reuters. "
         f"\"We will not sign,\" the minister told reporters." for i in range(9)]


def test_workers_are_a_positive_number_or_auto():
    assert parse_workers("auto") == parse_workers(" AUTO ") == "auto"
    assert parse_workers("3") == parse_workers(3) == 3
    for bad in ("0", "many", "-2", 0, None):
        with pytest.raises(ValueError, match="1 or more"):
            parse_workers(bad)
    assert InferenceOptions(workers="4").workers == 4
    with pytest.raises(ValueError, match="engine"):
        InferenceOptions(engine="tensorflow")
    with pytest.raises(ValueError, match="backend"):
        InferenceOptions(backend="spark")


def test_options_are_hashable_so_a_worker_keeps_one_model_per_setting():
    a = InferenceOptions(model_dir="m", disable=["chains"], threads=1)
    assert a == InferenceOptions(model_dir="m", disable=("chains",), threads=1)
    assert len({a, InferenceOptions(model_dir="m", disable=("chains",), threads=1)}) == 1


def test_auto_means_one_process_per_core_for_many_documents_unless_threads_are_given(tmp_path, monkeypatch):
    for i, t in enumerate(TEXTS):
        (tmp_path / f"a{i}.txt").write_text(t, encoding="utf-8")
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert InferenceOptions(workers="auto").workers_for([str(tmp_path)]) == 2
    assert InferenceOptions(workers="auto", threads=2).workers_for([str(tmp_path)]) == 1
    assert InferenceOptions(workers="auto").workers_for([str(tmp_path / "a0.txt")]) == 1  # too few to pay off
    assert InferenceOptions(workers=3, threads=2).workers_for([str(tmp_path / "a0.txt")]) == 3  # a number is obeyed


def test_the_factory_gives_a_pool_or_one_process(tiny_model_dir):
    pool = open_attributor(InferenceOptions(model_dir=tiny_model_dir, workers=2, stride=0.8, disable=("recipients",)))
    assert isinstance(pool, ProcessPoolAttributor) and pool.workers == 2
    # every worker loads a one-thread model with the same settings, disabled steps included
    assert (pool.settings.threads, pool.settings.stride, pool.settings.disable) == (1, 0.8, ("recipients",))
    one = open_attributor(InferenceOptions(model_dir=tiny_model_dir, threads=1, disable=("recipients",)))
    assert isinstance(one, Attributor) and one.disable == ("recipients",)
    with pytest.raises(FileNotFoundError):  # a pool checks the model folder before any worker starts
        open_attributor(InferenceOptions(model_dir=tiny_model_dir / "missing", workers=2))


def test_extract_folder_with_auto_workers_writes_what_one_process_writes(tiny_model_dir, tmp_path, pool_starts):
    write_articles(tmp_path / "in", TEXTS)
    auto = extract_folder([tmp_path / "in"], tmp_path / "auto", InferenceOptions(model_dir=tiny_model_dir, workers="auto"))
    one = extract_folder([tmp_path / "in"], tmp_path / "one", InferenceOptions(model_dir=tiny_model_dir, threads=1))
    assert pool_starts == [2]  # the API, like the CLI, starts a pool for 8+ documents
    assert (auto.written, one.written, auto.failed, one.failed) == (len(TEXTS), len(TEXTS), [], [])
    for path in sorted((tmp_path / "one").iterdir()):
        assert (tmp_path / "auto" / path.name).read_bytes() == path.read_bytes()
    lines: list[str] = []
    extract_folder([tmp_path / "in" / "a0.txt"], None, InferenceOptions(model_dir=tiny_model_dir), emit=lines.append)
    assert [json.loads(x)["doc_id"] for x in lines] == ["a0"]


def test_the_ray_backend_needs_an_output_folder(tiny_model_dir, tmp_path):
    with pytest.raises(ValueError, match="output folder"):
        extract_folder([tmp_path], None, InferenceOptions(model_dir=tiny_model_dir, backend="ray"))
