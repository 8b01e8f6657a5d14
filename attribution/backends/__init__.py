"""Alternative execution backends for batch extraction.

``attribution.batch.run_batch`` is the local (single-process) backend.  The
modules here are optional extras and import their heavy dependencies lazily:
importing :mod:`attribution` or this package never imports them.

* :mod:`attribution.backends.ray_backend` — ``pip install -e ".[ray]"`` from the clone:
  the same per-document reports, computed by a pool of Ray actors (one model
  per actor), on one machine or a Ray cluster.
"""
from __future__ import annotations

__all__ = ["RayUnavailableError", "run_ray_batch"]


def __getattr__(name: str):
    if name in __all__:
        from attribution.backends import ray_backend

        return getattr(ray_backend, name)
    raise AttributeError(name)
