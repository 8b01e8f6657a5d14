"""scripts/bench_claims.py --oracle-statements: the ideal statements built from a claims gold."""
from __future__ import annotations

from types import SimpleNamespace

from conftest import load_script

from attribution.claims.run import records_for
from attribution.claims.score import score_claims


def _bench():
    return load_script("bench_claims")


WIRE = "Pool to close for repairs\n\nThe Harwick pool will close for six weeks, the council may decide, officials said."
DAILY = "Harwick pool shuts\n\nThe city pool is shutting for six weeks. The council denied it would sell the site."
GOLD = {
    "documents": {"w": {"outlet": "Wire", "published": "2025-05-01T08:00:00Z"},
                  "d": {"outlet": "Daily", "published": "2025-05-02T08:00:00Z"}},
    "stories": [{"id": "x", "clusters": [
        {"id": "x-c1", "origin": "m1", "flags": [], "members": [
            {"id": "m1", "doc": "w", "text": "The Harwick pool will close for six weeks", "voice": "attributed",
             "source": "officials", "chain": ["officials (Wire)"], "ends_anonymous": True, "hedge": "may",
             "also": ["Pool to close for repairs"]},
            {"id": "m2", "doc": "d", "text": "The city pool is shutting for six weeks", "voice": "author",
             "also": ["Harwick pool shuts"]}]},
        {"id": "x-c2", "origin": "m1", "flags": [], "members": [
            {"id": "m1", "doc": "w", "text": "the council may decide", "voice": "author"},
            {"id": "m2", "doc": "d", "text": "it would sell the site", "voice": "attributed", "source": "The council",
             "chain": ["Harwick council"], "ends_anonymous": False, "denies": True}]}]}]}


def _corpus():
    gold = GOLD
    return SimpleNamespace(articles={"w": SimpleNamespace(text=WIRE), "d": SimpleNamespace(text=DAILY)}, gold=gold,
                           clusters=lambda: [c for s in gold["stories"] for c in s["clusters"]])


def test_oracle_statements_are_the_gold_members_in_place():
    items = _bench().oracle_items(_corpus())
    texts = {"w": WIRE, "d": DAILY}
    assert len(items) == 6  # four members, two headline restatements
    for it in items:
        (start, end), = it.spans
        assert texts[it.doc_id][start:end] == it.text
    by_text = {it.text: it for it in items}
    hedged = by_text["The Harwick pool will close for six weeks"]
    assert hedged.attribution and hedged.hedged and hedged.certainty == "hedged" and hedged.anonymous_end
    assert hedged.outlet == "Wire" and hedged.date == "2025-05-01T08:00:00Z" and not hedged.headline
    assert by_text["it would sell the site"].certainty == "denied"
    assert by_text["Harwick pool shuts"].headline and by_text["Harwick pool shuts"].attribution is None
    assert by_text["Pool to close for repairs"].attribution is None  # an attributed member's headline: the writer's
    assert by_text["The city pool is shutting for six weeks"].attribution is None
    # the scorer's origin lookup (document, attribution, sentence) must find one statement each
    assert len({(it.doc_id, it.attribution, it.sentence) for it in items}) == len(items)


def test_oracle_statements_grouped_as_the_gold_score_one():
    items = _bench().oracle_items(_corpus())
    cluster_of = {"The Harwick pool will close for six weeks": 0, "Pool to close for repairs": 0,
                  "The city pool is shutting for six weeks": 0, "Harwick pool shuts": 0,
                  "the council may decide": 1, "it would sell the site": 1}
    clusters = [[i for i, it in enumerate(items) if cluster_of[it.text] == c] for c in (0, 1)]
    scores = score_claims(records_for(items, clusters), GOLD, {"w": WIRE, "d": DAILY})
    assert scores["pairwise"]["f1"] == 1.0 and scores["origin"]["right"] == 2


def test_noise_is_appended():
    noise = [SimpleNamespace(doc_id="w")]
    assert _bench().oracle_items(_corpus(), noise)[-1] is noise[0]
