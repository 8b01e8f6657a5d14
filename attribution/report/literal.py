"""Text from articles, file names and reports shown on a terminal exactly as it is, never obeyed.

Article text, doc ids and source names are data someone else wrote. Handed to rich as
a plain string, ``[/red]`` raises a MarkupError, ``[bold]`` silently vanishes and
``:smile:`` turns into an emoji; written to a terminal, an ESC sequence can recolour
the screen, retitle the window or hide what follows. So everything shown goes through
:func:`visible` (control characters as ``\\x1b`` escapes) and into rich as a
:class:`rich.text.Text` (never parsed as markup).
"""
from __future__ import annotations

import re

from rich.text import Text

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates that reorder what follows them on screen ("Trojan source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``).

    Line breaks stay line breaks: ``\\r\\n`` (Windows line endings) becomes ``\\n``; a lone
    ``\\r``, which would move the cursor back over what was printed, is escaped."""
    return _CONTROL.sub(_escape, text.replace("\r\n", "\n"))


def literal(text: str, style: str = "") -> Text:
    """A rich Text that prints ``text`` literally: no markup, no emoji codes, no control characters."""
    return Text(visible(text), style=style)
