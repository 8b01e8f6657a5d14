"""The glibc memory knobs a batch run uses: applied on glibc, harmless no-ops elsewhere."""
from __future__ import annotations

import platform

from attribution import memory


def test_pin_and_trim_answer_without_raising():
    pinned = memory.pin_mmap_threshold()
    trimmed = memory.trim()
    assert isinstance(pinned, bool) and isinstance(trimmed, bool)
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert pinned
