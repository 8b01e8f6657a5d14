"""Shared fixtures: a tiny random tagger (fast, no released model) and the released model, each loaded once.

Tests marked ``slow`` (the released model, training loops, whole-corpus runs) are skipped unless
``--slow`` is given, so the default ``pytest`` stays quick; ``.ci/run`` passes ``--slow``.
Everything the default run reads lives in this repository (``tests/fixtures/``); tests that need
PolNeAR, which is not redistributed here, skip with a note on where to get it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_fff7737d1579c4c2.txt"
SEED_GOLD = FIXTURES / "seed.gold.json"  # a copy of the hand-made seed gold, so a bare clone can run the tests
SEED_ENTITIES_GOLD = FIXTURES / "seed.entities.gold.json"  # the same with entity keys (the entity layer's target)
# PolNeAR is read in place, never copied into the repository: ATTRIBUTION_POLNEAR, else the CI layout (../shared).
POLNEAR = Path(os.environ.get("ATTRIBUTION_POLNEAR") or ROOT.parent / "shared" / "data" / "polnear")
POLNEAR_MISSING = (f"PolNeAR not found at {POLNEAR}: git clone https://github.com/networkdynamics/PolNeAR "
                   "and set ATTRIBUTION_POLNEAR to its data/ folder (the one holding train/ and dev/)")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (released model, training, whole-corpus runs)")


def pytest_configure(config: pytest.Config) -> None:
    """With --slow, property tests draw all their examples (tests/budget.py reads this before collection)."""
    from tests.budget import THOROUGH_ENV

    if config.getoption("--slow"):
        os.environ[THOROUGH_ENV] = "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip slow tests unless --slow: the default run is the quick one a contributor runs often."""
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
if "ATTRIBUTION_CACHE" not in os.environ:  # ONNX exports of test models stay out of the user's cache
    import tempfile

    os.environ["ATTRIBUTION_CACHE"] = tempfile.mkdtemp(prefix="attribution-test-cache-")


def build_tiny_model(directory: Path, seed: int = 0) -> Path:
    """Save a randomly initialised 2-layer, 32-wide tagger with the real tokenizer."""
    import torch
    from transformers import BertConfig

    from attribution.tag.encoder import load_tokenizer
    from attribution.tag.model import TaggerConfig, build_random

    torch.manual_seed(seed)
    tokenizer = load_tokenizer()
    enc_cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                         num_attention_heads=2, intermediate_size=64, max_position_embeddings=512)
    model = build_random(TaggerConfig(pointer_dim=16, max_length=64, embeddings_from_base=False), enc_cfg)
    model.save(directory, tokenizer)
    return directory


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def tiny_attributor(tiny_model_dir):
    from attribution.pipeline import Attributor

    return Attributor.load(tiny_model_dir, threads=1)


@pytest.fixture(scope="session")
def released_attributor():
    """The released model from models/: a test that needs it fails loudly if it is missing."""
    from attribution.pipeline import Attributor
    from attribution.tag.tagger import default_model_dir

    path = default_model_dir()
    assert (path / "tagger_config.json").exists(), f"released model missing at {path}"
    return Attributor.load(path)


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    """The PolNeAR data folder; the test skips (with how to get it) where it is absent."""
    if not (POLNEAR / "dev").is_dir():
        pytest.skip(POLNEAR_MISSING)
    return POLNEAR


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold(seed_text) -> dict:
    """Shared by the session: tests copy it (copy.deepcopy) before changing anything."""
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    gold["text"] = seed_text
    return gold


RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


@pytest.fixture(scope="module")
def ray_session():
    """A local Ray for one test module (Ray's auth and usage stats off), shut down and the environment restored."""
    ray = pytest.importorskip("ray")
    saved = {k: os.environ.get(k) for k in RAY_ENV}
    os.environ.update(RAY_ENV)
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024 * 1024)
    try:
        yield ray
    finally:
        ray.shutdown()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture()
def pool_starts(monkeypatch) -> list[int]:
    """The worker count of every process pool started during the test, on a machine said to have 2 cores.

    Lets a test tell whether the API or CLI chose a pool (and how large) without timing anything.
    """
    import attribution.parallel as parallel

    started: list[int] = []
    real = parallel.ProcessPoolAttributor

    class CountingPool(real):
        def __init__(self, workers, *args, **kwargs):
            started.append(workers)
            super().__init__(workers, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolAttributor", CountingPool)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    return started



def load_script(name: str):
    """A module of ``scripts/`` (``name`` without ``.py``), loaded once per test session under its own name."""
    import importlib.util
    import sys

    module_name = f"{name}_under_test"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
