"""Citations as wire copy writes them: an outlet reports a claim and names whom it cites.

The language is closed and regular, so these are rules, not model output (the
tagger, trained on PolNeAR, has seen few citations and mixes up their parts).
Every common order is read as one clause:

* after the claim:      "<claim>, <outlet> reported[ on Monday], citing <sources>"
                        "<claim>, says <outlet> citing <sources>"
                        "<claim>, <outlet> said in a report citing <sources>"
                        "<claim>, according to <outlet>, which cited <sources>"
* before the outlet:    "Citing <sources>, <outlet> reported that <claim>"
                        "In a report citing <sources>, <outlet> said <claim>"
* in apposition:        "<outlet>, citing/quoting <sources>, said <claim>"
                        "<outlet>, in a report citing <sources>, said <claim>"
                        "According to <outlet>, which cited <sources>, <claim>"
* two cues:             "<outlet> reported[,] citing <sources>[,] that <claim>"
* quoted as saying:     "<outlet> quoted <source> as saying[:| that] <claim>"

and a relative clause may cite one level further ("..., citing El Mundo, which cited a
regional health report").  Each clause becomes an attribution of the outlet plus one per
citation, each ``via`` the one that cites it, all with the claim as content (the contract's
reading of the seed: the cited source says the same claim).  The model's attributions that
the clause explains (their cue or source on one of its cues or sources) give way to it.

:func:`find_clauses` reads one stretch of text, so the nesting step can read an outer
attribution's content with the same rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from attribution.assemble.spans import clean_content, overlaps, source_span
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.lexicons import phrases, words
from attribution.schema import Span
from attribution.split.datelines import match_dateline

Range = tuple[int, int]

_VERBS = "|".join(phrases("chains", "citer_verbs"))
_INVERTED_VERBS = "says|said|reports|reported|writes|wrote"
_TIME = "|".join(phrases("chains", "time_adjuncts"))
_OUTLET_WORDS = "|".join(sorted(phrases("chains", "outlet_words"), key=len, reverse=True))
# an outlet: a name or a media description ("the financial daily Les Echos", "state media",
# "the Abu Dhabi-based newspaper The National", "The dpa news agency"), at most eight words
_PARTICLES = "|".join(phrases("chains", "name_particles"))
# a capitalised word, a media word, a hyphenated word ("Abu Dhabi-based"), a particle inside a name
# ("La Gazzetta dello Sport") or a lower-case word before a media word ("the health news site STAT")
_OUTLET_WORD = (r"(?:[A-Z][\w’'&.-]*|(?i:" + _OUTLET_WORDS + r")(?![\w-])|[\w’'.]+-[\w’'.-]+|(?:" + _PARTICLES
                + r")(?=\s+[A-Z])|[a-z]+(?=\s+(?i:" + _OUTLET_WORDS + r")\b))")
_OUTLET = r"(?:(?:[Tt]he|[Aa]n?)\s+)?" + _OUTLET_WORD + r"(?:\s+" + _OUTLET_WORD + r"){0,7}"
# a cited source: anything up to a comma, "that", "as saying", a relative clause or the end
_CITED = r"(?:[^,;:\"“”\n]|(?<=\d),(?=\d{3})){1,100}?"  # "a survey of 3,000 researchers" keeps its comma
_ADJUNCT = (r"(?:\s+(?:late\s+|early\s+)?(?:on\s+|last\s+|this\s+)?(?i:" + _TIME + r")(?![\w-]))?")
_END = r"[\s.!?\"”’']*$"
_WHICH = r"(?:,\s+which\s+(?P<cite2>cited|quoted)\s+(?P<src2>" + _CITED + r"))?"

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(p, re.S)) for name, p in (
    # "<claim>, <outlet> reported on Monday, citing <sources>" / "..., <outlet> said in a report citing <sources>"
    ("after", r"^(?P<content>.+?),\s+(?P<out>" + _OUTLET + r")\s+(?P<verb>(?:" + _VERBS + r")(?:\s+in\s+a\s+report)?)"
              + _ADJUNCT + r"(?:\s+in\s+a\s+report)?" + _ADJUNCT
              + r"(?:,?\s+(?P<cite>citing|quoting)|,\s+which\s+(?P<cite_rel>cited|quoted))\s+(?P<src>" + _CITED + r")"
              + _WHICH + _END),
    # "<claim>, says <outlet> citing <sources>" / "<claim>, according to <outlet>, which cited <sources>"
    ("inverted", r"^(?P<content>.+?),\s+(?P<verb>" + _INVERTED_VERBS + r"|according\s+to)\s+(?P<out>" + _OUTLET + r")"
                 + r"(?:,?\s+(?P<cite>citing|quoting)|,\s+which\s+(?P<cite_rel>cited|quoted))\s+(?P<src>" + _CITED + r")"
                 + _WHICH + _END),
    # "Citing <sources>, <outlet> reported that <claim>" / "In a report citing <sources>, <outlet> said <claim>"
    ("before", r"^(?:In\s+a\s+report\s+)?(?P<cite>[Cc]iting|[Qq]uoting)\s+(?P<src>" + _CITED + r"),\s+(?P<out>" + _OUTLET
               + r")\s+(?P<verb>" + _VERBS + r")" + _ADJUNCT + r"(?:\s+that)?\s+(?P<content>.+?)" + _END),
    # "<outlet>, citing <sources>, said <claim>" / "<outlet>, in a report citing <sources>, said <claim>"
    ("apposition", r"^(?P<out>" + _OUTLET + r"),\s+(?:in\s+a\s+report\s+)?(?P<cite>citing|quoting)\s+(?P<src>" + _CITED
                   + r"),\s+(?P<verb>" + _VERBS + r")" + _ADJUNCT + r"(?:\s+that)?\s+(?P<content>.+?)" + _END),
    # "According to <outlet>, which cited <sources>, <claim>"
    ("according_which", r"^(?P<verb>According\s+to)\s+(?P<out>" + _OUTLET + r"),\s+which\s+(?P<cite_rel>cited|quoted)\s+"
                        r"(?P<src>" + _CITED + r"),\s+(?P<content>.+?)" + _END),
    # "<outlet> reported citing <sources> that <claim>" / "<outlet> said in a report citing <sources> that <claim>"
    ("two_cues", r"^(?P<out>" + _OUTLET + r")\s+(?P<verb>(?:" + _VERBS + r")(?:\s+in\s+a\s+report)?)" + _ADJUNCT
                 + r",?\s+(?P<cite>citing|quoting)\s+(?P<src>" + _CITED + r"),?\s+that\s+(?P<content>.+?)" + _END),
    # "<outlet> quoted <source> as saying: <claim>"
    ("quoted_as_saying", r"^(?P<out>" + _OUTLET + r")\s+(?P<verb>quoted)\s+(?P<src>" + _CITED
                         + r")\s+(?P<cite>as\s+saying)(?:\s*:|\s+that)?\s+(?P<content>.+?)" + _END),
))


# a claim that ends in another outlet's report of it ("..., Yonhap said")
_TRAILING_REPORT = re.compile(r",\s+(?:" + _OUTLET + r")\s+(?:" + _VERBS + r")" + _ADJUNCT + r"\W*$")


@dataclass
class Clause:
    """One citation clause in document offsets: the outlet's attribution and the chain of citations."""

    pattern: str
    cue: Range
    source: Range
    content: Range
    citations: list[tuple[Range, Range]] = field(default_factory=list)  # (cue, source), each citing the one before

    def spans(self) -> list[Range]:
        """The cues and sources the clause explains."""
        return [self.cue, self.source] + [r for c in self.citations for r in c]


def _trim(text: str, start: int, end: int) -> Range:
    """Whitespace and edge punctuation off a source range."""
    while start < end and text[start] in " \t,":
        start += 1
    while end > start and text[end - 1] in " \t,.":
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)”\"’])[.!?][\"”’]?\s+(?=[A-Z\"“‘])")


def _one_sentence(text: str, content: Range, first: bool) -> Range:
    """The claim within one sentence, where the splitter left two together ("... to under-16s. The draft
    foresees ..."): the last sentence of a claim that opens the clause, else the first."""
    ends = list(_SENTENCE_END.finditer(text, *content))
    if not ends:
        return content
    return (ends[-1].end(), content[1]) if first else (content[0], ends[0].start() + 1)


def find_clauses(text: str, start: int, end: int) -> list[Clause]:
    """The citation clause that ``text[start:end]`` is (at most one, as the patterns read a whole stretch).

    A dateline opening the stretch is skipped.
    """
    dateline = match_dateline(text, start, end)
    lo = dateline.body if dateline else start
    stretch = text[lo:end]
    if not any(w in stretch for w in ("citing", "quoting", "Citing", "Quoting", "cited", "quoted")):
        return []
    for name, pattern in _PATTERNS:
        m = pattern.match(stretch)
        if m is None:
            continue

        def at(group: str) -> Range:
            return _trim(text, lo + m.start(group), lo + m.end(group))

        cite = "cite" if m.groupdict().get("cite") else "cite_rel"
        citations = [(at(cite), at("src"))]
        if "cite2" in m.groupdict() and m.group("cite2"):
            citations.append((at("cite2"), at("src2")))
        content = _one_sentence(text, at("content"), first=m.start("content") == 0)
        if m.end("content") == len(stretch.rstrip(" .!?\"”’'")) and _TRAILING_REPORT.search(text, *content):
            continue  # "<outlet> reported citing X that <claim>, Yonhap said": the clause is inside a report
        if content[1] - content[0] < 8 or any(e - s > 100 or e <= s for _, (s, e) in citations):
            continue
        return [Clause(name, at("verb"), at("out"), content, citations)]
    return []


def clause_drafts(text: str, clause: Clause, score: float, reuse: list[Draft] = ()) -> list[Draft] | None:
    """The outlet's draft and one per citation, linked by ``via``; None when the claim trims to nothing.

    A draft of ``reuse`` whose cue is exactly a cue of the clause is updated in place rather than made
    anew, so what earlier steps gave it (its score, its trace) stays with it.
    """
    content = clean_content(text, *clause.content)
    if content is None:
        return None
    made: list[Draft] = []
    for cue, src in [(clause.cue, clause.source), *clause.citations]:
        cue_span = Span.of(text, *cue)
        d = next((x for x in reuse if x.cue is not None and (x.cue.start, x.cue.end) == (cue_span.start, cue_span.end)
                  and x not in made), None)
        if d is None:
            d = Draft(cue_span, None, [], score, rule="citation")
        d.source = source_span(text, *src)
        d.content = [Span(content.start, content.end, content.text)]
        d.via = made[-1] if made else None
        made.append(d)
    return made


def explained(d: Draft, clause: Clause) -> bool:
    """Is the model's draft one the clause accounts for (its cue or source on a cue or source of the clause)?"""
    spans = [Span(s, e, "") for s, e in clause.spans()]
    own = [x for x in (d.cue, d.source) if x is not None]
    return any(overlaps(a, b) for a in own for b in spans)


CITATION_WORDS = words("chains", "citation_cues") | words("chains", "relative_citation_cues")


def apply_clauses(state: Assembly, start: int, end: int, default_score: float = 0.9) -> list[Draft]:
    """Read ``[start, end)`` as a citation clause; replace the drafts it explains; return the drafts made."""
    made: list[Draft] = []
    for clause in find_clauses(state.text, start, end):
        replaced = [d for d in state.drafts if explained(d, clause)]
        score = max((d.score for d in replaced), default=default_score)
        drafts = clause_drafts(state.text, clause, score, replaced)
        if drafts is None:
            continue
        replaced = [d for d in replaced if d not in drafts]
        state.drafts = [d for d in state.drafts if d not in replaced]
        for d in state.drafts:  # an attribution that reached us via a replaced one now comes via the outlet
            if d.via is not None and d.via in replaced:
                d.via = drafts[-1]
        state.drafts.extend(d for d in drafts if d not in state.drafts)
        made.extend(drafts)
    return made


@step("citation_clauses")
def citation_clauses(state: Assembly) -> None:
    """"<claim>, <outlet> reported, citing <sources>" and every other common order of a citation, one sentence at a time."""
    for sent in state.sentences:
        apply_clauses(state, sent.start, sent.end)
