"""CoNLL-style token-per-line BIO for attribution records: spans only, one label per token.

Layout (tab-separated, a blank line between sentences)::

    # columns = token start end label attribution
    -DOCSTART-	_	_	O	_
    # doc_id = 000_fff7737d1579c4c2
    # text = "CAIRO, January 14. /TASS/. ..."        (the exact text, JSON-quoted)
    Al	461	471	B-SOURCE	a3
    says	456	460	B-CUE	a3

Tokens are the tagger's words (``attribution.tag.words``), further cut at every
span boundary so each span maps back to exact offsets.  Labels are ``B-``/``I-``
of ``SOURCE``, ``CUE``, ``CONTENT``, ``RECIPIENT``, ``HEDGE``, ``PUBLISHER``; the
last column names the attribution (``_`` for the publisher and the document's own
hedges); ``B-`` starts every new run, so two adjacent spans stay two.

One label per token cannot hold overlapping spans.  Where spans overlap the token
goes to the highest role (cue > source > recipient > hedge > content > publisher),
then to the shortest span, then to the earlier attribution; a span shared exactly
(same role, same offsets) by several attributions is kept for all of them, the
last column listing their ids joined by ``|`` (the seed's a3/a4 content).  On
import a content span cut only by hedge tokens is joined back.  Everything that is
not a span is lost: see ``docs/interchange.md``.
"""
from __future__ import annotations

import bisect
import json
import re
from typing import Any

from attribution.interchange import InterchangeError, normalise_record
from attribution.read.documents import JsonTooDeep, parse_json

ROLE_ORDER = ("CUE", "SOURCE", "RECIPIENT", "HEDGE", "CONTENT", "PUBLISHER")
_LABEL = re.compile(r"^(?:O|([BI])-(" + "|".join(ROLE_ORDER) + r"))$")


class ConllFormatError(InterchangeError):
    """A CoNLL line that cannot be understood (the message names file and line)."""


def _tokens(text: str, bounds: set[int]) -> list[tuple[int, int]]:
    from attribution.tag.words import split_words

    out = []
    for w in split_words(text):
        cuts = [w.start, *sorted(b for b in bounds if w.start < b < w.end), w.end]
        out += list(zip(cuts, cuts[1:]))
    return out


def _doc_lines(rec: dict, include_text: bool) -> list[str]:
    from attribution.split.sentences import split_sentences

    text = rec["text"]
    # (role, start, end) -> ids in attribution order; the document's own hedges and the publisher have none
    spans: dict[tuple[str, int, int], list[str]] = {}
    order = {a["id"]: i for i, a in enumerate(rec["attributions"])}
    if rec["publisher"]:
        spans[("PUBLISHER", rec["publisher"]["start"], rec["publisher"]["end"])] = []
    for h in rec["hedges"]:
        spans.setdefault(("HEDGE", h["start"], h["end"]), [])
    for a in rec["attributions"]:
        parts = [("SOURCE", a["source"]), ("CUE", a["cue"]), ("RECIPIENT", a["recipient"])]
        parts += [("CONTENT", c) for c in a["content"]] + [("HEDGE", h) for h in a["hedges"]]
        for role, span in parts:
            if span and span["end"] > span["start"]:
                ids = spans.setdefault((role, span["start"], span["end"]), [])
                if a["id"] not in ids:
                    ids.append(a["id"])

    def rank(key: tuple[str, int, int]) -> tuple:
        role, s, e = key
        ids = spans[key]
        return (ROLE_ORDER.index(role), e - s, min((order[i] for i in ids), default=-1), s)

    keys = sorted(spans, key=rank)
    bounds = {x for _, s, e in keys for x in (s, e)}
    sent_starts = [s.start for s in split_sentences(text)]
    lines = ["-DOCSTART-\t_\t_\tO\t_", f"# doc_id = {rec['doc_id']}"]
    if include_text:
        lines.append(f"# text = {json.dumps(text, ensure_ascii=False)}")
    lines.append("")
    prev_key: tuple | None = None
    prev_sent = None
    for start, end in _tokens(text, bounds):
        sent = bisect.bisect_right(sent_starts, start)
        if prev_sent is not None and sent != prev_sent:
            lines.append("")  # a span may go on across it (I- continues)
        prev_sent = sent
        key = next((k for k in keys if k[1] <= start and end <= k[2]), None)
        if key is None:
            label, ids = "O", "_"
        else:
            label = ("I-" if key == prev_key else "B-") + key[0]
            ids = "|".join(sorted(spans[key], key=order.__getitem__)) or "_"
        prev_key = key
        lines.append(f"{text[start:end]}\t{start}\t{end}\t{label}\t{ids}")
    lines.append("")
    return lines


def to_conll(records: list[dict], include_text: bool = True) -> str:
    """Records → CoNLL text; ``include_text=False`` leaves out the ``# text`` line (whitespace is then lost)."""
    lines = ["# columns = token start end label attribution"]
    for i, record in enumerate(records):
        lines += _doc_lines(normalise_record(record, f"record {i}"), include_text)
    return "\n".join(lines) + "\n"


def _natural(aid: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", aid) if p)


def _record(doc: dict, name: str) -> dict:
    tokens = doc["tokens"]
    if doc["text"] is None:  # no "# text" line: rebuild it, tokens apart by spaces, sentences by newlines
        size = max((t["end"] for t in tokens), default=0)
        chars = [" "] * size
        for t in tokens:
            chars[t["start"]:t["end"]] = t["token"]
            if t["sent_break"] and t["start"] > 0 and chars[t["start"] - 1] == " ":
                chars[t["start"] - 1] = "\n"
        text = "".join(chars)
        for t in tokens:
            if text[t["start"]:t["end"]] != t["token"]:
                raise ConllFormatError(f"{name}:{t['line']}: token {t['token']!r} overlaps another token")
        doc["text"] = text
    text = doc["text"]
    # runs: consecutive tokens continuing one labelled span
    runs: list[dict] = []
    for t in tokens:
        if t["role"] is None:
            continue
        last = runs[-1] if runs else None
        if (t["bio"] == "I" and last is not None and last["role"] == t["role"] and last["ids"] == t["ids"]
                and last["next"] == t["index"]):
            last["end"], last["next"] = t["end"], t["index"] + 1
        else:
            runs.append({"role": t["role"], "ids": t["ids"], "start": t["start"], "end": t["end"],
                         "next": t["index"] + 1})
    hedge_tokens = sorted((t["start"], t["end"]) for t in tokens if t["role"] == "HEDGE")
    other_tokens = sorted(t["start"] for t in tokens if t["role"] != "HEDGE")

    def hedge_gap(a: int, b: int) -> bool:
        """Only hedge tokens (at least one) between offsets a and b."""
        i = bisect.bisect_left(other_tokens, a)
        if i < len(other_tokens) and other_tokens[i] < b:
            return False
        return any(a <= s < b for s, _ in hedge_tokens)

    def span(s: int, e: int) -> dict:
        return {"start": s, "end": e, "text": text[s:e]}

    publisher = None
    hedges: list[dict] = []
    atts: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for r in runs:
        if r["role"] == "PUBLISHER":
            publisher = publisher or span(r["start"], r["end"])
            continue
        if r["role"] == "HEDGE":
            hedges.append(span(r["start"], r["end"]))
        for aid in r["ids"]:
            atts.setdefault(aid, {}).setdefault(r["role"], []).append((r["start"], r["end"]))
    attributions = []
    for aid in sorted(atts, key=_natural):
        parts = atts[aid]

        def cover(role: str) -> dict | None:
            got = parts.get(role)
            return span(min(s for s, _ in got), max(e for _, e in got)) if got else None

        content: list[list[int]] = []
        for s, e in sorted(parts.get("CONTENT", [])):
            if content and hedge_gap(content[-1][1], s):
                content[-1][1] = e
            else:
                content.append([s, e])
        source = cover("SOURCE")
        if source is not None:
            source.update(kind=None, anonymous=None, resolves_to=None)
        attributions.append({
            "id": aid, "source": source, "cue": cover("CUE"), "content": [span(s, e) for s, e in content],
            "quote": None, "via": None, "recipient": cover("RECIPIENT"),
            "hedges": [span(s, e) for s, e in sorted(parts.get("HEDGE", []))],
        })
    record = {"doc_id": doc["doc_id"], "text": text, "publisher": publisher, "hedges": hedges,
              "attributions": attributions}
    return normalise_record(record, f"{name}: document {doc['doc_id']}")


def from_conll(data: str, name: str = "<conll>") -> list[dict]:
    """CoNLL text → normalised records (spans only; kinds, quote, via, ... come back as null)."""
    docs: list[dict[str, Any]] = []
    doc: dict[str, Any] | None = None
    blank = False

    def new_doc() -> dict:
        d = {"doc_id": f"doc{len(docs) + 1}", "text": None, "tokens": []}
        docs.append(d)
        return d

    for lineno, line in enumerate(data.splitlines(), 1):
        where = f"{name}:{lineno}"
        if not line.strip():
            blank = True
            continue
        if line.startswith("-DOCSTART-"):
            doc, blank = new_doc(), False
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            key = key.strip()
            if sep and key in ("doc_id", "text"):
                if doc is None or doc["tokens"]:  # a header after tokens starts the next document
                    doc = new_doc()
                if key == "doc_id":
                    doc["doc_id"] = value.strip()
                else:
                    try:
                        doc["text"] = parse_json(value.strip())
                    except (json.JSONDecodeError, JsonTooDeep) as err:
                        raise ConllFormatError(f"{where}: '# text' must be a JSON string ({getattr(err, 'msg', err)})") from err
                    if not isinstance(doc["text"], str):
                        raise ConllFormatError(f"{where}: '# text' must be a JSON string")
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise ConllFormatError(f"{where}: expected 5 tab-separated columns "
                                   f"(token start end label attribution), got {len(cols)}")
        token, start, end, label, ids = cols
        try:
            s, e = int(start), int(end)
        except ValueError as err:
            raise ConllFormatError(f"{where}: start and end must be integers, got {start!r} {end!r}") from err
        m = _LABEL.match(label)
        if not m:
            raise ConllFormatError(f"{where}: label {label!r} is not O or B-/I- of {', '.join(ROLE_ORDER)}")
        if doc is None:
            doc = new_doc()
        if not 0 <= s < e or (doc["text"] is not None and e > len(doc["text"])):
            raise ConllFormatError(f"{where}: token offsets {s}-{e} outside the text")
        if doc["text"] is not None and doc["text"][s:e] != token:
            raise ConllFormatError(f"{where}: token {token!r} != document text there {doc['text'][s:e]!r}")
        if doc["tokens"] and s < doc["tokens"][-1]["end"]:
            raise ConllFormatError(f"{where}: token at {s} starts before the previous one ends")
        role = m.group(2)
        aid_list = [] if ids in ("_", "") else ids.split("|")
        if role in ("SOURCE", "CUE", "CONTENT", "RECIPIENT") and not aid_list:
            raise ConllFormatError(f"{where}: a {role} token needs an attribution id in the last column")
        doc["tokens"].append({"token": token, "start": s, "end": e, "role": role, "bio": m.group(1),
                              "ids": aid_list, "index": len(doc["tokens"]), "line": lineno,
                              "sent_break": blank})
        blank = False
    return [_record(d, name) for d in docs if d["tokens"] or d["text"]]
