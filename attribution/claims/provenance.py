"""One cluster's record: its members, where the claim came from, and the provenance flags.

Chains cross documents through outlets: when a member's chain ends at a source that
names another member's outlet ("..., the Daily Blaze reported" in NewsPulse), the claim
came to it through that outlet's article, so that article's chain continues it.  The
flags follow the contract ("Claims across documents"):

* ``single-anonymous-origin``: every attributed member's (continued) chain ends at an
  unnamed source;
* ``circular``: two members of different documents whose outlets each appear in the
  other's chain;
* ``hedge-dropped``: a hedged member is published before an unhedged one;
* ``attribution-dropped``: an attributed member is published before an author-voice one;
* ``contradicted``: some member's certainty is ``denied``, or an attributed member of another
  outlet negates the claim as first published (:func:`read_as_denials`).

Denials carry no claim, so they take no part in the first four; text found between a sentence's
attributions (``residual``: its voice is unsure) takes no part in the ordering flags.  A document's headline
counts only when the document has no other member: an article's own voice is its body's.
The ordering flags need dates on both members; without dates they are never raised.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from attribution.claims.items import ClaimItem, parse_date
from attribution.lexicons import phrases

FLAGS = ("single-anonymous-origin", "circular", "hedge-dropped", "attribution-dropped", "contradicted")
_DESCRIPTORS = frozenset("the a an tabloid newspaper paper daily's agency news website site outlet broadcaster "
                         "blog portal magazine report reports reported correspondent correspondents of".split())


def _name_words(name: str) -> frozenset[str]:
    words = re.findall(r"\w+", name.lower().replace("’", "'"))
    return frozenset(w for w in words if w not in _DESCRIPTORS and len(w) > 1)


def names_outlet(mention: str | None, outlet: str | None) -> bool:
    """Whether a source mention ("the tabloid Daily Blaze", "Blaze") names an outlet ("The Daily Blaze"):
    the name words of the shorter are all in the longer, descriptors ("tabloid", "agency") aside."""
    if not mention or not outlet:
        return False
    a, b = _name_words(mention), _name_words(outlet)
    if not a or not b:
        return False
    return a <= b or b <= a


def _is_denial(item: ClaimItem) -> bool:
    return item.certainty == "denied"


def _voice_members(members: Sequence[ClaimItem]) -> list[ClaimItem]:
    """The members whose voice counts: denials out, text left between a sentence's attributions out (its
    voice is unsure: :attr:`ClaimItem.residual`); a headline only if its document has nothing else here."""
    claims = [m for m in members if not _is_denial(m) and not m.residual]
    body_docs = {m.doc_id for m in claims if not m.headline}
    return [m for m in claims if not m.headline or m.doc_id not in body_docs]


def cites(member: ClaimItem, other: ClaimItem) -> bool:
    """Whether ``member``'s chain names ``other``'s outlet (another outlet than its own)."""
    if member.doc_id == other.doc_id or not other.outlet or names_outlet(member.outlet, other.outlet):
        return False
    return any(names_outlet(name, other.outlet) for name in member.chain)


def continued_ends(members: Sequence[ClaimItem]) -> list[bool | None]:
    """For each member: whether its chain, continued through the outlets it cites, ends anonymous
    (None for author-voice members and denials)."""
    attributed = [i for i, m in enumerate(members) if m.attribution is not None and not _is_denial(m)]
    result: list[bool | None] = [None] * len(members)

    def ends_anonymous(i: int, seen: frozenset[int]) -> bool:
        m = members[i]
        last = m.chain[-1] if m.chain else None
        cited = [j for j in attributed if j not in seen and names_outlet(last, members[j].outlet)
                 and members[j].doc_id != m.doc_id]
        if cited:
            return all(ends_anonymous(j, seen | {j}) for j in cited)
        return m.anonymous_end

    for i in attributed:
        result[i] = ends_anonymous(i, frozenset({i}))
    return result


def _date(item: ClaimItem) -> datetime | None:
    return parse_date(item.date)


def _published_before(a: ClaimItem, b: ClaimItem) -> bool:
    da, db = _date(a), _date(b)
    return da is not None and db is not None and da < db


def read_as_denials(members: Sequence[ClaimItem]) -> list[ClaimItem]:
    """``members`` with the unmarked denials marked: an attributed member of another outlet whose
    text says the opposite of the claim as first published (negated where the first one is not,
    or the reverse: "the quarry did not cause the slide", its owner said; or calling it false:
    :func:`says_no`) gets certainty
    ``denied`` here, so it counts for ``contradicted`` and, like any denial, for nothing else.
    The pair model lets such a member join the cluster even when the extractor did not mark it."""
    from dataclasses import replace

    dated = [m for m in members if _date(m) is not None and not _is_denial(m)]
    if not dated:
        return list(members)
    first = min(dated, key=lambda m: (_date(m), m.headline, m.sentence))
    polarity = says_no(first.text)
    return [replace(m, certainty="denied") if m.attribution is not None and not _is_denial(m)
            and m.outlet != first.outlet and says_no(m.text) != polarity else m for m in members]


_FALSITY = re.compile(r"\b(?:is|are|was|were)(?:n['’]t|\s+not)?\s+(?:\w+ly\s+)?(?:"
                      + "|".join(map(re.escape, phrases("claims", "falsity_words"))) + r")\b", re.I)
"""A finite copula only: "may be exaggerated", "could be wrong" hedge a claim, they do not deny it."""


def says_no(text: str) -> bool:
    """Whether ``text`` is negated ("did not cause the slide") or calls something false with a copula
    ("the figure of two million is simply wrong", "the reports were speculation"): a denial either way;
    both at once ("the report is not wrong") cancel out.
    The falsity words are :data:`attribution.lexicons` ``claims.falsity_words``; in the retellings corpus
    the pattern is found in 17 of its 422 denials (13 of them with no negation word) and in none of its
    4,998 other texts."""
    from attribution.claims.check import facts

    return facts(text).negated != bool(_FALSITY.search(text))  # "is not wrong" affirms


def flags_of(members: Sequence[ClaimItem]) -> list[str]:
    """The contract's flags for one cluster, in :data:`FLAGS` order (unmarked denials read as
    denials: :func:`read_as_denials`)."""
    members = read_as_denials(members)
    flags = []
    voiced = _voice_members(members)
    ends = continued_ends(members)
    attributed_ends = [ends[i] for i, m in enumerate(members) if ends[i] is not None]
    if attributed_ends and all(attributed_ends):
        flags.append("single-anonymous-origin")
    attributed = [m for m in members if m.attribution is not None and not _is_denial(m)]
    if any(cites(a, b) and cites(b, a) for a in attributed for b in attributed if a.doc_id < b.doc_id):
        flags.append("circular")
    if any(a.hedged and not b.hedged and _published_before(a, b) for a in voiced for b in voiced):
        flags.append("hedge-dropped")
    if any(a.attribution is not None and b.attribution is None and _published_before(a, b)
           for a in voiced for b in voiced):
        flags.append("attribution-dropped")
    if any(_is_denial(m) for m in members):
        flags.append("contradicted")
    return flags


def origin_of(members: Sequence[ClaimItem]) -> int:
    """The index of the member whose chain reaches furthest back: an attributed member whose chain
    ends at a source that is no outlet of this cluster (it reaches the first source itself), the
    earliest of those, then the one with the longest chain; with none, the earliest member."""
    outlets = [m.outlet for m in members if m.outlet]

    def when(m: ClaimItem) -> float:
        d = _date(m)
        return d.timestamp() if d else float("inf")  # undated members after every dated one

    def rank(i: int) -> tuple:
        m = members[i]
        attributed = m.attribution is not None and not _is_denial(m)
        last = m.chain[-1] if m.chain else None
        reaches_root = attributed and not any(names_outlet(last, o) for o in outlets)
        return (not reaches_root, not attributed, when(m), -len(m.chain), m.doc_id, m.sentence)

    return min(range(len(members)), key=rank)


def cluster_record(cluster_id: str, members: Sequence[ClaimItem]) -> dict[str, Any]:
    """The claims.jsonl line for one cluster (see docs/claims-contract.md)."""
    def published(i: int) -> tuple[bool, float]:  # by instant, whatever the time zone or format
        d = _date(members[i])
        return (d is None, d.timestamp() if d else 0.0)

    order = sorted(range(len(members)), key=lambda i: (*published(i), members[i].doc_id, members[i].sentence))
    ordered = [members[i] for i in order]
    origin = ordered[origin_of(read_as_denials(ordered))]
    chain_origin = origin.chain[-1] if origin.chain else None
    via = origin.outlet
    return {
        "id": cluster_id,
        "claim": origin.text,
        "members": [{"doc_id": m.doc_id, "attribution": m.attribution, "sentence": m.sentence, "text": m.text,
                     "voice": m.voice, "outlet": m.outlet, "date": m.date, "source": m.source,
                     "source_entity": m.source_entity, "chain": list(m.chain), "hedges": list(m.hedges),
                     "certainty": m.certainty, "act": m.act, "headline": m.headline,
                     "spans": [list(sp) for sp in m.spans]}
                    for m in ordered],
        "origin": {"doc_id": origin.doc_id, "attribution": origin.attribution, "sentence": origin.sentence,
                   "source": chain_origin, "via": via,
                   "text": f"{chain_origin}, via {via}" if chain_origin and via else (chain_origin or via)},
        "flags": flags_of(ordered),
        "documents": len({m.doc_id for m in ordered}),
        "outlets": sorted({m.outlet for m in ordered if m.outlet}),
    }
