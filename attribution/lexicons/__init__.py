"""Word lists as data: one loader for every lexicon the assembly uses.

The lists live in JSON files beside this module (``sources.json``,
``hedges.json``, ``reporting.json``), as spaCy's rulers take their patterns and
textacy its reporting verbs as tables, so a word is added or audited in one
place and a test can check that classes meant to be exclusive share no word.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The lexicon file ``name`` (without ``.json``), parsed once per process."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def words(name: str, key: str) -> frozenset[str]:
    """An unordered word class of lexicon ``name``."""
    return frozenset(load(name)[key])


def phrases(name: str, key: str) -> tuple[str, ...]:
    """An ordered list of lexicon ``name`` (order matters where it feeds a regex alternation)."""
    return tuple(load(name)[key])


def word_pattern(name: str, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    r"""``\b(alt1|alt2|...)\b`` over the alternatives of ``key``, in their order."""
    return re.compile(r"\b(" + "|".join(phrases(name, key)) + r")\b", flags)
