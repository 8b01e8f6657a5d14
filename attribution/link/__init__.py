"""The entity layer: source mentions → the people, bodies, outlets, documents and groups they name.

Sits after tagging and the structural assembly steps and before the report: its
steps (:mod:`attribution.link.steps`) run in the same assembly pipeline.
"""
