"""The report of one document, as typed dataclasses that serialise to exactly the contract JSON.

See ``CONTRACT.md`` (shipped as ``contract.schema.json`` for validation).  Field
order follows the contract so the JSON reads the same as its example.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SOURCE_KINDS = ("person", "organization", "government", "media", "document", "anonymous", "pronoun", "other")
HEDGE_CLASSES = ("reportative", "speculative", "belief", "certain")
QUOTE_TYPES = ("direct", "mixed", "indirect")
VOICES = ("attributed", "author")
ACTS = ("speech", "thought", "evidence", "other")
"""What kind of act an attribution reports (CONTRACT.md ``act``): a quote tracker keeps ``speech``."""


def text_digest(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes: the content hash a report records (``text_sha256``),
    so a rerun of ``extract`` can tell whether a saved report was made from the same text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc: str, start: int, end: int) -> Span:
        """A span over ``doc[start:end]`` with surrounding whitespace trimmed off."""
        while start < end and doc[start].isspace():
            start += 1
        while end > start and doc[end - 1].isspace():
            end -= 1
        return cls(start, end, doc[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Hedge(Span):
    cls: str = "reportative"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "class": self.cls}


@dataclass
class SourceSpan(Span):
    kind: str = "other"
    anonymous: bool = False
    resolves_to: str | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "kind": self.kind, "anonymous": self.anonymous, "resolves_to": self.resolves_to,
                "entity": self.entity}


@dataclass
class Attribution:
    id: str
    source: SourceSpan | None
    cue: Span | None
    content: list[Span]
    quote: str = "indirect"
    via: str | None = None
    recipient: Span | None = None
    hedges: list[Hedge] = field(default_factory=list)
    confidence: float = 0.0
    # added fields (the contract allows additions)
    certainty: str = "stated"
    implicit_source: bool = False
    source_id: str | None = None
    act: str = "speech"
    floating: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_dict() if self.source else None,
            "act": self.act,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": [c.to_dict() for c in self.content],
            "quote": self.quote,
            "via": self.via,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "hedges": [h.to_dict() for h in self.hedges],
            "confidence": self.confidence,
            "certainty": self.certainty,
            "source_id": self.source_id,
        }
        if self.implicit_source:
            d["implicit_source"] = True
        if self.floating:
            d["floating"] = True
        return d

    def spans(self) -> list[Span]:
        """Every span of the attribution (for offset checks and highlighting)."""
        out: list[Span] = [*self.content, *self.hedges]
        out += [s for s in (self.source, self.cue, self.recipient) if s is not None]
        return out


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    attributions: list[str] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    voice: str = "author"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                "attributions": list(self.attributions), "hedges": [h.to_dict() for h in self.hedges],
                "voice": self.voice}


@dataclass
class Source:
    id: str
    name: str
    kind: str
    mentions: list[Span]
    anonymous: bool = False
    titles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "anonymous": self.anonymous,
                "titles": list(self.titles), "mentions": [m.to_dict() for m in self.mentions]}


@dataclass
class Report:
    doc_id: str
    path: str | None
    publisher: Span | None
    sentences: list[Sentence]
    attributions: list[Attribution]
    sources: list[Source]
    text: str = field(default="", repr=False)
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    model: str | None = None
    page: dict[str, str] | None = None
    """Added field, for web pages: title, date, author, site_name, url (those found)."""
    text_sha256: str | None = None
    """SHA-256 of the document text the report was made from (set by the pipeline)."""

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        """The contract JSON plus the added fields.  ``text`` (the document every offset refers
        to) is included unless ``include_text=False``: a report without it cannot be checked
        or highlighted on its own."""
        d: dict[str, Any] = {
            "doc_id": self.doc_id,
            "path": self.path,
            "publisher": self.publisher.to_dict() if self.publisher else None,
            "sentences": [s.to_dict() for s in self.sentences],
            "attributions": [a.to_dict() for a in self.attributions],
            "sources": [s.to_dict() for s in self.sources],
            "encoding": self.encoding,
            "warnings": list(self.warnings),
            "model": self.model,
        }
        if self.page:
            d["page"] = dict(self.page)
        digest = self.text_sha256 or (text_digest(self.text) if self.text else None)
        if digest is not None:
            d["text_sha256"] = digest
        if include_text:
            d["text"] = self.text
        return d

    def by_id(self) -> dict[str, Attribution]:
        return {a.id: a for a in self.attributions}

    def chain(self, attribution: Attribution) -> list[Attribution]:
        """The attributions from the outermost teller down to this one (via links, cycle-safe)."""
        index = self.by_id()
        chain = [attribution]
        seen = {attribution.id}
        while chain[0].via and chain[0].via in index and chain[0].via not in seen:
            seen.add(chain[0].via)
            chain.insert(0, index[chain[0].via])
        return chain


def _span(d: dict | None) -> Span | None:
    return Span(int(d["start"]), int(d["end"]), d["text"]) if d else None


def report_from_dict(d: dict) -> Report:
    """Rebuild a Report from its JSON (as written by ``attribution extract``)."""
    def hedge(h: dict) -> Hedge:
        return Hedge(int(h["start"]), int(h["end"]), h["text"], h.get("class", "reportative"))

    atts = []
    for a in d.get("attributions", []):
        s = a.get("source")
        atts.append(Attribution(
            id=a["id"],
            source=SourceSpan(int(s["start"]), int(s["end"]), s["text"], s.get("kind", "other"),
                              bool(s.get("anonymous")), s.get("resolves_to"), s.get("entity")) if s else None,
            cue=_span(a.get("cue")),
            content=[_span(c) for c in a.get("content", [])],
            quote=a.get("quote", "indirect"),
            via=a.get("via"),
            recipient=_span(a.get("recipient")),
            hedges=[hedge(h) for h in a.get("hedges", [])],
            confidence=float(a.get("confidence", 0.0)),
            certainty=a.get("certainty", "stated"),
            implicit_source=bool(a.get("implicit_source", False)),
            source_id=a.get("source_id"),
            act=a.get("act") if a.get("act") in ACTS else "speech",
            floating=bool(a.get("floating", False)),
        ))
    sents = [Sentence(int(s["index"]), int(s["start"]), int(s["end"]), s["text"], list(s.get("attributions", [])),
                      [hedge(h) for h in s.get("hedges", [])], s.get("voice", "author")) for s in d.get("sentences", [])]
    sources = [Source(s["id"], s["name"], s.get("kind", "other"), [_span(m) for m in s.get("mentions", [])],
                      bool(s.get("anonymous", False)), list(s.get("titles", []))) for s in d.get("sources", [])]
    return Report(doc_id=d["doc_id"], path=d.get("path"), publisher=_span(d.get("publisher")), sentences=sents,
                  attributions=atts, sources=sources, text=d.get("text", ""), encoding=d.get("encoding", "utf-8"),
                  warnings=list(d.get("warnings", [])), model=d.get("model"), page=_page(d.get("page")),
                  text_sha256=d.get("text_sha256") if isinstance(d.get("text_sha256"), str) else None)


def _page(d) -> dict[str, str] | None:
    """The added ``page`` field, its string values only (a report from elsewhere may hold anything)."""
    if not isinstance(d, dict):
        return None
    return {str(k): v for k, v in d.items() if isinstance(v, str)} or None
