"""How a run is set up: one :class:`InferenceOptions` read by the command line and the Python API alike.

The command line used to decide by itself between one process, a pool of worker processes
and Ray, so ``--workers auto`` existed only there.  Now the options are one value, and one
factory (:func:`attribution.pipeline.open_attributor`) turns them into something that
extracts; ``attribution extract`` and :func:`attribution.pipeline.extract_folder` both call
it.  Nothing heavy is imported here: the CLI builds the options before any model loads.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Workers = int | Literal["auto"]

ENGINES = ("onnx", "torch")
BACKENDS = ("local", "ray")


def parse_workers(value: int | str) -> Workers:
    """``workers`` as given (``"auto"``, a number, or its digits): a positive number or ``"auto"``.
    Raises :class:`ValueError` naming what is accepted."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if n < 1:
        raise ValueError(f"{value!r}: give a number of processes (1 or more) or auto")
    return n


@dataclass(frozen=True)
class InferenceOptions:
    """Everything that decides how documents are turned into reports, beside the documents.

    Frozen and hashable: a worker process keeps one loaded model per distinct options value.
    """

    model_dir: str | Path | None = None
    """A saved tagger's folder; None: the released model (:func:`~attribution.tag.tagger.default_model_dir`)."""
    engine: str | None = None
    """"onnx" (ONNX Runtime on the exported model, the default and fastest) or "torch"; None: onnx."""
    quantize: bool | None = None
    """int8 (True) or fp32 (False) weights; None: the engine's default (int8 on onnx, fp32 on torch)."""
    threads: int | None = None
    """Threads of the one in-process model (None: all cores).  Given with ``workers="auto"``, it
    asks for one process."""
    stride: float | None = None
    """Window step as a share of a window (None: :data:`~attribution.tag.windows.DEFAULT_STRIDE`)."""
    workers: Workers = 1
    """Processes, each with its own one-thread model; "auto": one per core (at most
    :data:`~attribution.parallel.MAX_AUTO_WORKERS`) for :data:`~attribution.parallel.AUTO_MIN_DOCUMENTS`
    documents or more, else one.  The command line's default is "auto"; the API's is 1, so
    ``Attributor``-like objects never start processes unless asked."""
    backend: str = "local"
    """"local": this machine (one process or a pool); "ray": Ray Data actors (needs Ray)."""
    ray_address: str | None = None
    """Ray cluster address (None: RAY_ADDRESS or a local Ray)."""
    actors: int | None = None
    """Ray actors, each loading the model once (None: Ray's choice)."""
    disable: tuple[str, ...] = field(default=())
    """Assembly steps to leave out (see :data:`~attribution.assemble.build.DEFAULT_STEPS`)."""
    html_mode: str | None = None
    """How ``.html`` input is read by :func:`~attribution.pipeline.extract_folder`: "article" or
    "full"; None leaves the process's mode (:func:`attribution.read.set_html_mode`) as it is."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "workers", parse_workers(self.workers))
        object.__setattr__(self, "disable", tuple(self.disable))
        if self.engine is not None and self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}: choose from {', '.join(ENGINES)}")
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown backend {self.backend!r}: choose from {', '.join(BACKENDS)}")

    def workers_for(self, paths: Sequence[str]) -> int:
        """How many processes a local run over ``paths`` uses: ``workers`` when it is a number;
        for "auto", one when ``threads`` is given, else :func:`~attribution.parallel.auto_workers`."""
        if self.workers != "auto":
            return int(self.workers)
        if self.threads is not None:
            return 1
        from attribution import parallel

        return parallel.auto_workers(list(paths))
