"""Claim items: the statements of one report that could be matched across documents.

Each attribution is one item (its content, joined); each sentence the writer states in
their own voice is one item too (the contract's ``attribution: null``), and so is what a
sentence with attributions says outside them (:func:`unattributed_runs`: "Scientists have found
a new frog, and boffins say it could be the smallest" states the find in the writer's voice).  An item carries
what the cluster record and the flags need later (outlet, date, source entity, the chain
of tellers, hedges, certainty), so grouping never has to go back to the report.

Dates and outlets come from metadata when given (``--meta``: a JSON object of
``doc_id -> {"outlet", "published"}``, or a claims-corpus ``gold.json`` whose
``documents`` holds exactly that), else from the report (``page.date``,
``page.site_name``, the dateline publisher).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from attribution.lexicons import word_pattern
from attribution.schema import Attribution, Report
from attribution.split.datelines import match_dateline

MIN_WORDS = 3
"""A content or sentence of fewer words ("he said", a byline) carries no claim to match."""
_WORD = re.compile(r"\w+")
_CREDITS = re.compile(r"^\(?\s*(reporting|writing|editing|additional reporting)\b|^read more\b", re.I)
# A byline ("By Kerry Mace", "By Ilse Varga and Tom Brandt"): the writer's name, no claim; two articles by one
# reporter would otherwise share an identical "statement".
_BYLINE = re.compile(r"^By\s+[A-Z][\w'’.-]*(?:(?:\s+|\s*,\s*)(?:[A-Z][\w'’.-]*|and|&))*\s*$")


# Where one statement joins two claims: "the true figure was 1,200 and that the terminals were working",
# "will employ 2,500 people and make 80,000 cars a year, with construction starting in the autumn".
_CLAUSE_BREAK = re.compile(
    r";\s+|,?\s+and that\s+|,\s+and\s+|,\s+with\s+|,\s+while\s+|,?\s+but\s+|,\s+(?=[a-z]+ing\b)"
    r"|\s+and\s+(?=(?:will|would|could|can|is|are|was|were|has|have|had|make|makes|made|\w+ed)\b)")


def clauses(text: str, start: int) -> list[tuple[str, int, int]]:
    """``text`` (found at ``start`` in its document) cut where it joins two claims, as (text, start, end)
    pieces of :data:`MIN_WORDS` words or more; the whole text when it does not split into two such pieces."""
    pieces, pos = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    kept = []
    for lo, hi in pieces:
        piece = text[lo:hi]
        stripped = piece.strip().rstrip(".,;:")
        if not stripped:
            continue
        lo += len(piece) - len(piece.lstrip())
        kept.append((stripped, start + lo, start + lo + len(stripped)))
    if len(kept) < 2 or any(len(_WORD.findall(k[0])) < MIN_WORDS for k in kept):
        return [(text, start, start + len(text))]
    return kept


# What may join an unattributed run to the attribution beside it, trimmed off its ends.
_RUN_EDGE_WORDS = frozenset({"and", "but", "or", "while", "as", "so", "then"})
_RUN_EDGE_CHARS = " \t\n,;:.!?-–—\"'“”‘’()"
_RUN_TAIL_WORDS = frozenset({"that", "which", "who"})
"""Words that open what follows the run (a content: "said on Tuesday that ..."), trimmed off its end only."""
RUN_MIN_WORDS = 3
"""A run shorter than this is a time or place phrase left between attributions ("on Tuesday"), no claim
(4 instead: leave-one-story-out F1 on claims train 0.727 against 0.746 with 3)."""


def _only_dateline(text: str, lo: int, hi: int) -> bool:
    """Is the run ``text[lo:hi]`` (trimmed of its edge punctuation, so "KALDERA, Velland, April 7 (Meridian"
    or "TRESK, December 5. /NORPRESS/") no more than the dateline that opens there?  Where and when, no claim.
    (A dateline before the run's own words is left on: cutting it off moved leave-one-story-out F1 on
    claims train from 0.746 to 0.736, within noise, so the simpler rule stays.)"""
    dateline = match_dateline(text, lo)
    return dateline is not None and dateline.end >= hi


def unattributed_runs(sentence_start: int, sentence_text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a sentence (found at ``sentence_start``) outside every ``covered`` span (the
    sentence's attributions: sources, cues, contents, recipients, hedges), as (start, end) document
    offsets, their joining punctuation and conjunctions trimmed, each of :data:`RUN_MIN_WORDS` words or
    more and no bare dateline.
    "Scientists have found a new frog, and boffins say it could be the smallest" leaves "Scientists
    have found a new frog"; "The flag carrier, which lost 62 million euros last year, refused to
    comment" leaves "which lost 62 million euros last year"."""
    end = sentence_start + len(sentence_text)
    free = [True] * len(sentence_text)
    for lo, hi in covered:
        for k in range(max(lo, sentence_start), min(hi, end)):
            free[k - sentence_start] = False
    runs, k = [], 0
    while k < len(free):
        if not free[k]:
            k += 1
            continue
        j = k
        while j < len(free) and free[j]:
            j += 1
        lo, hi = _trim_run(sentence_text, k, j)
        if _only_dateline(sentence_text, lo, hi):
            lo = hi
        if hi > lo and len(_WORD.findall(sentence_text[lo:hi])) >= RUN_MIN_WORDS:
            runs.append((sentence_start + lo, sentence_start + hi))
        k = j
    return runs


def _trim_run(text: str, lo: int, hi: int) -> tuple[int, int]:
    """``text[lo:hi]`` without joining punctuation and conjunctions at either end."""
    while True:
        before = (lo, hi)
        while lo < hi and text[lo] in _RUN_EDGE_CHARS:
            lo += 1
        while hi > lo and text[hi - 1] in _RUN_EDGE_CHARS:
            hi -= 1
        first = re.match(r"\w+", text[lo:hi])
        if first and first.group().lower() in _RUN_EDGE_WORDS:
            lo += first.end()
        last = re.search(r"\w+$", text[lo:hi])
        if last and last.group().lower() in _RUN_EDGE_WORDS | _RUN_TAIL_WORDS:
            hi = lo + last.start()
        if (lo, hi) == before:
            return lo, hi


@dataclass
class ClaimItem:
    """One statement of one document: an attribution's content, or a sentence in the writer's voice."""

    doc_id: str
    attribution: str | None
    sentence: int
    text: str
    outlet: str | None = None
    date: str | None = None
    source: str | None = None
    source_entity: str | None = None
    source_kind: str | None = None
    anonymous_end: bool = False
    chain: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    hedged: bool = False
    certainty: str | None = None
    act: str | None = None
    headline: bool = False
    spans: list[list[int]] = field(default_factory=list)
    """Where the text lies in the document: the content spans, or the sentence (start, end pairs)."""
    residual: bool = False
    """Said outside the attributions of a sentence that has some (:func:`unattributed_runs`): most often
    the writer's own words, but sometimes a source's that the extractor missed ("..., which the same poll
    puts on 24 percent"), so it groups like any statement but raises no flag of its own voice."""

    @property
    def voice(self) -> str:
        return "author" if self.attribution is None else "attributed"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimItem:
        return cls(**d)


def parse_date(raw: Any) -> datetime | None:
    """ISO 8601 (``Z`` allowed) or a bare day; a time without zone is read as UTC so every date compares."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        stamp = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def load_metadata(path: str | Path) -> dict[str, dict[str, Any]]:
    """``doc_id -> {"outlet", "published", ...}`` from a JSON file; a corpus gold.json's ``documents`` is used as is."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("documents"), dict):
        data = data["documents"]
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"{path}: metadata must map doc ids to objects")
    return data


def _source_name(report: Report, att: Attribution) -> str | None:
    """The fullest name of the attribution's source: its registry entry, else what the mention resolves to."""
    if att.source is None:
        return None
    if att.source.entity or att.source_id:
        for s in report.sources:
            if s.id in (att.source.entity, att.source_id):
                return s.name
    return att.source.resolves_to or att.source.text


_ON_RECORD = word_pattern("claims", "on_record_roles")


def ends_anonymous(att: Attribution) -> bool:
    """Whether the claim's telling ends at an unnamed teller: an anonymous source, or none at all
    ("reportedly").  A spokesperson ("a council spokesman", "A company spokeswoman") is an anonymous
    mention by the contract (the person is not named), but speaks on the record for a body, which is
    where the claim comes from: such a chain does not end anonymous (``single-anonymous-origin``)."""
    if att.source is None:
        return True
    if not (att.source.anonymous or att.source.kind == "anonymous"):
        return False
    return not _ON_RECORD.search(att.source.text or "")


def _sentence_slice(sentence, start: int, end: int) -> str:
    """The document's text from ``start`` to ``end``, taken from the sentence that holds it."""
    return sentence.text[start - sentence.start:end - sentence.start]


def items_of(report: Report, meta: dict[str, Any] | None = None, split_clauses: bool = True,
             residual: bool = True) -> list[ClaimItem]:
    """Every attribution and every author-voice sentence of ``report`` with at least :data:`MIN_WORDS` words,
    cut into :func:`clauses` (one item each) unless ``split_clauses`` is false; with ``residual``, also
    what sentences with attributions say outside them (:func:`unattributed_runs`), in the writer's voice."""
    meta = meta or {}
    page = report.page or {}
    outlet = meta.get("outlet") or page.get("site_name") or (report.publisher.text if report.publisher else None)
    date = meta.get("published") or page.get("date")
    first_sentence = min((s.index for s in report.sentences), default=0)
    sentence_of: dict[str, int] = {aid: s.index for s in report.sentences for aid in s.attributions}
    items: list[ClaimItem] = []
    for att in report.attributions:
        text = " ".join(c.text for c in att.content).strip()
        if len(_WORD.findall(text)) < MIN_WORDS:
            continue
        chain = [(_source_name(report, a) or "(unnamed)") for a in report.chain(att)]
        sentence = sentence_of.get(att.id, 0)
        if len(att.content) == 1 and split_clauses:
            pieces = [(t, [[lo, hi]]) for t, lo, hi in clauses(att.content[0].text, att.content[0].start)]
        else:
            pieces = [(text, [[c.start, c.end] for c in att.content])]
        for piece, spans in pieces:
            # a hedge qualifies the clause it lies in (or the whole content when it is not split)
            hedges = [h.text for h in att.hedges if h.cls != "certain"
                      and (len(pieces) == 1 or any(lo <= h.start < hi for lo, hi in spans))]
            items.append(ClaimItem(
                doc_id=report.doc_id, attribution=att.id, sentence=sentence, text=piece, outlet=outlet, date=date,
                source=att.source.text if att.source else None, source_entity=_source_name(report, att),
                source_kind=att.source.kind if att.source else None, anonymous_end=ends_anonymous(att), chain=chain,
                hedges=hedges, hedged=bool(hedges) or (len(pieces) == 1 and att.certainty == "hedged"),
                certainty=att.certainty, act=getattr(att, "act", None), headline=sentence == first_sentence,
                spans=spans))
    covered = [(sp.start, sp.end) for att in report.attributions for sp in att.spans()]
    for s in report.sentences:
        text = s.text.strip()
        if len(_WORD.findall(text)) < MIN_WORDS or _CREDITS.search(text) or _BYLINE.match(text):
            continue
        lead = len(s.text) - len(s.text.lstrip())
        whole = s.voice == "author" and not s.attributions
        if whole:
            runs = [(s.start + lead, s.start + lead + len(text))]
        elif residual:
            runs = unattributed_runs(s.start, s.text, covered)
        else:
            continue
        pieces = []
        for lo, hi in runs:
            run = _sentence_slice(s, lo, hi)
            pieces += clauses(run, lo) if split_clauses else [(run, lo, hi)]
        for piece, lo, hi in pieces:
            hedges = [h.text for h in s.hedges if h.cls != "certain"
                      and ((whole and len(pieces) == 1) or lo <= h.start < hi)]
            items.append(ClaimItem(doc_id=report.doc_id, attribution=None, sentence=s.index, text=piece, outlet=outlet,
                                   date=date, hedges=hedges, hedged=bool(hedges), headline=s.index == first_sentence,
                                   spans=[[lo, hi]], residual=not whole))
    return items
