"""Laws cited by name without a number: "Luật Khoáng sản năm 2010", "Bộ luật Hình sự 2015", "Luật Đất đai"."""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from ..models import Citation
from ..rules import load
from .citations import alternation, scan_words  # longest phrase first, any whitespace between words
from .dates import DATE_PATTERN, iso_date

_WORD = regex.compile(r"[\p{L}][\p{L}\d]*")
# A year printed after the name: "Luật Khoáng sản năm 2010", "Bộ luật Hình sự 2015".
_YEAR = regex.compile(r"\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\d/.,]\d|\d)")
_DATE_LEAD = regex.compile(r",?\s+(?=ngày\s+\d)")
# A number after the name makes it a numbered citation, which find_citations reads. "(?i:số)" is spelled out as
# the classes it matches: a literal in a pattern makes ``match(text, pos)`` hunt for it ahead of pos first, several
# times slower on a long text.
_NUMBERED = regex.compile(r"\s*,?\s*[sSſ][ốỐ]\s*:?\s*\d")
_GAP = regex.compile(r"[ \t]+|\n(?!\n)")
_SPACES = regex.compile(r"\s+")
_AND = regex.compile(r",?\s+và\s+(?=\p{Lu})")


class _Rules:
    """rules/named_laws.toml compiled once."""

    def __init__(self) -> None:
        r = load("named_laws")
        self.kind_of = dict(r["heads"])
        self.head = regex.compile(rf"(?<![\p{{L}}\d])(?P<head>{alternation(self.kind_of)})(?![\p{{L}}\d])")
        self.head_words = sorted({h.split()[0] for h in self.kind_of})  # every head opens with one of these
        self.known = {h: regex.compile(rf"\s+(?i:{alternation(names)})(?![\p{{L}}\d])") for h, names in r["known"].items()}
        self.whole = {h: regex.compile(rf"(?:\s+(?:{alternation(tails)}))?") for h, tails in r["whole"].items()}
        self.stop = regex.compile(rf"(?:{alternation(r['stops'])})(?![\p{{L}}\d])")
        kinds = [k["name"] for k in load("kinds")["kind"]]
        self.kind_word = regex.compile(rf"(?:{alternation(kinds)})(?![\p{{L}}\d])")
        self.max_words = r["max_words"]
        self.amending = regex.compile(rf"\s+(?:{alternation(r['amending'])})\s+(?=\p{{Lu}})")
        # The words an amending phrase opens with: the phrase is matched only after one (see _NUMBERED on literals).
        self.amending_words = tuple({a.split()[0] for a in r["amending"]})
        self.separator = regex.compile(r",?\ (?:và\ )?|\n(?!\n)")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def find_named_laws(text: str, taken: list[tuple[int, int]]) -> list[Citation]:
    """Laws, codes, ordinances and the constitution cited by name, outside the ``taken`` spans."""
    rules = _rules()
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    found: list[Citation] = []
    after = 0
    for m in scan_words(text, rules.head, rules.head_words):
        if m.start() < after:
            continue
        name_end = _name_end(text, m)
        if name_end is None:
            continue
        year, date, end = _when(text, name_end)
        if _NUMBERED.match(text, end) or _overlaps(spans, starts, m.start(), end):
            continue
        title = " ".join(text[m.start() : name_end].split())
        found.append(Citation(_kind(m), "", "", year, "", "", date, "", title,
                              text[m.start() : end], m.start(), end))
        after = end
    return found


def _kind(head: regex.Match) -> str:
    return _rules().kind_of[" ".join(head["head"].split())]


def _name_end(text: str, head: regex.Match) -> int | None:
    """End of the law's name that opens with ``head``, or None when no name follows."""
    rules = _rules()
    kind = _kind(head)
    if kind in rules.whole:
        return rules.whole[kind].match(text, head.end()).end()
    gap = _SPACES.match(text, head.end())
    amending = gap and text.startswith(rules.amending_words, gap.end()) and rules.amending.match(text, head.end())
    if amending and kind == "Luật":
        # "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa
        # phương ngày 22 tháng 11 năm 2019": every law it amends belongs to its name, and the date to it.
        end = None
        at = amending.end()
        while (inner := rules.head.match(text, at)) and (inner_end := _name_end(text, inner)):
            end = inner_end
            more = _AND.match(text, end)
            if not more:
                break
            at = more.end()
        return end
    known = rules.known.get(kind)
    k = known and known.match(text, head.end())
    if k:
        return k.end()
    return _generic_end(text, head.end())


def _generic_end(text: str, pos: int) -> int | None:
    # A capitalised word, then words until a stop word, a punctuation mark or a kind word after "," / "và".
    rules = _rules()
    space = _GAP.match(text[pos : pos + 3])
    if not space:
        return None
    i, end, words = pos + space.end(), None, 0
    while words < rules.max_words:
        word = _WORD.match(text, i)
        if not word or rules.stop.match(text, i):
            break
        if words == 0 and not word.group()[0].isupper():
            break
        end, words = word.end(), words + 1
        sep = rules.separator.match(text, end)
        if not sep:
            break
        nxt = sep.end()
        joined = "," in sep.group() or "và" in sep.group()
        if joined and (rules.kind_word.match(text, nxt) or rules.stop.match(text, nxt)):
            break
        if "," in sep.group() and not text[nxt : nxt + 1].islower():
            break
        i = nxt
    return end


def _when(text: str, pos: int) -> tuple[str, str, int]:
    """(year, ISO date, end) of a year or a date printed right after a name."""
    lead = _DATE_LEAD.match(text, pos)
    date = lead and DATE_PATTERN.match(text, lead.end())
    iso = date and iso_date(date["day"], date["month"], date["year"])
    if iso:
        return iso[:4], iso, date.end()
    year = _YEAR.match(text, pos)
    if year:
        return year["year"], "", year.end()
    return "", "", pos


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    # A name that runs into a citation is that citation's own ("Luật Đất đai số 31/2024/QH15").
    i = bisect.bisect_left(starts, end + 2)
    return any(s < end + 2 and e > start for s, e in spans[max(0, i - 3) : i])
