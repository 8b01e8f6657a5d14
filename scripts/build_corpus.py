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

Markup version 2 (``corpus/README.md``) adds entity keys on sources (``e=KEY``),
``%% entity: KEY = Name | kind [anon|named] [| titles: a; b]`` declarations,
``{ent:KEY|...}`` mentions, ``act=`` on cues, floating quotes (a source and a
quotation without a cue) and ``%% family:`` for short items.  The version-2
corpora live in ``corpus/NAME/src/{test,train}/`` and build with::

    python scripts/build_corpus.py --corpus entities [--split test] [--uncovered]
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
# The version-2 corpora (corpus/NAME/src/{test,train}/ -> corpus/NAME/{test,train}.jsonl) and their
# word limits per article: entity articles are full news stories; chain items are short (none).
CORPORA: dict[str, tuple[int, int] | None] = {"entities": (100, 350), "chains": None}
SPLITS = ("test", "train", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10", "test11", "test12", "test13", "test14", "test15", "test16", "test17", "test18", "test19")
"""Version-2 splits: ``test2`` to ``test19`` are later frozen test parts, each written before the tuning
that followed it (corpus/README.md)."""
# Honorifics that precede a surname ("Mr. Hemming", "Sen. Rubio"), for the mention-form counts.
_HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Prof|Gen|Col|Lt|Capt|Sgt|Insp|Det|Supt|Cmdr|Adm|Fr|Rev)\.?$")
_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")

KINDS = {
    "per": "person", "org": "organization", "gov": "government", "med": "media", "doc": "document",
    "anon": "anonymous", "pro": "pronoun", "oth": "other",
}
KIND_NAMES = tuple(KINDS.values())
HEDGE_CLASSES = {"rep": "reportative", "spec": "speculative", "bel": "belief", "cert": "certain"}
ACTS = {"sp": "speech", "th": "thought", "ev": "evidence", "ot": "other"}
ACT_NAMES = tuple(ACTS.values())
QUOTE_TYPES = ("direct", "mixed", "indirect")
TAGS = ("src", "cue", "con", "rcp", "hdg", "pub", "aut", "ent")
OPEN_QUOTES = "\"“‘"  # a single curly pair only wraps whole quotes (headlines); ’ is also the apostrophe
CLOSE_QUOTES = "\"”’"
QUOTE_MARKS = "\"“”"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "my", "our", "your"}
MIN_WORDS, MAX_WORDS = 80, 250

_OPEN = re.compile(r"\{(" + "|".join(TAGS) + r")(?::([^|{}\n]*))?\|")
_FILENAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.txt$")
_ENTITY_KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_ENTITY_LINE = re.compile(r"%%\s*entity:(.*)$")
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
class EntityDecl:
    """One ``%% entity: KEY = Name | kind [anon] [| titles: a; b]`` line (markup version 2)."""

    key: str
    name: str
    kind: str
    anonymous: bool
    titles: list[str]
    where: str


@dataclass
class Parsed:
    """A markup file reduced to plain text plus its tags and comment-line declarations."""

    text: str
    tags: list[Tag] = field(default_factory=list)
    topic: str | None = None
    family: str | None = None
    entities: dict[str, EntityDecl] = field(default_factory=dict)


def parse_entity_line(body: str, where: str) -> EntityDecl:
    """Parse the part after ``%% entity:``; anything malformed raises, naming the line.

    The entity is anonymous when its kind is ``anonymous`` or ``other`` (lay
    groups: "witnesses", "two mining analysts"), as in the authored corpus; the
    flag ``anon`` after the kind makes any other kind anonymous (an unnamed
    person, "the 45-year-old"), ``named`` makes an ``other`` entity named.
    """
    key, eq, rest = body.partition("=")
    key = key.strip()
    if not eq or not _ENTITY_KEY.match(key):
        raise CorpusError(f"{where}: entity line needs 'KEY = Name | kind', KEY a lower-case slug: {body.strip()!r}")
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise CorpusError(f"{where}: entity {key}: expected 'Name | kind [anon] [| titles: a; b]'")
    name = parts[0]
    kind_tokens = parts[1].split()
    kind = KINDS.get(kind_tokens[0], kind_tokens[0])
    if kind not in KIND_NAMES:
        raise CorpusError(f"{where}: entity {key}: kind {kind_tokens[0]!r} is not one of the contract's kinds")
    if kind == "pronoun":
        raise CorpusError(f"{where}: entity {key}: an entity's kind is never pronoun (pronouns are mentions)")
    if kind_tokens[1:] not in ([], ["anon"], ["named"]) or (kind == "anonymous" and "named" in kind_tokens):
        raise CorpusError(f"{where}: entity {key}: only 'anon' or 'named' may follow the kind, got {parts[1]!r}")
    titles: list[str] = []
    if len(parts) == 3:
        head, colon, tail = parts[2].partition(":")
        if head.strip() != "titles" or not colon:
            raise CorpusError(f"{where}: entity {key}: third field must be 'titles: a; b'")
        titles = [x.strip() for x in tail.split(";")]
        if not all(titles) or len(set(titles)) != len(titles):
            raise CorpusError(f"{where}: entity {key}: empty or repeated title in {parts[2]!r}")
    if re.search(r"[{}]", name + "".join(titles)):
        raise CorpusError(f"{where}: entity {key}: braces in its name or titles")
    anonymous = "anon" in kind_tokens[1:] or (kind in ("anonymous", "other") and "named" not in kind_tokens[1:])
    return EntityDecl(key, name, kind, anonymous, titles, where)


def parse_markup(markup: str, where: str) -> Parsed:
    """Strip the tags out of ``markup``; return the plain text and tag spans.

    Lines starting with ``%%`` are comments (``%% topic: health``) and are
    dropped.  Blank lines around the article are dropped too, so the text has
    no final newline (like the seed); inner newlines are kept.
    """
    topic = family = None
    entities: dict[str, EntityDecl] = {}
    lines = []
    for number, line in enumerate(markup.splitlines(keepends=True), 1):
        if line.startswith("%%"):
            m = re.match(r"%%\s*topic:\s*(\S+)", line)
            if m:
                topic = m.group(1)
            m = re.match(r"%%\s*family:\s*(\S.*?)\s*$", line)
            if m:
                family = m.group(1)
            m = _ENTITY_LINE.match(line.rstrip("\n"))
            if m:
                decl = parse_entity_line(m.group(1), f"{where}:{number}")
                if decl.key in entities:
                    raise CorpusError(f"{where}:{number}: entity {decl.key} declared twice")
                entities[decl.key] = decl
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
    return Parsed(text=text, tags=tags, topic=topic, family=family, entities=entities)


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
    entity: str | None = None  # version 2: the e= key
    act: str | None = None  # version 2: act= of the cue


def build_document(doc_id: str, parsed: Parsed, where: str, *, version: int = 1,
                   word_limits: tuple[int, int] | None = None) -> dict[str, Any]:
    """Turn one parsed article into a contract-shaped record, validating it.

    ``version=1`` is the authored corpus: its records keep the shape they had
    before entities existed (so the built files do not change), and version-2
    markup is refused rather than silently dropped.  ``version=2`` requires an
    entity key on every source and adds ``act``, ``floating``, ``source.entity``
    and the ``sources`` list.  Word limits are ``MIN_WORDS``/``MAX_WORDS`` for
    version 1 and ``word_limits`` (None: no limit) for version 2.
    """
    if version not in (1, 2):
        raise ValueError(f"markup version {version!r}")
    v2 = version == 2
    if not v2 and (parsed.entities or parsed.family):
        raise CorpusError(f"{where}: '%% entity:'/'%% family:' lines are markup version 2, "
                          "not accepted in a version-1 corpus")
    text = parsed.text
    atts: dict[int, _Att] = {}
    publisher: Tag | None = None
    hedges: list[dict[str, Any]] = []
    authors: list[Tag] = []
    entities: dict[str, tuple[Tag, bool]] = {}  # version 1: ent NAME -> (tag, anonymous)
    ent_mentions: list[tuple[str, Tag]] = []  # version 2: (entity key, ent tag)

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
            if v2:
                if rest:
                    raise CorpusError(f"{t.where}: ent takes only an entity key in version 2 "
                                      "(anonymity is declared on the entity line)")
                ent_mentions.append((head, t))
                continue
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
                elif key == "act" and v2:
                    a.act = ACTS.get(val, val)
                    if a.act not in ACT_NAMES:
                        raise CorpusError(f"{t.where}: bad act {val!r} (one of {', '.join(ACT_NAMES)})")
                elif key == "act":
                    raise CorpusError(f"{t.where}: act= is markup version 2, not accepted in a version-1 corpus")
                else:
                    raise CorpusError(f"{t.where}: bad cue argument {r!r}")
            continue
        # src
        kind = None
        resolves = None
        anon_flag = None
        entity_key = None
        for r in rest:
            key, _, val = r.partition("=")
            if key == "k":
                kind = KINDS.get(val, val)
                if kind not in KIND_NAMES:
                    raise CorpusError(f"{t.where}: bad kind {val!r}")
            elif key == "r" and val and v2:
                raise CorpusError(f"{t.where}: r= is markup version 1; version 2 links a source with e=KEY")
            elif key == "r" and val:
                resolves = val
            elif key == "e" and v2:
                entity_key = val
            elif key == "e":
                raise CorpusError(f"{t.where}: e= is markup version 2, not accepted in a version-1 corpus")
            elif r in ("anon", "named"):
                anon_flag = r == "anon"
            else:
                raise CorpusError(f"{t.where}: bad src argument {r!r}")
        if kind is None:
            raise CorpusError(f"{t.where}: source without k=KIND")
        if v2 and not entity_key:
            raise CorpusError(f"{t.where}: source without e=KEY (every version-2 source names its entity)")
        for n in ids:
            a = att(n)
            if a.source is not None:
                raise CorpusError(f"{t.where}: second source for {n}")
            a.source, a.kind, a.resolves, a.anon_flag = t, kind, resolves, anon_flag
            a.entity = entity_key

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

    def entity_source(a: _Att, w: str) -> dict[str, Any]:
        """The version-2 source record: kind and anonymity checked against the declared entity."""
        assert a.source is not None and a.kind is not None and a.entity is not None
        decl = parsed.entities.get(a.entity)
        if decl is None:
            raise CorpusError(f"{w}: entity key {a.entity!r} is not declared (add '%% entity: {a.entity} = ...')")
        mention = text[a.source.start:a.source.end]
        if a.kind == "person" and decl.kind != "person":
            raise CorpusError(f"{w}: person mention {mention!r} of entity {decl.key}, whose kind is {decl.kind}")
        if decl.kind == "person" and a.kind not in ("person", "pronoun"):
            raise CorpusError(f"{w}: {a.kind} mention {mention!r} of the person {decl.key}")
        if a.kind == "anonymous":
            if not decl.anonymous:
                raise CorpusError(f"{w}: anonymous mention {mention!r} of the named entity {decl.key}")
            if a.anon_flag is False:
                raise CorpusError(f"{w}: anonymous kind marked named")
            anon = True
        else:
            anon = decl.anonymous if a.anon_flag is None else a.anon_flag
        return {**_span(text, a.source.start, a.source.end), "kind": a.kind, "anonymous": anon,
                "resolves_to": decl.name if mention != decl.name else None, "entity": decl.key}

    records: list[dict[str, Any]] = []
    floating_atts: list[_Att] = []
    for n in nums:
        a = atts[n]
        w = f"{where}: attribution {n}"
        if not a.content:
            raise CorpusError(f"{w}: no content")
        floating = v2 and a.source is not None and a.cue is None
        if (a.source is None) != (a.cue is None) and not floating:
            raise CorpusError(f"{w}: source and cue must both be present or both absent")
        if floating:
            if a.recipient is not None:
                raise CorpusError(f"{w}: a floating quote (source, no cue) has no recipient")
            floating_atts.append(a)
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
        if floating:
            if not all(direct):
                raise CorpusError(f"{w}: a source with no cue is a floating quote, but the content is not a quotation")
            if a.quote_override:
                raise CorpusError(f"{w}: a floating quote is direct; quote= does not apply")
            assert a.source is not None
            if a.source.end > content[0][0]:
                raise CorpusError(f"{w}: a floating quote's source must come before its quotation")
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
            tgt = None if v2 else target(a)
            if a.kind == "pronoun":
                if text[a.source.start:a.source.end].lower() not in PRONOUNS:
                    raise CorpusError(f"{w}: pronoun source {text[a.source.start:a.source.end]!r}")
                if tgt is None and not v2:
                    raise CorpusError(f"{w}: pronoun source without r=")
            if v2:
                source = entity_source(a, w)
            else:
                source = {**_span(text, a.source.start, a.source.end), "kind": a.kind,
                          "anonymous": anonymous(a, {n}), "resolves_to": tgt[0] if tgt else None}
        if v2:
            records.append(_v2_record(text, a, source, content, quote, att_hedges, floating))
            continue
        rec = _attribution_record(text, a, source, content, quote, att_hedges)
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
    limits = word_limits if v2 else (MIN_WORDS, MAX_WORDS)
    if limits is not None and not limits[0] <= words <= limits[1]:
        raise CorpusError(f"{where}: {words} words, outside {limits[0]}-{limits[1]}")
    if re.search(r"[{}]", text):
        raise CorpusError(f"{where}: stray brace in text")

    doc: dict[str, Any] = {
        "doc_id": doc_id,
        "text": text,
        "publisher": _span(text, publisher.start, publisher.end) if publisher else None,
        "hedges": sorted(hedges, key=lambda h: h["start"]),
        "attributions": records,
    }
    if v2:
        doc["sources"], others = _entity_sources(text, parsed, atts, ent_mentions, floating_atts, where)
        if others:
            doc["other_entities"] = others
    doc["unattributed_sentences"] = [text[t.start:t.end] for t in sorted(authors, key=lambda t: t.start)]
    if v2 and parsed.family:
        doc["family"] = parsed.family
    validate_record(doc)
    return doc


def _attribution_record(text: str, a: _Att, source: dict[str, Any] | None, content: list[tuple[int, int]],
                        quote: str, hedges: list[dict[str, Any]], act: str | None = None) -> dict[str, Any]:
    """The fields both corpus versions give an attribution, in the contract's order (``act``, version 2
    only, right after the source)."""
    rec: dict[str, Any] = {"id": f"a{a.num}", "source": source}
    if act is not None:
        rec["act"] = act
    rec.update({
        "cue": _span(text, a.cue.start, a.cue.end) if a.cue else None,
        "content": [_span(text, s, e) for s, e in content],
        "quote": quote,
        "via": f"a{a.via}" if a.via is not None else None,
        "recipient": _span(text, a.recipient.start, a.recipient.end) if a.recipient else None,
        "hedges": [dict(h) for h in hedges],
    })
    return rec


def _v2_record(text: str, a: _Att, source: dict[str, Any] | None, content: list[tuple[int, int]], quote: str,
               hedges: list[dict[str, Any]], floating: bool) -> dict[str, Any]:
    """One attribution in the contract's version-2 shape (``act``, ``floating``, ``source.entity``).

    The act is the cue's ``act=`` (speech by default); a floating quote is
    speech; a hedge-only attribution is a thought when all its hedges are
    belief hedges ("is expected to", "is believed to"), else speech
    ("reportedly", "is said to").
    """
    if a.cue is not None:
        act = a.act or "speech"
    elif floating or not hedges:
        act = "speech"
    else:
        act = "thought" if all(h["class"] == "belief" for h in hedges) else "speech"
    rec = _attribution_record(text, a, source, content, quote, hedges, act=act)
    if floating:
        rec["floating"] = True
    if a.source is None:
        rec["implicit_source"] = True
    return rec


def _cannot_speak(mention: str) -> bool:
    """A possessive or object mention ("her officials", "Hale's staff", "asked him") is no
    speaker a floating quote could belong to, so the nearest-mention check passes over it."""
    return mention.lower() in POSSESSIVE_PRONOUNS | {"him", "them", "me", "us"} or bool(_POSSESSIVE.search(mention))


def _entity_sources(text: str, parsed: Parsed, atts: dict[int, _Att], ent_mentions: list[tuple[str, Tag]],
                    floating_atts: list[_Att], where: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The contract's ``sources`` list, and the declared entities that are no source, with every mention.

    ``sources`` holds the entities that are some attribution's source (the
    contract's definition).  An entity marked only with ``ent`` tags (a
    distractor: "Surrey Mayor Doug McCallum opened the meeting" when McCallum
    never speaks) goes to the second list, which the builder writes as
    ``other_entities`` (outside the contract) so coreference training keeps it.
    Checks that each declared entity is mentioned, that some mention gives its
    declared name and the text its titles, and that a floating quote's source is
    its speaker's nearest earlier mention.  Entries come in the order of their
    first mention.
    """
    mentions: dict[str, dict[tuple[int, int], bool]] = {}  # key -> span -> is an ent tag
    source_keys: set[str] = set()
    for a in atts.values():
        if a.source is not None and a.entity is not None:
            mentions.setdefault(a.entity, {})[(a.source.start, a.source.end)] = False
            source_keys.add(a.entity)
    for key, t in ent_mentions:
        if key not in parsed.entities:
            raise CorpusError(f"{t.where}: entity key {key!r} is not declared (add '%% entity: {key} = ...')")
        mentions.setdefault(key, {}).setdefault((t.start, t.end), True)
    lowered = text.lower()
    for key, decl in parsed.entities.items():
        if key not in mentions:
            raise CorpusError(f"{decl.where}: entity {key} is declared but never mentioned")
        if not any(decl.name.lower() in text[s:e].lower() for s, e in mentions[key]):
            raise CorpusError(f"{decl.where}: no mention of {key} holds its name {decl.name!r}: "
                              f"mark the one that does with {{ent:{key}|...}} (or fix the name)")
        for title in decl.titles:
            if title.lower() not in lowered:
                raise CorpusError(f"{decl.where}: entity {key}: title {title!r} does not occur in the text")
    contents = [(c.start, c.end) for a in atts.values() for c in a.content]
    for a in floating_atts:
        assert a.source is not None and a.entity is not None
        first = min(c.start for c in a.content)
        earlier = [span for span, is_ent in mentions[a.entity].items() if span[1] <= first
                   and not (is_ent and (any(_inside(span, c) for c in contents)
                                        or _cannot_speak(text[span[0]:span[1]])))]
        nearest = max(earlier, key=lambda span: span[0])
        if nearest != (a.source.start, a.source.end):
            raise CorpusError(f"{where}: attribution {a.num}: a floating quote's source must be the nearest "
                              f"earlier mention of {a.entity}, which is {text[nearest[0]:nearest[1]]!r}")
    order = sorted(mentions, key=lambda k: min(mentions[k]))
    entries = [{"id": key, "name": parsed.entities[key].name, "kind": parsed.entities[key].kind,
                "anonymous": parsed.entities[key].anonymous, "titles": list(parsed.entities[key].titles),
                "mentions": [_span(text, s, e) for s, e in sorted(mentions[key])]} for key in order]
    return ([e for e in entries if e["id"] in source_keys], [e for e in entries if e["id"] not in source_keys])


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
    if "sources" in doc:
        _validate_sources(doc, span)
        for e in doc.get("other_entities", []):
            for m in e["mentions"]:
                span(m, f"entity {e['id']} mention")


def _validate_sources(doc: dict[str, Any], span: Any) -> None:
    """Version-2 record checks: acts, floating quotes, and sources that own every source mention."""
    where = doc.get("doc_id", "<doc>")
    entries = {e["id"]: e for e in doc["sources"]}
    if len(entries) != len(doc["sources"]):
        raise CorpusError(f"{where}: duplicate source ids")
    for e in doc["sources"]:
        if e["kind"] not in KIND_NAMES or e["kind"] == "pronoun":
            raise CorpusError(f"{where}: source {e['id']}: kind {e['kind']!r}")
        starts = [m["start"] for m in e["mentions"]]
        if not starts or starts != sorted(set(starts)):
            raise CorpusError(f"{where}: source {e['id']}: mentions missing, repeated or out of order")
        for m in e["mentions"]:
            span(m, f"source {e['id']} mention")
    for a in doc["attributions"]:
        w = f"attribution {a['id']}"
        if a.get("act") not in ACT_NAMES:
            raise CorpusError(f"{where}: {w}: act {a.get('act')!r}")
        if a.get("floating") and (a["cue"] is not None or a["source"] is None or a["quote"] != "direct"
                                  or a["act"] != "speech"):
            raise CorpusError(f"{where}: {w}: a floating quote has a source, no cue, direct content, speech")
        s = a["source"]
        if s is None:
            continue
        entry = entries.get(s.get("entity"))
        if entry is None:
            raise CorpusError(f"{where}: {w}: source entity {s.get('entity')!r} not in sources")
        if {k: s[k] for k in ("start", "end", "text")} not in entry["mentions"]:
            raise CorpusError(f"{where}: {w}: source is not among the mentions of {entry['id']}")
        if s["resolves_to"] != (entry["name"] if s["text"] != entry["name"] else None):
            raise CorpusError(f"{where}: {w}: resolves_to {s['resolves_to']!r} for entity name {entry['name']!r}")


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


def build_v2(corpus: str, src: Path, splits: tuple[str, ...]) -> tuple[dict[str, list[dict[str, Any]]], Counter[str]]:
    """Parse and validate a version-2 corpus: ``src/<split>/NNN_slug.txt`` for each split present.

    Returns the documents per split (doc ids ``<corpus>_<split>_NNN``) and the
    counts of topics and (for short items) phrasing families.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    labels: Counter[str] = Counter()
    for split in splits:
        folder = src / split
        if not folder.is_dir() or not any(folder.glob("*.txt")):
            continue
        out[split] = []
        for num, path in article_files(folder):
            parsed = parse_markup(path.read_text(encoding="utf-8"), f"{split}/{path.name}")
            out[split].append(build_document(f"{corpus}_{split}_{num:03d}", parsed, f"{split}/{path.name}",
                                             version=2, word_limits=CORPORA[corpus]))
            if parsed.topic:
                labels[f"topic {parsed.topic}"] += 1
            if parsed.family:
                labels[f"family {parsed.family}"] += 1
    if not out:
        raise CorpusError(f"{src}: no articles under {' or '.join(splits)}")
    return out, labels


def mention_form(mention: str, name: str) -> str:
    """How a mention names its entity, for the corpus counts: pronoun, name, titled name,
    honorific + name, partial name (surname, first name, "The Post"), acronym or description."""
    if mention.lower() in PRONOUNS | POSSESSIVE_PRONOUNS | {"me", "us"}:
        return "pronoun"
    base = _POSSESSIVE.sub("", mention)
    if base == name:
        return "name"
    name_words = set(name.replace(",", " ").split())
    words = base.split()
    if len(words) >= 2 and _HONORIFICS.match(words[0]) and all(w in name_words for w in words[1:]):
        return "honorific + name"
    if name.lower() in base.lower():
        return "titled name"
    if re.fullmatch(r"(?:[Tt]he )?[A-Z][A-Z0-9&]+", base):
        return "acronym"
    if all(w in name_words for w in words) and len(words) < len(name.split()):
        return "partial name"
    return "description"


MENTION_FORMS = ("pronoun", "name", "titled name", "honorific + name", "partial name", "acronym", "description")


def count_v2(docs: list[dict[str, Any]]) -> dict[str, int]:
    """The version-1 counts plus acts, floating quotes, entities by kind and mention forms."""
    c: Counter[str] = Counter(count(docs))
    for d in docs:
        for a in d["attributions"]:
            c[f"act {a['act']}"] += 1
            c["floating quotes"] += bool(a.get("floating"))
        c["other entities (never a source)"] += len(d.get("other_entities", []))
        for e in d["sources"]:
            c["sources (entities)"] += 1
            c[f"sources kind {e['kind']}"] += 1
            c["sources anonymous: true"] += e["anonymous"]
            c["sources with 2+ mentions"] += len(e["mentions"]) > 1
            for m in e["mentions"]:
                c["mentions"] += 1
                c[f"mentions {mention_form(m['text'], e['name'])}"] += 1
    order = list(count(docs)) + [f"act {a}" for a in ACT_NAMES] + ["floating quotes", "sources (entities)"]
    order += [f"sources kind {k}" for k in KIND_NAMES if k != "pronoun"]
    order += ["sources anonymous: true", "sources with 2+ mentions"]
    order += ["other entities (never a source)", "mentions"] + [f"mentions {f}" for f in MENTION_FORMS]
    return {k: c[k] for k in order}


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
                if a["cue"] and a["cue"]["text"] in ("—", "–", "-", ":"):
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


def print_table(stats: dict[str, dict[str, int]]) -> None:
    """One row per count, one column per split and ``all``."""
    cols = list(stats)
    width = max(len(k) for k in stats["all"])
    print(f"{'':{width}}  " + " ".join(f"{c:>6}" for c in cols))
    for key in stats["all"]:
        print(f"{key:{width}}  " + " ".join(f"{stats[c][key]:>6}" for c in cols))


def main_v2(corpus: str, src: Path | None, out: Path | None, splits: tuple[str, ...], uncovered: bool) -> int:
    """Build ``test.jsonl``/``train.jsonl`` of a version-2 corpus; print the counts."""
    src = src or ROOT / "corpus" / corpus / "src"
    out = out or ROOT / "corpus" / corpus
    try:
        docs, labels = build_v2(corpus, src, splits)
    except CorpusError as err:
        print(f"build_corpus: error: {err}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for split, split_docs in docs.items():
        write_jsonl(split_docs, out / f"{split}.jsonl")
    every = [d for split_docs in docs.values() for d in split_docs]
    print_table({**{split: count_v2(split_docs) for split, split_docs in docs.items()}, "all": count_v2(every)})
    print(", ".join(f"{k} {n}" for k, n in sorted(labels.items())))
    if uncovered:
        for d in every:
            for s in uncovered_sentences(d):
                print(f"UNCOVERED {d['doc_id']}: {s}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Build a corpus's JSONL files; print the counts. Returns the exit status.

    Without ``--corpus`` (or with ``--corpus authored``) this builds the authored
    corpus's train.jsonl and dev.jsonl from ``--src`` into ``--out``.  With a
    version-2 corpus it builds ``corpus/NAME/{test,train}.jsonl`` from
    ``corpus/NAME/src/{test,train}/`` (``--src``/``--out`` override those two
    folders; ``--split`` builds one split only and leaves the other file alone).
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", choices=("authored", *CORPORA), default="authored",
                    help="which corpus to build (default: authored)")
    ap.add_argument("--src", type=Path, default=None,
                    help="folder of NNN_slug.txt markup files (version 2: the folder holding test/ and train/)")
    ap.add_argument("--out", type=Path, default=None, help="folder for the JSONL files")
    ap.add_argument("--split", choices=SPLITS, default=None, help="version-2 corpora: build this split only")
    ap.add_argument("--uncovered", action="store_true",
                    help="list sentences neither attributed nor marked as author voice (for review)")
    args = ap.parse_args(argv)
    if args.corpus != "authored":
        return main_v2(args.corpus, args.src, args.out, (args.split,) if args.split else SPLITS, args.uncovered)
    if args.split:
        ap.error("--split applies to the version-2 corpora (test/train), not to authored")
    args.src = args.src or DEFAULT_SRC
    args.out = args.out or DEFAULT_OUT
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
    print_table({"train": count(train), "dev": count(dev), "all": count(train + dev)})
    print("topics: " + ", ".join(f"{t} {n}" for t, n in sorted(topics.items())))
    if args.uncovered:
        for d in train + dev:
            for s in uncovered_sentences(d):
                print(f"UNCOVERED {d['doc_id']}: {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
