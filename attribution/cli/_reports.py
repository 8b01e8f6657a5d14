"""Reports for the commands that read many (``sources``, ``claims``): saved report JSONs as they are,
articles through the model; what cannot be read is said on standard error and counted."""
from __future__ import annotations

import sys
from pathlib import Path

from attribution.schema import Report


def collect_reports(command: str, paths: list[str], model: Path | None) -> tuple[list[Report], int]:
    """``(reports, failed)``: every report ``paths`` give, and how many inputs failed (each said on stderr)."""
    from attribution.report.literal import visible
    from attribution.report.load import reports_for

    reports: list[Report] = []
    failed = 0
    for item in reports_for(paths, str(model) if model else None,
                            on_note=lambda note: print(f"attribution {command}: {note}", file=sys.stderr)):
        if isinstance(item, str):
            print(visible(item), file=sys.stderr)  # file names may hold ESC sequences
            failed += 1
        else:
            reports.append(item)
    return reports, failed
