"""Tagged text → the full report: attributions with chains, recipients, hedges, sources.

The tagger supplies source / cue / content spans and their grouping; the rules
here add what PolNeAR does not teach: headline dashes ("— media"), nested
citation chains ("says Al Arabiya citing anonymous sources"), claims whose only
marker is a hedge ("Haftar reportedly rejected ..."), recipients ("told Al
Arabiya"), and the via links of later attributions from the same cited source.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from attribution.assemble.group import RawAttribution, group_spans
from attribution.assemble.hedges import REPORTATIVE_ADVERBS, find_hedges
from attribution.assemble.publisher import find_publisher
from attribution.assemble.sources import build_registry, make_source_span, resolve_sources
from attribution.schema import Attribution, Hedge, Report, Sentence, SourceSpan, Span
from attribution.split import split_sentences
from attribution.tag.tagger import TaggedText

CITING_CUES = {"citing", "quoting", "cited", "quoted", "cites", "quotes"}
QUOTES_OPEN = "\"“«‘'"
QUOTES_CLOSE = "\"”»’'"
QUOTE_CHARS = set("\"“”«»")
DENY = re.compile(r"\b(den(y|ies|ied|ying)|reject(s|ed|ing)?|dismiss(es|ed|ing)?|refut(e|es|ed|ing)|disput(e|es|ed|ing))\b", re.I)
CONFIRM = re.compile(r"\bconfirm(s|ed|ing)?\b", re.I)
CLAIM = re.compile(r"\b(claim(s|ed|ing)?|alleg(e|es|ed|ing)|insist(s|ed|ing)?|contend(s|ed|ing)?|assert(s|ed|ing)?)\b", re.I)
REPORTING_VERBS = ("said|says|say|told|tells|claimed|claims|insisted|warned|argued|added|denied|confirmed|"
                   "announced|stated|noted|stressed|demanded|demands|believes|believed|suggested|alleged|"
                   "acknowledged|admitted|explained|maintained|reported|estimated|predicted|promised|vowed")
_NESTED = re.compile(
    r"(?P<src>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,3}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)\s+(?:also\s+|has\s+|had\s+|have\s+)?"
    r"(?P<cue>" + REPORTING_VERBS + r")\s+that\s+(?P<content>\S.*)$", re.S)
_HEADLINE_DASH = re.compile(r"^(?P<content>.*\S)\s+(?P<cue>[—–]|-{1,2})\s+(?P<src>[\w][\w\s’'.&-]{0,40}?)\s*$")
_HEADLINE_COLON = re.compile(r"^(?P<content>.*\S)\s*(?P<cue>:)\s+(?P<src>(?:[Ss]ources?|[Mm]edia|[Rr]eports?|[Oo]fficials?|[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,3}))\s*$")
_RECIPIENT_NP = r"(?P<rec>(?:the\s+|a\s+)?(?:[A-Z][\w’'.&-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.&-]*){0,4}|reporters|journalists|lawmakers|parliament|investors|analysts|the\s+(?:newspaper|paper|agency|channel|broadcaster|station|committee|court|press|media)))"
_TELL = re.compile(r"^(told|tells|tell|telling|informed|informs|assured|briefed|warned)$", re.I)
_AFTER_CUE_TO = re.compile(r"^\s+(?:to|in\s+an?\s+interview\s+with|in\s+comments\s+to|speaking\s+to|speaking\s+with)\s+" + _RECIPIENT_NP)
_AFTER_TELL = re.compile(r"^\s+" + _RECIPIENT_NP)


@dataclass
class _Draft:
    cue: Span | None
    source: SourceSpan | None
    content: list[Span]
    score: float
    via: _Draft | None = None
    recipient: Span | None = None
    hedges: list[Hedge] = field(default_factory=list)
    implicit: bool = False
    rule: str = "model"

    def anchor(self) -> int:
        return self.cue.start if self.cue else self.content[0].start


def _clean_content(doc: str, start: int, end: int) -> Span | None:
    """Trim a content span: whitespace, enclosing quotation marks of a pure quote, final punctuation."""
    span = Span.of(doc, start, end)
    s, e = span.start, span.end
    if e - s >= 2 and doc[s] in QUOTES_OPEN and doc[e - 1] in QUOTES_CLOSE and not (QUOTE_CHARS & set(doc[s + 1:e - 1])):
        s, e = s + 1, e - 1
    elif e - s >= 3 and doc[s] in QUOTES_OPEN and doc[e - 2] in QUOTES_CLOSE and doc[e - 1] in ".,;" and not (QUOTE_CHARS & set(doc[s + 1:e - 2])):
        s, e = s + 1, e - 2
    else:
        if e - s >= 2 and doc[e - 1] in "\"”»" and not (QUOTE_CHARS & set(doc[s:e - 1])):
            e -= 1  # the closing mark of a quotation that opened before the span
        while e > s and doc[e - 1] in ".,;:" and not (e >= 2 and doc[e - 2] == "."):
            e -= 1
        if s < e and doc[s] in QUOTES_OPEN and not (QUOTE_CHARS & set(doc[s + 1:e])):
            s += 1  # an opening quote whose closing mark fell outside the span
    if s >= e:
        return None
    out = Span.of(doc, s, e)
    return out if out.text else None


def _from_raw(doc: str, raw: RawAttribution) -> _Draft:
    cue = Span.of(doc, raw.cue.start, raw.cue.end)
    src = raw.source
    source = make_source_span(doc, src.start, src.end) if src is not None else None
    content = [c for c in (_clean_content(doc, span.start, span.end) for span, _ in raw.contents) if c]
    parts = [raw.cue.score] + ([max(raw.sources, key=lambda s: s[1])[0].score] if raw.sources else [])
    if raw.contents:
        parts.append(sum(s.score for s, _ in raw.contents) / len(raw.contents))
    score = 1.0
    for p in parts:
        score *= p
    score = score ** (1 / len(parts))
    return _Draft(cue, source, content, score)


_STOP_FRAGMENT = {"the", "a", "an", "that", "and", "or", "but", "of", "to", "in", "on", "it", "this", "also", "as"}
_DOC_NOUNS = {"statement", "report", "letter", "memo", "study", "survey", "poll", "document", "release", "tweet"}


def _repair_spans(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> list[_Draft]:
    """Mend the tagger's known slips before the rules run.

    * "Al Arabiya citing" tagged as one source: split off the citing cue, whose source is the
      short span right after it ("anonymous LNA sources", often tagged as content).
    * "an LNA" + "statement saying": a document noun that opens the cue belongs to the source.
    * "reportedly rejected" as a cue: the claim has no named source; it becomes a hedge-only claim.
    * a leading "that" of an indirect content, stray one-word fragments, and fragments in a
      paragraph other than the cue's are dropped.
    """
    starts = [s.start for s in sentences]
    out: list[_Draft] = []
    for d in drafts:
        if d.source is not None and d.cue is not None:
            _mend_source(doc, d)
        if d.source is not None and d.cue is not None:  # _mend_source may have dropped the source
            m = re.search(r",?\s+(citing|quoting)(?:\s+(?=\S)|$)", d.source.text)
            if m and m.start() > 0:
                cite_cue = Span(d.source.start + m.start(1), d.source.start + m.end(1), m.group(1))
                rest = d.source.text[m.end():].strip()
                src_end = d.source.end
                d.source = make_source_span(doc, d.source.start, d.source.start + m.start())
                if rest:  # "Al Arabiya citing anonymous LNA sources" tagged as one source
                    out.append(_Draft(cite_cue, make_source_span(doc, src_end - len(rest), src_end), [], d.score, rule="model"))
                else:  # "Al Arabiya citing" + the cited source tagged as content
                    follow = [c for c in d.content if 0 <= c.start - cite_cue.end <= 2 and len(c.text.split()) <= 6]
                    if follow:
                        cited = follow[0]
                        d.content = [c for c in d.content if c is not cited]
                        out.append(_Draft(cite_cue, make_source_span(doc, cited.start, cited.end), [], d.score, rule="model"))
            gap = doc[d.source.end:d.cue.start] if d.source.end <= d.cue.start else ""
            if gap.strip().lower() in _DOC_NOUNS and len(gap) < 14 and "\n" not in gap:
                # "an LNA" + "statement" untagged + "saying": the document noun completes the source
                d.source = make_source_span(doc, d.source.start, d.source.end + len(gap.rstrip()))
            words = d.cue.text.split()
            if len(words) > 1 and words[0].lower() in _DOC_NOUNS and 0 <= d.cue.start - d.source.end <= 1:
                d.source = make_source_span(doc, d.source.start, d.cue.start + len(words[0]))
                rest = Span.of(doc, d.cue.start + len(words[0]), d.cue.end)
                d.cue = rest
        hedge = _hedge_as_cue(doc, d.cue) if d.cue is not None else None
        if hedge is not None:
            start = min([d.cue.start] + ([d.source.start] if d.source else []))
            si = bisect.bisect_right(starts, start) - 1
            left = doc[sentences[si].start:start] if si >= 0 else ""
            cut = max(left.rfind(", "), left.rfind("; "))
            subject = left[cut + 2:] if cut >= 0 else left
            if 0 < len(subject.split()) <= 6:  # "Besides, Haftar reportedly ...": the subject opens the claim
                start -= len(subject)
            end = max([d.cue.end] + [c.end for c in d.content])
            content = _clean_content(doc, start, end)
            if content is not None:
                out.append(_Draft(None, None, [content], d.score, hedges=[hedge], implicit=True, rule="hedge"))
            continue
        cue_sent = bisect.bisect_right(starts, d.cue.start) - 1 if d.cue else None
        kept = []
        for c in d.content:
            if c.text.lower().startswith("that ") and c.start > 0 and doc[c.start - 1] not in QUOTES_OPEN:
                c = Span.of(doc, c.start + 5, c.end)
            if len(c.text.split()) <= 1 and (c.text.lower() in _STOP_FRAGMENT or len(d.content) > 1):
                continue
            if cue_sent is not None:
                c_sent = bisect.bisect_right(starts, c.start) - 1
                lo, hi = sorted((c.start, d.cue.start))
                if abs(c_sent - cue_sent) > 1 or "\n\n" in doc[lo:hi]:
                    continue  # a content in another paragraph or far away is a grouping slip
            kept.append(c)
        d.content = kept
        out.append(d)
    out += _cited_in_content(doc, out)
    return out


_RELATIVE_END = re.compile(r"(?:,\s*)?\b(?:who|which|whose)$", re.I)
_INVERTED_SOURCE = re.compile(r"[ \t]+(?P<src>(?:[A-Z][\w’'.-]*)(?:[ \t]+(?:of[ \t]+|al-[ \t]*)?[A-Z][\w’'.-]*){0,3})[ \t]*(?:[.,;:!?]|$)", re.M)


def _mend_source(doc: str, d: _Draft) -> None:
    """Source slips: a relative clause cut short ("An engineer who | asked not to be named told"),
    or a source across a paragraph break from its cue (a headline's "says Kovač" given the dateline)."""
    src, cue = d.source, d.cue
    gap = doc[src.end:cue.start] if src.end <= cue.start else ""
    if _RELATIVE_END.search(src.text) and 0 < len(gap) < 100 and "\n" not in gap:
        end = cue.start
        while end > src.end and doc[end - 1] in " ,\t":
            end -= 1
        d.source = make_source_span(doc, src.start, end)
        d.content = [c for c in d.content if not _overlaps(c, d.source)]
        return
    lo, hi = sorted((src.start, cue.start))
    if "\n\n" in doc[lo:hi] or ("\n" in doc[lo:hi] and hi - lo > 200):
        d.source = None
        m = _INVERTED_SOURCE.match(doc, cue.end)
        if m and "\n" not in m.group("src"):  # "..., says Kovač": the name right after the cue
            d.source = make_source_span(doc, m.start("src"), m.end("src"))


_CITED_BEFORE = re.compile(r"(?:^|[\s,])(?P<cue>citing|quoting)\s+$", re.I)


def _cited_in_content(doc: str, drafts: list[_Draft]) -> list[_Draft]:
    """"..., Al Arabiya reported, quoting a senior diplomat": the tagger often takes the cited
    source for a second content fragment.  Such a fragment, right after "citing"/"quoting" and
    short, becomes the source of its own citing attribution (``_citing_rules`` links it)."""
    made: list[_Draft] = []
    for d in drafts:
        if d.cue is None or len(d.content) < 2:
            continue
        for c in list(d.content):
            m = _CITED_BEFORE.search(doc, max(0, c.start - 12), c.start)
            if not m or len(c.text.split()) > 8 or "\n" in c.text:
                continue
            cue = Span.of(doc, m.start("cue"), m.end("cue"))
            owner = next((x for x in drafts + made if x.cue is not None and _overlaps(cue, x.cue)), None)
            if owner is not None and owner.source is not None:
                continue
            d.content = [x for x in d.content if x is not c]
            if owner is not None:  # the citing cue was found, its source was not
                owner.source = make_source_span(doc, c.start, c.end)
            else:
                made.append(_Draft(cue, make_source_span(doc, c.start, c.end), [], d.score, rule="model"))
    return made


def _hedge_as_cue(doc: str, cue: Span) -> Hedge | None:
    """The hedge a cue really is: "reportedly rejected", or a passive "is expected"/"are said"
    (+ "to") that PolNeAR-style tagging calls a cue but that names no source."""
    first = cue.text.split()[0]
    if first.lower() in REPORTATIVE_ADVERBS:
        return Hedge(cue.start, cue.start + len(first), first, "reportative")
    for h in find_hedges(doc, cue.start, min(len(doc), cue.end + 4)):
        if h.start == cue.start and h.end >= cue.end and h.cls in ("reportative", "belief") and " " in h.text:
            return h
    return None


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _covered(span: Span, drafts: list[_Draft]) -> bool:
    for d in drafts:
        for s in [d.cue, d.source, *d.content]:
            if s is not None and _overlaps(s, span):
                return True
    return False


def _headline_rules(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> None:
    """"Haftar won't sign deal — media": the dash (or colon) of a headline as a cue."""
    for sent in sentences[:4]:
        if sent.text.endswith((".", "?", "!", '"', "”")) or len(sent.text) > 200:
            continue
        for pattern in (_HEADLINE_DASH, _HEADLINE_COLON):
            m = pattern.match(sent.text)
            if not m:
                continue
            src_text = m.group("src")
            if len(src_text.split()) > 4:
                continue
            base = sent.start
            cue = Span(base + m.start("cue"), base + m.end("cue"), m.group("cue"))
            if _covered(cue, drafts):
                continue
            source = make_source_span(doc, base + m.start("src"), base + m.end("src"))
            content = _clean_content(doc, base + m.start("content"), base + m.end("content"))
            if content is None:
                continue
            for d in drafts:  # the headline's claim belongs to the dash, not to a cue elsewhere
                d.content = [c for c in d.content if not _overlaps(c, content)]
            drafts.append(_Draft(cue, source, [content], 0.9, rule="headline"))
            break


def _citing_rules(doc: str, drafts: list[_Draft]) -> None:
    """"X, says Al Arabiya citing anonymous LNA sources": the cited source repeats the content via the citer.

    The tagger (trained on one-attribution-per-token data) gives the shared
    content to only one of the two cues; the other gets a copy.
    """
    ordered = sorted((d for d in drafts if d.cue), key=lambda d: d.cue.start)
    for i, d in enumerate(ordered):
        if d.cue.text.lower() not in CITING_CUES:
            continue
        before = [p for p in ordered[:i] if p.cue.end <= d.cue.start and d.cue.start - p.cue.end < 120
                  and p is not d and "\n" not in doc[p.cue.end:d.cue.start] and (p.content or p.source)]
        if not before:
            continue
        parent = before[-1]
        if parent.content and (not d.content or all(any(_overlaps(c, pc) for pc in parent.content) for c in d.content)):
            d.content = [Span(c.start, c.end, c.text) for c in parent.content]
        elif d.content and not parent.content:
            parent.content = [Span(c.start, c.end, c.text) for c in d.content]
        d.via = parent


def _outer_report_rules(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> None:
    """"Haftar also demanded that X, the sources said": a cue left without content reports the
    attribution before it in the same sentence, which then reached us via this one."""
    starts = [s.start for s in sentences]
    for d in drafts:
        if d.content or d.cue is None or d.cue.text.lower() in CITING_CUES:
            continue
        si = bisect.bisect_right(starts, d.cue.start) - 1
        first = d.source.start if d.source is not None and d.source.start < d.cue.start else d.cue.start
        inner = [p for p in drafts if p is not d and p.cue is not None and p.content
                 and bisect.bisect_right(starts, p.cue.start) - 1 == si
                 and max(s.end for s in [p.cue, *p.content] + ([p.source] if p.source else [])) <= first]
        if not inner:
            continue
        p = inner[-1]
        spans = [p.cue, *p.content] + ([p.source] if p.source else [])
        content = _clean_content(doc, min(s.start for s in spans), max(s.end for s in spans))
        if content is not None:
            d.content = [content]
            p.via = d


def _shared_subject_rules(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> None:
    """"The ministry confirmed X, adding Y": both cues share one source; copy it to the cue that lacks it."""
    starts = [s.start for s in sentences]
    for d in drafts:
        if d.cue is None or d.source is not None:
            continue
        si = bisect.bisect_right(starts, d.cue.start) - 1
        mates = [o for o in drafts if o is not d and o.cue is not None and o.source is not None
                 and bisect.bisect_right(starts, o.cue.start) - 1 == si and abs(o.cue.start - d.cue.start) < 250]
        if mates:
            src = min(mates, key=lambda o: abs(o.cue.start - d.cue.start)).source
            d.source = SourceSpan(src.start, src.end, src.text)


def _hedge_only_rules(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> None:
    """"Haftar reportedly rejected ...": a reportative adverb on the main verb makes an attribution with no source."""
    for sent in sentences:
        for h in find_hedges(doc, sent.start, sent.end):
            if h.cls not in ("reportative", "belief"):
                continue
            lower = h.text.lower()
            after = re.match(r"\s+(\w+)", doc[h.end:sent.end])
            if lower in REPORTATIVE_ADVERBS and (not after or after.group(1).lower() in ("to", "by", "because", "as")):
                continue  # "took time out allegedly to study": the hedge qualifies a purpose, not a claim
            if _covered(h, drafts):
                continue
            # clause: from after the last clause break before the hedge to the next break after it
            left = doc[sent.start:h.start]
            cut = max(left.rfind(", "), left.rfind("; "), left.rfind(": "))
            c_start = sent.start + (cut + 2 if cut >= 0 else 0)
            right = doc[h.end:sent.end]
            stops = [m.start() for m in re.finditer(r",\s+(?=\w+ing\b)|;\s|,\s+(?:but|while|although|though)\b|\s+—\s", right)]
            c_end = h.end + (stops[0] if stops else len(right))
            for d in drafts:
                for s in [d.cue, d.source, *d.content]:
                    if s is not None and h.end <= s.start < c_end:
                        c_end = s.start
            content = _clean_content(doc, c_start, c_end)
            if content is None or len(content.text.split()) < 3:
                continue
            drafts.append(_Draft(None, None, [content], 0.8, hedges=[h], implicit=True, rule="hedge"))


def _nested_rules(doc: str, drafts: list[_Draft]) -> None:
    """A reported speech act inside a content ("the sources said Haftar demanded that ...") is its own attribution."""
    for d in list(drafts):
        for c in d.content:
            m = _NESTED.search(c.text)
            if not m:
                continue
            base = c.start
            cue = Span(base + m.start("cue"), base + m.end("cue"), m.group("cue"))
            if any(o.cue is not None and _overlaps(o.cue, cue) for o in drafts):
                continue
            content = _clean_content(doc, base + m.start("content"), c.end)
            if content is None:
                continue
            source = make_source_span(doc, base + m.start("src"), base + m.end("src"))
            drafts.append(_Draft(cue, source, [content], d.score * 0.9, via=d, rule="nested"))


def _recipients(doc: str, drafts: list[_Draft]) -> None:
    for d in drafts:
        if d.cue is None:
            continue
        after = doc[d.cue.end:d.cue.end + 120]
        m = (_AFTER_TELL.match(after) if _TELL.match(d.cue.text) else None) or _AFTER_CUE_TO.match(after)
        if not m:
            continue
        start = d.cue.end + m.start("rec")
        end = d.cue.end + m.end("rec")
        rec = Span.of(doc, start, end)
        rec_text = re.sub(r"\s+(that|on|in|at|about|last|this|after|before|by)$", "", rec.text)
        rec = Span(rec.start, rec.start + len(rec_text), rec_text)
        if rec.text.lower() in ("that", "the", "a") or not rec.text:
            continue
        if any(_overlaps(rec, c) for c in d.content) or (d.source and _overlaps(rec, d.source)):
            continue
        d.recipient = rec


def _quote_type(doc: str, content: list[Span]) -> str:
    if not content:
        return "indirect"
    inside = all(c.start > 0 and doc[c.start - 1] in QUOTES_OPEN and not (QUOTE_CHARS & set(c.text)) for c in content)
    if inside:
        return "direct"
    if any(QUOTE_CHARS & set(c.text) for c in content):
        return "mixed"
    return "indirect"


def _certainty(d: _Draft) -> str:
    cue = d.cue.text if d.cue else ""
    if DENY.search(cue):
        return "denied"
    if CONFIRM.search(cue) or any(h.cls == "certain" for h in d.hedges):
        return "confirmed"
    if d.hedges and any(h.cls != "certain" for h in d.hedges):
        return "hedged"
    if CLAIM.search(cue):
        return "claimed"
    return "stated"


def _inherit_via(drafts: list[_Draft], publisher: Span | None) -> None:
    """Later attributions from a cited source, or spoken to a citing outlet, reach us via that outlet."""
    ordered = sorted(drafts, key=lambda d: d.anchor())
    for d in ordered:
        if d.via is not None or d.source is None:
            continue
        names = {d.source.text.lower()}
        if d.source.resolves_to:
            names.add(d.source.resolves_to.lower())
        for o in ordered:  # the same cited source as before: the same outlet
            if o is d or o.anchor() >= d.anchor() or o.source is None or o.via is None:
                continue
            if o.source.text.lower() in names or (o.source.resolves_to or "").lower() in names:
                d.via = o.via
                break
        if d.via is None and d.recipient is not None and not (publisher and d.recipient.text == publisher.text):
            d.via = next((o for o in ordered if o is not d and o.source is not None and o.via is None
                          and o.source.text.lower() == d.recipient.text.lower() and o.anchor() < d.anchor()), None)


def _assign_hedges(doc: str, sentences: list[Sentence], drafts: list[_Draft]) -> None:
    cues = [d.cue for d in drafts if d.cue is not None]
    for sent in sentences:
        sent.hedges = [h for h in find_hedges(doc, sent.start, sent.end) if not any(_overlaps(h, c) for c in cues)]
        for h in sent.hedges:
            for d in drafts:
                if any(c.start <= h.start and h.end <= c.end for c in d.content) and not any(x.start == h.start for x in d.hedges):
                    d.hedges.append(h)


def build_report(doc_id: str, text: str, tagged: TaggedText, path: str | None = None, calibrate=None) -> Report:
    """Assemble the contract report of one tagged document."""
    spans = split_sentences(text)
    sentences = [Sentence(i, s.start, s.end, text[s.start:s.end]) for i, s in enumerate(spans)]
    starts = [s.start for s in sentences]
    drafts = _repair_spans(text, sentences, [_from_raw(text, r) for r in group_spans(tagged, starts)])
    _headline_rules(text, sentences, drafts)
    _citing_rules(text, drafts)
    _outer_report_rules(text, sentences, drafts)
    drafts = [d for d in drafts if d.content]
    _shared_subject_rules(text, sentences, drafts)
    _nested_rules(text, drafts)
    _hedge_only_rules(text, sentences, drafts)
    _recipients(text, drafts)
    publisher = find_publisher(text)
    drafts.sort(key=lambda d: (d.anchor(), d.content[0].start))
    # kinds and coreference work on the final attribution objects
    atts = [Attribution(id=f"a{i + 1}", source=d.source, cue=d.cue, content=d.content) for i, d in enumerate(drafts)]
    resolve_sources(atts, text)
    _inherit_via(drafts, publisher)
    _assign_hedges(text, sentences, drafts)
    ids = {id(d): a.id for d, a in zip(drafts, atts)}
    for d, a in zip(drafts, atts):
        a.via = ids.get(id(d.via)) if d.via is not None else None
        if a.via == a.id:
            a.via = None
        a.recipient = d.recipient
        a.hedges = sorted(d.hedges, key=lambda h: h.start)
        a.quote = _quote_type(text, d.content)
        a.implicit_source = d.implicit
        a.certainty = _certainty(d)
        raw = max(0.0, min(1.0, d.score))
        a.confidence = round(float(calibrate(raw, d.rule) if calibrate else raw), 4)
    sources = build_registry(atts)
    for sent in sentences:
        for a in atts:
            parts = ([a.cue] if a.cue else []) + a.content
            if any(p.start < sent.end and sent.start < p.end for p in parts):
                sent.attributions.append(a.id)
        sent.voice = "attributed" if sent.attributions else "author"
    return Report(doc_id=doc_id, path=path, publisher=publisher, sentences=sentences, attributions=atts,
                  sources=sources, text=text)


def sentence_index(sentences: list[Sentence], pos: int) -> int:
    return bisect.bisect_right([s.start for s in sentences], pos) - 1
