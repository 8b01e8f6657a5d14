"""The Ray backend writes the same report folder as the local backend (byte for byte), and resumes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from attribution.batch import run_batch  # noqa: E402
from attribution.read.documents import output_stem  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_fff7737d1579c4c2.txt"
# Ray Data's own DataContext warns about its deprecated fields; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:.*deprecated.*:DeprecationWarning:ray")



def _corpus(root: Path) -> Path:
    """Six documents (plain text, HTML, JSONL with a repeated id, cp1252) and one unreadable file."""
    inp = root / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "a_seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inp / "b.txt").write_text('"We will not back down," Senator Jane Roe said on Tuesday. '
                               "Officials said the talks would resume, according to a statement.\n", encoding="utf-8")
    (inp / "c.html").write_text("<html><body><p>The minister told reporters that prices would fall.</p>"
                                "<p>&ldquo;It is over,&rdquo; said John Smith.</p></body></html>", encoding="utf-8")
    records = [{"id": "dup", "text": "A spokesman said the plant was closed."},
               {"id": "dup", "text": "Police said two people were hurt, the agency reported."}]
    (inp / "sub" / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (inp / "sub" / "e.txt").write_bytes("The caf\u00e9 owner said business was \u201cterrible.\u201d".encode("cp1252"))
    (inp / "z.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    return inp


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.slow
def test_ray_output_is_byte_identical_to_local_and_resumes(tmp_path, tiny_model_dir, tiny_attributor, ray_session):
    from attribution.backends.ray_backend import run_ray_batch

    inp = _corpus(tmp_path)
    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    local = run_batch(tiny_attributor, [str(inp)], local_out)
    errors: list[str] = []
    got = run_ray_batch(tiny_model_dir, [str(inp)], ray_out, actors=2, batch_size=2, on_error=errors.append)

    assert local.written == 6 and len(local.failed) == 1
    assert got.to_dict() == local.to_dict()
    assert any("binary file" in e for e in errors)
    assert any("decoded as cp1252" in e for e in errors)
    want = _folder(local_out)
    ids = ["a_seed", "b", "c", "dup", "dup-2", "sub/e"]  # sub/e: its path below the input folder
    assert sorted(want) == sorted(f"{output_stem(i)}.json" for i in ids)
    assert _folder(ray_out) == want

    again = run_ray_batch(tiny_model_dir, [str(inp)], ray_out)
    assert (again.written, again.skipped) == (0, 6)
    assert _folder(ray_out) == want


def test_importing_attribution_does_not_import_ray():
    code = ("import sys, attribution, attribution.batch, attribution.backends, attribution.backends.ray_backend; "
            "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
