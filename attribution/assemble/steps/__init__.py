"""The assembly steps, one module per concern; importing the package registers them all."""
from attribution.assemble.steps import (  # noqa: F401
    chains,
    claims,
    drafts,
    finish,
    headline,
    recipients,
    repair,
    sources,
)
