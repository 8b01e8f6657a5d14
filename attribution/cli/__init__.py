"""The typer CLI: one module per command, each a thin wrapper over an importable function."""
