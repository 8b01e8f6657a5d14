"""Keep the README's sample output true: run the command it shows and put what it prints there.

    python scripts/readme_sample.py           # rewrite the sample in README.md
    python scripts/readme_sample.py --check   # exit 1 (with a diff) if the README's sample is stale

The sample is ``attribution report seeds/000_fff7737d1579c4c2.txt --width 100`` with the
released model, run as a user runs it (a separate process, its output piped).  It is
abridged to a few sentence rows, which are copied line for line from the output: the
table's title and header, the chosen rows, its closing line, and the sources table
(trailing spaces cut, which editors would strip anyway).
``tests/cli/test_newcomer.py`` runs ``--check``, so a change to the model, the rules or
the table's layout that changes this output fails until the README is regenerated.
"""
from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SEED = "seeds/000_fff7737d1579c4c2.txt"
WIDTH = 100
ROWS = (5, 6, 7, 15)
"""Sentence rows kept: a chain told to a recipient, a pronoun resolved, a hedge, a confirmation."""
BEGIN = "<!-- scripts/readme_sample.py: begin (generated; do not edit by hand) -->"
END = "<!-- scripts/readme_sample.py: end -->"


def tool_output() -> str:
    """What the README's command prints (stdout), from this checkout's package."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    command = [sys.executable, "-m", "attribution.cli.main", "report", SEED, "--width", str(WIDTH)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise SystemExit(f"readme_sample: {' '.join(command[2:])} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def abridge(output: str, rows: tuple[int, ...] = ROWS) -> str:
    """The sentence table with only ``rows`` (by sentence index), then everything after it."""
    lines = [line.rstrip() for line in output.rstrip("\n").split("\n")]  # centred titles end in spaces
    header_end = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    table_end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    blocks: list[list[str]] = [[]]
    for line in lines[header_end + 1: table_end]:
        if line.startswith("├"):
            blocks.append([])
        else:
            blocks[-1].append(line)
    kept = [b for b in blocks if b and b[0].split("│")[1].strip().isdigit() and int(b[0].split("│")[1]) in rows]
    missing = set(rows) - {int(b[0].split("│")[1]) for b in kept}
    if missing:
        raise SystemExit(f"readme_sample: sentence rows {sorted(missing)} are not in the output")
    separator = next(line for line in lines[header_end + 1: table_end] if line.startswith("├"))
    body: list[str] = []
    for block in kept:
        if body:
            body.append(separator)
        body += block
    return "\n".join([*lines[: header_end + 1], *body, *lines[table_end:]])


def sample_section(output: str) -> str:
    """The README block between the markers."""
    shown = ", ".join(str(r) for r in ROWS[:-1]) + f" and {ROWS[-1]}"
    return "\n".join([
        BEGIN,
        f"`attribution report {SEED} --width {WIDTH}` (sentence rows {shown} of the table; "
        "the rows in between are left out):",
        "",
        "```",
        abridge(output),
        "```",
        END,
    ])


def replace_section(readme: str, section: str) -> str:
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + section + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if the README is stale")
    args = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    if BEGIN not in readme or END not in readme:
        print(f"readme_sample: {README} has no sample markers", file=sys.stderr)
        return 1
    updated = replace_section(readme, sample_section(tool_output()))
    if updated == readme:
        print("readme_sample: the README's sample matches the tool's output", file=sys.stderr)
        return 0
    if args.check:
        diff = difflib.unified_diff(readme.splitlines(), updated.splitlines(), "README.md", "tool output", lineterm="")
        print("\n".join(diff))
        print("readme_sample: the README's sample is stale; run python scripts/readme_sample.py", file=sys.stderr)
        return 1
    README.write_text(updated, encoding="utf-8")
    print(f"readme_sample: sample rewritten in {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
