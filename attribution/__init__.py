"""attribution: who says so, through whom, with which words, and how sure the text sounds.

``from attribution import Attributor`` is the API (with ``InferenceOptions``,
``open_attributor`` and ``extract_folder`` for many documents); heavy imports (torch,
transformers) wait until a model is loaded, so the CLI's ``--help`` stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from attribution.options import InferenceOptions
    from attribution.pipeline import Attributor, extract_folder, open_attributor
    from attribution.schema import Report


def __getattr__(name: str):
    if name in ("Attributor", "extract_folder", "open_attributor"):
        from attribution import pipeline

        return getattr(pipeline, name)
    if name == "InferenceOptions":
        from attribution.options import InferenceOptions

        return InferenceOptions
    if name == "Report":
        from attribution.schema import Report

        return Report
    raise AttributeError(name)


__all__ = ["Attributor", "InferenceOptions", "Report", "__version__", "extract_folder", "open_attributor"]
