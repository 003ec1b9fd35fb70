"""Money amounts in đồng: "748.684 triệu đồng", "369.780/671.874 triệu đồng", "400.000đồng", "332,01 tỷ đồng"."""

from __future__ import annotations

import importlib.util
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import regex

from ..models import Amount
from ..rules import SPACE, load, phrases
from .numbers import DIGITS, DIGITS_TAIL, NUMBER_HEAD, WORD_END, parse_number, scales, word_before


@lru_cache(maxsize=None)
def _pattern() -> regex.Pattern:
    money = load("money")["money"]
    scale = phrases(list(scales()))
    words = phrases([w for w in scales() if w[-1].isalpha()])  # full words, not "tr." abbreviations
    # Most numbers are followed by none of the characters that can go on an amount ("/", a dash, a range word,
    # a scale word, a currency): a lookahead for those drops them before the alternatives below are tried.
    firsts = {w[0] for w in [*scales(), *money["currencies"], "đến", "tới"]}
    goes_on = f"(?=/|{SPACE}*+[-–{regex.escape(''.join(sorted(firsts)))}])"
    return regex.compile(
        rf"""
        (?P<first>{NUMBER_HEAD}{DIGITS_TAIL}){goes_on}
        (?:/(?P<n>{DIGITS}))*                                    # 369.780/671.874: one row each
        (?:{SPACE}*(?:[-–]|đến|tới){SPACE}*(?P<n>{DIGITS}))?     # 5 - 10 triệu: a range, one row each
        (?!/[0-9])
        {SPACE}*
        (?:
            (?P<scale>(?:{scale})(?:{SPACE}*(?:{words}))?)       # "triệu", "nghìn tỷ", "tr."
            (?:{SPACE}*(?P<cur>{phrases(money["currencies"])}){WORD_END})?
          | (?P<cur>{phrases(money["currencies"])}){WORD_END}
        )
        """,
        regex.VERBOSE,
    )


@lru_cache(maxsize=None)
def _head() -> regex.Pattern:
    # "1 tỷ 200 triệu đồng": a number with a larger scale word just before the main number (searched backwards).
    words = phrases([w for w in scales() if w[-1].isalpha()], reverse=True)
    # Not possessive: a reverse search reads the digits right to left.
    number = r"(?<![\p{L}\p{N}.,/\\_])[0-9]+(?:[.,][0-9]+)*"
    # Matched backwards (``match`` of a reverse pattern ends at ``endpos``): a search would try every position.
    return regex.compile(rf"(?r)(?P<head>{number}){SPACE}*(?P<headscale>{words}){SPACE}+")


@lru_cache(maxsize=None)
def _compound() -> regex.Pattern:
    # "17 đồng chí": after a bare number, "đồng" that begins one of these nouns is not money.
    return regex.compile(rf"{SPACE}+(?:{phrases(load('money')['money']['dong_compounds'])})(?![\p{{L}}])")


@lru_cache(maxsize=None)
def _label_rules() -> tuple[regex.Pattern, regex.Pattern, str]:
    money = load("money")["money"]
    # Read backwards from the amount: punctuation and connecting words ("là", "với số tiền", "khoảng").
    skip = phrases(money["label_skip"], reverse=True)
    tail = regex.compile(rf"(?r)(?:[\s:;,–-]+|(?<![\p{{L}}])(?:{skip})(?![\p{{L}}]))*\Z", regex.IGNORECASE)
    leading = regex.compile(rf"^(?:(?:{phrases(money['label_leading'])})\s+)+", regex.IGNORECASE)
    # Only labels opening with one of these letters can open with a leading word: the others skip the substitution.
    return tail, leading, "".join({c for w in money["label_leading"] for c in (w[0].lower(), w[0].upper())})


def label_heads(words: list[str]) -> regex.Pattern:
    """A backward search for the nearest of some label head nouns, for ``label_before``."""
    return regex.compile(rf"(?r)(?<![\p{{L}}])(?:{phrases(words, reverse=True)})(?![\p{{L}}])", regex.IGNORECASE)


@lru_cache(maxsize=None)
def _money_heads() -> regex.Pattern:
    return label_heads(load("money")["money"]["label_heads"])


@lru_cache(maxsize=None)
def compounds() -> frozenset[str]:
    """Two-syllable words of the Vietnamese dictionary shipped with underthesea (empty if absent)."""
    spec = importlib.util.find_spec("underthesea")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt" if spec and spec.origin else None
    if path is None or not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for line in fh if (w := line.strip()).count(" ") == 1 and w.islower())


# A label stays in its clause, and prefers the words after the last number in it
# ("27.000 triệu đồng và nguồn vốn sự nghiệp 10.000 triệu đồng" labels the second "nguồn vốn sự nghiệp").
# " - " breaks before its last space, which the clause's words ignore: every break then ends in a rare character,
# and the backward search skips ahead to those (several times faster).
_BREAK = r"[;:()\[\]\n]|[.,](?=\s)|\s[-–+](?=\s)"
_CLAUSE = regex.compile(rf"(?r){_BREAK}")
# The closing lookbehind restates the number's last character: it changes no match, but it lets the backward
# search skip ahead to number characters instead of trying the whole pattern everywhere (several times faster).
# Searched together with the breaks, the nearest of the two is the clause's last number, if it comes first: a
# break can only share a number's last character, and wins that tie by coming first.
_BREAK_OR_NUMBER = regex.compile(rf"(?r)(?P<brk>{_BREAK})|[0-9][0-9.,/%–-]*(?=\s|$)(?<=[0-9.,/%–-])")
_SCALE_SPLIT = regex.compile(rf"{SPACE}+|(?<=\.)")
_WORD_NEXT = regex.compile(rf"{SPACE}*+(?:[0-9]|(\p{{L}}+))")
_FIRST_WORD = regex.compile(r"\s+(\p{L}+)")


def cap_words(words: list[str], max_words: int) -> list[str]:
    """The first ``max_words`` words, less the last one if it opens a two-syllable word cut by the cap ("dự | kiến")."""
    if len(words) <= max_words:
        return words
    if max_words and f"{words[max_words - 1]} {words[max_words]}".lower() in compounds():
        return words[:max_words - 1]
    return words[:max_words]


def label_before(text: str, start: int, max_words: int = 8, heads: regex.Pattern | None = None) -> str:
    """The noun phrase just before ``start`` in its clause: "vốn đầu tư phát triển: 80.000 triệu đồng" -> "vốn đầu tư phát triển".

    The label runs from the nearest head noun (``label_heads``; money's label_heads by default) to the mention.
    """
    tail, leading, firsts = _label_rules()
    head = heads or _money_heads()
    chunk = text[max(0, start - 160):start]
    # Bounded searches instead of slices: the lookarounds at a bound see the same as at a slice's edge, since a
    # clause opens after a break character and the words after a number open on a space.
    end = tail.search(chunk).start()
    if end < len(chunk):
        stripped = chunk[end:]
        if "\n" in stripped or (chunk[end - 1:end] in (".", "!", "?") and stripped[0].isspace()):
            return ""  # the mention opens its paragraph or sentence ("... 25/4/2026. Có 12,87 ha"): no label before it
        # "giải phóng mặt bằng 74,97 ha": "bằng" ends the word "mặt bằng", it is no skip word (looked at only when a
        # skip word, not just punctuation, was stripped).
        if stripped[0] == " " and stripped[1:2].isalpha() and (word := _FIRST_WORD.match(stripped)) \
                and f"{word_before(chunk, end)} {word[1]}".lower() in compounds():
            end += word.end()
    nearest = _BREAK_OR_NUMBER.search(chunk, 0, end)
    near = nearest.end() if nearest else 0  # after the clause's last number, or else its start
    if chunk[near:end].strip():
        noun = head.search(chunk, near, end)
        # From its head noun on ("Tỷ lệ huy động vào ngân sách ..."), or else the words nearest the mention.
        words = cap_words(chunk[noun.start():end].split(), max_words) if noun else chunk[near:end].split()[-max_words:]
    else:
        # Only a number ("giai đoạn 2021-2025 là: 237.000 triệu đồng"): the clause from its last head noun.
        cut = _CLAUSE.search(chunk, 0, end) if nearest and nearest["brk"] is None else nearest
        clause = cut.end() if cut else 0
        noun = head.search(chunk, clause, end)
        words = cap_words(chunk[noun.start():end].split(), max_words) if noun else chunk[clause:end].split()[-max_words:]
    label = " ".join(words)
    return leading.sub("", label) if label[:1] and label[0] in firsts else label


def _scale_value(words: str) -> Decimal:
    value = Decimal(1)
    for word in _SCALE_SPLIT.split(words):
        if word:
            value *= scales()[word]
    return value


def _too_short(currency: str, first: str, money: dict) -> bool:
    if currency not in money["short_currencies"]:
        return False
    value = parse_number(first, strict=False)
    return value is None or value < int(money["short_minimum"])


def _in_reach(text: str, start: int, last_end: int, reach: int) -> bool:
    # A bare "7,3 tỷ" is money just after an amount that named its currency, in the same paragraph.
    return last_end >= 0 and start - last_end <= reach and "\n\n" not in text[last_end:start]


@lru_cache(maxsize=None)
def _money_noun() -> regex.Pattern:
    # ... or a few words after a noun that names money ("nguồn vốn đầu tư công (340 tỷ)"), in its sentence.
    money = load("money")["money"]
    words = int(money["bare_scale_head_words"])
    return regex.compile(
        rf"(?<![\p{{L}}])(?:{phrases(money['bare_scale_heads'])})(?![\p{{L}}])(?:[^\S\n]*[^\s;!?]*[^\s.;!?]){{0,{words}}}[^\S\n(]*\(?[^\S\n]*\Z",
        regex.IGNORECASE,
    )


def _after_money_noun(text: str, start: int) -> bool:
    return _money_noun().search(text, max(0, start - 120), start) is not None


def _count_word_next(text: str, end: int) -> bool:
    # A noun after a bare scale counts things ("1,5 triệu lượt"); a function word or verb does not ("50 tỷ sẽ thu").
    nxt = _WORD_NEXT.match(text, end, end + 24)
    return nxt is not None and (nxt[1] is None or nxt[1].lower() not in _stop_words())


@lru_cache(maxsize=None)
def _stop_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load("quantities")["fallback"]["stop"])


# An OCR layer splits thousands groups with a space ("Phạt tiền từ 10. 000.000 đồng", "1.000. 000 đồng"): the amount
# then seems to start at "000" (a colon is an OCR dot: "20:000:000 đồng"). Searched backwards from there for the groups before the space.
_SPLIT_GROUPS = regex.compile(rf"(?r)(?<![\p{{L}}\p{{N}}.,:])[0-9]{{1,3}}(?:[.,:]{SPACE}?[0-9]{{3}})*[.,:]{SPACE}?\Z")


def joined_groups(text: str, start: int, first: str) -> tuple[int, Decimal] | None:
    """(start, value) of a number whose thousands groups an OCR space split, or None if it has no head."""
    head = _SPLIT_GROUPS.search(text, max(0, start - 24), start)
    if head is None:
        return None
    digits = "".join(c for c in text[head.start():start] + first if c.isdigit())
    return (head.start(), Decimal(digits)) if digits.strip("0") else None


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text``, one row per value, with its value in đồng (exact integer)."""
    money = load("money")["money"]
    bare = set(money["bare_scales"])
    reach = int(money["bare_scale_reach"])
    found: list[Amount] = []
    last_end = -1
    scale_of, compound = scales(), _compound()
    for m in _pattern().finditer(text):
        first, more, scale_words, currency = m.groups()  # cheaper than looking groups up by name
        start, end = m.span()
        if currency is None:
            # A word after the scale makes a count ("1,5 triệu lượt"); a number, a compound ("1 tỷ 200 triệu").
            if scale_words not in bare or _count_word_next(text, end) \
                    or not (_in_reach(text, start, last_end, reach) or _after_money_noun(text, start)):
                continue
        elif not scale_words and (compound.match(text, end) or _too_short(currency, first, money)):
            continue
        # One scale word (most amounts) is read straight from the table: no split.
        factor = (scale_of.get(scale_words) or _scale_value(scale_words)) if scale_words else 1
        if first[0] == "0" and first[:3] == "000":  # no amount is printed with leading zero groups
            if more is not None or (joined := joined_groups(text, start, first)) is None:
                continue
            start, numbers = joined[0], [joined[1]]
        else:
            numbers = [parse_number(n, strict=False) for n in [first, *(m.captures("n") if more is not None else ())]]
        if None in numbers:
            continue
        head = Decimal(0)
        # The head's scale word ends right before the number: after any other word, no match is tried.
        before = _head().match(text, max(0, start - 30), start) \
            if len(numbers) == 1 and word_before(text, start) in scale_of else None
        if before and scale_of[before["headscale"]] > factor and (h := parse_number(before["head"], strict=False)):
            start, head = before.start(), h * scale_of[before["headscale"]]
        raw = text[start:end]
        label = label_before(text, start, int(money["label_max_words"]))
        for n in numbers:
            value = int((head + n * factor).to_integral_value(rounding=ROUND_HALF_UP))
            found.append(Amount(raw=raw, value_vnd=value, label=label, start=start, end=end))
        if currency is not None:
            last_end = end
    return found
