"""Mutation testing with mutmut, one target at a time, each against its own fast tests.

Why a script around mutmut: the whole default suite took 47 s to 3 min per run on the 2 shared
cores this was written on, for each of thousands of mutants, while the tests that can see a
change to, say, the assembly steps run in two seconds.  Each target below names the files to mutate and the test files that
exercise them; the script copies the repository's package, tests and seeds into a scratch
folder (``build/mutation/<target>``, so the checkout is never mutated), writes mutmut's
configuration there, runs ``mutmut run``, and prints the kill rate of every mutated file.

    pip install -e ".[mutation]"  # mutmut 3; not needed to use the package
    python scripts/mutation.py --list
    python scripts/mutation.py steps scorer --max-children 2
    python scripts/mutation.py steps --survivors     # the diff of every surviving mutant
    python scripts/mutation.py assemble --files sources.py   # one file of a target (its own scratch folder)

A mutant counts as killed when a test failed (or timed out) with it; "no tests" (no selected
test reaches the mutated function) counts as survived, since no test would notice the change.
The summary also lands in ``build/mutation/<target>/summary.json``.  Surviving mutants judged
equivalent (no input can tell them apart from the original) are listed in the README.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "build" / "mutation"


@dataclass(frozen=True)
class Target:
    """Files to mutate (globs relative to the repository root) and the tests that exercise them."""

    mutate: tuple[str, ...]
    tests: tuple[str, ...]


TARGETS: dict[str, Target] = {
    "steps": Target(("attribution/assemble/steps/*.py",), ("tests/assemble",)),
    "assemble": Target(
        ("attribution/assemble/build.py", "attribution/assemble/state.py", "attribution/assemble/step.py",
         "attribution/assemble/spans.py", "attribution/assemble/sources.py", "attribution/assemble/group.py",
         "attribution/assemble/hedges.py", "attribution/assemble/publisher.py"),
        ("tests/assemble",)),
    "scorer": Target(("attribution/evaluation/scorer.py",),
                     ("tests/evaluation/test_scorer.py", "tests/evaluation/test_scorer_cases.py")),
    "evaluation": Target(
        ("attribution/evaluation/agreement.py", "attribution/evaluation/calibration.py",
         "attribution/evaluation/evaluate.py"),
        ("tests/evaluation/test_agreement.py", "tests/evaluation/test_scorer.py",
         "tests/evaluation/test_scorer_cases.py", "tests/evaluation/test_calibration_cases.py",
         "tests/evaluation/test_evaluate_function.py", "tests/test_calibration_in_reports.py",
         "tests/cli/test_cli.py")),  # the CLI tests: `attribution evaluate` reaches evaluate.py
    # a stand-in attributor instead of the model (test_extract_resume.py loads one: 10 s a mutant)
    "batch": Target(("attribution/batch.py",), ("tests/test_batch_units.py",)),
    # the report stage's tests that load no model and start no browser (those take seconds each,
    # paid again by every mutant they reach): hand-made and oracle-assembled reports
    "report": Target(("attribution/report/*.py",),
                     ("tests/report/test_report_units.py", "tests/report/test_inventory.py",
                      "tests/report/test_html_escaping.py", "tests/cli/test_acts_option.py",
                      *(f"tests/report/test_html.py::{name}" for name in (
                          "test_segments_split_nested_spans", "test_seed_page_structure",
                          "test_hedge_inside_content_keeps_both_highlights",
                          "test_report_without_text_is_laid_out_from_sentences",
                          "test_page_names_are_unique_and_never_index", "test_report_cli_writes_html")),
                      *(f"tests/robustness/test_hijack.py::{name}" for name in (
                          "test_terminal_report_prints_markup_and_control_characters_literally",
                          "test_sources_table_prints_names_literally", "test_progress_bar_shows_a_doc_id_literally",
                          "test_csv_output_escapes_spreadsheet_formulas", "test_a_hostile_report_json_gets_a_clear_error",
                          "test_a_deeply_nested_report_json_gets_a_clear_error")))),  # not those in a subprocess
    # a tagger that tags gold spans instead of the model (test_calibration_in_reports.py and
    # test_inference_options.py build and load a tiny one: seconds a mutant)
    # the one dateline recogniser and the splitter that reads it
    "split": Target(("attribution/split/*.py",), ("tests/split",)),
    # what a description says and where the text said it (the entity ranker's `described` feature)
    "descriptors": Target(("attribution/link/descriptors.py",), ("tests/link",)),
    # the sort of body a description names and a candidate was given (the ranker's sort features)
    "body_sorts": Target(("attribution/link/body_sorts.py",), ("tests/link/test_body_sorts.py",)),
    # the retellings corpus's loader and validator (the training tests that load the encoder are slow: skipped)
    "retellings": Target(("attribution/train/retellings.py",), ("tests/train/test_claim_encoder.py",)),
    # the entity layer's rules and ranker (names, entities, candidates, the linking steps)
    "link": Target(("attribution/link/names.py", "attribution/link/entities.py", "attribution/link/rank.py",
                    "attribution/link/steps.py"), ("tests/link",)),
    "pipeline": Target(("attribution/pipeline.py",),
                       ("tests/test_pipeline_units.py", "tests/test_long_document_sections.py")),
}

COPIED = ("attribution", "tests", "seeds", "corpus", "pyproject.toml")
"""What a scratch copy holds: the package, the tests (with their fixtures), the seed article and the
corpus (``tests/assemble/test_kinds.py`` fits the kind classifier's training parts)."""

KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def prepare(name: str, target: Target, fresh: bool) -> Path:
    """A scratch copy of the repository for ``target``, with mutmut's configuration in setup.cfg."""
    folder = SCRATCH / name
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in COPIED:
        source, copy = ROOT / item, folder / item
        if copy.exists():
            shutil.rmtree(copy) if copy.is_dir() else copy.unlink()
        if source.is_dir():
            shutil.copytree(source, copy, ignore=ignore)
        else:
            shutil.copy2(source, copy)
    for pattern in target.mutate:
        for path in folder.glob(pattern):
            path.write_text(undecorate(path.read_text(encoding="utf-8")), encoding="utf-8")
    lines = ["[mutmut]", "source_paths = attribution", "also_copy =", "    seeds", "    corpus",
             "only_mutate =", *(f"    {pattern}" for pattern in target.mutate),
             "pytest_add_cli_args_test_selection =", *(f"    {path}" for path in target.tests),
             "pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -q"]
    (folder / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def undecorate(source: str) -> str:
    """``@deco(args)\ndef f(...)`` at module level rewritten as ``def f(...)`` then ``f = deco(args)(f)``.

    mutmut leaves every decorated function unmutated (a decorator runs at definition time), which
    would leave out each assembly step (``@step(...)``) entirely.  Applying the decorator right
    after the definition is what the ``@`` syntax does, so the copy behaves as the original; mutmut
    then mutates the function, and the decorator registers mutmut's trampoline in its place.
    """
    import libcst as cst

    class Undecorate(cst.CSTTransformer):
        def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
            body: list = []
            for statement in updated.body:
                if not (isinstance(statement, cst.FunctionDef) and statement.decorators):
                    body.append(statement)
                    continue
                name = statement.name.value
                applied: cst.BaseExpression = cst.Name(name)
                for decorator in reversed(statement.decorators):  # the nearest decorator applies first
                    applied = cst.Call(func=decorator.decorator, args=[cst.Arg(applied)])
                body.append(statement.with_changes(decorators=[]))
                body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], applied)]))
            return updated.with_changes(body=body)

    return cst.parse_module(source).visit(Undecorate()).code


def mutmut_command(*args: str) -> list[str]:
    """``python -m mutmut ARGS``; with ``MUTMUT_PATH`` set, mutmut is imported from that folder
    (appended to the path, so it shadows nothing the package uses) instead of this environment."""
    extra = os.environ.get("MUTMUT_PATH")
    if not extra:
        return [sys.executable, "-m", "mutmut", *args]
    return [sys.executable, "-c", f"import sys; sys.path.append({extra!r}); sys.argv[0] = 'mutmut'; "
                                  "from mutmut.__main__ import cli; cli()", *args]


def run_mutmut(folder: Path, max_children: int) -> int:
    """``mutmut run`` in the scratch copy: without PYTHONPATH, so the copy's own (mutated) package is
    the one the tests import."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    log = folder / "mutmut.log"  # mutmut redraws a progress line per mutant: kept out of the terminal
    print(f"{folder.name}: mutmut run (progress in {log})", flush=True)
    with log.open("w", encoding="utf-8") as out:
        return subprocess.run(mutmut_command("run", "--max-children", str(max_children)), cwd=folder, env=env,
                              stdout=out, stderr=subprocess.STDOUT).returncode


def summarise(folder: Path, target: Target) -> dict[str, dict]:
    """Killed / total mutants per mutated file, from mutmut's ``.meta`` files; survivors by name."""
    import fnmatch

    out: dict[str, dict] = {}
    for meta in sorted((folder / "mutants").rglob("*.py.meta")):
        path = str(meta.relative_to(folder / "mutants"))[: -len(".meta")]
        if not any(fnmatch.fnmatch(path, pattern) for pattern in target.mutate):
            continue
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        statuses = {key: status_of(code) for key, code in codes.items()}
        counted = {k: s for k, s in statuses.items() if s not in ("not checked", "skipped")}
        killed = sum(s in KILLED for s in counted.values())
        out[path] = {"mutants": len(counted), "killed": killed,
                     "kill_rate": round(killed / len(counted), 3) if counted else None,
                     "not_checked": len(statuses) - len(counted),
                     "survivors": sorted(k for k, s in counted.items() if s not in KILLED)}
    return out


def status_of(code: int | None) -> str:
    """mutmut's exit codes, as its ``stats.status_by_exit_code`` names them."""
    known = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
             36: "timeout", 37: "caught by type check", -24: "timeout", 24: "timeout", 152: "timeout",
             255: "timeout", -11: "segfault", -9: "segfault", None: "not checked", 2: "not checked"}
    return known.get(code, "suspicious")


def show_survivors(folder: Path, names: list[str]) -> None:
    """The changed lines of each surviving mutant, read from mutmut's mutated copy (each mutant is a
    function ``<name>__mutmut_<n>`` beside ``<name>__mutmut_orig``), to judge whether it is equivalent.
    Quicker than ``mutmut show`` per mutant, which reloads mutmut's state every time."""
    import ast
    import difflib

    functions: dict[str, dict[str, str]] = {}
    for name in names:
        module, function = name.rsplit(".", 1)
        if module not in functions:
            source = (folder / "mutants" / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
            lines = source.splitlines()  # once: ast.get_source_segment splits the whole file on every call
            functions[module] = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
                                 for node in ast.walk(ast.parse(source))
                                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        bodies = functions[module]
        original = bodies.get(function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", "")
        mutant = bodies.get(function, "")
        changed = [line for line in difflib.unified_diff(original.splitlines(), mutant.splitlines(), lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        print(f"# {name}")
        for line in changed:
            if "def " not in line[:8]:  # the renamed def line differs in every mutant
                print(line)


def narrowed(name: str, target: Target, files: list[str]) -> tuple[str, Target]:
    """``target`` with only the files matching ``files`` to mutate (same tests), and the name of its scratch
    folder: re-running one file after new tests costs that file's mutants, not the whole target's."""
    import fnmatch

    paths = sorted({str(p.relative_to(ROOT)) for pattern in target.mutate for p in ROOT.glob(pattern)})
    kept = tuple(p for p in paths if any(fnmatch.fnmatch(p, f) or fnmatch.fnmatch(Path(p).name, f) for f in files))
    if not kept:
        raise SystemExit(f"{name}: no file matches {' '.join(files)} (its files: {' '.join(paths)})")
    return f"{name}-" + "-".join(Path(p).stem for p in kept), Target(kept, target.tests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"any of: {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--list", action="store_true", help="print the targets, their files and tests")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--resume", action="store_true", help="keep the scratch copy and mutmut's results so far")
    parser.add_argument("--report-only", action="store_true", help="summarise the last run without running")
    parser.add_argument("--survivors", action="store_true", help="print the diff of every surviving mutant")
    parser.add_argument("--files", nargs="+", metavar="GLOB",
                        help="mutate only the target's files matching one of these (a path or a file name glob); "
                             "the run gets a scratch folder of its own, so the whole target's results stay")
    args = parser.parse_args(argv)
    if os.environ.get("MUTMUT_PATH"):  # libcst (for undecorate) comes with mutmut
        sys.path.append(os.environ["MUTMUT_PATH"])
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name}: mutate {' '.join(target.mutate)}; tests {' '.join(target.tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; --list shows them")
    status = 0
    for name in args.targets or list(TARGETS):
        target = TARGETS[name]
        if args.files:
            name, target = narrowed(name, target, args.files)
        folder = SCRATCH / name
        if not args.report_only:
            prepare(name, target, fresh=not args.resume)
            status |= run_mutmut(folder, args.max_children)
        summary = summarise(folder, target)
        (folder / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        total = sum(f["mutants"] for f in summary.values())
        killed = sum(f["killed"] for f in summary.values())
        print(f"\n{name}: {killed}/{total} killed" + (f" ({killed / total:.1%})" if total else ""))
        for path, row in summary.items():
            rate = f"{row['kill_rate']:.1%}" if row["kill_rate"] is not None else "-"
            print(f"  {path}: {row['killed']}/{row['mutants']} {rate}")
        if args.survivors:
            show_survivors(folder, [s for row in summary.values() for s in row["survivors"]])
    return status


if __name__ == "__main__":
    raise SystemExit(main())
