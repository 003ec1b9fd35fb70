"""Repairs of OCR misreadings: digits and codes inside number shapes, kind words matched with bounded fuzziness,
"số" and date words; ``repair_text`` applies them to the OCR'd stretches of a text and maps offsets back."""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import regex

from ..models import Text
from ..rules import load, phrases
from .scan import find_all

# Letters Tesseract reads for digits ("13§21/CHQ-GSQL" is 13821); applied only inside number shapes.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                                   "|": "1", "S": "5", "s": "5", "B": "8", "§": "8", "Z": "2", "z": "2", "g": "9"})
_LOOKALIKE = r"[\dOolI|SsB§ZzQDg]"
_NUMBER_TOKEN = regex.compile(rf"{_LOOKALIKE}*\d{_LOOKALIKE}*(?![\p{{L}}\d])")
_NUMBER_PART = regex.compile(rf"(?<![\p{{L}}\d]){_NUMBER_TOKEN.pattern}")
_SEGMENT = regex.compile(r"[\p{L}]+")
_WHITESPACE = regex.compile(r"\s+")
# A number shape: parts joined by "/", "-" or "–" (one space or a line end may stand beside a separator), each
# part a number with a real digit (look-alikes allowed) or a code. At least one separator: "1O/2O21/ND-CP",
# "S11/KH-UBND", "2O/1O/2O21"; a lone "B2" or "5S" is left alone.
_PART = rf"(?P<digits>{_LOOKALIKE}*\d{_LOOKALIKE}*(?![\p{{L}}\d]))|(?P<code>\p{{Lu}}[\p{{L}}\d&.]*(?<!\.))"
_CHAIN = regex.compile(rf"(?<![\p{{L}}\d])(?:{_PART})(?:\ ?[/\-–](?:\ |\n[ \t]*)?(?:{_PART}))+")
# A shape's first part runs, without a space, up to its first separator (or a space before it), and starts where
# a part can: looked for only in the run before each separator, the shapes cost a small share of a scan. The
# separators are found by str.find, several times faster over a long scan than a pattern's walk.
_SEPARATORS = ("/", "-", "–")
_RUN_BEFORE = regex.compile(r"\S*\ ?", flags=regex.REVERSE)
_PART_START = regex.compile(rf"(?<![\p{{L}}\d])(?:{_LOOKALIKE}|\p{{Lu}})")


@lru_cache(maxsize=None)
def official_codes() -> frozenset[str]:
    """Codes that are real as written: each kind's official code (its first) and every issuer code."""
    codes = {kind["codes"][0] for kind in load("kinds")["kind"] if kind.get("codes")}
    codes |= set(load("issuers")["codes"])
    return frozenset(codes)


def repair_code(code: str, seen: Counter | _Seen | None = None) -> str:
    """A ký hiệu with "Đ" read as "D" restored where only the Đ spelling is a real code (QD→QĐ, NQ-HDND→NQ-HĐND).

    Segments that are real codes as written (HD Hướng dẫn, DA Dự án, BDT Ban Dân tộc) are left alone. A letter
    OCR doubled ("QĐĐ", "KHTTT") loses its copy where that gives a real code or one ``seen`` as often elsewhere
    in the document ("271/BDT-KHTT" beside "270/BDT-KHTTT").
    """
    official = official_codes()
    if code in official and code.isalpha():
        return code  # one segment, real as written: most codes of a text
    seen = Counter() if seen is None else seen

    def one(match: regex.Match) -> str:
        segment = match.group()
        if segment in official:
            return segment
        places = [i for i, c in enumerate(segment) if c == "D"]
        for count in range(1, len(places) + 1):
            for chosen in itertools.combinations(places, count):
                candidate = "".join("Đ" if i in chosen else c for i, c in enumerate(segment))
                if candidate in official:
                    return candidate
        for i in range(1, len(segment)):
            if segment[i] == segment[i - 1]:
                shorter = segment[:i] + segment[i + 1 :]
                if shorter in official or seen[shorter] >= max(1, seen[segment]):
                    return shorter
        return segment

    return _SEGMENT.sub(one, code)


def _chains(text: str) -> Iterator[regex.Match]:
    """The number shapes in ``text``, as ``_CHAIN.finditer`` finds them."""
    tried = 0
    for separator in find_all(text, _SEPARATORS):
        if separator < tried:
            continue
        run = _RUN_BEFORE.match(text, tried, separator)
        for start in _PART_START.finditer(text, run.start(), separator):
            chain = _CHAIN.match(text, start.start())
            if chain:
                yield chain
                tried = chain.end()
                break
        else:
            tried = max(tried, separator)


def repair_digits(text: str) -> str:
    """Digit look-alikes (O/0, l/1, S/5, B/8) turned into digits, only in tokens that are numbers with a digit."""
    return _NUMBER_PART.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), text)


def _repair_chain(chain: regex.Match, seen: Counter | _Seen | None = None) -> str:
    # Numbers and codes of one number shape, each repaired by its own rule; separators and spaces as printed. A
    # digits part is one number token, all of which ``repair_digits`` would translate.
    parts = sorted((start, end, kind) for kind in ("digits", "code") for start, end in chain.spans(kind))
    pieces, at = [], chain.start()
    for start, end, kind in parts:
        part = chain.string[start:end]
        repaired = part.translate(_DIGIT_LOOKALIKES) if kind == "digits" else repair_code(part, seen)
        pieces += [chain.string[at:start], repaired]
        at = end
    return "".join(pieces) + chain.string[at : chain.end()]


def repair_number(raw: str) -> str:
    """A printed document number as OCR read it, repaired: "1O/2O21/ND-CP" → "10/2021/NĐ-CP", spaces removed."""
    compact = _WHITESPACE.sub("", raw)
    chain = _CHAIN.fullmatch(compact)
    return _repair_chain(chain) if chain else compact


class _Folds(dict):
    """Each character's folded form, worked out the first time ``str.translate`` meets it."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = unicodedata.normalize("NFD", c)[0].lower().replace("đ", "d")
        self[code] = base if len(base) == 1 and c.isalpha() else c
        return self[code]


_FOLDS = _Folds()
# Below this code point (Latin, Greek, Cyrillic, punctuation...) a text is folded through one numpy lookup,
# ten times faster than str.translate, which calls the dict for every character; a text with a character
# above it is folded by str.translate.
_FOLDED_BELOW = 0x3000


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    return np.array([ord(_FOLDS[code]) for code in range(_FOLDED_BELOW)], dtype=np.uint32)


@lru_cache(maxsize=1)
def _class_tables() -> tuple[np.ndarray, ...]:
    # Which characters below _FOLDED_BELOW are digits, digit look-alikes (or digits), spaces other than a line end,
    # and spaces.
    classes = [regex.compile(r"\d"), regex.compile(_LOOKALIKE), regex.compile(r"[^\S\n]"), regex.compile(r"\s")]
    return tuple(np.array([bool(c.match(chr(code))) for code in range(_FOLDED_BELOW)]) for c in classes)


def fold(text: str) -> str:
    """``text`` lower-cased without diacritics, one character for each ("Quyết định" → "quyet dinh")."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and codes.max() >= _FOLDED_BELOW:
        return text.translate(_FOLDS)
    return _fold_table()[codes].tobytes().decode("utf-32-le")


@dataclass
class Repaired:
    """A text with its OCR'd stretches repaired, and the way back to offsets of the text as printed."""

    text: str
    # (start in the repaired text, its length, start in the printed text, its length) of each edit, in order.
    edits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def original(self, pos: int) -> int:
        """The offset in the printed text of offset ``pos`` of the repaired text."""
        i = bisect.bisect_right(self.edits, (pos, float("inf"))) - 1
        if i < 0:
            return pos
        at, length, printed, printed_length = self.edits[i]
        if pos == at:
            return printed
        if pos >= at + length:
            return pos - at - length + printed + printed_length
        return printed + min(pos - at, printed_length)


# Below this many characters a scan of a whole OCR'd stretch for kind words costs less than finding its windows.
_WINDOWED_FROM = 20_000


class _Repairs:
    """The patterns of OCR repairs, compiled once from rules/kinds and the [ocr] table of rules/citations."""

    def __init__(self) -> None:
        ocr = load("citations")["ocr"]
        self.misreadings = ocr["misreadings"]
        self.misread = regex.compile(phrases(list(self.misreadings)))
        # Kind words, folded (no case, no diacritics: "Nghi định", "QUYÉT ĐỊNH"), and with at most one wrong letter
        # where the folded name has enough letters that one wrong letter does not make another word ("Quyct
        # định"); never a word's first letter ("căn bản" is not "văn bản").
        self.names: list[str] = []
        self.known: set[str] = set()
        alternatives = []
        # A kind word is repaired only where it can head a citation, as the finder reads one: at most so many
        # words before "số" and a number, or right before a coded number on its line ("Chỉ thị 38/CT-TTg"), or a
        # bare one for kinds cited so ("Nghị định 68"). "xã Văn Bàn" in a name, a title or a table stays.
        limits = load("citations")
        so = r"(?:,?[^\S\n]+[\p{L}(][\p{L}\d)]*){0,%d}?\s*[:(]?\s*so\b[^\S\n]*[:.]?\s*" + _LOOKALIKE + r"*\d"
        coded = rf"[^\S\n]+{_LOOKALIKE}*\d{_LOOKALIKE}*\ ?[/\-–]"
        bare = rf"[^\S\n]+{_LOOKALIKE}*\d"
        self.number_after = {
            (long_name, bare_number): regex.compile(
                rf"{so % limits['max_name_words' if long_name else 'max_gap_words']}|{bare if bare_number else coded}"
            )
            for long_name in (False, True) for bare_number in (False, True)
        }
        self.cited_as: list[tuple[bool, bool]] = []
        spellings: list[tuple[list[str], bool]] = []
        for row in load("kinds")["kind"]:
            for word in [row["name"], *row.get("words", [])]:
                self.cited_as.append((row.get("long_name", False), row.get("bare_number", False)))
                self.known.add(" ".join(word.lower().split()))
                folded = fold(word).split()
                pattern = r"\s+".join(map(regex.escape, folded))
                fuzzy = len("".join(folded)) >= ocr["fuzzy_min_letters"]
                alternatives.append((len(word), f"({pattern}){{s<=1}}" if fuzzy else f"({pattern})", len(self.names)))
                spellings.append((folded, fuzzy))
                self.names.append(row["name"])
        # Longest first, so "thong tu lien tich" wins over "thong tu". A spelling that folds like an earlier one
        # ("Nghi dinh", "Nghị định") could never match before it and would only cost time.
        ordered: dict[str, int] = {}
        for _, pattern, index in sorted(alternatives, key=lambda a: -a[0]):
            ordered.setdefault(pattern, index)
        named = "|".join(f"(?P<k{index}>{pattern[1:]}" for pattern, index in ordered.items())
        # A repair never changes a word's first letter (see ``edits``): the positions where a kind's first letter
        # stands are the only ones worth a fuzzy try.
        initials = regex.escape("".join(sorted({pattern[1] for pattern in ordered})))
        opening, closing = rf"(?<![\p{{L}}\d])(?=[{initials}])(?:", r")(?![\p{L}\d])"
        self.kind = regex.compile(f"(?e){opening}{named}{closing}")
        # The same without fuzziness, tried first (``_kind_at``); ``kind_starts`` says where either can start.
        self.kind_exact = regex.compile(opening + named.replace("{s<=1}", "") + closing)
        self.kind_starts = _kind_starts(spellings)
        # Where a kind word may stand before its number (``kinds``): the runs of text a kind word, the words
        # between it and "số", and the letters of a kind word with one wrong one may span.
        most_words = max(len(words) for words, _ in spellings) + 1
        gap = max(limits["max_name_words"], limits["max_gap_words"])
        self.kind_back = regex.compile(r"(?:\S+\s*){0,%d}" % (most_words + 1), flags=regex.REVERSE)
        self.so_back = regex.compile(r"(?:\S+\s*){0,%d}" % (gap + most_words + 3), flags=regex.REVERSE)
        most_letters = max(len("".join(words)) for words, _ in spellings) + 1
        self.letters_back = regex.compile(r"(?:\S\s*){0,%d}" % most_letters, flags=regex.REVERSE)
        self.so_number = re.compile(rf"so(?=[\s:.]*{_LOOKALIKE}*\d)")
        # The letters that can stand last in a kind word: its last, or with a letter misread the one before it.
        before_last = {words[-1][-2] for words, fuzzy in spellings if fuzzy}
        last = {words[-1][-1] for words, _ in spellings} | before_last
        self.letter_tables = tuple(
            np.isin(np.arange(_FOLDED_BELOW), [ord(c) for c in letters]) for letters in (last, before_last, "/-–")
        )
        # The last word of each kind cited with a bare number, whether a letter of it may be wrong, and the last
        # letter of the word before it where it has to be as spelled.
        ends = sorted({
            (words[-1], fuzzy, words[-2][-1] if len(words) > 1 and not fuzzy else "\0")
            for (words, fuzzy), (_, bare) in zip(spellings, self.cited_as) if bare
        })
        width = max(len(word) for word, _, _ in ends)
        self.bare_ends = (
            np.array([[0] * (width - len(word)) + [ord(c) for c in word] for word, _, _ in ends], dtype=np.uint32),
            np.array([len(word) for word, _, _ in ends]),
            np.array([int(fuzzy) for _, fuzzy, _ in ends]),
            np.array([ord(letter) for _, _, letter in ends], dtype=np.uint32),
        )
        # "số", "ngày", "tháng" as OCR reads them before a number ("sô 151", "Só:465", "ngây 17", "ngày18"), and
        # "năm" after "tháng" and a month; the number or month after them is repaired with them ("tháng l1").
        self.lead_words = {fold(w): w for w in ocr["lead_words"]}
        before_number = [w for w in self.lead_words if w != "nam"]
        self.lead = regex.compile(
            rf"(?<![\p{{L}}\d])(?P<word>{'|'.join(map(regex.escape, before_number))}|(?<=thang\s+\S{{1,3}}\s+)nam)"
            r"(?P<gap>[^\S\n]*(?:[:.]|(?P<mark>['’‘]))?[^\S\n]*\n?[^\S\n]*)"
        )
        self.lead_forms = (*before_number, "nam")
        # The lead words as ``_respell`` writes them: one printed so needs no repair.
        self.lead_spelled = {form for w in self.lead_words.values() for form in (w, w.upper(), w[:1].upper() + w[1:])}
        self.month = regex.compile(r"[Il|\]\d]{1,2}(?=\s+(?i:năm|nam)\b)")

    def edits(self, text: str, start: int, end: int, seen: _Seen) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each repair inside ``text[start:end]``, in order, not overlapping."""
        # Misread characters first ("QĐÐ" is QĐ); the repairs below read the result, and their spans are mapped
        # back through it.
        stretch = text[start:end]
        # Most OCR'd texts hold no misread character at all, which str's own search tells four times faster.
        misread = self.misread.finditer(text, start, end) if any(c in stretch for c in self.misreadings) else ()
        first = _apply(stretch, [(m.start(), m.end(), self.misreadings[m.group()]) for m in misread], start)
        piece, back = first.text, lambda p: start + first.original(p)
        out = [(start + printed, start + printed + printed_size, piece[at : at + size])
               for at, size, printed, printed_size in first.edits]
        folded = fold(piece)
        for m in self.kinds(folded):
            printed, index = piece[m.start() : m.end()], int(m.lastgroup[1:])
            if (
                " ".join(printed.lower().split()) in self.known
                or any(p == m.start() or folded[p - 1].isspace() for p in m.fuzzy_changes[0])
                or not self.number_after[self.cited_as[index]].match(folded, m.end())
            ):
                continue
            out.append((back(m.start()), back(m.end()), _respell(printed, self.names[index])))
        for m in _tried(self.lead.match, find_all(folded, self.lead_forms), folded):
            month = m["word"] == "thang" and self.month.match(piece, m.end())
            number = month or _NUMBER_TOKEN.match(piece, m.end())
            if not number:
                continue
            printed = piece[m.start() : m.end("word")]
            # Most are printed right ("số 15", "ngày 12"), and a repair that changes nothing is dropped (``_merged``)
            # and overlaps no other: none is built. Where a misread character was repaired the printed text differs.
            if (not first.edits and m["mark"] is None and m["gap"] and printed in self.lead_spelled
                    and number.group().isdecimal()):
                continue
            # The printed spaces and line break stay; a stray mark goes, and a glued number gets its space.
            gap = m["gap"].replace(m["mark"] or "\0", "") or " "
            word = _respell(printed, self.lead_words[m["word"]]) + gap
            digits = number.group().translate(_MONTH_LOOKALIKES) if month else repair_digits(number.group())
            out += [(back(m.start()), back(m.end()), word), (back(number.start()), back(number.end()), digits)]
        for m in _chains(piece):
            if m.captures("digits") and (repaired := _repair_chain(m, seen)) != m.group():
                out.append((back(m.start()), back(m.end()), repaired))
        return _merged(text, out)

    def kinds(self, folded: str) -> Iterator[regex.Match]:
        """The kind words a scan of all ``folded`` finds that end where a number can follow, and maybe a few more."""
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if codes.size < _WINDOWED_FROM or codes.max() >= _FOLDED_BELOW:
            yield from _tried(self._kind_at, _starts(self.kind_starts, folded), folded)
            return
        # Only 1 in 14 kind words is followed by a number: the scan is run only in windows before the numbers, each
        # begun where no kind word spans, so that it finds there just what a scan of the whole text finds.
        done = 0
        for low, high in sorted(self._windows(folded, codes)):
            if high <= done:
                continue
            first = done if low <= done else max(done, self._settled(folded, low))
            for m in _tried(self._kind_at, _starts(self.kind_starts, folded, first), folded, first, high):
                done = m.end()
                yield m
            done = max(done, high)

    def _windows(self, folded: str, codes: np.ndarray) -> Iterator[tuple[int, int]]:
        # (first, last) places where a kind word followed by a number ("số 5", " 38/CT", bare " 68") can start.
        for so in self.so_number.finditer(folded):
            yield self.so_back.match(folded, 0, so.start()).start(), so.start()
        digit, lookalike, space, blank = _class_tables()
        places = np.flatnonzero(digit[codes])
        # The runs of look-alikes holding a digit ("1O/2O21", "l5"), after a space on their line.
        runs = _walked(places[np.append(True, places[1:] != places[:-1] + 1)], -1, lookalike, codes)
        runs = runs[np.append(True, runs[1:] != runs[:-1])]
        runs = runs[runs > 0]
        runs = runs[space[codes[runs - 1]]]
        # The spaces before a run begin where a kind's last word ends, or one later if its last letter was misread:
        # there stands the last letter of a kind word, or the one before it if the last is misread.
        spaces = _walked(runs - 1, -1, space, codes)
        last, before_last, separator = self.letter_tables
        near = last[codes[np.maximum(spaces - 1, 0)]] | before_last[codes[np.maximum(spaces - 2, 0)]]
        runs, spaces = runs[near], spaces[near]
        ends = _walked(runs, 1, lookalike, codes) + 1
        after = np.append(codes, np.zeros(2, dtype=np.uint32))[ends[:, None] + np.arange(2)]
        coded = separator[after[:, 0]] | (after[:, 0] == ord(" ")) & separator[after[:, 1]]
        bare = np.zeros(runs.size, dtype=bool)
        words, lengths, fuzzy, before = self.bare_ends
        width = words.shape[1]
        columns = np.arange(-width, 0)
        for shift in (0, 1):
            # Only the runs a kind word can end before are tested: shifted, those with two spaces or more before them.
            rows = np.flatnonzero(spaces + shift < runs)
            ending = spaces[rows] + shift
            letters = codes[np.maximum(ending[:, None] + columns, 0)]
            # How many letters of each word differ there, and whether its first does: a repaired kind word keeps each
            # word's first letter (``edits``). Counted a column at a time, several times faster than summing a cube.
            wrong = np.zeros((rows.size, len(words)), dtype=np.uint8)
            first = np.zeros(wrong.shape, dtype=bool)
            for column in range(width):
                differs = (letters[:, column, None] != words[:, column]) & (column >= width - lengths)
                wrong += differs
                first |= differs & (column == width - lengths)
            hit = ~first & (wrong <= fuzzy)
            hit &= (ending[:, None] >= lengths) & (fuzzy > 0 if shift else True)
            # One not fuzzy is as spelled, apart from the word before, which ends with its letter.
            row, column = np.nonzero(hit & (before > 0))
            head = ending[row] - lengths[column] - 1
            last = _walked(np.maximum(head, 0), -1, blank, codes) - 1
            hit[row, column] = (head > 0) & blank[codes[np.maximum(head, 0)]] & (last >= 0) & (
                codes[np.maximum(last, 0)] == before[column]
            )
            bare[rows] |= hit.any(axis=1)
        for start in runs[coded | bare].tolist():
            yield self.kind_back.match(folded, 0, start).start(), start

    def _settled(self, folded: str, at: int) -> int:
        # The last place at or before ``at`` that no kind word found from before it spans: a scan begun there finds
        # what a scan of the whole text finds. A kind word spans too few letters to come from before ``reach``.
        while True:
            reach = self.letters_back.match(folded, 0, at).start()
            for start in self.kind_starts.finditer(folded, reach):
                if start.start() >= at:
                    return at
                if (m := self._kind_at(folded, start.start())) and m.end() > at:
                    at = start.start()
                    break
            else:
                return at

    def _kind_at(self, folded: str, at: int) -> regex.Match | None:
        # Where a spelling stands as printed the fuzzy pattern, which seeks the fewest errors, finds just what the
        # exact one finds, several times faster.
        return self.kind_exact.match(folded, at) or self.kind.match(folded, at)


def _tried(
    match: Callable[[str, int], regex.Match | None], starts: Iterable[int], text: str, first: int = 0,
    stop: int | None = None,
) -> Iterator[regex.Match]:
    """What ``finditer`` finds of a pattern that ``match(text, at)`` tries, given where in ``text`` it can start
    (``starts``, in order, maybe more).

    Only the finds that start from ``first`` on and before ``stop``, where nothing found before ``first`` spans it.
    """
    end, stop = first, len(text) if stop is None else stop
    for start in starts:
        if start >= stop:
            break
        if start >= end and (m := match(text, start)):
            end = m.end()
            yield m


def _starts(pattern: re.Pattern, text: str, first: int = 0) -> Iterator[int]:
    """Where ``pattern`` is found in ``text`` from ``first`` on."""
    return map(re.Match.start, pattern.finditer(text, first))


def _walked(places: np.ndarray, step: int, within: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each of ``places`` moved by ``step`` for as long as the character it moves onto is one ``within`` holds."""
    places = places.copy()
    moving = np.arange(places.size)
    while moving.size:
        onto = places[moving] + step
        inside = (onto >= 0) & (onto < codes.size)
        moving, onto = moving[inside], onto[inside]
        held = within[codes[onto]]
        moving = moving[held]
        places[moving] = onto[held]
    return places


def _word_starts(forms: dict[str, list[tuple[tuple[str, ...], str]]]) -> re.Pattern:
    """Where a word opens with one of ``forms`` (by first letter: pattern atoms after it, then a tail)."""
    # A literal first in every branch lets ``re`` skip to the letters that can start one; it is loose before
    # them (no Latin letter or digit), as it only says where the real pattern is worth a try.
    return re.compile("|".join(
        rf"{re.escape(c)}(?<![a-z0-9]{re.escape(c)})(?={_trie(tails)})" for c, tails in sorted(forms.items())
    ))


_ANY = r"[\s\S]"


def _kind_starts(spellings: list[tuple[list[str], bool]]) -> re.Pattern:
    """Where a kind word (folded words, and whether one letter may be wrong) can start: an exact, cheap superset.

    The fuzzy pattern tried at every word costs most of the repairs; this one finds the few places worth it. A
    spelling with one wrong letter has its first word whole and then its second whole or nearly, or its first
    word one letter off and all the rest whole. Built for the standard ``re``, several times faster than
    ``regex`` on such an alternation.
    """
    end = r"(?![a-z0-9])"
    forms: dict[str | None, list[tuple[tuple[str, ...], str]]] = {None: []}
    for words, fuzzy in spellings:
        first, rest = words[0], words[1:]
        letters = tuple(map(re.escape, first[1:]))
        exact = "".join(rf"\s+{re.escape(w)}" for w in rest)
        starting = forms.setdefault(first[0], [])
        if not fuzzy:
            starting.append((letters, exact))
            continue
        # The first word whole, then a wrong space or the second word whole, or the second word one letter off.
        after = "".join(rf"\s+{re.escape(w)}" for w in rest[1:]) + end
        whole = rf"(?:\s*{_ANY}\s*{re.escape(rest[0])}|\s+{_ANY}{{{len(rest[0])}}}{after})" if rest else end
        starting.append((letters, whole))
        # The first word one letter off: any letter but its first (the start of the form), or its first.
        starting += [(letters[:i] + (_ANY,) + letters[i + 1 :], exact + end) for i in range(len(letters))]
        forms[None].append((letters, exact + end))
    anywhere = forms.pop(None)
    return _word_starts({c: tails + anywhere for c, tails in forms.items()})


def _trie(forms: list[tuple[tuple[str, ...], str]]) -> str:
    # One alternation of ``forms`` (pattern atoms, then a tail) with their common first atoms shared, so that
    # ``re`` tests each atom once where a flat list would test it in every form.
    heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    tails = []
    for atoms, tail in sorted(set(forms)):
        if atoms:
            heads.setdefault(atoms[0], []).append((atoms[1:], tail))
        else:
            tails.append(tail)
    return "|".join([f"{head}(?:{_trie(rest)})" for head, rest in heads.items()] + tails)


_MONTH_LOOKALIKES = str.maketrans({"I": "1", "l": "1", "|": "1", "]": "1", "O": "0", "o": "0"})


def _respell(printed: str, name: str) -> str:
    # The kind's name in the printed word's case, with the printed spaces and line breaks kept.
    letters = [c for c in printed if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        name = name.upper()
    elif printed[:1].isupper():
        name = name[:1].upper() + name[1:]
    else:
        name = name.lower()
    gaps = _WHITESPACE.findall(printed)
    words = name.split()
    if len(gaps) != len(words) - 1:
        return name
    return "".join(w + g for w, g in zip(words, [*gaps, ""]))


def _merged(text: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    # Of overlapping repairs the one that starts first, and at one start the longer, wins: a misread character
    # inside a number shape or a kind word is already repaired in that one's replacement. No-op repairs go.
    kept: list[tuple[int, int, str]] = []
    for start, end, new in sorted(edits, key=lambda e: (e[0], -e[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, new))
    return [e for e in kept if text[e[0] : e[1]] != e[2]]


@lru_cache(maxsize=1)
def _repairs() -> _Repairs:
    return _Repairs()


def code_counts(text: str) -> Counter:
    """How often each code segment of a number shape occurs in ``text`` (evidence for doubled-letter repairs)."""
    counts: Counter = Counter()
    for m in _chains(text):
        for start, end in m.spans("code"):
            counts.update(_SEGMENT.findall(text[start:end]))
    return counts


class _Seen:
    """``code_counts`` of a text, counted when a doubled-letter repair first asks: most texts never do."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def counts(self) -> Counter:
        return code_counts(self.text)

    def __getitem__(self, segment: str) -> int:
        return self.counts[segment]


def repair_text(text: str, spans: Iterable[tuple[int, int]]) -> Repaired:
    """``text`` with OCR misreadings repaired inside ``spans`` (kind words, "số", date words, number shapes)."""
    repairs = _repairs()
    seen = _Seen(text)
    return _apply(text, [e for start, end in sorted(spans) for e in repairs.edits(text, start, end, seen)])


def _apply(text: str, edits: list[tuple[int, int, str]], offset: int = 0) -> Repaired:
    # ``edits`` (start, end, replacement), in order and apart, index ``text`` from ``offset`` on.
    pieces, mapped, at, shift = [], [], 0, 0
    for start, end, new in edits:
        start, end = start - offset, end - offset
        pieces += [text[at:start], new]
        mapped.append((start + shift, len(new), start, end - start))
        shift += len(new) - (end - start)
        at = end
    pieces.append(text[at:])
    return Repaired("".join(pieces), mapped)


def ocr_spans(text: Text) -> list[tuple[int, int]]:
    """Spans of ``text`` that came from OCR'd pages: every paragraph of a page with a paragraph of confidence < 1."""
    pages = {p.page for p in text.paragraphs if p.confidence < 1.0}
    spans: list[tuple[int, int]] = []
    for p in text.paragraphs:
        if p.page not in pages:
            continue
        if spans and not text.text[spans[-1][1] : p.start].strip():
            spans[-1] = (spans[-1][0], p.end)
        else:
            spans.append((p.start, p.end))
    return spans
