"""Check a report against the contract: the JSON Schema, and the invariants a schema cannot say."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def contract_schema() -> dict:
    return json.loads(resources.files("attribution").joinpath("contract.schema.json").read_text(encoding="utf-8"))


def contract_errors(report: dict, text: str) -> list[str]:
    """Every way ``report`` breaks the contract for document ``text`` (empty when it is valid)."""
    import jsonschema

    errors = [f"schema: {e.message} at {list(e.absolute_path)}"
              for e in jsonschema.Draft202012Validator(contract_schema()).iter_errors(report)]

    def check(span: dict | None, where: str) -> None:
        if not span:
            return
        s, e, t = span["start"], span["end"], span["text"]
        if not (0 <= s <= e <= len(text)) or text[s:e] != t:
            errors.append(f"{where}: text {t!r} != document slice {text[s:e] if 0 <= s <= e else None!r}")
        elif t != t.strip():
            errors.append(f"{where}: leading or trailing whitespace in {t!r}")

    check(report.get("publisher"), "publisher")
    ids = {a["id"] for a in report.get("attributions", [])}
    entities = {src["id"]: src for src in report.get("sources", [])}
    for s in report.get("sentences", []):
        check(s, f"sentence {s['index']}")
        for h in s.get("hedges", []):
            check(h, f"sentence {s['index']} hedge")
            if not (s["start"] <= h["start"] and h["end"] <= s["end"]):
                errors.append(f"sentence {s['index']}: hedge outside the sentence")
        for aid in s.get("attributions", []):
            if aid not in ids:
                errors.append(f"sentence {s['index']}: unknown attribution {aid}")
    for a in report.get("attributions", []):
        w = f"attribution {a['id']}"
        check(a.get("source"), w + " source")
        check(a.get("cue"), w + " cue")
        check(a.get("recipient"), w + " recipient")
        for c in a.get("content", []):
            check(c, w + " content")
        for h in a.get("hedges", []):
            check(h, w + " hedge")
        if a.get("via") is not None and (a["via"] not in ids or a["via"] == a["id"]):
            errors.append(f"{w}: via {a['via']!r} is not another attribution")
        if a.get("cue") is None and a.get("source") is not None and not a.get("floating"):
            errors.append(f"{w}: a cue may be null only with a null source or for a floating quote")
        source = a.get("source")
        if source and source.get("entity") is not None:
            entry = entities.get(source["entity"])
            if entry is None:
                errors.append(f"{w}: source entity {source['entity']!r} is not in sources")
            elif not any(m["start"] == source["start"] and m["end"] == source["end"] for m in entry.get("mentions", [])):
                errors.append(f"{w}: source mention is not among the mentions of {source['entity']}")
            elif source.get("resolves_to") not in (None, entry["name"]):
                errors.append(f"{w}: resolves_to {source['resolves_to']!r} is not the entity's name {entry['name']!r}")
    for src in report.get("sources", []):
        for m in src.get("mentions", []):
            check(m, f"source {src['id']} mention")
    return errors
