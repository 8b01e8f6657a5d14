"""All scoring lives here: spans, attributions, and the fields beyond spans.

Span scores follow PARC / Citron practice: exact (same boundaries, after edge
punctuation, quotation marks and whitespace are trimmed on both sides) and
overlap (any shared character), with one-to-one matching.  An attribution
counts as found when its cue matches (exact boundaries, or overlap for the
lenient figure); attributions with no cue (hedge-only) are matched by content.
On matched attributions we then score source kind, anonymity, via, coreference,
recipients; hedges are scored as typed spans per document.  Where the gold
labels them: the act (speech / thought / evidence / other) of matched
attributions, floating quotations (found as floating: P/R/F1), and whether a
found floating quotation names the right speaker entity.

Chains are scored end to end as links (``chain``): a gold ``via`` link counts as
found only when its attribution and its target are both matched and the
prediction links exactly those two; a predicted link counts as right the same
way.  The per-attribution ``via`` accuracy gives credit for a correct ``null``,
which dominates in most text; the link measure does not.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from attribution.data.annotations import AnnotatedDocument, GoldAttribution, Range
from attribution.schema import Attribution, Report

_EDGE_CHARS = "\t\n\r \"“”‘’'«».,;:!?()[]—–-"
"""What exact matching trims off both ends of a span: whitespace, quotation marks, punctuation, dashes."""


def _norm(text: str, r: Range) -> Range:
    s, e = r
    frag = text[s:e]
    lead = len(frag) - len(frag.lstrip(_EDGE_CHARS))
    trail = len(frag) - len(frag.rstrip(_EDGE_CHARS))
    if lead + trail >= len(frag):  # nothing but edge characters (a dash cue): kept as it is
        return r
    return (s + lead, e - trail)


def _overlap(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ranges_overlap(a: list[Range], b: list[Range]) -> bool:
    return any(_overlap(x, y) for x in a for y in b)


@dataclass
class PRF:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def as_dict(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


def _match(gold: list, pred: list, same) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in document order."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    def as_dict(self) -> dict[str, float]:
        return {"accuracy": round(self.correct / self.total, 4) if self.total else None,
                "correct": self.correct, "total": self.total}


@dataclass
class Scores:
    spans: dict[str, PRF] = field(default_factory=lambda: {f"{r}_{m}": PRF() for r in ("source", "cue", "content") for m in ("exact", "overlap")})
    attribution: PRF = field(default_factory=PRF)
    attribution_overlap: PRF = field(default_factory=PRF)
    attribution_full: PRF = field(default_factory=PRF)
    recipient: PRF = field(default_factory=PRF)
    hedges: PRF = field(default_factory=PRF)
    hedge_class: PRF = field(default_factory=PRF)
    source_kind: Accuracy = field(default_factory=Accuracy)
    anonymous: Accuracy = field(default_factory=Accuracy)
    via: Accuracy = field(default_factory=Accuracy)
    coreference: Accuracy = field(default_factory=Accuracy)
    publisher: Accuracy = field(default_factory=Accuracy)
    entity_grouping: PRF = field(default_factory=PRF)
    act: Accuracy = field(default_factory=Accuracy)
    floating: PRF = field(default_factory=PRF)
    floating_speaker: Accuracy = field(default_factory=Accuracy)
    chain: PRF = field(default_factory=PRF)
    confidence: list[tuple[float, bool]] = field(default_factory=list)


def _pred_ranges(att: Attribution) -> dict[str, list[Range]]:
    return {"source": [(att.source.start, att.source.end)] if att.source else [],
            "cue": [(att.cue.start, att.cue.end)] if att.cue else [],
            "content": [(c.start, c.end) for c in att.content]}


def _gold_ranges(att: GoldAttribution) -> dict[str, list[Range]]:
    cue = [(att.cue[0][0], att.cue[-1][1])] if att.cue else []
    return {"source": list(att.source), "cue": cue, "content": list(att.content)}


def _count_core(text: str, g_r: list[dict], p_r: list[dict], scores: Scores) -> list[tuple[int, int]]:
    """Span P/R/F1 per role and the three attribution-level scores, from range dicts
    (``{"source": [...], "cue": [...], "content": [...]}`` per attribution); returns the
    (gold, predicted) pairs matched by overlapping cue."""
    for role in ("source", "cue", "content"):
        g_items = [tuple(_norm(text, r) for r in x[role]) for x in g_r if x[role]]
        p_items = [tuple(_norm(text, r) for r in x[role]) for x in p_r if x[role]]
        exact = _match(g_items, p_items, lambda a, b: a == b)
        over = _match(g_items, p_items, lambda a, b: _ranges_overlap(list(a), list(b)))
        scores.spans[f"{role}_exact"].add(len(exact), len(p_items), len(g_items))
        scores.spans[f"{role}_overlap"].add(len(over), len(p_items), len(g_items))

    def cue_same(strict: bool):
        def same(gi: int, pi: int) -> bool:
            g, p = g_r[gi], p_r[pi]
            if not g["cue"] or not p["cue"]:
                return not g["cue"] and not p["cue"] and _ranges_overlap(g["content"], p["content"])
            if strict:
                return _norm(text, g["cue"][0]) == _norm(text, p["cue"][0])
            return _ranges_overlap(g["cue"], p["cue"])
        return same

    gi_list, pi_list = list(range(len(g_r))), list(range(len(p_r)))
    strict_pairs = _match(gi_list, pi_list, cue_same(True))
    scores.attribution.add(len(strict_pairs), len(p_r), len(g_r))
    pairs = _match(gi_list, pi_list, cue_same(False))
    scores.attribution_overlap.add(len(pairs), len(p_r), len(g_r))
    full = [(g, p) for g, p in pairs
            if (not g_r[g]["source"] and not p_r[p]["source"] or _ranges_overlap(g_r[g]["source"], p_r[p]["source"]))
            and _ranges_overlap(g_r[g]["content"], p_r[p]["content"])]
    scores.attribution_full.add(len(full), len(p_r), len(g_r))
    return pairs


def score_document(gold: AnnotatedDocument, pred: Report, scores: Scores, extended: bool = True) -> None:
    text = gold.text
    g_atts = gold.attributions
    p_atts = pred.attributions
    pairs = _count_core(text, [_gold_ranges(a) for a in g_atts], [_pred_ranges(a) for a in p_atts], scores)
    matched_p = {p for _, p in pairs}
    for i, a in enumerate(p_atts):
        scores.confidence.append((a.confidence, i in matched_p))
    if not extended:
        return
    g_to_p = dict(pairs)
    gid_to_index = {a.id: i for i, a in enumerate(g_atts) if a.id}
    pid_to_index = {a.id: i for i, a in enumerate(p_atts)}
    for g, p in pairs:
        ga, pa = g_atts[g], p_atts[p]
        if ga.source_kind and pa.source is not None and ga.source:
            scores.source_kind.add(ga.source_kind == pa.source.kind)
        if ga.anonymous is not None and ga.source and pa.source is not None:
            scores.anonymous.add(bool(ga.anonymous) == bool(pa.source.anonymous))
        if ga.id is not None:
            want = g_to_p.get(gid_to_index.get(ga.via, -1)) if ga.via else None
            got = pid_to_index.get(pa.via) if pa.via else None
            scores.via.add(want == got and (ga.via is None) == (pa.via is None))
        if ga.resolves_to and pa.source is not None:  # a mention left unresolved stands for itself
            scores.coreference.add(_same_name(ga.resolves_to, pa.source.resolves_to or pa.source.text))
        if ga.recipient or pa.recipient:
            ok = bool(ga.recipient and pa.recipient and _overlap(ga.recipient, (pa.recipient.start, pa.recipient.end)))
            scores.recipient.add(int(ok), int(pa.recipient is not None), int(ga.recipient is not None))
    _score_grouping(pairs, g_atts, p_atts, scores)
    _score_acts_and_floating(gold, pred, pairs, scores)
    _score_chain_links(pairs, g_atts, p_atts, scores)
    for g, ga in enumerate(g_atts):
        if g not in g_to_p and ga.recipient:
            scores.recipient.add(0, 0, 1)
    for p, pa in enumerate(p_atts):
        if p not in matched_p and pa.recipient:
            scores.recipient.add(0, 1, 0)
    if gold.meta.get("corpus") == "jsonl":
        g_h = [(s, e) for s, e, _ in gold.hedges]
        p_h = [(h.start, h.end) for s in pred.sentences for h in s.hedges]
        scores.hedges.add(len(set(g_h) & set(p_h)), len(p_h), len(g_h))
        if all(c is not None for _, _, c in gold.hedges):  # gold without classes (the seed) scores spans only
            g_hc = {(s, e, c) for s, e, c in gold.hedges}
            p_hc = {(h.start, h.end, h.cls) for s in pred.sentences for h in s.hedges}
            scores.hedge_class.add(len(g_hc & p_hc), len(p_hc), len(g_hc))
        gp = gold.publisher
        pp = pred.publisher
        scores.publisher.add((gp is None and pp is None) or (gp is not None and pp is not None and gp == (pp.start, pp.end)))


def _score_grouping(pairs: list[tuple[int, int]], g_atts: list, p_atts: list[Attribution], scores: Scores) -> None:
    """Entity grouping, pairwise over the matched gold attributions whose source has an entity key:
    two of them with the same gold entity should share a predicted entity, and only then."""
    keyed = [(g_atts[g].entity, p_atts[p].source.entity if p_atts[p].source is not None else None)
             for g, p in pairs if g_atts[g].entity and g_atts[g].source]
    tp = fp = fn = 0
    for i in range(len(keyed)):
        for j in range(i + 1, len(keyed)):
            same_gold = keyed[i][0] == keyed[j][0]
            same_pred = keyed[i][1] is not None and keyed[i][1] == keyed[j][1]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    scores.entity_grouping.add(tp, tp + fp, tp + fn)


def _score_acts_and_floating(gold: AnnotatedDocument, pred: Report, pairs: list[tuple[int, int]], scores: Scores) -> None:
    """Act accuracy on matched attributions whose gold has an act; floating quotations as P/R/F1
    (a gold floating quotation is found when a floating prediction matches it, by content, as
    attributions without a cue are matched); and, on those found, whether the predicted speaker
    is the gold entity: the gold entity most of the predicted entity's mentions belong to."""
    g_atts, p_atts = gold.attributions, pred.attributions
    for g, p in pairs:
        if g_atts[g].act:
            scores.act.add(g_atts[g].act == p_atts[p].act)
    found = [(g, p) for g, p in pairs if g_atts[g].floating and p_atts[p].floating]
    scores.floating.add(len(found), sum(a.floating for a in p_atts), sum(a.floating for a in g_atts))
    mentions: dict[str, list[Range]] = gold.meta.get("entity_mentions") or {}
    entries = {s.id: s for s in pred.sources}
    for g, p in found:
        key, source = g_atts[g].entity, p_atts[p].source
        if not key:
            continue
        if source is None:
            scores.floating_speaker.add(False)
            continue
        entry = entries.get(source.entity or "")
        spans = [(m.start, m.end) for m in entry.mentions] if entry is not None else [(source.start, source.end)]
        votes: dict[str, int] = {}
        for span in spans:
            for k, ranges in mentions.items():
                if any(_overlap(span, r) for r in ranges):
                    votes[k] = votes.get(k, 0) + 1
        scores.floating_speaker.add(bool(votes) and max(votes, key=lambda k: votes[k]) == key)


def _score_chain_links(pairs: list[tuple[int, int]], g_atts: list[GoldAttribution], p_atts: list[Attribution],
                       scores: Scores) -> None:
    """Chain links end to end: a link is right when both of its ends are matched and linked to each other.

    Only documents whose gold numbers its attributions (and so can state ``via``) are scored:
    PolNeAR's gold has no chains, and a predicted link there is neither right nor wrong.
    """
    if not any(a.id for a in g_atts):
        return
    g_to_p = dict(pairs)
    gid_to_index = {a.id: i for i, a in enumerate(g_atts) if a.id}
    pid_to_index = {a.id: i for i, a in enumerate(p_atts)}
    gold_links = {(g, gid_to_index[a.via]) for g, a in enumerate(g_atts) if a.via in gid_to_index}
    pred_links = {(p, pid_to_index[a.via]) for p, a in enumerate(p_atts) if a.via in pid_to_index}
    found = sum((g_to_p[g], g_to_p[t]) in pred_links for g, t in gold_links if g in g_to_p and t in g_to_p)
    scores.chain.add(found, len(pred_links), len(gold_links))


def _same_name(a: str | None, b: str | None) -> bool:
    def n(x: str | None) -> str:
        return re.sub(r"^(the|a|an)\s+", "", (x or "").strip().lower().replace("’", "'"))
    if not a or not b:
        return False
    x, y = n(a), n(b)
    # the same entity named more or less fully: "Passly" and "ticketing firm Passly"
    return x == y or x.endswith(" " + y) or y.endswith(" " + x)


def summarize(scores: Scores) -> dict:
    from attribution.evaluation.calibration import reliability_table

    out: dict = {"spans": {k: v.as_dict() for k, v in scores.spans.items()},
                 "attribution": scores.attribution.as_dict(),
                 "attribution_overlap": scores.attribution_overlap.as_dict(),
                 "attribution_full": scores.attribution_full.as_dict()}
    extra = {"source_kind": scores.source_kind, "anonymous": scores.anonymous, "via": scores.via,
             "coreference": scores.coreference, "publisher": scores.publisher, "act": scores.act,
             "floating_speaker": scores.floating_speaker}
    out["fields"] = {k: v.as_dict() for k, v in extra.items() if v.total}
    for name, prf in (("recipient", scores.recipient), ("hedges", scores.hedges), ("hedge_class", scores.hedge_class),
                      ("entity_grouping", scores.entity_grouping), ("floating", scores.floating),
                      ("chain", scores.chain)):
        if prf.gold or (prf is scores.chain and prf.pred):  # links where the gold has none are all wrong
            out["fields"][name] = prf.as_dict()
    if scores.confidence:
        out["calibration"] = reliability_table([c for c, _ in scores.confidence], [ok for _, ok in scores.confidence])
    out["summary"] = {
        "attribution_f1": out["attribution"]["f1"],
        "cue_exact_f1": out["spans"]["cue_exact"]["f1"],
        "source_exact_f1": out["spans"]["source_exact"]["f1"],
        "source_overlap_f1": out["spans"]["source_overlap"]["f1"],
        "content_exact_f1": out["spans"]["content_exact"]["f1"],
        "content_overlap_f1": out["spans"]["content_overlap"]["f1"],
    }
    for k, v in out["fields"].items():
        out["summary"][f"{k}_{'accuracy' if 'accuracy' in v else 'f1'}"] = v.get("accuracy", v.get("f1"))
    return out


def score(pairs: Iterable[tuple[AnnotatedDocument, Report]], extended: bool = True) -> dict:
    """Score (gold, predicted report) pairs and return the summary dict."""
    scores = Scores()
    n = 0
    for gold, pred in pairs:
        score_document(gold, pred, scores, extended)
        n += 1
    out = summarize(scores)
    out["documents"] = n
    return out


def agreement(pairs: Iterable[tuple[AnnotatedDocument, AnnotatedDocument]]) -> dict:
    """Score one annotation of each document against another (annotators against each other):
    the same span and attribution measures as :func:`score`, so a model's figures can be read
    against how far human annotators agree.  Exact-match F1 is symmetric in the two sides."""
    scores = Scores()
    n = 0
    for a, b in pairs:
        if a.text != b.text:
            raise ValueError(f"{a.doc_id} / {b.doc_id}: not annotations of the same text")
        _count_core(a.text, [_gold_ranges(x) for x in a.attributions], [_gold_ranges(x) for x in b.attributions], scores)
        n += 1
    out = summarize(scores)
    out["documents"] = n
    return out
