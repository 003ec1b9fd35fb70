"""Dates as printed in Vietnamese documents: ISO values, spans, invalid calendar days rejected."""

import pytest

from extractor.extract.dates import DATE_PATTERN, find_dates, iso_date, parse_date


@pytest.mark.parametrize(
    "printed, iso",
    [
        ("ngày 14/10/2021", "2021-10-14"),
        ("14-10-2021", "2021-10-14"),
        ("ngày 30 tháng 11 năm 2023", "2023-11-30"),
        ("20/4/2023", "2023-04-20"),
        ("ngày 9/12/2022", "2022-12-09"),
        ("Ngày 28/12/2021", "2021-12-28"),
        ("ngày 23 / 3 /2022", "2022-03-23"),  # 779/QĐ-UBND's own date as its PDF prints it
        ("ngày 25 tháng 02 năm 2025", "2025-02-25"),
        ("14.10.2021", "2021-10-14"),
        ("ngày 29/02/2024", "2024-02-29"),
    ],
)
def test_parse_date(printed, iso):
    assert parse_date(printed) == iso


@pytest.mark.parametrize(
    "printed",
    ["31/2/2023", "29/02/2023", "ngày 32/1/2022", "00/10/2021", "15/13/2021", "1.985.2021", "khoá 19⁶", "2021-2025"],
)
def test_parse_date_rejects(printed):
    assert parse_date(printed) is None


def test_iso_date():
    assert iso_date("07", "4", "2014") == "2014-04-07"
    assert iso_date("31", "4", "2014") is None


def test_find_dates_spans_in_a_seed_sentence():
    text = (
        "Chỉ thị số 34/CT-TW ngày 07/4/2014 của Bộ Chính trị; Quyết định số 412/QĐ-UBND 20/4/2023 "
        "của UBND tỉnh Bắc Giang; Bắc Giang, ngày 30 tháng 11 năm 2023"
    )
    found = find_dates(text)
    assert [(text[s:e], iso) for s, e, iso in found] == [
        ("ngày 07/4/2014", "2014-04-07"),
        ("20/4/2023", "2023-04-20"),
        ("ngày 30 tháng 11 năm 2023", "2023-11-30"),
    ]


def test_find_dates_skips_numbers_amounts_and_marks():
    # Document numbers, money with thousands dots, fractions, ranges and footnote marks are not dates.
    text = "giải ngân 369.780/671.874 triệu đồng; 114/171 xã; năm 2022⁸; 01/2022/NQ-HĐND; 12.000.2021 đồng"
    assert find_dates(text) == []


def test_find_dates_range_keeps_valid_ends():
    text = "kỷ niệm 70 năm chiến thắng Điện Biên Phủ (07/5/1954-07/5/2024)"
    assert [iso for _, _, iso in find_dates(text)] == ["1954-05-07", "2024-05-07"]


def test_pattern_groups():
    m = DATE_PATTERN.search("ban hành ngày 06/4/2022 của HĐND tỉnh")
    assert (m["day"], m["month"], m["year"]) == ("06", "4", "2022")
