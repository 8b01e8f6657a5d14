"""Annotated corpora: PolNeAR's brat standoff and the project's own JSONL."""
