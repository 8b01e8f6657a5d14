"""Corpus-level views: who is cited across many articles, how often, how hedged, through whom.

Per-article reports answer "who says what here"; an inventory answers the
editor's question "which sources does this corpus lean on". Sources are grouped
by the name of each article's ``sources`` registry entry (so pronouns and
descriptions already count towards the source they resolve to), normalised so
that "The LNA’s sources" and "the LNA's sources" are one source.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from attribution.schema import Attribution, Report, Source

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(the|a|an) ", re.IGNORECASE)

FIELDS = ("id", "name", "kind", "anonymous", "mentions", "claims", "hedged_share", "articles", "outlets", "entities")
_BODIES = {"organization", "government", "media"}


def normalise_name(name: str) -> str:
    """The grouping key of a source name: case, quote style, spacing and a leading article do not matter."""
    key = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    key = _SPACE.sub(" ", key).strip()
    return _ARTICLE.sub("", key) or key


def is_hedged(att: Attribution) -> bool:
    """True when the text marks the claim as uncertain ("reportedly", "may"); "confirmed" is not a hedge."""
    return att.certainty == "hedged" or any(h.cls != "certain" for h in att.hedges)


def registry_source(report: Report, att: Attribution) -> Source | None:
    """The ``sources`` entry an attribution's source was resolved to, if any."""
    if att.source_id is None:
        return None
    return next((s for s in report.sources if s.id == att.source_id), None)


def source_name(report: Report, att: Attribution) -> str | None:
    """The resolved name of an attribution's source (registry name, else what the pronoun resolves to)."""
    reg = registry_source(report, att)
    if reg is not None:
        return reg.name
    if att.source is None:
        return None
    return att.source.resolves_to or att.source.text


def is_anonymous(report: Report, att: Attribution) -> bool:
    """True when the attribution's source cannot be identified by name (directly or after resolution)."""
    reg = registry_source(report, att)
    return bool(att.source and att.source.anonymous) or bool(reg and reg.anonymous)


def rests_on_anonymous(report: Report, att: Attribution) -> bool:
    """True when any link of the via-chain is anonymous: the claim is only as good as that link."""
    return any(is_anonymous(report, a) for a in report.chain(att))


@dataclass
class _Entry:
    names: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    anonymous: Counter[bool] = field(default_factory=Counter)
    mentions: int = 0
    claims: int = 0
    hedged: int = 0
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)

    def row(self) -> dict:
        return {
            "name": max(self.names, key=lambda n: (len(n.split()), self.names[n], n)),
            # every entry is made with a kind and an anonymity (source_inventory's two places)
            "kind": max(self.kinds, key=lambda k: (self.kinds[k], k in _BODIES)),  # ties: the body ("Velbank")
            "anonymous": self.anonymous.most_common(1)[0][0],
            "mentions": self.mentions,
            "claims": self.claims,
            "hedged_share": round(self.hedged / self.claims, 3) if self.claims else 0.0,
            "articles": len(self.articles),
            "outlets": sorted(self.outlets, key=str.casefold),
            "entities": sorted(self.entities),
        }


def kind_class(kind: str) -> str:
    """Kinds that may name the same entity in different articles: bodies are one class."""
    return "body" if kind in _BODIES else kind


def corpus_key(name: str, kind: str, aliases: dict[str, str] | None = None,
               body_names: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The key that makes one corpus entity: the canonical name (a lone surname stands for the one
    full name in the corpus that ends with it) and a compatible kind.  A one-word name taken for a
    person in one article joins the body of that name in another ("Velbank"): a person is seldom
    known by one word that names a body elsewhere, and a one-word capitalised name is a body as often
    as not."""
    key = normalise_name(name)
    if kind == "person":
        if aliases and key in aliases:
            return aliases[key], "person"
        if " " not in key and key in body_names:
            return key, "body"
    return key, kind_class(kind)


def body_names(reports: list[Report]) -> frozenset[str]:
    """The normalised names of the bodies (organisations, government bodies, outlets) of the corpus."""
    return frozenset(normalise_name(src.name) for report in reports for src in report.sources
                     if kind_class(src.kind) == "body")


def surname_aliases(reports: list[Report]) -> dict[str, str]:
    """"mccallum" → "doug mccallum" where exactly one full person name in the corpus ends in that surname."""
    full: dict[str, set[str]] = {}
    for report in reports:
        for src in report.sources:
            key = normalise_name(src.name)
            if src.kind == "person" and len(key.split()) >= 2:
                full.setdefault(key.split()[-1], set()).add(key)
    return {surname: next(iter(names)) for surname, names in full.items() if len(names) == 1}


def source_inventory(reports: Iterable[Report]) -> list[dict]:
    """One row per corpus entity, most-cited first.

    Each article's ``sources`` are its entities; across articles, the same canonical name
    and a compatible kind make one entity, and a surname used alone joins the one full
    name that ends with it.  ``mentions`` counts every mention (pronouns included),
    ``claims`` the attributions resting on the entity, ``outlets`` the publishers of the
    articles it appears in plus the sources it was cited through (via), ``entities`` the
    per-article ids (``doc_id#s3``) it gathers.
    """
    reports = list(reports)
    aliases = surname_aliases(reports)
    bodies = body_names(reports)
    entries: dict[tuple[str, str], _Entry] = {}

    def entity_key(name: str, kind: str) -> tuple[str, str]:
        return corpus_key(name, kind, aliases, bodies)

    def entry(name: str, kind: str) -> _Entry:
        return entries.setdefault(entity_key(name, kind), _Entry())

    for report in reports:
        publisher = report.publisher.text if report.publisher else None
        by_source_id = {src.id: src for src in report.sources}
        for src in report.sources:
            e = entry(src.name, src.kind)
            e.names[src.name] += 1
            e.kinds[src.kind] += 1
            e.anonymous[src.anonymous] += 1
            e.mentions += len(src.mentions)
            e.articles.add(report.doc_id)
            e.entities.add(f"{report.doc_id}#{src.id}")
            if publisher:
                e.outlets.add(publisher)
        index = report.by_id()

        def key_of(att: Attribution) -> tuple[str, str] | None:
            src = by_source_id.get(att.source_id)  # None for an id of None too
            if src is not None:
                return entity_key(src.name, src.kind)
            if att.source is None:  # neither a registry entry nor a span: nobody to count
                return None
            return entity_key(att.source.resolves_to or att.source.text, att.source.kind)

        for att in report.attributions:
            key = key_of(att)
            if key is None:
                continue
            if key not in entries:  # a source the registry missed still counts (key_of found its span)
                span = att.source
                assert span is not None
                name = span.resolves_to or span.text
                e = entry(name, span.kind)
                e.names[name] += 1
                e.kinds[span.kind] += 1
                e.anonymous[is_anonymous(report, att)] += 1
                e.mentions += 1
                e.articles.add(report.doc_id)
                if publisher:
                    e.outlets.add(publisher)
            e = entries[key]
            e.claims += 1
            e.hedged += is_hedged(att)
            parent = index.get(att.via)
            parent_key = key_of(parent) if parent is not None else None
            if parent_key and parent_key != key:
                e.outlets.add(source_name(report, parent))
    rows = [e.row() for e in entries.values()]
    rows.sort(key=lambda r: (-r["claims"], -r["mentions"], r["name"].casefold()))
    for i, row in enumerate(rows):
        row["id"] = f"e{i + 1}"
    return [{k: row[k] for k in FIELDS} for row in rows]
