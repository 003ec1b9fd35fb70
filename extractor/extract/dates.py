"""Calendar dates as Vietnamese documents print them: "ngày 14/10/2021", "30 tháng 11 năm 2023"."""

from __future__ import annotations

import datetime

import regex

# One pattern for every shape, so other extractors can mask dates with a single search.
# The numeric form takes "/", "-" or "." with at most one space around it ("06 /4/2022" comes out of PDFs);
# the lookarounds keep it off longer digit runs and off decimals such as "1.985.2021,5".
DATE_PATTERN = regex.compile(
    r"""
    (?:(?i:ngày)\s+)?
    (?:
        (?<![\d.,])(?P<day>\d{1,2})\ ?(?P<sep>[/.-])\ ?(?P<month>\d{1,2})\ ?(?P=sep)\ ?(?P<year>\d{4})
        (?![\d]|[.,]\d)
      |
        (?<!\d)(?P<day>\d{1,2})\s+(?i:tháng)\s+(?P<month>\d{1,2})\s+(?i:năm)\s+(?P<year>\d{4})(?!\d)
    )
    """,
    regex.VERBOSE,
)


def iso_date(day: str, month: str, year: str) -> str | None:
    """ISO yyyy-mm-dd for day, month and year strings, or None if no such calendar day exists."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _iso(match: regex.Match) -> str | None:
    return iso_date(match["day"], match["month"], match["year"])


def parse_date(s: str) -> str | None:
    """The ISO date of a whole date expression ("ngày 14/10/2021", "20/4/2023"), else None."""
    match = DATE_PATTERN.fullmatch(s.strip())
    return _iso(match) if match else None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every valid date in ``text``; a leading "ngày" is part of the span."""
    return [(m.start(), m.end(), iso) for m in DATE_PATTERN.finditer(text) if (iso := _iso(m))]
