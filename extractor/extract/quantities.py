"""Counts, percentages and measures: "2.663 hộ", "114/171 xã", "70,1%", "5,2%/năm", "8.154 ha"."""

from __future__ import annotations

import bisect
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

import regex

from ..models import Quantity
from ..rules import SPACE, load, phrases
from .amounts import cap_words, compounds, joined_groups, label_before, label_heads
from .dates import DATE_PATTERN
from .numbers import DIGITS, DIGITS_TAIL, NUMBER_HEAD, WORD_END, parse_number, scales, word_before

_LONGEST_DATE = 30  # characters: "ngày 30 tháng 11 năm 2023" and its spacing variants


def _firsts(*word_lists: list[str]) -> str:
    # A lookahead for the first characters of some phrases: a number followed by none of them fails on one class
    # test instead of a try of every branch (most numbers are followed by no unit at all).
    return "(?=[" + regex.escape("".join(sorted({w[0] for words in word_lists for w in words}))) + "])"


@lru_cache(maxsize=None)
def _pattern() -> regex.Pattern:
    units, rules = load("units"), load("quantities")
    stop = rules["fallback"]["stop"] + rules["durations"]["words"] + load("money")["money"]["currencies"]
    scale_words = [w for w in scales() if w[-1].isalpha()]
    scale = phrases(scale_words)
    per = phrases(units["measure"]["per"])
    counted = units["count"]["words"] + units["count"]["parts"] + rules["fallback"]["zero_padded_nouns"]
    signs = units["percent"]["signs"]
    unit_first = _firsts([" ", "\u00a0", "\u202f", "%", *signs], units["percent"]["words"], scale_words,
                         units["measure"]["units"])
    return regex.compile(
        rf"""
        (?P<n1>{NUMBER_HEAD}{DIGITS_TAIL})
        (?:
            /(?P<n2>{DIGITS})                                           # 114/171 xã
          | {SPACE}*(?P<dash>[-–]|đến|tới){SPACE}*(?P<n2>{DIGITS})       # từ 03 đến 05 thành viên
        )?
        (?!/[0-9])
        {unit_first}
        (?:
            {SPACE}*(?P<percent>%(?:{SPACE}?/{SPACE}?(?:{phrases(units["percent"]["per"])}))?
                                |(?:{phrases(units["percent"]["words"])})|{phrases(signs)}){WORD_END}
          | {SPACE}*{_firsts(scale_words, units["measure"]["units"])}(?:(?P<scale>{scale}){SPACE}+)?
            (?P<measure>(?:{phrases(units["measure"]["units"])})(?:/(?:{per}))?){WORD_END}
          | {SPACE}+(?:(?P<scale>{scale}){SPACE}+)?
            (?:
                (?i:{_firsts(counted)})
                (?:
                    (?P<count>(?i:{phrases(units["count"]["words"])})){WORD_END}
                  | (?P<part>(?i:{phrases(units["count"]["parts"])})){WORD_END}(?!{SPACE}+(?:[0-9]|[IVXLC]+(?!\p{{L}})))
                  | (?P<noun>(?i:{phrases(rules["fallback"]["zero_padded_nouns"])})){WORD_END}
                )
              | (?!(?i:{phrases(stop)})(?![\p{{L}}]))(?P<word>\p{{Lu}}?\p{{Ll}}+){WORD_END}
            )
        )
        """,
        regex.VERBOSE,
    )


@lru_cache(maxsize=None)
def _label_end() -> regex.Pattern:
    # Searched backwards from the number: does a label word ("Điều", "kỳ họp thứ", "Nghị định số", "tháng")
    # end right there? The calendar words are captured, since they only label calendar values.
    labels = load("quantities")["labels"]
    return regex.compile(
        rf"(?r)(?<![\p{{L}}])(?<!\b{phrases(labels['not_after'], reverse=True)}{SPACE})"
        rf"(?:(?P<cal>{phrases(list(labels['calendar']), reverse=True)})|{phrases(labels['before'], reverse=True)})"
        rf"(?:{SPACE}+số)?{SPACE}*\Z",
        regex.IGNORECASE,
    )


# "3/4 (75%)": a percentage restating a fraction of a whole is no more a quantity than the fraction.
_FRACTION_BEFORE = regex.compile(rf"(?r)(?<![0-9./])([0-9]+)/([0-9]+){SPACE}*\({SPACE}*\Z")
_NEXT_WORD = regex.compile(rf"{SPACE}+(\p{{Ll}}+){WORD_END}")


def _fallback_unit(text: str, word: str, end: int) -> tuple[str, int]:
    # An unlisted noun: one syllable, or two when the pair is a dictionary word ("giấy phép", "điểm mỏ").
    nxt = _NEXT_WORD.match(text, end)
    if nxt and int(load("quantities")["fallback"]["max_syllables"]) > 1 and f"{word} {nxt[1]}".lower() in compounds():
        return f"{word} {nxt[1]}", nxt.end()
    return word, end


@lru_cache(maxsize=None)
def _label_stops() -> frozenset[str]:
    """Words that end a counted or measured noun phrase: function words, verbs, durations ("đã", "với", "năm")."""
    rules = load("quantities")
    return frozenset(w.casefold() for w in [*rules["label"]["stop"], *rules["durations"]["words"]])


def _phrase_after(text: str, start: int, max_words: int) -> list[str]:
    """The words from ``start`` up to the first break, number, function word or verb."""
    if max_words < 1:
        return []
    segment = text[start:start + 90]
    if "\n" in segment:
        segment = segment[:segment.index("\n")]  # a phrase stays in its paragraph
    words, stops = [], _label_stops()
    for word in segment.split(None, max_words + 1)[:max_words + 1]:
        core = word.rstrip(",;:.!?)")  # a break after the word ends the phrase with it
        if not core.isalpha() or core.casefold() in stops:
            break
        words.append(core)
        if len(core) < len(word):
            break
    return cap_words(words, max_words)  # cut at the cap, but not inside a word: "đăng | ký"


def _count_label(text: str, start: int, unit: str, max_words: int = 6) -> str:
    """The counted noun phrase from the unit on: "công trình ngầm" in "73 công trình ngầm, cầu", "dự án" in "18 dự án đang triển khai"."""
    size = len(unit.split())  # the unit may hold function words itself ("tập thể và cá nhân")
    return " ".join([unit, *_phrase_after(text, start + len(unit), max_words - size)])


@lru_cache(maxsize=None)
def _measure_label_rules() -> tuple[int, regex.Pattern]:
    rules = load("quantities")["label"]
    return int(rules["max_words"]), label_heads(rules["heads"])


def _measure_label(text: str, start: int, end: int) -> str:
    """The measured noun phrase: the one after the unit ("206 km đường giao thông"), else the one before it."""
    max_words, heads = _measure_label_rules()
    if text[end:end + 1] == " " and text[end + 1:end + 2].islower():
        words = _phrase_after(text, end, max_words)
        if words:
            return " ".join(words)
    return label_before(text, start, heads=heads)


def _zero_padded(raw: str) -> bool:
    # "01 Phó Ban", "03 Giấy xác nhận": a count written with a leading zero, as reports write counts.
    return len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()


def _is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def _is_fraction(n1: str, n2: str) -> bool:
    denominators = load("quantities")["fractions"]["denominators"]
    if n1.startswith("0") or n2.startswith("0"):
        return False
    if n2.isdigit() and int(n2) in denominators:
        return n1.isdigit() and int(n1) < int(n2)
    # "tỷ lệ 1/25.000" (a map scale), "80/100.000 ca" (a rate per 100.000): a power of ten of at least 1.000
    # below, or a one over a large number, is a ratio, not X of Y things.
    low, high = parse_number(n1), parse_number(n2)
    if low is None or high is None or low >= high or high < 1000:
        return False
    return low == 1 or str(high).rstrip("0") == "1"


@lru_cache(maxsize=None)
def _not_label() -> regex.Pattern:
    # "Trong số 02 Giấy phép": a phrase that ends in a label word ("số") without being a label.
    return regex.compile(rf"(?r)(?<![\p{{L}}])(?:{phrases(load('quantities')['labels']['not_labels'], reverse=True)}){SPACE}*\Z",
                         regex.IGNORECASE)


@lru_cache(maxsize=None)
def _label_last_words() -> frozenset[str]:
    """The words label phrases end in, casefolded: "điều", "định", "tháng", "số"."""
    labels = load("quantities")["labels"]
    return frozenset(w.split()[-1].casefold() for w in [*labels["before"], *labels["calendar"], "số"])


@lru_cache(maxsize=None)
def _label_list() -> regex.Pattern:
    # Searched backwards: a number that goes on a list after a label word is a label too ("các khoản 1, 2 và 3
    # Điều này", "Điều 39, 40 và 41"); "có 8 Chương, 28 Điều" is no list (a unit, not a number, before the comma).
    labels = load("quantities")["labels"]
    item = r"[0-9]+[a-zđ]?"
    return regex.compile(
        rf"(?r)(?<![\p{{L}}])(?:{phrases(labels['before'], reverse=True)})(?:{SPACE}+số)?{SPACE}*{item}"
        rf"(?:{SPACE}*,{SPACE}*{item})*(?:{SPACE}*,{SPACE}*|{SPACE}*,?{SPACE}+(?:{phrases(labels['list_joins'])}){SPACE}+)\Z",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=None)
def _list_joins() -> frozenset[str]:
    return frozenset(load("quantities")["labels"]["list_joins"])


def _in_label_list(text: str, start: int, before: str) -> bool:
    # Only a number after a comma or a joining word ("và") can go on a list: the others skip the backward search.
    if before:
        if before not in _list_joins():
            return False
    elif text[start - 2:start] != ", " and text[start - 1:start] != ",":
        return False
    return _label_list().search(text, max(0, start - 60), start) is not None


def _is_label(text: str, start: int, first: str) -> bool:
    # Most numbers follow a word no label ends in: a look at that word spares them the backward search.
    before = word_before(text, start).casefold()
    if before not in _label_last_words():
        return _in_label_list(text, start, before)
    label = _label_end().search(text, max(0, start - 40), start)
    if label is None or _not_label().search(text, max(0, start - 40), start):
        return False
    if label["cal"] is None:
        return True
    lo, hi = load("quantities")["labels"]["calendar"][label["cal"].lower()]
    return first.isdigit() and lo <= int(first) <= hi


# A numeric date holds its separator on both sides of the month ("20/4/2023" has "/4/").
_DATE_SEPARATORS = regex.compile(r"(?P<sep>[/.-])\ ?\d{1,2}\ ?(?P=sep)")
_MONTH = regex.compile(r"tháng", regex.IGNORECASE)


def _in_date(text: str, start: int, end: int) -> bool:
    lo, hi = max(0, start - _LONGEST_DATE), end + _LONGEST_DATE  # a slice or search stops at the text's end
    # A date holds "tháng" (whose every case holds "á" or "Á") or one separator twice; tests on one copy of the
    # window are much cheaper than the date search, and most windows fail them.
    window = text[lo:hi]
    twice = window.count("/") > 1 or window.count(".") > 1 or window.count("-") > 1
    month = ("á" in window or "Á" in window) and _MONTH.search(window)
    if not (twice and _DATE_SEPARATORS.search(window)) and not month:
        return False  # no date can be near: skip the date search
    return any(d.start() < end and start < d.end() for d in DATE_PATTERN.finditer(text, lo, hi))


class _Spans:
    """Sorted, possibly overlapping spans with an overlap test."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end = list(accumulate((e for _, e in self.spans), max))  # the furthest end up to each span

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.max_end[i - 1] > start


# The functions below take a match's groups by position, in this order (first, second, dash, percent, scale,
# measure, count, part, noun, word): one m.groups() put in this order costs less than looking up a single group
# by its name. The positions are the pattern's own for these names, so reordering its groups cannot shift them.
_GROUPS = ("n1", "n2", "dash", "percent", "scale", "measure", "count", "part", "noun", "word")


@lru_cache(maxsize=None)
def _in_order() -> itemgetter:
    """A match's ``groups()`` -> its groups in the order of _GROUPS."""
    index = _pattern().groupindex
    return itemgetter(*(index[name] - 1 for name in _GROUPS))


def _kind(groups: tuple) -> str:
    return "percent" if groups[3] is not None else "measure" if groups[5] is not None else "count"


def _unit(text: str, groups: tuple, end: int) -> tuple[str, int]:
    """(unit, end of the mention) of a match's groups; ``end`` is the match's end."""
    _, _, _, percent, _, measure, count, part, noun, word = groups
    if percent is not None:
        # "5,2%/năm" and "7,2 %/năm" -> "%/năm"; "10 phần trăm" -> "%"
        if percent[0] == "%":
            return "%" + percent[1:].replace(" ", ""), end
        return (percent if percent in load("units")["percent"]["signs"] else "%"), end
    if measure is not None or count is not None or part is not None:
        return measure or count or part, end
    return _fallback_unit(text, word or noun, end)


def _not_a_quantity(text: str, start: int, end: int, kind: str, groups: tuple) -> bool:
    """Whether a match is a label, a year, a name, a compound word or a fraction rather than a quantity."""
    first, second, dash, _, _, _, _, part, noun, word = groups
    if kind == "percent":
        if text.find("(", max(0, start - 20), start) < 0:
            return False  # no fraction can open a parenthesis before it: skip the search
        fraction = _FRACTION_BEFORE.search(text, max(0, start - 20), start)
        return bool(fraction) and _is_fraction(fraction[1], fraction[2])
    if kind == "count" and _is_year(first):
        return True
    if not _zero_padded(first) and (noun is not None or (word is not None and word[0].isupper())):
        return True  # "Phú Thịnh 1 Công ty": a capital after a plain number starts a name; "năm 2024 cấp" a verb
    if part is not None and (nxt := _NEXT_WORD.match(text, end)) and f"{part} {nxt[1]}".lower() in compounds():
        return True  # "02 điều chỉnh", "Ban chỉ đạo 814 điều động"
    if second is not None and dash is None and _is_fraction(first, second):
        return True
    if kind == "measure" and not first.isdigit():
        return False  # "quốc lộ 1.557 km", "lô 2,5 ha": labels are whole numbers without thousands groups
    return _is_label(text, start, first)  # the one search, tried last


def _values(groups: tuple, kind: str) -> list[float] | None:
    """The match's numbers times its scale, or None if one is malformed or a count is not whole."""
    first, second, _, _, scale = groups[:5]
    if second is None and scale is None and first.isdigit():
        return [float(first)]  # most matches: one plain number, read without a Decimal (the same float)
    values = [parse_number(first)] if second is None else [parse_number(first), parse_number(second)]
    if None in values:
        return None
    if scale:
        values = [v * scales()[scale] for v in values]
    if kind == "count" and not (first.isdigit() and (second is None or second.isdigit())) \
            and any(v != v.to_integral_value() for v in values):
        return None  # "2.2 Tham mưu ...": a section number, not 2.2 things (plain digits are whole: not looked at)
    return [float(v) for v in values]


def find_quantities(text: str, exclude: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Every count, percentage and measure in ``text``, skipping spans in ``exclude`` and dates, labels, money."""
    overlaps = _Spans(exclude).overlaps
    found: list[Quantity] = []
    in_order = _in_order()
    for m in _pattern().finditer(text):
        start, matched = m.span()
        # Cheapest tests first; an unlisted noun's second syllable is read only for a match that passed them.
        if overlaps(start, matched):
            continue
        groups = in_order(m.groups())
        kind = _kind(groups)
        if _not_a_quantity(text, start, matched, kind, groups):
            continue
        unit, end = _unit(text, groups, matched)
        if end > matched and overlaps(start, end) or _in_date(text, start, end):
            continue
        values = _values(groups, kind)
        if values is None:
            continue
        if groups[0][:3] == "000" and groups[1] is None:  # "5. 000 người": OCR split a number's thousands groups
            if (joined := joined_groups(text, start, groups[0])) is None:
                continue
            start, values = joined[0], [float(joined[1] * (scales()[groups[4]] if groups[4] else 1))]
        if kind == "count":
            counted = groups[6] or groups[7] or groups[8] or groups[9]  # the unit as matched, which ends the match
            label = _count_label(text, matched - len(counted), text[matched - len(counted):end])
        else:
            label = _measure_label(text, start, end)
        raw, unit = text[start:end], " ".join(unit.split())
        for v in values:
            found.append(Quantity(kind, v, unit, raw, label, start, end))
    return found
