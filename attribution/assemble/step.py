"""Named assembly steps: each rule is a small function over the :class:`~attribution.assemble.state.Assembly`.

Steps register themselves by name (as spaCy's components do), so a pipeline is
a list of names, any step that is not ``required`` can be left out
(``attribution evaluate --disable NAME`` measures what it is worth), and each
has a test of its own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from attribution.assemble.state import Assembly


@dataclass(frozen=True)
class Step:
    """One named rule. ``required`` steps hold the pipeline together and cannot be disabled."""

    name: str
    run: Callable[[Assembly], None]
    required: bool = False

    def __call__(self, state: Assembly) -> None:
        self.run(state)


STEPS: dict[str, Step] = {}


def step(name: str, required: bool = False) -> Callable[[Callable[[Assembly], None]], Callable[[Assembly], None]]:
    """Register the decorated function as the step ``name``."""
    def register(func: Callable[[Assembly], None]) -> Callable[[Assembly], None]:
        if name in STEPS:
            raise ValueError(f"assembly step {name!r} registered twice")
        STEPS[name] = Step(name, func, required)
        return func
    return register
