"""How much a property test draws: a tenth of its examples in the default (quick) run, all of
them with ``--slow`` (as CI runs), so contributors get a fast loop and CI the thorough search."""
from __future__ import annotations

import os

THOROUGH_ENV = "ATTRIBUTION_THOROUGH_TESTS"
"""Set to 1 by ``tests/conftest.py`` when ``--slow`` is given, before any test module is imported."""


def examples(thorough: int) -> int:
    """``thorough`` examples with ``--slow``, else a tenth of them (at least 50)."""
    if os.environ.get(THOROUGH_ENV) == "1":
        return thorough
    return max(50, thorough // 10)
