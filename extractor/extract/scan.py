"""Finding literal strings fast: str.find jumps to a string many times faster than a pattern walks to it."""

from __future__ import annotations

from collections.abc import Iterable


def find_all(text: str, needles: Iterable[str]) -> list[int]:
    """Every offset where one of ``needles`` starts in ``text`` (inside words too), in ascending order."""
    out = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            out.append(at)
            at = text.find(needle, at + 1)
    out.sort()
    return out
