#!/usr/bin/env python3
"""Build attribution/lexicons/first_names.json from the CoreNLP silver annotations of PolNeAR.

A first name is the first token of a PERSON entity of two or more tokens, seen at
least twice and rarely as the first token of an organisation, place or other
entity.  Its gender is read off the coreference chains: the share of "he/him/his"
against "she/her" among the pronouns of chains whose named mention starts with it
(kept only where one side has at least 80% of three or more pronouns).  Machine-made
training signal from training and dev texts, used by the entity layer as evidence
that a capitalised name is a person, and of which pronoun fits; never a judge.

    python scripts/build_name_lexicon.py --polnear ../shared/data/polnear
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", required=True)
    parser.add_argument("--out", default=str(ROOT / "attribution" / "lexicons" / "first_names.json"))
    args = parser.parse_args()
    first, other = Counter(), Counter()
    male, female = Counter(), Counter()
    for split in ("train", "dev"):
        path = Path(args.polnear) / "corenlp-silver" / f"{split}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for e in rec["entities"]:
                toks = e["text"].split()
                if e["type"] == "PERSON" and len(toks) >= 2:
                    first[toks[0]] += 1
                elif e["type"] in ("ORGANIZATION", "LOCATION", "MISC"):
                    other[toks[0]] += 1
            for chain in rec["chains"]:
                names = {m["text"].split()[0] for m in chain if len(m["text"].split()) >= 2}
                pron = Counter(m["text"].lower() for m in chain)
                m_count = sum(pron[p] for p in MALE)
                f_count = sum(pron[p] for p in FEMALE)
                for n in names:
                    male[n] += m_count
                    female[n] += f_count
    names = {}
    for n, c in sorted(first.items()):
        if c < 2 or other[n] >= c / 3 or not n.isalpha() or not n[:1].isupper() or n.isupper():
            continue
        m, f = male[n], female[n]
        gender = "m" if m >= 3 and m >= 0.8 * (m + f) else "f" if f >= 3 and f >= 0.8 * (m + f) else None
        names[n] = gender
    out = {"_about": "First names (and their gender where the silver coreference shows it), derived by "
                     "scripts/build_name_lexicon.py from CoreNLP's silver annotations of PolNeAR.",
           "names": names}
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(names)} first names, {sum(1 for g in names.values() if g)} with a gender -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
