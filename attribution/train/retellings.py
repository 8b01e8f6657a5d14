"""The retellings corpus (``corpus/retellings/*.jsonl``): one claim told in many outlets' voices.

The claim encoder (:mod:`attribution.train.claim_encoder`) learns from it which wordings carry one
claim ("the enterprise will create about 2,500 workplaces" / "the plant would employ about 2,500
people" / a headline "2,500 jobs for Marren") and which alike wordings of one story do not (the
story's other claims, and a distractor story set in the same place).  The claims corpus proper
(``corpus/claims/``) judges clustering; its train part has only about 400 retelling pairs from 20
stories, too few to teach an encoder, so this corpus was written for training alone: invented
stories, one JSON object per line::

    {"id": "ra01", "topic": "labour", "distractor_of": null,
     "claims": [{"id": "ra01-c1", "claim": "one line for people",
                 "texts": [{"voice": "wire", "text": "about 3,000 dockworkers walked off the job"}, ...]}]}

:func:`load_retellings` reads and validates every file of a folder; :func:`problems` says what is
wrong with a story, so a malformed line is refused with its file and line rather than half-used.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

VOICES = frozenset({"wire", "national-daily", "regional", "tabloid", "headline", "state-media-translated",
                    "aggregator", "blog", "quote", "hedged", "denial", "fragment"})
"""The voices a retelling may be written in (the corpus's outlet styles plus the forms a claim takes)."""
MIN_TEXTS = 2
"""A claim told once teaches nothing about retelling."""


@dataclass(frozen=True)
class Retelling:
    """One text of one claim."""

    text: str
    claim: str
    """The claim's id (unique across the corpus)."""
    voice: str
    story: str


@dataclass(frozen=True)
class RetellingStory:
    """One invented news event: its claims' texts, and the story it was written to be confused with."""

    id: str
    topic: str
    distractor_of: str | None
    texts: tuple[Retelling, ...]

    @property
    def claims(self) -> dict[str, list[Retelling]]:
        out: dict[str, list[Retelling]] = {}
        for t in self.texts:
            out.setdefault(t.claim, []).append(t)
        return out


def problems(story: object) -> list[str]:
    """What makes one parsed line unusable (empty when it is fine)."""
    if not isinstance(story, dict):
        return ["a line is not a JSON object"]
    found = []
    if not isinstance(story.get("id"), str) or not story["id"]:
        found.append("a story has no id")
    if story.get("distractor_of") is not None and not isinstance(story["distractor_of"], str):
        found.append(f"story {story.get('id')}: distractor_of is neither null nor a story id")
    claims = story.get("claims")
    if not isinstance(claims, list) or not claims:
        return found + [f"story {story.get('id')}: no claims"]
    for claim in claims:
        if not isinstance(claim, dict) or not isinstance(claim.get("id"), str):
            found.append(f"story {story.get('id')}: a claim without an id")
            continue
        texts = claim.get("texts")
        if not isinstance(texts, list) or len(texts) < MIN_TEXTS:
            found.append(f"claim {claim['id']}: fewer than {MIN_TEXTS} texts")
            continue
        for t in texts:
            if not isinstance(t, dict) or not isinstance(t.get("text"), str) or not t["text"].strip():
                found.append(f"claim {claim['id']}: an empty text")
            elif t.get("voice") not in VOICES:
                found.append(f"claim {claim['id']}: unknown voice {t.get('voice')!r}")
    return found


def load_retellings(folder: str | Path) -> list[RetellingStory]:
    """Every story of every ``*.jsonl`` in ``folder``, validated: ids unique across files, each
    claim told at least twice, known voices, and a ``distractor_of`` that names a story there.
    Raises ValueError naming the file and line of the first problems."""
    stories: list[RetellingStory] = []
    errors: list[str] = []
    story_ids: set[str] = set()
    claim_ids: set[str] = set()
    line_of: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                errors.append(f"{where}: not JSON ({err.msg})")
                continue
            found = problems(raw)
            if found:
                errors += [f"{where}: {p}" for p in found]
                continue
            if raw["id"] in story_ids:
                found.append(f"story id {raw['id']} twice")
            for claim in raw["claims"]:
                if claim["id"] in claim_ids:
                    found.append(f"claim id {claim['id']} twice")
                claim_ids.add(claim["id"])
            if found:
                errors += [f"{where}: {p}" for p in found]
                continue
            story_ids.add(raw["id"])
            line_of[raw["id"]] = where
            texts = tuple(Retelling(t["text"].strip(), c["id"], t["voice"], raw["id"])
                          for c in raw["claims"] for t in c["texts"])
            stories.append(RetellingStory(raw["id"], str(raw.get("topic", "")), raw.get("distractor_of"), texts))
    for story in stories:
        if story.distractor_of and story.distractor_of not in story_ids:
            errors.append(f"{line_of[story.id]}: story {story.id}: distractor_of {story.distractor_of} is no story here")
    if errors:
        raise ValueError(f"{len(errors)} problem(s) in {folder}: " + "; ".join(errors[:10]))
    if not stories:
        raise ValueError(f"no retellings in {folder}: no *.jsonl file there, or no story in them")
    return stories


def related_stories(stories: Iterable[RetellingStory]) -> dict[str, set[str]]:
    """Each story's id → the ids of the stories whose claims are its hard negatives: itself, the
    story it distracts from and the stories that distract from it."""
    return related_ids((story.id, story.distractor_of) for story in stories)


def related_ids(stories: Iterable[tuple[str, str | None]]) -> dict[str, set[str]]:
    """:func:`related_stories` over (story id, the id it distracts from or None): one rule for the
    retellings and the claims corpus's gold stories."""
    related: dict[str, set[str]] = {}
    for story, distracts_from in stories:
        related.setdefault(story, {story})
        if distracts_from:
            related[story].add(distracts_from)
            related.setdefault(distracts_from, {distracts_from}).add(story)
    return related
