"""Chains and publishers as wire copy writes them (issue 13, items 1, 2, 3 and 6)."""
from __future__ import annotations

import pytest

from attribution.assemble.publisher import find_publisher


@pytest.mark.parametrize("text,name", [
    ("LONDON, March 3 (Reuters) - Prices rose.", "Reuters"),
    ("PARIS (AFP) — Prices rose.", "AFP"),
    ("BEIJING, April 27 (Xinhua) -- Prices rose.", "Xinhua"),
    ("FRANKFURT (dpa) - Prices rose.", "dpa"),
    ("MOSCOW, Dec 2. /TASS/. Prices rose.", "TASS"),
    ("ASTANA, Feb 3 (RIA Novosti) - Prices rose.", "RIA Novosti"),
    ("SEOUL, June 2 (Yonhap) -- Prices rose.", "Yonhap"),
    ("TOKYO (Kyodo) -- Prices rose.", "Kyodo"),
    ("ANKARA (Anadolu) - Prices rose.", "Anadolu"),
    ("GENEVA, 12 March (AFP) - Prices rose.", "AFP"),
    ("DES MOINES, Iowa (AP) — Prices rose.", "AP"),
    ("Title\n\nBy Helen Grant, Reuters\n\nATLANTA — Prices rose.", "Reuters"),
    ("Prices rose, officials said.\n\n— The Associated Press", "The Associated Press"),
    ("Prices rose, officials said.\n— AP", "AP"),
    ("Prices rose (officials said) - then fell.", None),
    ("By the way, Reuters is an agency.", None),
])
def test_publisher_from_datelines_and_credit_lines(text, name):
    p = find_publisher(text)
    assert (p.text if p else None) == name
    if p:
        assert text[p.start:p.end] == p.text
