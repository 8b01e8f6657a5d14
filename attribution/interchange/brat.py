"""brat standoff (``.txt`` + ``.ann``) for attribution records.

The core is PolNeAR's layout, so :func:`attribution.data.polnear.parse_ann` reads
our files: ``T`` lines typed ``Source``/``Cue``/``Content`` (``;``-separated
fragments for discontinuous content) and one event per attribution,
``E1  Attribution:T9 Cue:T2 Source:T1 Content:T3``, whose trigger ``T`` covers the
cue (``Attribution-no-source`` when there is no source; the first content fragment
is the trigger when there is no cue).  Everything else rides along in ways brat
itself understands and PolNeAR's reader skips:

* ``Recipient:Tn`` and ``Hedge:Tn Hedge2:Tn`` event arguments; ``Via:En`` names the
  event of the attribution this one reached the reader through (a nested event).
* ``Publisher`` text-bound annotations; document-level hedges are ``Hedge``
  entities that no event uses.
* attributes: ``Kind`` (source kind), ``Anonymous`` (``true``/``false``) on
  sources; ``HedgeClass`` on hedges; ``Quote`` and binary ``Implicit`` on events.
* ``AnnotatorNotes`` (``#`` lines), one ``key: value`` each, for free text:
  ``resolves_to`` on a source, ``id`` and ``confidence`` on an event (``via``
  too when it names an attribution that is not in the document).

Identical spans with identical attributes are one ``T`` shared by the events
that use them (the seed's a3/a4 share their content), as an annotator would draw
them.  Values in notes escape backslash, tab and newlines as ``\\\\``, ``\\t``, ``\\n``, ``\\r``.
"""
from __future__ import annotations

import re
from typing import Any

from attribution.interchange import InterchangeError, normalise_record
from attribution.schema import HEDGE_CLASSES, QUOTE_TYPES, SOURCE_KINDS


class BratFormatError(InterchangeError):
    """A ``.ann`` line that cannot be understood (the message names file and line)."""


_ID = re.compile(r"^([TEARMN*#])(\d*)$")
_NOTE = re.compile(r"^(id|via|confidence|resolves_to): (.*)$", re.S)
EVENT_TYPES = ("Attribution", "Attribution-no-source")
ROLES = ("Cue", "Source", "Content", "Recipient", "Hedge")

Frags = tuple[tuple[int, int], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\tnr])", lambda m: {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[m.group(1)], value)


def _span_text(text: str, frags: Frags) -> str:
    """brat's text column: the fragments joined by a space, on one line."""
    return re.sub(r"[\t\r\n]", " ", " ".join(text[s:e] for s, e in frags))


class _Writer:
    """Allocates ids and shares identical text-bound annotations."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.t_lines: list[str] = []
        self.e_lines: list[str] = []
        self.a_lines: list[str] = []
        self.notes: list[str] = []
        self.shared: dict[tuple, str] = {}

    def entity(self, typ: str, frags: Frags, attrs: tuple = (), notes: tuple = (), share: bool = True) -> str:
        key = (typ, frags, attrs, notes)
        if share and key in self.shared:
            return self.shared[key]
        tid = f"T{len(self.t_lines) + 1}"
        ranges = ";".join(f"{s} {e}" for s, e in frags)
        self.t_lines.append(f"{tid}\t{typ} {ranges}\t{_span_text(self.text, frags)}")
        for name, value in attrs:
            self.attribute(name, tid, value)
        for key_, value in notes:
            self.note(tid, key_, value)
        if share:
            self.shared[key] = tid
        return tid

    def attribute(self, name: str, target: str, value: str | None = None) -> None:
        self.a_lines.append(f"A{len(self.a_lines) + 1}\t{name} {target}" + (f" {value}" if value else ""))

    def note(self, target: str, key: str, value: str) -> None:
        self.notes.append(f"#{len(self.notes) + 1}\tAnnotatorNotes {target}\t{key}: {_escape(value)}")

    def ann(self) -> str:
        return "".join(line + "\n" for line in self.t_lines + self.e_lines + self.a_lines + self.notes)


def _frags(span: dict | None) -> Frags:
    return () if span is None else ((span["start"], span["end"]),)


def to_brat(record: dict) -> tuple[str, str]:
    """One record → ``(txt, ann)``: the document text and its standoff annotation."""
    rec = normalise_record(record, str(record.get("doc_id") or "<record>") if isinstance(record, dict) else "<record>")
    w = _Writer(rec["text"])
    if rec["publisher"]:
        w.entity("Publisher", _frags(rec["publisher"]))
    for h in rec["hedges"]:
        w.entity("Hedge", _frags(h), (("HedgeClass", h["class"]),) if h.get("class") else (), share=False)
    events = {a["id"]: f"E{i + 1}" for i, a in enumerate(rec["attributions"])}
    for a in rec["attributions"]:
        eid = events[a["id"]]
        content: Frags = tuple((c["start"], c["end"]) for c in a["content"])
        etype = "Attribution" if a["source"] else "Attribution-no-source"
        anchor = _frags(a["cue"]) or content[:1] or _frags(a["source"]) or _frags(a["recipient"])
        if not anchor:
            raise InterchangeError(f"{rec['doc_id']}: attribution {a['id']} has no span to anchor a brat event on")
        args = [f"{etype}:{w.entity(etype, anchor, share=False)}"]
        if a["cue"]:
            args.append("Cue:" + w.entity("Cue", _frags(a["cue"])))
        if a["source"]:
            s = a["source"]
            attrs: tuple = ()
            if s["kind"] is not None:
                attrs += (("Kind", s["kind"]),)
            if s["anonymous"] is not None:
                attrs += (("Anonymous", "true" if s["anonymous"] else "false"),)
            notes = (("resolves_to", s["resolves_to"]),) if s["resolves_to"] is not None else ()
            args.append("Source:" + w.entity("Source", _frags(s), attrs, notes))
        if content:
            args.append("Content:" + w.entity("Content", content))
        if a["recipient"]:
            args.append("Recipient:" + w.entity("Recipient", _frags(a["recipient"])))
        for k, h in enumerate(a["hedges"]):
            tid = w.entity("Hedge", _frags(h), (("HedgeClass", h["class"]),) if h.get("class") else ())
            args.append(f"Hedge{k + 1 if k else ''}:{tid}")
        if a["via"] is not None and a["via"] in events:
            args.append(f"Via:{events[a['via']]}")
        elif a["via"] is not None:
            w.note(eid, "via", a["via"])
        w.e_lines.append(f"{eid}\t{' '.join(args)}")
        w.note(eid, "id", a["id"])
        if a["quote"] is not None:
            w.attribute("Quote", eid, a["quote"])
        if a.get("implicit_source"):
            w.attribute("Implicit", eid)
        if a.get("confidence") is not None:
            w.note(eid, "confidence", repr(a["confidence"]))
    return rec["text"], w.ann()


def annotation_conf() -> str:
    """brat's ``annotation.conf`` for the exported files (overlaps allowed: attributions nest)."""
    kinds, classes, quotes = "|".join(SOURCE_KINDS), "|".join(HEDGE_CLASSES), "|".join(QUOTE_TYPES)
    events = "Attribution|Attribution-no-source"
    return "\n".join([
        "[entities]", "Source", "Cue", "Content", "Recipient", "Hedge", "Publisher", "",
        "[relations]", "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>", "",
        "[events]",
        f"Attribution\tCue?:Cue, Source?:Source, Content*:Content, Recipient?:Recipient, Hedge*:Hedge, Via?:{events}",
        f"Attribution-no-source\tCue?:Cue, Content*:Content, Recipient?:Recipient, Hedge*:Hedge, Via?:{events}", "",
        "[attributes]",
        f"Kind\tArg:Source, Value:{kinds}",
        "Anonymous\tArg:Source, Value:true|false",
        f"HedgeClass\tArg:Hedge, Value:{classes}",
        f"Quote\tArg:<EVENT>, Value:{quotes}",
        "Implicit\tArg:<EVENT>", "",
    ])


def _parse(ann: str, text: str, name: str) -> dict[str, Any]:
    """The lines of an ``.ann`` file, checked, with their line numbers for later errors."""
    ents: dict[str, dict] = {}
    events: list[dict] = []
    attrs: dict[str, dict[str, str | bool]] = {}
    attr_lines: dict[tuple[str, str], int] = {}
    notes: dict[str, dict[str, str]] = {}
    vias: list[tuple[str, str, int]] = []
    last_t: dict | None = None
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        m = _ID.match(parts[0])
        if not m or len(parts) < 2:
            if last_t is not None and last_t["text"] is not None:
                last_t["text"] += "\n" + line  # a span text that held a newline
                continue
            raise BratFormatError(f"{name}:{lineno}: not a brat annotation line: {line[:60]!r}")
        kind, where = m.group(1), f"{name}:{lineno}"
        last_t = None
        if kind == "T":
            typ, _, ranges = parts[1].partition(" ")
            frags = []
            for frag in ranges.split(";"):
                try:
                    start, end = (int(x) for x in frag.split())
                except ValueError as err:
                    raise BratFormatError(f"{where}: bad range {frag!r} (expected 'START END')") from err
                if not 0 <= start <= end <= len(text):
                    raise BratFormatError(f"{where}: range {start}-{end} outside the text ({len(text)} characters)")
                frags.append((start, end))
            last_t = ents[parts[0]] = {"type": typ, "frags": frags, "text": parts[2] if len(parts) > 2 else None,
                                       "line": lineno}
        elif kind == "E":
            fields = parts[1].split()
            if not fields or ":" not in fields[0]:
                raise BratFormatError(f"{where}: an event needs TYPE:TRIGGER first, got {parts[1]!r}")
            etype, _, trigger = fields[0].partition(":")
            args = []
            for f in fields[1:]:
                role, sep, ref = f.partition(":")
                if not sep or not ref:
                    raise BratFormatError(f"{where}: bad event argument {f!r} (expected ROLE:ID)")
                args.append((role, ref))
            events.append({"id": parts[0], "type": etype, "trigger": trigger, "args": args, "line": lineno})
        elif kind in "AM":
            fields = parts[1].split()
            if len(fields) not in (2, 3):
                raise BratFormatError(f"{where}: an attribute is 'NAME TARGET [VALUE]', got {parts[1]!r}")
            attrs.setdefault(fields[1], {})[fields[0]] = fields[2] if len(fields) == 3 else True
            attr_lines[(fields[1], fields[0])] = lineno
        elif kind == "#":
            fields = parts[1].split()
            if len(fields) == 2 and fields[0] == "AnnotatorNotes" and len(parts) > 2:
                nm = _NOTE.match(parts[2])
                if nm:  # other notes are the annotator's own comments
                    notes.setdefault(fields[1], {})[nm.group(1)] = _unescape(nm.group(2))
        elif kind == "R":
            fields = parts[1].split()
            if fields and fields[0] == "Via":
                a1 = dict(f.partition(":")[::2] for f in fields[1:])
                if "Arg1" not in a1 or "Arg2" not in a1:
                    raise BratFormatError(f"{where}: a Via relation needs Arg1: and Arg2:")
                vias.append((a1["Arg1"], a1["Arg2"], lineno))
        # N (normalisation) and * (equivalence) lines carry nothing we use
    events_ids = {e["id"] for e in events}
    for (target, attr), lineno in attr_lines.items():
        if target not in ents and target not in events_ids:
            raise BratFormatError(f"{name}:{lineno}: attribute {attr} on {target}, which is not in this file")
    for t in ents.values():
        if t["text"] is not None and " ".join(t["text"].split()) != " ".join(_span_text(text, t["frags"]).split()):
            raise BratFormatError(f"{name}:{t['line']}: span text {t['text']!r} does not match the document "
                                  f"there ({_span_text(text, t['frags'])!r}); is the .txt the right one?")
    return {"ents": ents, "events": events, "attrs": attrs, "attr_lines": attr_lines, "notes": notes, "vias": vias}


def _cover(text: str, frags: list[tuple[int, int]]) -> dict | None:
    """One contract span over fragments (a source or cue is a single span), trimmed."""
    if not frags:
        return None
    start, end = min(s for s, _ in frags), max(e for _, e in frags)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]} if start < end else None


def _spans(text: str, frags: list[tuple[int, int]]) -> list[dict]:
    """Each fragment as a trimmed span; fragments that are only whitespace are dropped."""
    return [sp for s, e in frags if (sp := _cover(text, [(s, e)])) and sp["end"] > sp["start"]]


def from_brat(txt: str, ann: str, doc_id: str, name: str | None = None) -> dict:
    """A ``.txt``/``.ann`` pair → one normalised record (raises BratFormatError with the line)."""
    name = name or f"{doc_id}.ann"
    p = _parse(ann, txt, name)
    ents, attrs, notes = p["ents"], p["attrs"], p["notes"]

    def bad_value(target: str, attr: str, allowed: tuple[str, ...], value: object) -> BratFormatError:
        return BratFormatError(f"{name}:{p['attr_lines'][(target, attr)]}: {attr} {value!r} is not one of "
                               f"{', '.join(allowed)}")

    events = [e for e in p["events"] if e["type"].startswith("Attribution")]
    event_ids = {e["id"] for e in events}

    def hedge_spans(tid: str) -> list[dict]:
        cls = attrs.get(tid, {}).get("HedgeClass")
        if cls is not None and cls not in HEDGE_CLASSES:
            raise bad_value(tid, "HedgeClass", HEDGE_CLASSES, cls)
        return [dict(h, **({"class": cls} if cls else {})) for h in _spans(txt, ents[tid]["frags"])]

    used_ids = {notes.get(e["id"], {}).get("id") for e in events} - {None}
    aid: dict[str, str] = {}
    n = 0
    for e in events:
        given = notes.get(e["id"], {}).get("id")
        if given is None:
            n += 1
            while f"a{n}" in used_ids:
                n += 1
            given = f"a{n}"
        aid[e["id"]] = given
    via = {a1: (a2, line) for a1, a2, line in p["vias"]}
    hedge_refs: set[str] = set()
    attributions = []
    for e in events:
        where = f"{name}:{e['line']}"
        if e["trigger"] not in ents:
            raise BratFormatError(f"{where}: the trigger {e['trigger']} is not a T line of this file")
        roles: dict[str, list[str]] = {r: [] for r in ROLES}
        via_ref = None
        for role, ref in e["args"]:
            base = role.rstrip("0123456789")
            if base == "Via":
                if ref not in event_ids:
                    raise BratFormatError(f"{where}: Via:{ref} is not an attribution event of this file")
                via_ref = ref
            elif base in roles:
                if ref not in ents:
                    raise BratFormatError(f"{where}: {role}:{ref} is not a T line of this file")
                roles[base].append(ref)
        if via_ref is None and e["id"] in via:
            ref, line = via[e["id"]]
            if ref not in event_ids:
                raise BratFormatError(f"{name}:{line}: Via relation to {ref}, which is not an attribution event")
            via_ref = ref
        hedge_refs.update(roles["Hedge"])

        def frags(role: str) -> list[tuple[int, int]]:
            return [f for ref in roles[role] for f in ents[ref]["frags"]]

        source = None
        if roles["Source"]:
            source = _cover(txt, frags("Source"))
            sattrs = attrs.get(roles["Source"][0], {})
            kind, anon = sattrs.get("Kind"), sattrs.get("Anonymous")
            if kind is not None and kind not in SOURCE_KINDS:
                raise bad_value(roles["Source"][0], "Kind", SOURCE_KINDS, kind)
            if anon not in (None, True, "true", "false"):
                raise bad_value(roles["Source"][0], "Anonymous", ("true", "false"), anon)
            if source is not None:
                source.update(kind=kind, anonymous=None if anon is None else anon in (True, "true"),
                              resolves_to=notes.get(roles["Source"][0], {}).get("resolves_to"))
        enotes, eattrs = notes.get(e["id"], {}), attrs.get(e["id"], {})
        quote = eattrs.get("Quote")
        if quote is not None and quote not in QUOTE_TYPES:
            raise bad_value(e["id"], "Quote", QUOTE_TYPES, quote)
        hedges = [h for ref in roles["Hedge"] for h in hedge_spans(ref)]
        att: dict[str, Any] = {
            "id": aid[e["id"]],
            "source": source,
            "cue": _cover(txt, frags("Cue")),
            "content": _spans(txt, frags("Content")),
            "quote": quote,
            "via": aid[via_ref] if via_ref else enotes.get("via"),
            "recipient": _cover(txt, frags("Recipient")),
            "hedges": hedges,
        }
        if eattrs.get("Implicit"):
            att["implicit_source"] = True
        if "confidence" in enotes:
            try:
                att["confidence"] = float(enotes["confidence"])
            except ValueError as err:
                raise BratFormatError(f"{where}: confidence note {enotes['confidence']!r} is not a number") from err
        attributions.append(att)
    publisher = next((_cover(txt, t["frags"]) for t in ents.values() if t["type"] == "Publisher"), None)
    doc_hedges = [h for tid, t in ents.items() if t["type"] == "Hedge" and tid not in hedge_refs
                  for h in hedge_spans(tid)]
    record = {"doc_id": doc_id, "text": txt, "publisher": publisher, "hedges": doc_hedges,
              "attributions": attributions}
    return normalise_record(record, name)
