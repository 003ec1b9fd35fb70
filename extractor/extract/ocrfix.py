"""Repairs of OCR misreadings inside document numbers and codes, and fuzzy patterns for OCR'd kind words."""

from __future__ import annotations

import itertools
from functools import lru_cache

import regex

from ..rules import load

# Letters Tesseract reads for digits; applied only inside number shapes.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1",
                                   "|": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9"})
_NUMBER_PART = regex.compile(r"(?<![\p{L}\d])[\dOolI|SsBZzQDg]*\d[\dOolI|SsBZzQDg]*(?![\p{L}\d])")
_SEGMENT = regex.compile(r"[\p{L}]+")


@lru_cache(maxsize=None)
def official_codes() -> frozenset[str]:
    """Codes that are real as written: each kind's official code (its first) and every issuer code."""
    codes = {kind["codes"][0] for kind in load("kinds")["kind"] if kind.get("codes")}
    codes |= set(load("issuers")["codes"])
    return frozenset(codes)


def repair_code(code: str) -> str:
    """A ký hiệu with "Đ" read as "D" restored where only the Đ spelling is a real code (QD→QĐ, NQ-HDND→NQ-HĐND).

    Segments that are real codes as written (HD Hướng dẫn, DA Dự án, BDT Ban Dân tộc) are left alone.
    """
    official = official_codes()

    def one(match: regex.Match) -> str:
        segment = match.group()
        if segment in official or "D" not in segment:
            return segment
        places = [i for i, c in enumerate(segment) if c == "D"]
        for count in range(1, len(places) + 1):
            for chosen in itertools.combinations(places, count):
                candidate = "".join("Đ" if i in chosen else c for i, c in enumerate(segment))
                if candidate in official:
                    return candidate
        return segment

    return _SEGMENT.sub(one, code)


def repair_digits(text: str) -> str:
    """Digit look-alikes (O/0, l/1, S/5, B/8) turned into digits, only in tokens that are numbers with a digit."""
    return _NUMBER_PART.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), text)


def repair_number(raw: str) -> str:
    """A printed document number as OCR read it, repaired: "1O/2O21/ND-CP" → "10/2021/NĐ-CP", spaces removed."""
    compact = regex.sub(r"\s+", "", raw)
    # The sequence and year come before the first code letter; the code is everything after.
    head = regex.match(r"[^/\-]*(?:/[\dOolI|SsBZzQDg]{4}(?=/))?", compact)
    numbers, code = compact[: head.end()], compact[head.end():]
    return repair_digits(numbers) + repair_code(code)


def fuzzy_words(words: list[str]) -> str:
    """A `regex` pattern matching any of the words with bounded OCR errors (1 per 6 letters, substitutions first)."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        errors = len(word) // 6
        escaped = regex.escape(word)
        parts.append(f"(?:{escaped}){{e<={errors}}}" if errors else f"(?:{escaped})")
    return "(?:" + "|".join(parts) + ")"
