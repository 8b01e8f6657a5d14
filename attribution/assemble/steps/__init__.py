"""The assembly steps, one module per concern; importing the package registers them all."""
from attribution.assemble.steps import (  # noqa: F401
    acts,
    back_references,
    chains,
    citations,
    claims,
    drafts,
    finish,
    floating,
    headline,
    nesting,
    recipients,
    repair,
    sources,
)
from attribution.link import steps as _link_steps  # noqa: F401  (the entity layer's steps)
