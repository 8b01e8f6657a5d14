"""Keep a long batch run's memory flat on glibc.

Tensors of a few hundred kB are allocated and freed for every batch.  glibc's
malloc raises its mmap threshold each time such a block is freed, after which
these blocks come from the heap, where freed gaps of varying sizes pile up: the
resident size creeps up with the number of documents though nothing is kept.
Pinning the threshold sends big blocks back to mmap (returned to the system on
free), and an occasional ``malloc_trim`` hands back the heap's free tail.
Elsewhere (macOS, musl) these are no-ops.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools

_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt  # noqa: B018 - glibc only
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Stop glibc from raising the mmap threshold (what lets the heap fragment); True if applied."""
    libc = _libc()
    return bool(libc and libc.mallopt(_M_MMAP_THRESHOLD, threshold) == 1)


def trim() -> bool:
    """Return free heap memory to the system; True if glibc released some."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0))
