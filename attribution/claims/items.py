"""Claim items: the statements of one report that could be matched across documents.

Each attribution is one item (its content, joined); each sentence the writer states in
their own voice is one item too (the contract's ``attribution: null``).  An item carries
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


def items_of(report: Report, meta: dict[str, Any] | None = None, split_clauses: bool = True) -> list[ClaimItem]:
    """Every attribution and every author-voice sentence of ``report`` with at least :data:`MIN_WORDS` words,
    cut into :func:`clauses` (one item each) unless ``split_clauses`` is false."""
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
    for s in report.sentences:
        if s.voice != "author" or s.attributions:
            continue
        text = s.text.strip()
        if len(_WORD.findall(text)) < MIN_WORDS or _CREDITS.search(text) or _BYLINE.match(text):
            continue
        lead = len(s.text) - len(s.text.lstrip())
        pieces = clauses(text, s.start + lead) if split_clauses else [(text, s.start + lead, s.start + lead + len(text))]
        for piece, lo, hi in pieces:
            hedges = [h.text for h in s.hedges if h.cls != "certain" and (len(pieces) == 1 or lo <= h.start < hi)]
            items.append(ClaimItem(doc_id=report.doc_id, attribution=None, sentence=s.index, text=piece, outlet=outlet,
                                   date=date, hedges=hedges, hedged=bool(hedges), headline=s.index == first_sentence,
                                   spans=[[lo, hi]]))
    return items
