"""Footnote marks as superscript digits: writing them, reading them back."""

from __future__ import annotations

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A regex character class matching one superscript digit (¹²³ sit in Latin-1, the rest at U+2070).
SUPERSCRIPT_CLASS = "[⁰¹²³⁴-⁹]"

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript(number: int) -> str:
    """The number written in superscript digits, as a footnote mark stands in Text.text."""
    return str(number).translate(_TO_SUPERSCRIPT)


def from_superscript(mark: str) -> int:
    """The number that a run of superscript digits writes."""
    return int(mark.translate(_FROM_SUPERSCRIPT))
