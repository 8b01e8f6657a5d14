"""Load and validate the authored claim-provenance corpus (corpus/claims/).

The corpus judges `attribution claims`: which attributions in different articles carry
the same claim, where each claim came from, and the five provenance flags of the
contract.  Its gold is hand-written JSON, so this script is the guard that keeps it
honest: every gold substring must be found in its article exactly once, ids must be
unique, every cluster must span at least two documents, and every flag must follow
from the member annotations (so a flag cannot be asserted or forgotten by accident).

It imports nothing from the scorer or the extractor, so a bug there cannot make the
gold look valid.

    python scripts/build_claims_corpus.py                 # validate both splits, print counts
    python scripts/build_claims_corpus.py --split corpus/claims/test
    python scripts/build_claims_corpus.py --jsonl OUT.jsonl   # documents with metadata, one per line

Exit status 1 when any split has an error.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPLITS = tuple(ROOT / "corpus" / "claims" / name for name in ("test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "train"))

FLAGS = ("single-anonymous-origin", "circular", "hedge-dropped", "attribution-dropped", "contradicted")
STYLES = ("wire", "national-daily", "tabloid", "regional", "state-media-translated", "blog", "aggregator", "headline")
VOICES = ("attributed", "author")
MIN_WORDS, MAX_WORDS = 60, 250
MAX_HEADLINE_WORDS = 25
MIN_DOCS_PER_STORY, MAX_DOCS_PER_STORY = 3, 6
# Fields a member may carry only when the article attributes the claim to someone.
ATTRIBUTED_ONLY = ("source", "chain", "ends_anonymous", "hedge", "denies")


@dataclass
class Article:
    """One document: its text as the extractor reads it, and its sidecar metadata."""

    doc_id: str
    text: str
    story: str
    outlet: str
    style: str
    published: datetime | None
    title: str
    url: str | None = None


@dataclass
class ClaimsSplit:
    """A split folder (test/ or train/) as loaded: articles by id, and the raw gold."""

    path: Path
    articles: dict[str, Article]
    gold: dict[str, Any]
    load_errors: list[str] = field(default_factory=list)

    @property
    def stories(self) -> list[dict[str, Any]]:
        return list(self.gold.get("stories", []))

    def clusters(self) -> list[dict[str, Any]]:
        return [cluster for story in self.stories for cluster in story.get("clusters", [])]


def _parse_published(raw: Any) -> datetime | None:
    """ISO 8601 with a time zone; None when missing or malformed (reported by the validator)."""
    if not isinstance(raw, str):
        return None
    try:
        stamp = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def load_split(path: Path) -> ClaimsSplit:
    """Read `path/gold.json` and the articles under `path/docs/`.

    Problems that stop an article from loading are collected, not raised, so one run
    reports every defect at once.
    """
    errors: list[str] = []
    gold_path = path / "gold.json"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return ClaimsSplit(path, {}, {}, [f"{gold_path}: cannot load gold ({exc})"])
    articles: dict[str, Article] = {}
    for doc_id, meta in (gold.get("documents") or {}).items():
        doc_path = path / "docs" / f"{doc_id}.txt"
        try:
            text = doc_path.read_text(encoding="utf-8")
        except OSError as exc:
            errors.append(f"document {doc_id}: cannot read {doc_path} ({exc})")
            continue
        articles[doc_id] = Article(
            doc_id=doc_id,
            text=text,
            story=str(meta.get("story", "")),
            outlet=str(meta.get("outlet", "")),
            style=str(meta.get("style", "")),
            published=_parse_published(meta.get("published")),
            title=str(meta.get("title", "")),
            url=meta.get("url"),
        )
        if meta.get("published") is not None and articles[doc_id].published is None:
            errors.append(f"document {doc_id}: published {meta.get('published')!r} is not ISO 8601 with a time zone")
        elif meta.get("published") is None:
            errors.append(f"document {doc_id}: no published date")
    docs_dir = path / "docs"
    if docs_dir.is_dir():
        for orphan in sorted(p.stem for p in docs_dir.glob("*.txt") if p.stem not in (gold.get("documents") or {})):
            errors.append(f"document {orphan}: docs/{orphan}.txt has no metadata in gold.json")
    return ClaimsSplit(path, articles, gold, errors)


def _line_containing(text: str, needle: str) -> str:
    """The paragraph (line) holding the first occurrence of `needle`: hedges must sit beside their claim."""
    at = text.find(needle)
    if at < 0:
        return ""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at + len(needle))
    return text[start : end if end >= 0 else len(text)]


def derived_flags(cluster: dict[str, Any], articles: dict[str, Article]) -> set[str]:
    """The flags that the member annotations imply, by the contract's definitions.

    Denials are evidence against the claim, not carriers of it, so they take no part in
    the hedge, attribution and origin tests.
    """
    members = [m for m in cluster.get("members", []) if m.get("doc") in articles]
    carriers = [m for m in members if not m.get("denies")]

    def when(member: dict[str, Any]) -> datetime:
        stamp = articles[member["doc"]].published
        return stamp if stamp is not None else datetime.max

    flags: set[str] = set()
    if any(m.get("denies") for m in members):
        flags.add("contradicted")
    hedged = [when(m) for m in carriers if m.get("hedge")]
    flat = [when(m) for m in carriers if not m.get("hedge")]
    if hedged and flat and min(hedged) < max(flat):
        flags.add("hedge-dropped")
    attributed = [when(m) for m in carriers if m.get("voice") == "attributed"]
    author = [when(m) for m in carriers if m.get("voice") == "author"]
    if attributed and author and min(attributed) < max(author):
        flags.add("attribution-dropped")
    chained = [m for m in carriers if m.get("voice") == "attributed"]
    ends = {m["chain"][-1] for m in chained if m.get("chain")}
    if chained and all(m.get("ends_anonymous") is True for m in chained) and len(ends) == 1:
        flags.add("single-anonymous-origin")
    for first in members:
        for second in members:
            if first["doc"] == second["doc"]:
                continue
            outlet_first, outlet_second = articles[first["doc"]].outlet, articles[second["doc"]].outlet
            if outlet_second in (first.get("chain") or []) and outlet_first in (second.get("chain") or []):
                flags.add("circular")
    return flags


def _validate_articles(split: ClaimsSplit, story_ids: set[str]) -> list[str]:
    errors: list[str] = []
    stamps_by_story: dict[str, list[datetime]] = {}
    for article in split.articles.values():
        where = f"document {article.doc_id}"
        if article.story not in story_ids:
            errors.append(f"{where}: story {article.story!r} is not in stories")
        if not article.outlet.strip():
            errors.append(f"{where}: no outlet")
        if article.style not in STYLES:
            errors.append(f"{where}: style {article.style!r} is not one of {STYLES}")
        first_line = article.text.split("\n", 1)[0]
        if article.title != first_line:
            errors.append(f"{where}: title {article.title!r} is not the first line {first_line!r}")
        if article.url is not None and not str(article.url).startswith("https://"):
            errors.append(f"{where}: url {article.url!r} is not an https address")
        words = len(article.text.split())
        if article.style == "headline":
            if words > MAX_HEADLINE_WORDS or article.text.strip().count("\n"):
                errors.append(f"{where}: a headline item is one line of at most {MAX_HEADLINE_WORDS} words ({words})")
        elif not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
        if "{" in article.text or "}" in article.text or "%%" in article.text:
            errors.append(f"{where}: markup characters in the text (articles are plain text)")
        if article.published is not None:
            stamps_by_story.setdefault(article.story, []).append(article.published)
    for story, stamps in stamps_by_story.items():
        if len(stamps) != len(set(stamps)):
            errors.append(f"story {story}: two documents share a published time, so 'earlier' is ambiguous")
    return errors


def _validate_member(member: dict[str, Any], where: str, story_id: str, articles: dict[str, Article]) -> list[str]:
    errors: list[str] = []
    doc_id = member.get("doc")
    article = articles.get(doc_id) if isinstance(doc_id, str) else None
    if article is None:
        return [f"{where}: document {doc_id!r} is not in documents"]
    if article.story != story_id:
        errors.append(f"{where}: document {doc_id} belongs to story {article.story}, not {story_id}")
    text = member.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: no text")
    else:
        count = article.text.count(text)
        if count != 1:
            errors.append(f"{where}: text {text!r} occurs {count} times in {doc_id} (must be exactly once)")
        if text != text.strip():
            errors.append(f"{where}: text {text!r} has leading or trailing whitespace")
    for extra in member.get("also", []):
        if extra not in article.text:
            errors.append(f"{where}: also {extra!r} is not in {doc_id}")
    voice = member.get("voice")
    if voice not in VOICES:
        errors.append(f"{where}: voice {voice!r} is not one of {VOICES}")
    elif voice == "author":
        stray = [key for key in ATTRIBUTED_ONLY if member.get(key) not in (None, False)]
        if stray:
            errors.append(f"{where}: an author-voice member has {stray}")
    else:
        source = member.get("source")
        if not isinstance(source, str) or source not in article.text:
            errors.append(f"{where}: source {source!r} is not in {doc_id}")
        chain = member.get("chain")
        if not isinstance(chain, list) or not chain or not all(isinstance(x, str) and x for x in chain):
            errors.append(f"{where}: chain must be a non-empty list of names")
        if not isinstance(member.get("ends_anonymous"), bool):
            errors.append(f"{where}: ends_anonymous must be true or false")
        hedge = member.get("hedge")
        if hedge is not None and (not isinstance(text, str) or hedge not in _line_containing(article.text, text)):
            errors.append(f"{where}: hedge {hedge!r} is not in the paragraph of its claim in {doc_id}")
        if "denies" in member and not isinstance(member["denies"], bool):
            errors.append(f"{where}: denies must be true or false")
    return errors


def _validate_cluster(cluster: dict[str, Any], story_id: str, articles: dict[str, Article]) -> list[str]:
    cid = cluster.get("id")
    errors: list[str] = []
    if not isinstance(cluster.get("claim"), str) or not cluster["claim"].strip():
        errors.append(f"cluster {cid}: no claim statement")
    members = cluster.get("members") or []
    member_ids = [m.get("id") for m in members]
    if len(member_ids) != len(set(member_ids)):
        errors.append(f"cluster {cid}: member ids are not unique")
    for member in members:
        errors.extend(_validate_member(member, f"cluster {cid} member {member.get('id')}", story_id, articles))
    docs = {m.get("doc") for m in members}
    if len(docs) < 2:
        errors.append(f"cluster {cid}: members from {len(docs)} document(s); a cluster needs at least two")
    if cluster.get("origin") not in member_ids:
        errors.append(f"cluster {cid}: origin {cluster.get('origin')!r} is not one of its members")
    given: list[str] = []
    for entry in cluster.get("flags", []):
        flag = entry.get("flag") if isinstance(entry, dict) else entry
        if flag not in FLAGS:
            errors.append(f"cluster {cid}: unknown flag {flag!r}")
            continue
        if not isinstance(entry, dict) or not str(entry.get("reason", "")).strip():
            errors.append(f"cluster {cid}: flag {flag} has no reason")
        given.append(flag)
    if len(given) != len(set(given)):
        errors.append(f"cluster {cid}: a flag is listed twice")
    if not errors:
        implied = derived_flags(cluster, articles)
        for flag in sorted(implied - set(given)):
            errors.append(f"cluster {cid}: members imply flag {flag}, which is missing")
        for flag in sorted(set(given) - implied):
            errors.append(f"cluster {cid}: flag {flag} does not follow from the members")
    return errors


def validate(split: ClaimsSplit) -> list[str]:
    """Every defect of a loaded split, as readable messages; empty when it is valid."""
    errors = list(split.load_errors)
    if not split.gold:
        return errors
    stories = split.stories
    story_ids = [s.get("id") for s in stories]
    if len(story_ids) != len(set(story_ids)):
        errors.append("story ids are not unique")
    errors.extend(_validate_articles(split, set(story_ids)))
    topics = {s.get("id"): s.get("topic") for s in stories}
    cluster_ids: list[str] = []
    for story in stories:
        sid = story.get("id")
        n_docs = sum(1 for a in split.articles.values() if a.story == sid)
        if not MIN_DOCS_PER_STORY <= n_docs <= MAX_DOCS_PER_STORY:
            errors.append(f"story {sid}: {n_docs} documents, outside {MIN_DOCS_PER_STORY}-{MAX_DOCS_PER_STORY}")
        target = story.get("distractor_of")
        if target is not None:
            if target not in topics or target == sid:
                errors.append(f"story {sid}: distractor_of {target!r} is not another story")
            elif topics[target] != story.get("topic"):
                errors.append(f"story {sid}: a distractor shares its target's topic ({story.get('topic')!r} vs {topics[target]!r})")
        if not story.get("clusters"):
            errors.append(f"story {sid}: no clusters")
        for cluster in story.get("clusters", []):
            cluster_ids.append(cluster.get("id"))
            errors.extend(_validate_cluster(cluster, sid, split.articles))
    duplicates = sorted({c for c in cluster_ids if cluster_ids.count(c) > 1}, key=str)
    if duplicates:
        errors.append(f"cluster ids are not unique: {duplicates}")
    return errors


def counts(split: ClaimsSplit) -> dict[str, Any]:
    """The split's size and the number of clusters carrying each flag."""
    clusters = split.clusters()
    per_flag = {flag: 0 for flag in FLAGS}
    for cluster in clusters:
        for entry in cluster.get("flags", []):
            per_flag[entry["flag"]] = per_flag.get(entry["flag"], 0) + 1
    return {
        "stories": len(split.stories),
        "distractor_stories": sum(1 for s in split.stories if s.get("distractor_of")),
        "articles": len(split.articles),
        "clusters": len(clusters),
        "members": sum(len(c.get("members", [])) for c in clusters),
        "unflagged_clusters": sum(1 for c in clusters if not c.get("flags")),
        "flags": per_flag,
    }


def documents_jsonl(split: ClaimsSplit) -> list[dict[str, Any]]:
    """The split's articles as reader-ready JSON objects (`doc_id`, `text`) with their metadata."""
    rows = []
    for article in sorted(split.articles.values(), key=lambda a: a.doc_id):
        rows.append({
            "doc_id": article.doc_id, "text": article.text, "story": article.story,
            "outlet": article.outlet, "style": article.style, "title": article.title,
            "published": article.published.isoformat().replace("+00:00", "Z") if article.published else None,
            "url": article.url,
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="append", type=Path, help="a split folder (default: test and train)")
    parser.add_argument("--jsonl", type=Path, help="also write the documents with metadata to this JSONL file")
    args = parser.parse_args(argv)
    paths = args.split or [p for p in DEFAULT_SPLITS if (p / "gold.json").exists()]
    failed = False
    rows: list[dict[str, Any]] = []
    for path in paths:
        split = load_split(path)
        errors = validate(split)
        print(f"{path}: {json.dumps(counts(split))}")
        for error in errors:
            print(f"  ERROR {error}", file=sys.stderr)
        failed = failed or bool(errors)
        rows.extend(documents_jsonl(split))
    if args.jsonl:
        args.jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
