"""attribution: who says so, through whom, with which words, and how sure the text sounds.

``from attribution import Attributor`` is the API; heavy imports (torch,
transformers) wait until a model is loaded, so the CLI's ``--help`` stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from attribution.pipeline import Attributor
    from attribution.schema import Report


def __getattr__(name: str):
    if name == "Attributor":
        from attribution.pipeline import Attributor

        return Attributor
    if name == "Report":
        from attribution.schema import Report

        return Report
    raise AttributeError(name)


__all__ = ["Attributor", "Report", "__version__"]
