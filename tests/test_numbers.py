"""Vietnamese number parsing: "." groups thousands, "," marks decimals, values are exact Decimals."""

from decimal import Decimal

import pytest
import regex

from extractor.extract.numbers import NUMBER, parse_number
from extractor.rules import phrases


@pytest.mark.parametrize(
    "raw, value",
    [
        ("2.663", Decimal("2663")),
        ("748.684", Decimal("748684")),
        ("70,1", Decimal("70.1")),
        ("332,01", Decimal("332.01")),
        ("1.311,4", Decimal("1311.4")),
        ("291.881.108.667", Decimal("291881108667")),
        ("04", Decimal("4")),
        ("1,234,567", Decimal("1234567")),  # English thousands
        ("1,234.5", Decimal("1234.5")),
        ("2.5", Decimal("2.5")),  # a lone dot before 1-2 digits is a decimal point
    ],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["2.1.4", "5.378.7000.000", "3.6620.700.000"])
def test_malformed_groups_are_rejected_when_strict(raw):
    assert parse_number(raw) is None


def test_lenient_reading_of_malformed_money_groups():
    # "số đã thu 5.378.7000.000 đồng" (a draft's typo): every dot is read as a thousands separator.
    assert parse_number("5.378.7000.000", strict=False) == Decimal("53787000000")


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("năm 2022⁷; khoá 19⁶.", ["2022", "19"]),  # superscript footnote marks never join a number
        ("2.1.4 Kết quả", ["2.1.4"]),  # one malformed number, never "2.1" and "4"
        ("ngày 20/4/2023", []),  # parts of a date
        ("giai đoạn 2021-2025", ["2021"]),  # the second year is not a number of its own
        ("số 1719/QĐ-TTg", ["1719"]),  # found, but no unit follows; "QĐ" and "TTg" hold no number
    ],
)
def test_number_boundaries(text, numbers):
    assert [m.group() for m in regex.finditer(NUMBER, text)] == numbers


def test_phrases_longest_first_and_flexible_spaces():
    pattern = regex.compile(phrases(["hộ", "hộ gia đình"]))
    assert pattern.match("hộ  gia đình").group() == "hộ  gia đình"


def test_phrases_read_backwards_keep_the_longest_first():
    # "nguồn vốn" and "vốn" share their end: a backward search must still take the longer phrase.
    words = ["vốn", "nguồn vốn", "vốn đầu tư"]
    backwards = regex.compile(rf"(?r)(?:{phrases(words, reverse=True)})\Z")
    assert backwards.search("tổng nguồn  vốn").group() == "nguồn  vốn"
    assert regex.compile(phrases(words)).match("vốn đầu tư công").group() == "vốn đầu tư"
    assert regex.compile(phrases(["vốn", "vốn đầu tư"])).match("vốn đầu").group() == "vốn"
