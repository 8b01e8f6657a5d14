"""Label Studio tasks (JSON) for attribution records, and the labeling config to open them.

One task per document: ``data.text`` and ``data.doc_id``; the annotation is
``annotations[0].result`` (``predictions[0].result`` with ``predictions=True``, so
model output shows up as pre-annotations to correct).  The mapping:

* every span is a ``labels`` region (``from_name="label"``, ``to_name="text"``)
  labelled ``Source``, ``Cue``, ``Content``, ``Recipient``, ``Hedge`` or
  ``Publisher``; offsets are Python code-point offsets into ``data.text``.
* an attribution is a star around its *anchor* region: the cue, or for an
  attribution without a cue its first content fragment.  The anchor's region id
  is the attribution id.  Every other region of the attribution points at the
  anchor with a ``relation`` result labelled with its role (``source``,
  ``content``, ``recipient``, ``hedge``); ``via`` is a relation from one anchor to
  the anchor of the attribution it came through.
* per-region controls carry the rest: ``kind`` and ``anonymous`` choices and a
  ``resolves_to`` text area on a source region; ``hedge_class`` on a hedge; ``quote``
  and ``implicit`` choices on an anchor; the anchor's ``score`` is the confidence.
* hedges that no relation ties to an attribution are the document's hedges.

Each attribution gets its own regions (ids ``<aid>``, ``<aid>:source``,
``<aid>:content-1``, ...), so spans two attributions share appear twice,
overlapping.  On import a region may belong to several attributions (one region
with relations to two cues), a ``Content`` region no relation leaves is an
attribution by itself, and a relation drawn the other way (cue → source) is
accepted.
"""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from attribution.interchange import InterchangeError, normalise_record
from attribution.schema import HEDGE_CLASSES, QUOTE_TYPES, SOURCE_KINDS


class LabelStudioFormatError(InterchangeError):
    """A task or result that cannot be understood (the message names the task and result)."""


LABELS = ("Source", "Cue", "Content", "Recipient", "Hedge", "Publisher")
ROLES = ("source", "content", "recipient", "hedge")
COLOURS = {"Source": "#1f77b4", "Cue": "#d62728", "Content": "#2ca02c", "Recipient": "#9467bd",
           "Hedge": "#ff7f0e", "Publisher": "#7f7f7f"}


def labeling_config() -> str:
    """The ``<View>`` XML for a Label Studio project that opens the exported tasks."""
    def choices(name: str, values: tuple[str, ...], hint: str) -> str:
        opts = "".join(f"<Choice value={quoteattr(v)}/>" for v in values)
        return (f'    <Header value={quoteattr(hint)}/>\n'
                f'    <Choices name="{name}" toName="text" perRegion="true" choice="single" showInline="true">'
                f"{opts}</Choices>\n")

    labels = "\n".join(f'    <Label value="{lab}" background="{COLOURS[lab]}"/>' for lab in LABELS)
    relations = "\n".join(f'    <Relation value="{r}"/>' for r in (*ROLES, "via"))
    return (
        "<View>\n"
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>\n"  # keep offsets: no whitespace collapsing
        '  <Labels name="label" toName="text">\n' + labels + "\n  </Labels>\n"
        "  <Relations>\n" + relations + "\n  </Relations>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <View visibleWhen="region-selected">\n'
        + choices("kind", SOURCE_KINDS, "Source kind")
        + choices("anonymous", ("yes", "no"), "Source not identifiable by name?")
        + '    <Header value="Source resolves to (earlier, fuller mention)"/>\n'
          '    <TextArea name="resolves_to" toName="text" perRegion="true" maxSubmissions="1" editable="true"/>\n'
        + choices("hedge_class", HEDGE_CLASSES, "Hedge class")
        + choices("quote", QUOTE_TYPES, "Quotation (on the cue)")
        + choices("implicit", ("yes",), "Implicit source (on the anchor)")
        + "  </View>\n"
        "</View>\n"
    )


def _value(span: dict) -> dict:
    return {"start": span["start"], "end": span["end"], "text": span["text"]}


def to_labelstudio(records: list[dict], predictions: bool = False) -> list[dict]:
    """Records → Label Studio tasks (see the module docstring for the mapping)."""
    tasks = []
    for i, record in enumerate(records):
        rec = normalise_record(record, f"record {i}")
        results: list[dict] = []

        def region(rid: str, label: str, span: dict, score: float | None = None) -> None:
            res = {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {**_value(span), "labels": [label]}}
            if score is not None:
                res["score"] = score
            results.append(res)

        def per_region(rid: str, span: dict, control: str, value: str) -> None:
            if control == "resolves_to":
                results.append({"id": rid, "from_name": control, "to_name": "text", "type": "textarea",
                                "value": {"start": span["start"], "end": span["end"], "text": [value]}})
            else:
                results.append({"id": rid, "from_name": control, "to_name": "text", "type": "choices",
                                "value": {**_value(span), "choices": [value]}})

        def relation(from_id: str, to_id: str, label: str) -> None:
            results.append({"type": "relation", "from_id": from_id, "to_id": to_id, "direction": "right",
                            "labels": [label]})

        if rec["publisher"]:
            region("doc:publisher", "Publisher", rec["publisher"])
        for k, h in enumerate(rec["hedges"], 1):
            region(f"doc:hedge-{k}", "Hedge", h)
            if h.get("class"):
                per_region(f"doc:hedge-{k}", h, "hedge_class", h["class"])
        for a in rec["attributions"]:
            aid = a["id"]
            contents = list(a["content"])
            if a["cue"]:
                anchor_label, anchor_span = "Cue", a["cue"]
            elif contents:
                anchor_label, anchor_span = "Content", contents.pop(0)
            else:
                raise InterchangeError(f"{rec['doc_id']}: attribution {aid} has neither cue nor content "
                                       "to anchor it in Label Studio")
            region(aid, anchor_label, anchor_span, a.get("confidence"))
            if a["quote"] is not None:
                per_region(aid, anchor_span, "quote", a["quote"])
            if a.get("implicit_source"):
                per_region(aid, anchor_span, "implicit", "yes")
            if a["source"]:
                s, rid = a["source"], f"{aid}:source"
                region(rid, "Source", s)
                if s["kind"] is not None:
                    per_region(rid, s, "kind", s["kind"])
                if s["anonymous"] is not None:
                    per_region(rid, s, "anonymous", "yes" if s["anonymous"] else "no")
                if s["resolves_to"] is not None:
                    per_region(rid, s, "resolves_to", s["resolves_to"])
                relation(rid, aid, "source")
            for k, c in enumerate(contents, 1):
                region(f"{aid}:content-{k}", "Content", c)
                relation(f"{aid}:content-{k}", aid, "content")
            if a["recipient"]:
                region(f"{aid}:recipient", "Recipient", a["recipient"])
                relation(f"{aid}:recipient", aid, "recipient")
            for k, h in enumerate(a["hedges"], 1):
                rid = f"{aid}:hedge-{k}"
                region(rid, "Hedge", h)
                if h.get("class"):
                    per_region(rid, h, "hedge_class", h["class"])
                relation(rid, aid, "hedge")
        for a in rec["attributions"]:
            if a["via"] is not None:
                relation(a["id"], a["via"], "via")
        key = "predictions" if predictions else "annotations"
        body: dict[str, Any] = {"result": results}
        if predictions:
            body["model_version"] = "attribution"
        tasks.append({"data": {"text": rec["text"], "doc_id": rec["doc_id"]}, key: [body]})
    return tasks


def _utf16_to_cp(text: str, offset: int) -> int:
    """A JavaScript (UTF-16) offset as a Python one; old Label Studio versions counted that way."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _span(value: Any, text: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise LabelStudioFormatError(f"{where}: 'value' must be an object")
    try:
        start, end = int(value["start"]), int(value["end"])
    except (KeyError, TypeError, ValueError) as err:
        raise LabelStudioFormatError(f"{where}: value needs integer 'start' and 'end'") from err
    given = value.get("text") if isinstance(value.get("text"), str) else None
    if given is not None and text[start:end] != given and any(ord(c) > 0xFFFF for c in text):
        s2, e2 = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
        if text[s2:e2] == given:
            start, end = s2, e2
    if not 0 <= start <= end <= len(text):
        raise LabelStudioFormatError(f"{where}: span {start}-{end} outside the text ({len(text)} characters)")
    if given is not None and text[start:end] != given:
        raise LabelStudioFormatError(f"{where}: region text {given!r} != task text there {text[start:end]!r}")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]}


def _one(values: Any, where: str, control: str) -> str:
    if not isinstance(values, list) or len(values) != 1 or not isinstance(values[0], str):
        raise LabelStudioFormatError(f"{where}: {control} needs exactly one value, got {values!r}")
    return values[0]


def _task_record(task: Any, where: str, index: int) -> dict | None:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise LabelStudioFormatError(f"{where}: a task is an object with a 'data' object")
    text = task["data"].get("text")
    if not isinstance(text, str):
        raise LabelStudioFormatError(f"{where}: data.text must be the document text")
    doc_id = str(task["data"].get("doc_id") or task.get("id") or f"task{index}")
    where = f"{where} ({doc_id})"
    bodies = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    bodies = bodies or [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if not bodies:
        return None  # not annotated yet: nothing to learn from
    result = bodies[0].get("result")
    if not isinstance(result, list):
        raise LabelStudioFormatError(f"{where}: annotation 'result' must be a list")
    regions: dict[str, dict] = {}
    order: list[str] = []
    extras: dict[str, dict[str, Any]] = {}
    rels: list[tuple[str, str, str, str]] = []
    for j, res in enumerate(result):
        w = f"{where}: result {j}"
        if not isinstance(res, dict):
            raise LabelStudioFormatError(f"{w}: not an object")
        typ = res.get("type")
        if typ == "relation":
            a, b = res.get("from_id"), res.get("to_id")
            if not isinstance(a, str) or not isinstance(b, str):
                raise LabelStudioFormatError(f"{w}: a relation needs 'from_id' and 'to_id'")
            if res.get("direction") == "left":
                a, b = b, a
            labels = res.get("labels") or []
            rels.append((a, b, labels[0] if labels else "", w))
            continue
        rid = res.get("id")
        if not isinstance(rid, str) or not rid:
            raise LabelStudioFormatError(f"{w}: a region result needs a string 'id'")
        value = res.get("value")
        if typ == "labels":
            labels = (value or {}).get("labels") if isinstance(value, dict) else None
            if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in LABELS:
                raise LabelStudioFormatError(f"{w}: labels must be one of {', '.join(LABELS)}, got {labels!r}")
            if rid in regions:
                raise LabelStudioFormatError(f"{w}: region id {rid!r} used twice")
            regions[rid] = {"label": labels[0], "span": _span(value, text, w), "score": res.get("score"), "where": w}
            order.append(rid)
        elif typ in ("choices", "textarea") and res.get("from_name") in (
                "kind", "anonymous", "resolves_to", "hedge_class", "quote", "implicit"):
            if not isinstance(value, dict):
                raise LabelStudioFormatError(f"{w}: 'value' must be an object")
            control = res["from_name"]
            raw = value.get("choices") if typ == "choices" else value.get("text")
            extras.setdefault(rid, {})[control] = (_one(raw, w, control), w)
        # other results (a transcription, a rating, ...) are not ours to read
    for rid in extras:
        if rid not in regions:
            raise LabelStudioFormatError(f"{extras[rid][next(iter(extras[rid]))][1]}: per-region value for "
                                         f"unknown region {rid!r}")
    members: dict[str, list[tuple[str, str]]] = {}
    via: dict[str, str] = {}
    linked: set[str] = set()
    for a, b, label, w in rels:
        for r in (a, b):
            if r not in regions:
                raise LabelStudioFormatError(f"{w}: relation names region {r!r}, which is not in this annotation")
        if label == "via":
            via[a] = b
            continue
        if regions[a]["label"] == "Cue" and regions[b]["label"] != "Cue":
            a, b = b, a  # drawn from the cue outwards
        role = regions[a]["label"].lower()
        if role not in ROLES:
            raise LabelStudioFormatError(f"{w}: a {regions[a]['label']} region cannot be part of an attribution")
        members.setdefault(b, []).append((role, a))
        linked.add(a)
    anchors = [r for r in order if regions[r]["label"] == "Cue" or r in members
               or (regions[r]["label"] == "Content" and r not in linked)]
    for a, b in via.items():
        if a not in anchors or b not in anchors:
            raise LabelStudioFormatError(f"{regions[a]['where']}: a via relation must go from one attribution's "
                                         f"cue to another's ({a!r} -> {b!r})")
    for r in order:
        if regions[r]["label"] in ("Source", "Recipient") and r not in linked and r not in members:
            raise LabelStudioFormatError(f"{regions[r]['where']}: {regions[r]['label']} region {r!r} is not "
                                         "linked to a cue by a relation")

    def extra(rid: str, control: str) -> str | None:
        return extras.get(rid, {}).get(control, (None,))[0]

    def choice(rid: str, control: str, allowed: tuple[str, ...]) -> str | None:
        v = extra(rid, control)
        if v is not None and v not in allowed:
            raise LabelStudioFormatError(f"{extras[rid][control][1]}: {control} {v!r} is not one of "
                                         f"{', '.join(allowed)}")
        return v

    def hedge(rid: str) -> dict:
        h = dict(regions[rid]["span"])
        cls = choice(rid, "hedge_class", HEDGE_CLASSES)
        if cls is not None:
            h["class"] = cls
        return h

    attributions = []
    for rid in anchors:
        reg = regions[rid]
        parts: dict[str, list[str]] = {"source": [], "content": [], "recipient": [], "hedge": []}
        cue = reg["span"] if reg["label"] == "Cue" else None
        if reg["label"] != "Cue":
            parts[reg["label"].lower()].append(rid)
        for role, member in members.get(rid, []):
            parts[role].append(member)
        for role in ("source", "recipient"):
            if len(parts[role]) > 1:
                raise LabelStudioFormatError(f"{reg['where']}: attribution {rid!r} has {len(parts[role])} "
                                             f"{role} regions (one at most)")
        source = None
        if parts["source"]:
            sid = parts["source"][0]
            anon = choice(sid, "anonymous", ("yes", "no"))
            source = {**regions[sid]["span"], "kind": choice(sid, "kind", SOURCE_KINDS),
                      "anonymous": None if anon is None else anon == "yes", "resolves_to": extra(sid, "resolves_to")}
        quote = choice(rid, "quote", QUOTE_TYPES)
        if quote is None:  # a quote set on a content region instead of the cue
            quote = next((q for m in parts["content"] if (q := choice(m, "quote", QUOTE_TYPES))), None)
        target = via.get(rid)
        att: dict[str, Any] = {
            "id": rid, "source": source, "cue": cue,
            "content": [regions[c]["span"] for c in parts["content"]],
            "quote": quote, "via": target,
            "recipient": regions[parts["recipient"][0]]["span"] if parts["recipient"] else None,
            "hedges": [hedge(h) for h in parts["hedge"]],
        }
        if choice(rid, "implicit", ("yes", "no")) == "yes":
            att["implicit_source"] = True
        if reg["score"] is not None:
            try:
                att["confidence"] = float(reg["score"])
            except (TypeError, ValueError) as err:
                raise LabelStudioFormatError(f"{reg['where']}: score {reg['score']!r} is not a number") from err
        attributions.append(att)
    publisher = next((regions[r]["span"] for r in order if regions[r]["label"] == "Publisher"), None)
    hedges = [hedge(r) for r in order if regions[r]["label"] == "Hedge" and r not in linked]
    record = {"doc_id": doc_id, "text": text, "publisher": publisher, "hedges": hedges, "attributions": attributions}
    return normalise_record(record, where)


def from_labelstudio(tasks: Any, name: str = "<tasks>") -> list[dict]:
    """Label Studio tasks (a list, or one task) → normalised records; tasks nobody annotated are skipped."""
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise LabelStudioFormatError(f"{name}: expected a JSON list of Label Studio tasks")
    records = []
    for i, task in enumerate(tasks):
        rec = _task_record(task, f"{name}: task {i}", i)
        if rec is not None:
            records.append(rec)
    return records
