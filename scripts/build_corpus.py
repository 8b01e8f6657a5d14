#!/usr/bin/env python3
"""Build the project-authored attribution corpus from its inline markup.

Every article lives in ``corpus/authored/src/NNN_slug.txt`` as plain text with
inline tags (see ``corpus/authored/README.md`` for the full description)::

    {TAG:ARGS|text}        or        {TAG|text}

Tags nest (a content span may hold the source, cue and content of another
attribution); they may not cross.  Literal braces are not allowed in articles.

=======  ===================  ===============================================
tag      ARGS                 meaning
=======  ===================  ===============================================
``src``  ``IDS [k=KIND]``     source of attributions IDS (``3`` or ``14,15``);
         ``[r=ID|r=@NAME]``   ``r=`` names the fuller mention it resolves to
         ``[anon|named]``     (the source of attribution ID or an ``ent`` tag);
                              ``anon``/``named`` override the anonymity.
``cue``  ``ID [v=ID]``        cue of attribution ID; ``v=`` is its ``via``;
         ``[quote=TYPE]``     ``quote=`` overrides the computed quote type.
``con``  ``IDS``              one content fragment of attributions IDS.
``rcp``  ``ID``               recipient of attribution ID.
``hdg``  ``CLASS``            hedge: ``rep``/``spec``/``bel``/``cert`` (or the
                              full class name).
``pub``  (none)               the publisher in the dateline or byline.
``aut``  (none)               a sentence in the writer's own voice.
``ent``  ``NAME [anon]``      a mention that a later source resolves to.
=======  ===================  ===============================================

An attribution with content but neither source nor cue is an implicit-source
attribution (``"The minister reportedly resigned"``); it must hold a hedge.
Attribution hedges and quote types are computed: a hedge belongs to every
attribution whose content contains it; a quote is ``direct`` when every content
fragment sits right inside quotation marks, ``mixed`` when the content holds
quotation marks, else ``indirect``.

The conventions are those of the hand-made seed gold
(``shared/gold/seed.gold.json``); the seed written in this markup builds to
exactly that gold (``tests/data/test_authored_corpus.py``).

Articles whose number is divisible by 5 go to ``dev.jsonl``, the rest to
``train.jsonl``.  Everything is validated; any problem raises
:class:`CorpusError` and the script exits non-zero.  Run::

    python scripts/build_corpus.py [--src DIR] [--out DIR] [--uncovered]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT / "corpus" / "authored" / "src"
DEFAULT_OUT = ROOT / "corpus" / "authored"

KINDS = {
    "per": "person", "org": "organization", "gov": "government", "med": "media", "doc": "document",
    "anon": "anonymous", "pro": "pronoun", "oth": "other",
}
KIND_NAMES = tuple(KINDS.values())
HEDGE_CLASSES = {"rep": "reportative", "spec": "speculative", "bel": "belief", "cert": "certain"}
QUOTE_TYPES = ("direct", "mixed", "indirect")
TAGS = ("src", "cue", "con", "rcp", "hdg", "pub", "aut", "ent")
OPEN_QUOTES = "\"“‘"  # a single curly pair only wraps whole quotes (headlines); ’ is also the apostrophe
CLOSE_QUOTES = "\"”’"
QUOTE_MARKS = "\"“”"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
MIN_WORDS, MAX_WORDS = 80, 250

_OPEN = re.compile(r"\{(" + "|".join(TAGS) + r")(?::([^|{}\n]*))?\|")
_FILENAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.txt$")
# Hedge words that are always hedges in these articles: an unmarked one is an error
# (``confirmed`` may instead be a cue; lower-case ``may`` only, so the month passes).
_UNAMBIGUOUS_HEDGES = re.compile(
    r"(?<![\w’'-])((?i:reportedly|allegedly|purportedly|supposedly|apparently|possibly|probably|perhaps|"
    r"officially|clearly|definitely|certainly|undoubtedly|could|might|likely|unlikely|confirmed|"
    r"(?:is|are|was|were) (?:said|believed|thought|expected|alleged|reported|understood) to)|may)(?![\w’'-])")


class CorpusError(ValueError):
    """A markup file or a built record that breaks the corpus rules."""


@dataclass
class Tag:
    """One parsed tag: its name, argument string and span in the plain text."""

    name: str
    args: str
    start: int
    end: int
    where: str


@dataclass
class Parsed:
    """A markup file reduced to plain text plus its tags."""

    text: str
    tags: list[Tag] = field(default_factory=list)
    topic: str | None = None


def parse_markup(markup: str, where: str) -> Parsed:
    """Strip the tags out of ``markup``; return the plain text and tag spans.

    Lines starting with ``%%`` are comments (``%% topic: health``) and are
    dropped.  Blank lines around the article are dropped too, so the text has
    no final newline (like the seed); inner newlines are kept.
    """
    topic = None
    lines = []
    for line in markup.splitlines(keepends=True):
        if line.startswith("%%"):
            m = re.match(r"%%\s*topic:\s*(\S+)", line)
            if m:
                topic = m.group(1)
            line = "\n"  # keep the line count, so error messages name the file's lines
        lines.append(line)
    full = "".join(lines)
    body = full.strip("\n")
    first_line = 1 + full[:len(full) - len(full.lstrip("\n"))].count("\n")
    out: list[str] = []
    pos_out = 0
    stack: list[tuple[str, str, int, int]] = []
    tags: list[Tag] = []
    i = 0
    line_no = first_line
    while i < len(body):
        ch = body[i]
        if ch == "{":
            m = _OPEN.match(body, i)
            if not m:
                raise CorpusError(f"{where}:{line_no}: malformed tag opening {body[i:i + 25]!r}")
            stack.append((m.group(1), (m.group(2) or "").strip(), pos_out, line_no))
            i = m.end()
            continue
        if ch == "}":
            if not stack:
                raise CorpusError(f"{where}:{line_no}: unmatched closing brace")
            name, args, start, tag_line = stack.pop()
            tags.append(Tag(name, args, start, pos_out, f"{where}:{tag_line} {{{name}:{args}}}"))
            i += 1
            continue
        if ch == "\n":
            line_no += 1
        out.append(ch)
        pos_out += 1
        i += 1
    if stack:
        name, args, _, tag_line = stack[-1]
        raise CorpusError(f"{where}:{tag_line}: tag {{{name}:{args}| is never closed")
    text = "".join(out)
    for t in tags:
        span = text[t.start:t.end]
        if not span:
            raise CorpusError(f"{t.where}: empty span")
        if span != span.strip():
            raise CorpusError(f"{t.where}: span {span!r} has leading or trailing whitespace")
    tags.sort(key=lambda t: (t.start, -t.end))
    return Parsed(text=text, tags=tags, topic=topic)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _ids(token: str, where: str) -> list[int]:
    try:
        ids = [int(x) for x in token.split(",")]
    except ValueError as err:
        raise CorpusError(f"{where}: bad attribution id list {token!r}") from err
    if len(set(ids)) != len(ids):
        raise CorpusError(f"{where}: repeated id in {token!r}")
    return ids


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass
class _Att:
    num: int
    source: Tag | None = None
    cue: Tag | None = None
    content: list[Tag] = field(default_factory=list)
    recipient: Tag | None = None
    kind: str | None = None
    resolves: str | None = None  # "7" or "@name"
    anon_flag: bool | None = None
    via: int | None = None
    quote_override: str | None = None


def build_document(doc_id: str, parsed: Parsed, where: str) -> dict[str, Any]:
    """Turn one parsed article into a contract-shaped record, validating it."""
    text = parsed.text
    atts: dict[int, _Att] = {}
    publisher: Tag | None = None
    hedges: list[dict[str, Any]] = []
    authors: list[Tag] = []
    entities: dict[str, tuple[Tag, bool]] = {}

    def att(num: int) -> _Att:
        return atts.setdefault(num, _Att(num))

    for t in parsed.tags:
        tokens = t.args.split()
        if t.name in ("pub", "aut"):
            if tokens:
                raise CorpusError(f"{t.where}: {t.name} takes no arguments")
            if t.name == "pub":
                if publisher is not None:
                    raise CorpusError(f"{t.where}: second publisher")
                publisher = t
            else:
                authors.append(t)
            continue
        if not tokens:
            raise CorpusError(f"{t.where}: {t.name} needs arguments")
        head, rest = tokens[0], tokens[1:]
        if t.name == "hdg":
            cls = HEDGE_CLASSES.get(head, head)
            if cls not in HEDGE_CLASSES.values() or rest:
                raise CorpusError(f"{t.where}: bad hedge class {t.args!r}")
            hedges.append({**_span(text, t.start, t.end), "class": cls})
            continue
        if t.name == "ent":
            if head in entities or any(r != "anon" for r in rest):
                raise CorpusError(f"{t.where}: duplicate entity name or bad flag")
            entities[head] = (t, "anon" in rest)
            continue
        ids = _ids(head, t.where)
        if t.name == "con":
            if rest:
                raise CorpusError(f"{t.where}: con takes only ids")
            for n in ids:
                att(n).content.append(t)
            continue
        if t.name in ("cue", "rcp") and len(ids) != 1:
            raise CorpusError(f"{t.where}: {t.name} belongs to exactly one attribution")
        if t.name == "rcp":
            if rest:
                raise CorpusError(f"{t.where}: rcp takes only an id")
            a = att(ids[0])
            if a.recipient is not None:
                raise CorpusError(f"{t.where}: second recipient for {ids[0]}")
            a.recipient = t
            continue
        if t.name == "cue":
            a = att(ids[0])
            if a.cue is not None:
                raise CorpusError(f"{t.where}: second cue for {ids[0]}")
            a.cue = t
            for r in rest:
                key, _, val = r.partition("=")
                if key == "v":
                    a.via = _ids(val, t.where)[0]
                elif key == "quote" and val in QUOTE_TYPES:
                    a.quote_override = val
                else:
                    raise CorpusError(f"{t.where}: bad cue argument {r!r}")
            continue
        # src
        kind = None
        resolves = None
        anon_flag = None
        for r in rest:
            key, _, val = r.partition("=")
            if key == "k":
                kind = KINDS.get(val, val)
                if kind not in KIND_NAMES:
                    raise CorpusError(f"{t.where}: bad kind {val!r}")
            elif key == "r" and val:
                resolves = val
            elif r in ("anon", "named"):
                anon_flag = r == "anon"
            else:
                raise CorpusError(f"{t.where}: bad src argument {r!r}")
        if kind is None:
            raise CorpusError(f"{t.where}: source without k=KIND")
        for n in ids:
            a = att(n)
            if a.source is not None:
                raise CorpusError(f"{t.where}: second source for {n}")
            a.source, a.kind, a.resolves, a.anon_flag = t, kind, resolves, anon_flag

    nums = sorted(atts)
    if nums != list(range(1, len(nums) + 1)):
        raise CorpusError(f"{where}: attribution ids must run 1..n, got {nums}")

    # anonymity and resolves_to, following r= links
    anon_cache: dict[int, bool] = {}

    def target(a: _Att) -> tuple[str, bool] | None:
        if a.resolves is None:
            return None
        if a.resolves.startswith("@"):
            if a.resolves[1:] not in entities:
                raise CorpusError(f"{where}: attribution {a.num} resolves to unknown entity {a.resolves}")
            tag, anon = entities[a.resolves[1:]]
            return text[tag.start:tag.end], anon
        n = _ids(a.resolves, where)[0]
        if n not in atts or atts[n].source is None or n == a.num:
            raise CorpusError(f"{where}: attribution {a.num} resolves to {n}, which has no source")
        s = atts[n].source
        assert s is not None
        return text[s.start:s.end], anonymous(atts[n], {a.num})

    def anonymous(a: _Att, seen: set[int]) -> bool:
        if a.num in anon_cache:
            return anon_cache[a.num]
        if a.num in seen and len(seen) > 1:
            raise CorpusError(f"{where}: resolves_to cycle at {a.num}")
        if a.kind == "anonymous":
            if a.anon_flag is False:
                raise CorpusError(f"{where}: attribution {a.num}: anonymous kind marked named")
            val = True
        elif a.anon_flag is not None:
            val = a.anon_flag
        else:
            tgt = target(a) if a.resolves else None
            val = bool(tgt and tgt[1])
        anon_cache[a.num] = val
        return val

    hedge_ranges = [(h["start"], h["end"]) for h in hedges]
    if len(set(hedge_ranges)) != len(hedge_ranges) or any(
            _overlap(x, y) for i, x in enumerate(hedge_ranges) for y in hedge_ranges[i + 1:]):
        raise CorpusError(f"{where}: overlapping hedges")

    records: list[dict[str, Any]] = []
    for n in nums:
        a = atts[n]
        w = f"{where}: attribution {n}"
        if not a.content:
            raise CorpusError(f"{w}: no content")
        if (a.source is None) != (a.cue is None):
            raise CorpusError(f"{w}: source and cue must both be present or both absent")
        implicit = a.source is None
        if implicit and (a.recipient is not None or a.via is not None):
            raise CorpusError(f"{w}: implicit attribution with recipient or via")
        content = sorted(((c.start, c.end) for c in a.content))
        for i in range(1, len(content)):
            if content[i][0] < content[i - 1][1]:
                raise CorpusError(f"{w}: overlapping content fragments")
        own = [(t.start, t.end) for t in (a.source, a.cue, a.recipient) if t is not None]
        for o in own:
            if any(_overlap(o, c) for c in content):
                raise CorpusError(f"{w}: source/cue/recipient overlaps its own content")
        if a.via is not None and (a.via not in atts or a.via == n):
            raise CorpusError(f"{w}: via {a.via} is not another attribution")
        att_hedges = [h for h in hedges if any(_inside((h["start"], h["end"]), c) for c in content)]
        if implicit and not att_hedges:
            raise CorpusError(f"{w}: implicit-source attribution without a hedge in its content")
        # quote type
        direct = [text[s - 1:s] in OPEN_QUOTES and text[e:e + 1] in CLOSE_QUOTES
                  and not any(ch in QUOTE_MARKS for ch in text[s:e]) for s, e in content]
        has_marks = any(ch in QUOTE_MARKS for s, e in content for ch in text[s:e])
        quote = "direct" if all(direct) else "mixed" if (has_marks or any(direct)) else "indirect"
        if a.quote_override:
            quote = a.quote_override
        for s, e in content:
            frag = text[s:e]
            if not direct[content.index((s, e))] and frag.endswith(".") and not re.search(
                    r"\b(?:[A-Z]\.|[a-z]\.[a-z]\.|Inc\.|Ltd\.|Co\.|Corp\.|Jr\.|p\.m\.|a\.m\.)$", frag):
                raise CorpusError(f"{w}: indirect content ends with its sentence period: {frag[-30:]!r}")
        source = None
        if a.source is not None:
            assert a.kind is not None
            tgt = target(a)
            if a.kind == "pronoun":
                if text[a.source.start:a.source.end].lower() not in PRONOUNS:
                    raise CorpusError(f"{w}: pronoun source {text[a.source.start:a.source.end]!r}")
                if tgt is None:
                    raise CorpusError(f"{w}: pronoun source without r=")
            source = {**_span(text, a.source.start, a.source.end), "kind": a.kind,
                      "anonymous": anonymous(a, {n}), "resolves_to": tgt[0] if tgt else None}
        rec: dict[str, Any] = {
            "id": f"a{n}",
            "source": source,
            "cue": _span(text, a.cue.start, a.cue.end) if a.cue else None,
            "content": [_span(text, s, e) for s, e in content],
            "quote": quote,
            "via": f"a{a.via}" if a.via is not None else None,
            "recipient": _span(text, a.recipient.start, a.recipient.end) if a.recipient else None,
            "hedges": [dict(h) for h in att_hedges],
        }
        if implicit:
            rec["implicit_source"] = True
        records.append(rec)

    # via chains must not loop
    for n in nums:
        seen = {n}
        cur = atts[n].via
        while cur is not None:
            if cur in seen:
                raise CorpusError(f"{where}: via cycle through a{n}")
            seen.add(cur)
            cur = atts[cur].via

    # author-voice sentences: never overlap attribution material or reportative/belief hedges
    att_spans = [(t.start, t.end) for a in atts.values()
                 for t in [a.source, a.cue, a.recipient, *a.content] if t is not None]
    for t in authors:
        r = (t.start, t.end)
        s = text[t.start:t.end]
        if not re.search(r"[.!?][\"”’)]?$", s):
            raise CorpusError(f"{t.where}: author sentence does not end like a sentence: {s[-20:]!r}")
        if any(_overlap(r, x) for x in att_spans):
            raise CorpusError(f"{t.where}: author sentence overlaps an attribution: {s[:40]!r}")
        for h in hedges:
            if h["class"] in ("reportative", "belief") and _inside((h["start"], h["end"]), r):
                raise CorpusError(f"{t.where}: {h['class']} hedge {h['text']!r} in an author sentence "
                                  "(make it an implicit-source attribution)")
    if publisher is not None and any(_overlap((publisher.start, publisher.end), x) for x in att_spans):
        raise CorpusError(f"{where}: publisher overlaps an attribution span")
    cue_ranges = {(a.cue.start, a.cue.end) for a in atts.values() if a.cue is not None}
    for m in _UNAMBIGUOUS_HEDGES.finditer(text):
        if m.group(1).lower() == "confirmed" and any(_inside(m.span(1), c) for c in cue_ranges):
            continue
        if not any(_inside(m.span(1), h) for h in hedge_ranges):
            raise CorpusError(f"{where}: unmarked hedge {m.group(1)!r} at {m.start(1)}")
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise CorpusError(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
    if re.search(r"[{}]", text):
        raise CorpusError(f"{where}: stray brace in text")

    doc = {
        "doc_id": doc_id,
        "text": text,
        "publisher": _span(text, publisher.start, publisher.end) if publisher else None,
        "hedges": sorted(hedges, key=lambda h: h["start"]),
        "attributions": records,
        "unattributed_sentences": [text[t.start:t.end] for t in sorted(authors, key=lambda t: t.start)],
    }
    validate_record(doc)
    return doc


def validate_record(doc: dict[str, Any]) -> None:
    """Check a built record against the contract rules; raise CorpusError on any breach."""
    where = doc.get("doc_id", "<doc>")
    text = doc["text"]

    def span(s: dict[str, Any] | None, what: str) -> None:
        if s is None:
            return
        st, en = s["start"], s["end"]
        if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
            raise CorpusError(f"{where}: {what}: bad offsets {st}-{en}")
        if text[st:en] != s["text"]:
            raise CorpusError(f"{where}: {what}: {s['text']!r} != {text[st:en]!r}")
        if s["text"] != s["text"].strip():
            raise CorpusError(f"{where}: {what}: surrounding whitespace")

    span(doc["publisher"], "publisher")
    doc_hedges = {(h["start"], h["end"], h["class"]) for h in doc["hedges"]}
    for h in doc["hedges"]:
        span(h, "hedge")
        if h["class"] not in HEDGE_CLASSES.values():
            raise CorpusError(f"{where}: hedge class {h['class']!r}")
    ids = [a["id"] for a in doc["attributions"]]
    if len(set(ids)) != len(ids):
        raise CorpusError(f"{where}: duplicate attribution ids")
    for a in doc["attributions"]:
        w = f"attribution {a['id']}"
        span(a["source"], w + " source")
        span(a["cue"], w + " cue")
        span(a["recipient"], w + " recipient")
        if not a["content"]:
            raise CorpusError(f"{where}: {w}: no content")
        for c in a["content"]:
            span(c, w + " content")
        if a["source"] is not None:
            s = a["source"]
            if s["kind"] not in KIND_NAMES:
                raise CorpusError(f"{where}: {w}: kind {s['kind']!r}")
            if s["kind"] == "anonymous" and not s["anonymous"]:
                raise CorpusError(f"{where}: {w}: anonymous kind must be anonymous")
        if a["quote"] not in QUOTE_TYPES:
            raise CorpusError(f"{where}: {w}: quote {a['quote']!r}")
        if a["via"] is not None and a["via"] not in ids:
            raise CorpusError(f"{where}: {w}: via {a['via']!r} does not exist")
        for h in a["hedges"]:
            span(h, w + " hedge")
            if (h["start"], h["end"], h["class"]) not in doc_hedges:
                raise CorpusError(f"{where}: {w}: hedge {h['text']!r} missing from the document hedges")
        if a.get("implicit_source") and (a["source"] or a["cue"] or not a["hedges"]):
            raise CorpusError(f"{where}: {w}: implicit source needs null source/cue and a hedge")
    for s in doc["unattributed_sentences"]:
        if s not in text:
            raise CorpusError(f"{where}: unattributed sentence not in text: {s[:40]!r}")


def uncovered_sentences(doc: dict[str, Any]) -> list[str]:
    """Rough sentences touched by no attribution and not marked as author voice (for review)."""
    text = doc["text"]
    spans: list[tuple[int, int]] = []
    for a in doc["attributions"]:
        for s in [a["source"], a["cue"], a["recipient"], *a["content"]]:
            if s:
                spans.append((s["start"], s["end"]))
    for s in doc["unattributed_sentences"]:
        i = text.find(s)
        spans.append((i, i + len(s)))
    out = []
    for m in re.finditer(r"[^\n]+", text):
        cuts = [m.start()] + [b.end() for b in re.finditer(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+(?=[\"“]?[A-Z])",
                                                           text[:m.end()]) if b.start() >= m.start()] + [m.end()]
        for s, e in zip(cuts, cuts[1:]):
            piece = text[s:e].strip()
            if len(piece.split()) >= 5 and not any(_overlap((s, e), x) for x in spans):
                out.append(piece)
    return out


def article_files(src: Path) -> list[tuple[int, Path]]:
    """Markup files of ``src`` as (number, path), sorted; bad names raise."""
    files = []
    for p in sorted(src.glob("*.txt")):
        m = _FILENAME.match(p.name)
        if not m:
            raise CorpusError(f"{p}: file name must look like NNN_slug.txt")
        files.append((int(m.group(1)), p))
    nums = [n for n, _ in files]
    if len(set(nums)) != len(nums):
        raise CorpusError(f"{src}: duplicate article numbers")
    if not files:
        raise CorpusError(f"{src}: no articles")
    return files


def build(src: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Counter[str]]:
    """Parse and validate every article; return (train, dev, topics)."""
    train: list[dict[str, Any]] = []
    dev: list[dict[str, Any]] = []
    topics: Counter[str] = Counter()
    for num, path in article_files(src):
        parsed = parse_markup(path.read_text(encoding="utf-8"), path.name)
        doc = build_document(f"authored_{num:03d}", parsed, path.name)
        topics[parsed.topic or "unknown"] += 1
        (dev if num % 5 == 0 else train).append(doc)
    return train, dev, topics


def count(docs: list[dict[str, Any]]) -> dict[str, int]:
    """Corpus statistics for one split."""
    c: Counter[str] = Counter()
    c["documents"] = len(docs)
    for d in docs:
        c["publishers"] += d["publisher"] is not None
        c["unattributed sentences"] += len(d["unattributed_sentences"])
        for h in d["hedges"]:
            c[f"hedges {h['class']}"] += 1
        for a in d["attributions"]:
            c["attributions"] += 1
            c["chains (via)"] += a["via"] is not None
            c["recipients"] += a["recipient"] is not None
            c["implicit sources"] += bool(a.get("implicit_source"))
            c[f"quote {a['quote']}"] += 1
            c["multi-fragment content"] += len(a["content"]) > 1
            if a["source"]:
                s = a["source"]
                c["anonymous sources"] += s["anonymous"]
                c["pronoun sources"] += s["kind"] == "pronoun"
                c["resolved sources"] += s["resolves_to"] is not None
                c[f"kind {s['kind']}"] += 1
                if a["cue"]["text"] in ("—", "–", "-", ":"):
                    c["headline dash/colon cues"] += 1
    order = ["documents", "attributions", "chains (via)", "recipients", "anonymous sources", "pronoun sources",
             "resolved sources", "implicit sources", "headline dash/colon cues", "multi-fragment content",
             "publishers", "unattributed sentences"]
    order += [f"quote {q}" for q in QUOTE_TYPES] + [f"kind {k}" for k in KIND_NAMES]
    order += [f"hedges {h}" for h in HEDGE_CLASSES.values()]
    return {k: c[k] for k in order}


def write_jsonl(docs: list[dict[str, Any]], path: Path) -> None:
    """One record per line, UTF-8, no ASCII escaping."""
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Build train.jsonl and dev.jsonl; print the counts. Returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of NNN_slug.txt markup files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for train.jsonl and dev.jsonl")
    ap.add_argument("--uncovered", action="store_true",
                    help="list sentences neither attributed nor marked as author voice (for review)")
    args = ap.parse_args(argv)
    try:
        train, dev, topics = build(args.src)
    except CorpusError as err:
        print(f"build_corpus: error: {err}", file=sys.stderr)
        return 1
    if not dev or not train:
        print("build_corpus: error: empty split", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(train, args.out / "train.jsonl")
    write_jsonl(dev, args.out / "dev.jsonl")
    stats = {"train": count(train), "dev": count(dev), "all": count(train + dev)}
    width = max(len(k) for k in stats["all"])
    print(f"{'':{width}}  {'train':>6} {'dev':>6} {'all':>6}")
    for key in stats["all"]:
        print(f"{key:{width}}  {stats['train'][key]:>6} {stats['dev'][key]:>6} {stats['all'][key]:>6}")
    print("topics: " + ", ".join(f"{t} {n}" for t, n in sorted(topics.items())))
    if args.uncovered:
        for d in train + dev:
            for s in uncovered_sentences(d):
                print(f"UNCOVERED {d['doc_id']}: {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
