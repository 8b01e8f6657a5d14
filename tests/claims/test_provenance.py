"""Origin and flags of a cluster, on hand-made members (each flag's definition in the contract)."""
from __future__ import annotations

from attribution.claims.items import ClaimItem
from attribution.claims.provenance import cluster_record, flags_of, names_outlet, origin_of


def member(doc: str, day: int, chain: list[str] | None = None, anonymous: bool = False, hedged: bool = False,
           certainty: str = "stated", outlet: str | None = None, headline: bool = False) -> ClaimItem:
    attributed = chain is not None
    return ClaimItem(doc_id=doc, attribution="a1" if attributed else None, sentence=0 if headline else 2,
                     text=f"text of {doc}", outlet=outlet or doc.title(), date=f"2025-03-{day:02d}T08:00:00Z",
                     source=chain[-1] if chain else None, chain=list(chain or []), anonymous_end=anonymous,
                     hedges=["reportedly"] if hedged else [], hedged=hedged,
                     certainty=certainty if attributed else None, headline=headline)


def test_plain_cluster_has_no_flags():
    assert flags_of([member("wire", 1, ["Port Authority"]), member("daily", 2, ["the port authority"])]) == []


def test_single_anonymous_origin_follows_chains_through_outlets():
    anon = member("blaze", 1, ["a senior source"], anonymous=True, outlet="The Daily Blaze")
    citing = member("pulse", 2, ["Blaze"], outlet="NewsPulse")  # its chain ends at the Blaze's article
    assert flags_of([anon, citing]) == ["single-anonymous-origin"]
    named = member("ledger", 3, ["Football Federation"], outlet="National Ledger")
    assert "single-anonymous-origin" not in flags_of([anon, citing, named])  # later confirmed by a named body


def test_circular_needs_each_outlet_in_the_others_chain():
    a = member("watch", 1, ["SecurityDesk"], outlet="ByteWatch")
    b = member("desk", 2, ["ByteWatch"], outlet="SecurityDesk")
    assert "circular" in flags_of([a, b])
    c = member("desk", 2, ["a researcher"], outlet="SecurityDesk")
    assert "circular" not in flags_of([a, c])


def test_hedge_dropped_only_when_the_hedged_member_is_earlier():
    hedged, flat = member("wire", 1, ["officials"], hedged=True), member("daily", 2, ["officials"])
    assert "hedge-dropped" in flags_of([hedged, flat])
    added = [member("wire", 1, ["officials"]), member("daily", 2, ["officials"], hedged=True)]
    assert "hedge-dropped" not in flags_of(added)  # a hedge added later is not dropped


def test_attribution_dropped_and_the_headline_rule():
    attributed, author = member("wire", 1, ["the union"]), member("blaze", 2)
    assert "attribution-dropped" in flags_of([attributed, author])
    assert "attribution-dropped" not in flags_of([author, member("wire", 3, ["the union"])])
    # a headline in the writer's voice over an attributed body: the body decides
    body, head = member("daily", 2, ["the union"]), member("daily", 2, headline=True)
    assert "attribution-dropped" not in flags_of([attributed, body, head])


def test_contradicted_and_denials_take_no_part_in_the_rest():
    denial = member("quarry", 2, ["Kessel Aggregates"], certainty="denied")
    flags = flags_of([member("wire", 1, ["two officials"], anonymous=True, hedged=True), denial])
    assert flags == ["single-anonymous-origin", "contradicted"]


def test_no_dates_no_ordering_flags():
    a, b = member("wire", 1, ["officials"], hedged=True), member("blaze", 2)
    a.date = b.date = None
    assert flags_of([a, b]) == []


def test_origin_is_the_member_that_reaches_the_first_source():
    citing = member("pulse", 1, ["Blaze"], outlet="NewsPulse")  # earliest, but cites an outlet of the cluster
    anon = member("blaze", 2, ["a senior source"], anonymous=True, outlet="The Daily Blaze")
    author = member("roundup", 3)
    assert origin_of([citing, anon, author]) == 1
    record = cluster_record("c1", [citing, anon, author])
    assert record["origin"]["doc_id"] == "blaze" and record["origin"]["text"] == "a senior source, via The Daily Blaze"
    assert [m["doc_id"] for m in record["members"]] == ["pulse", "blaze", "roundup"]  # by date


def test_names_outlet():
    assert names_outlet("the tabloid Daily Blaze", "The Daily Blaze")
    assert names_outlet("Blaze", "The Daily Blaze")
    assert not names_outlet("the port authority", "The Daily Blaze")
    assert not names_outlet(None, "X")


def test_members_are_ordered_by_instant_and_undated_last():
    east = member("east", 1, ["officials"])
    east.date = "2025-03-01T09:00:00+05:00"  # 04:00 UTC: before the wire
    wire = member("wire", 1, ["officials"])  # 08:00 UTC
    undated = member("blog", 1, ["officials"])
    undated.date = None
    record = cluster_record("c1", [undated, wire, east])
    assert [m["doc_id"] for m in record["members"]] == ["east", "wire", "blog"]


def test_a_negation_by_another_outlet_is_read_as_a_denial():
    claim = member("wire", 1, ["two officials"], anonymous=True)
    claim.text = "Blasting at the quarry caused the landslide"
    denial = member("daily", 2, ["Kessel Aggregates"], outlet="Halm Observer")
    denial.text = "Blasting at the quarry did not cause the landslide"
    # the named company denying it neither breaks single-anonymous-origin nor counts as a later flat statement
    assert flags_of([claim, denial]) == ["single-anonymous-origin", "contradicted"]
    assert cluster_record("c1", [claim, denial])["members"][1]["certainty"] == "stated"  # the record keeps the extractor's
    same_outlet = member("wire", 2, ["the ministry"], outlet="Wire")
    same_outlet.text = "the quarry did not cause it"
    assert "contradicted" not in flags_of([claim, same_outlet])  # an outlet's own follow-up is no denial by another


def test_calling_the_claim_false_is_a_denial_and_no_origin():
    """"The figure of two million is simply wrong," said the bank's officer: no negation word, still a
    denial; read as a flat telling, the officer would become the claim's origin (a source no outlet
    of the cluster names, so "reaching the first source")."""
    from attribution.claims.provenance import says_no

    assert says_no("The figure of two million is simply wrong,") and says_no("the reports were speculation")
    assert not says_no("A software update we installed overnight went wrong")  # no copula: no verdict on a claim
    assert not says_no("Kordo was fined for misleading warranty claims")
    assert not says_no("the figure may be exaggerated") and not says_no("the estimate could be wrong")  # hedges
    assert not says_no("the report is not wrong")  # negated falsity affirms
    claim = member("bytewatch", 1, ["SecurityDesk"], outlet="ByteWatch")
    claim.text = "Personal data of about 2 million Velbank customers is being offered for sale"
    retold = member("securitydesk", 2, ["ByteWatch"], outlet="SecurityDesk")
    retold.text = "the records of about 2 million Velbank customers are for sale"
    verdict = member("wire", 3, ["Stefan Kuhl"], outlet="Continental Wire")
    verdict.text = "The figure of two million is simply wrong,"
    record = cluster_record("c1", [claim, retold, verdict])
    assert record["origin"]["source"] == "SecurityDesk" and record["claim"] == claim.text
    assert "contradicted" in record["flags"]


def test_a_spokesperson_speaks_on_the_record_for_a_body():
    """"a council spokesman" is an anonymous mention by the contract (no person named), but the claim
    comes from the council, so the chain does not end anonymous; "a council source" still does."""
    from attribution.claims.items import ends_anonymous
    from attribution.schema import Attribution, SourceSpan, Span

    claim = "the pool will reopen soon"

    def told_by(text: str, kind: str = "anonymous", anonymous: bool = True) -> Attribution:
        doc = f"{text} said {claim}"  # the spans below are slices of this sentence
        return Attribution(id="a1", source=SourceSpan(0, len(text), text, kind=kind, anonymous=anonymous),
                           cue=Span(len(text) + 1, len(text) + 5, "said"),
                           content=[Span(len(doc) - len(claim), len(doc), claim)])

    assert not ends_anonymous(told_by("a council spokesman"))
    assert not ends_anonymous(told_by("A company spokeswoman"))
    assert ends_anonymous(told_by("a council source"))
    assert ends_anonymous(told_by("two officials familiar with the plans"))
    assert not ends_anonymous(told_by("Mayor Ilse Varga", kind="person", anonymous=False))
    reportedly = Attribution(id="a2", source=None, cue=None, content=[Span(0, len(claim), claim)])
    assert ends_anonymous(reportedly)
