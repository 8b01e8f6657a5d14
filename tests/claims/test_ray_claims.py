"""`attribution claims --backend ray` on a local Ray: the same clusters as the local backend."""
from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from attribution.cli.main import app  # noqa: E402
from tests.claims.test_claims_cli import write_reports  # noqa: E402

pytestmark = pytest.mark.filterwarnings(r"ignore:.*deprecated.*:DeprecationWarning:ray")


@pytest.mark.slow
def test_ray_backend_writes_the_local_clusters(tmp_path, ray_session):
    meta = write_reports(tmp_path / "reports")
    outs = {}
    for backend in ("local", "ray"):
        result = CliRunner().invoke(app, ["claims", str(tmp_path / "reports"), "--meta", str(meta), "--out",
                                          str(tmp_path / backend), "--backend", backend, "--no-html"])
        assert result.exit_code == 0, result.output
        outs[backend] = (tmp_path / backend / "claims.jsonl").read_text(encoding="utf-8")
    assert outs["ray"] == outs["local"] and json.loads(outs["ray"].splitlines()[0])["documents"] == 4


@pytest.mark.slow
def test_ray_blocking_groups_like_the_local_index(ray_session, monkeypatch):
    """Over the exact-search limit both backends block into cells (same centroids: same seed); the
    groups agree on synthetic claims (vectors given, so no encoder runs)."""
    import attribution.claims.index as index
    import attribution.claims.ray_claims as ray_claims
    from attribution.claims.group import group_items
    from attribution.claims.items import ClaimItem

    monkeypatch.setattr(index, "EXACT_LIMIT", 50)
    monkeypatch.setattr(index, "CELL_SIZE", 40)
    cells = []
    real_assign = index.assign_cells
    monkeypatch.setattr(index, "assign_cells", lambda *a, **k: cells.append(1) or real_assign(*a, **k))
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((60, 384))
    vectors = np.repeat(centres, 3, axis=0) + 0.03 * rng.standard_normal((180, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    items = [ClaimItem(doc_id=f"d{i}", attribution="a1", sentence=1, text=f"claim number {i // 3} was made")
             for i in range(180)]
    local = group_items(items, vectors)
    distributed, _ = ray_claims.ray_group(items, vectors=vectors)
    assert cells == [1, 1]  # both blocked (not exact search)
    assert sorted(map(sorted, distributed)) == sorted(map(sorted, local)) and len(local) == 60
