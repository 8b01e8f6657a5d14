"""Input folders for batch tests, written the way a user's folder of articles looks."""
from __future__ import annotations

from pathlib import Path


def write_articles(folder: Path, texts: list[str]) -> Path:
    """Each text as ``a<i>.txt`` in ``folder`` (created with its parents); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    return folder
