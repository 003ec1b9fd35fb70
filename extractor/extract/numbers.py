"""Vietnamese numbers as printed ("2.663", "70,1", "748.684") to exact Decimals, and shared pattern parts."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import regex

from ..rules import load

# ASCII digits only: footnote marks are superscripts ("năm 2022⁷") and must never join a number.
# A number does not start inside a word, a decimal, a fraction or a document number ("QĐ-UBND/12",
# "2.1.4", "1719/QĐ"), nor right after "<digit>-" (the second year of "2021-2025"). The first digit
# comes before those checks so that the regex engine can skip ahead to digits (several times faster).
NUMBER_HEAD = r"[0-9](?<![\p{L}\p{N}.,/\\_][0-9])(?<![\p{L}\p{N}][-–][0-9])"
# Possessive, so a number swallows every "."/"," group: "2.1.4" is one (malformed) number, never "2.1" + "4".
DIGITS_TAIL = r"[0-9]*+(?:[.,][0-9]++)*+"
DIGITS = "[0-9]" + DIGITS_TAIL
# A lone number is not the first part of a fraction or a date ("20/4/2023").
NUMBER = NUMBER_HEAD + DIGITS_TAIL + r"(?!/[0-9])"

# A unit or currency word ends here: no letter or digit runs on. A footnote mark may ("02 Kết luận²",
# "150 tỷ đồng³"): its superscript digits are not decimal digits (\p{Nd}).
WORD_END = r"(?![\p{L}\p{Nd}])"


def word_before(text: str, start: int) -> str:
    """The letters just before ``start``, across spaces (``rules.SPACE``): "khoản" in "khoản 3", "tỷ" in "1 tỷ 200"."""
    end = start
    while end > 0 and text[end - 1] in " \u00a0\u202f":
        end -= 1
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


_GROUPS = regex.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def parse_number(raw: str, strict: bool = True) -> Decimal | None:
    """The value of a printed number: "." groups thousands, "," marks decimals; None if malformed.

    English forms are read too ("1,234,567", "1,234.5", "2.5"). With ``strict=False`` dotted groups
    of the wrong size are read as thousands anyway ("5.378.7000.000" -> 53787000000), as money
    columns of drafts print them.
    """
    if raw.isdigit():
        return Decimal(raw)
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # Whichever separator comes last marks the decimals.
        point = "," if raw.rfind(",") > raw.rfind(".") else "."
        group = "." if point == "," else ","
        whole, _, frac = raw.rpartition(point)
        if group in frac or (strict and not _GROUPS.fullmatch(whole.replace(group, "."))):
            return None
        return Decimal(whole.replace(group, "") + "." + frac)
    if commas:
        if commas == 1:
            return Decimal(raw.replace(",", "."))
        return Decimal(raw.replace(",", "")) if _GROUPS.fullmatch(raw.replace(",", ".")) else None
    if dots == 1 and len(raw) - raw.index(".") - 1 != 3:
        return Decimal(raw)  # "2.5": an English decimal point, never a thousands group
    if not strict or _GROUPS.fullmatch(raw):
        return Decimal(raw.replace(".", ""))
    return None


@lru_cache(maxsize=None)
def scales() -> dict[str, int]:
    """Scale words and their multipliers ("triệu" -> 10**6), from rules/money.toml."""
    return {word: int(value) for word, value in load("money")["scales"].items()}
