"""Who the sources are: kinds and the rule-based coreference hints (see ``assemble/sources.py``).

The steps work on copies of the drafts' source spans and give each draft its
updated copy back, so no span is shared between drafts or with the report.
"""
from __future__ import annotations

from dataclasses import replace

from attribution.assemble.kinds import mention_kind
from attribution.assemble.publisher import find_publisher
from attribution.assemble.sources import classify_mentions, resolve_mentions
from attribution.assemble.state import Assembly
from attribution.assemble.step import step


def _with_updated_sources(state: Assembly, update) -> None:
    owners = [d for d in state.drafts if d.source is not None]
    mentions = [replace(d.source) for d in owners]
    update(mentions, state.text)
    for d, m in zip(owners, mentions):
        d.source = m


@step("publisher")
def publisher(state: Assembly) -> None:
    """The outlet of the dateline or byline (``/TASS/``, ``(Reuters)``, ``— AP``)."""
    state.publisher = find_publisher(state.text)


@step("source_kinds")
def source_kinds(state: Assembly) -> None:
    """Kind (person, media, anonymous, ...) and anonymity of every source mention, from its own words and
    their context: the learned classifier of ``assemble/kinds.py`` (the rules when its weights are absent)."""
    _with_updated_sources(state, lambda mentions, text: classify_mentions(mentions, text, kind_of=mention_kind))


@step("coreference")
def coreference(state: Assembly) -> None:
    """Pronouns and descriptions ("they", "the report") resolved to a fuller mention."""
    _with_updated_sources(state, lambda mentions, text: resolve_mentions(mentions, text, kind_of=mention_kind))
