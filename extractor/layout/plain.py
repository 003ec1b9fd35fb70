"""Repair plain text extracted from a PDF: find footnote notes between paragraphs and marks in the body.

Such text keeps each page's notes where the page bottom was, the body's marks as superscript digits,
and sometimes a mark flattened into an ordinary digit glued to the word before it ("khoá 196." for
"khoá 19⁶."). The numbering sequence of the notes is the evidence that tells notes and marks from
numbered headings, list items and real numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import regex

from ..models import Block, Marker
from ..rules import load, phrases
from .marks import SUPERSCRIPT_CLASS, from_superscript

# A note opens with its number: superscript digits, or plain digits and a space ("1 Kế hoạch số ...");
# "1. Công tác" and "2.1.4 Kết quả" are headings, not notes.
_NOTE_START = regex.compile(rf"(?:(?P<sup>{SUPERSCRIPT_CLASS}+)|(?P<plain>\d{{1,3}})(?=[ \t]))[ \t]*(?=\S)")
# A note reads like a reference: it starts with a capital ("Quyết định số ...") or a quote.
_NOTE_LIKE = regex.compile(r"[\p{Lu}“\"(]")
_MARK = regex.compile(rf"{SUPERSCRIPT_CLASS}+")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_SENTENCE_CASE = regex.compile(r"\p{Lu}\p{Ll}")


@lru_cache(maxsize=1)
def _rules() -> tuple[regex.Pattern, regex.Pattern]:
    rules = load("layout")
    return (regex.compile(rf"(?:^|[\d\s])(?:{phrases(rules['exponent_units'])})\Z"),
            regex.compile(rf"(?:{phrases(rules['bullets'])})\s"))


@lru_cache(maxsize=256)
def _flattened(number: int) -> regex.Pattern:
    """Where mark ``number`` may stand flattened: glued to the end of a word or number, or alone before punctuation."""
    return regex.compile(
        rf"""(?<![\w/.,])(?:(?P<word>\p{{Ll}}\p{{L}}*)|(?P<num>\d+))(?P<mark>{number})
             (?:(?P<punct>(?=[.,;:!?)”"’…]))|(?=\s|$))
           | (?<=\p{{L}}[ ])(?P<alone>{number})(?=[.,;:])""",
        regex.X,
    )


@dataclass
class _Piece:
    """A paragraph or note of the plain text while it is being repaired."""

    block: Block
    text: str
    wrapped: bool = False  # cut from its block only because it looked like a note: if not one, it rejoins
    note: int | None = None
    markers: list[Marker] = field(default_factory=list)


class _Evidence:
    """Where in the body pieces so far each note number may stand flattened; each piece is read once per number."""

    def __init__(self, kept: list[_Piece]):
        self.kept = kept
        self.read_to: dict[int, int] = {}
        self.latest: dict[int, int] = {}

    def since(self, number: int, lo: int) -> bool:
        """Whether mark ``number`` may stand flattened in a body piece from index ``lo`` on."""
        pattern = _flattened(number)
        for i in range(max(self.read_to.get(number, 0), lo), len(self.kept)):
            piece = self.kept[i]
            if piece.note is None and any(_score(m) for m in pattern.finditer(piece.text)):
                self.latest[number] = i
        self.read_to[number] = len(self.kept)
        return self.latest.get(number, -1) >= lo

    def changed(self, i: int) -> None:
        """Piece ``i`` got more text: read it again."""
        for number, read_to in self.read_to.items():
            self.read_to[number] = min(read_to, i)


def repair(blocks: list[Block]) -> list[Block]:
    """Plain-text blocks with footnote notes as kind="footnote" blocks and body marks as markers."""
    pieces = [piece for block in blocks for piece in _split(block)]
    kept: list[_Piece] = []
    marks: dict[int, list[tuple[int, Marker]]] = {}  # number -> its places (index in kept, marker) in order
    region = 0  # first index in kept of the body since the last group of notes
    group: int | None = None  # index in kept where the current group of notes began
    notes: list[tuple[int, int, int]] = []  # (number, index in kept, region start)
    last = 0
    evidence = _Evidence(kept)
    for piece in pieces:
        number, rest = _note_start(piece, last, len(kept), region, marks, evidence)
        if number is not None:
            if group is None:
                group = len(kept)
            piece.note, piece.text = number, piece.text[rest:]
            notes.append((number, len(kept), region))
            kept.append(piece)
            last = number
            continue
        if group is not None:
            region, group = len(kept), None
        _take_marks(piece)
        if piece.wrapped and kept and kept[-1].note is None and kept[-1].block is piece.block:
            # A line such as "3 chương trình mục tiêu quốc gia" that only looked like a note rejoins its paragraph.
            added = len(kept[-1].markers)
            _append(kept[-1], piece)
            evidence.changed(len(kept) - 1)
            new = kept[-1].markers[added:]
        else:
            kept.append(piece)
            new = piece.markers
        for m in new:
            marks.setdefault(m.number, []).append((len(kept) - 1, m))
    for number, at, start in notes:
        if not _place(marks, number, start, at):
            _recover(number, kept, marks, start, at)
    return [
        replace(p.block, text=p.text, kind="footnote", footnote=p.note, markers=[]) if p.note is not None
        else replace(p.block, text=p.text, markers=p.markers)
        for p in kept
    ]


def _place(marks: dict[int, list[tuple[int, Marker]]], number: int, lo: int, hi: int,
           after: tuple[int, int] = (-1, -1)) -> tuple[int, Marker] | None:
    """The first place of mark ``number`` in pieces lo..hi-1 that stands after position ``after``."""
    for i, m in marks.get(number, ()):
        if lo <= i < hi and (i, m.offset) > after:
            return i, m
    return None


def _split(block: Block) -> list[_Piece]:
    """The block cut where a line opens a list item or a note; other line breaks were wrapping."""
    if block.kind != "body" or block.markers:
        return [_Piece(block, block.text, markers=list(block.markers))]
    _, bullet = _rules()
    pieces: list[_Piece] = []
    lines: list[str] = []
    wrapped = False
    for line in block.text.split("\n"):
        line = line.strip()
        if not line:
            continue
        # A heading in capitals over a line in sentence case ("NGHỊ ĐỊNH" / "Quy định về ...") is two lines
        # of the header, not one wrapped line.
        heading = lines and lines[-1].isupper() and _SENTENCE_CASE.match(line)
        if lines and (heading or bullet.match(line) or _NOTE_START.match(line)):
            pieces.append(_Piece(block, " ".join(lines), wrapped=wrapped))
            lines = []
            wrapped = not (heading or bullet.match(line))
        lines.append(line)
    if lines or not pieces:
        pieces.append(_Piece(block, " ".join(lines), wrapped=wrapped))
    return pieces


def _note_start(piece: _Piece, last: int, count: int, region: int,
                marks: dict[int, list[tuple[int, Marker]]], evidence: _Evidence) -> tuple[int | None, int]:
    """The note number the piece opens with and where its text starts, or (None, 0) for body text."""
    m = _NOTE_START.match(piece.text)
    if m is None or piece.block.kind != "body":
        return None, 0
    if m["sup"]:
        number = from_superscript(m["sup"])
        return (number, m.end()) if number > last or number == 1 else (None, 0)
    number = int(m["plain"])
    # A plain number is a note only if it is the next in the sequence, reads like a note, and its mark
    # stands in the body since the last group of notes (as a superscript or flattened).
    if number != last + 1 or not _NOTE_LIKE.match(piece.text, m.end()):
        return None, 0
    if _place(marks, number, region, count) or evidence.since(number, region):
        return number, m.end()
    return None, 0


def _take_marks(piece: _Piece) -> None:
    """Move the piece's superscript marks out of its text into its markers (exponents like m² stay)."""
    unit, _ = _rules()
    out, last, removed = [], 0, 0
    for m in _MARK.finditer(piece.text):
        if m.group() in ("²", "³") and unit.search(piece.text[max(0, m.start() - 3) : m.start()]):
            continue
        out.append(piece.text[last : m.start()])
        piece.markers.append(Marker(m.start() - removed, from_superscript(m.group())))
        removed += len(m.group())
        last = m.end()
    if out:
        out.append(piece.text[last:])
        piece.text = "".join(out)


def _append(into: _Piece, piece: _Piece) -> None:
    """Join a wrapped line back onto the paragraph it came from."""
    shift = len(into.text) + 1
    into.text = f"{into.text} {piece.text}"
    into.markers.extend(Marker(m.offset + shift, m.number) for m in piece.markers)


def _candidates(number: int, kept: list[_Piece], lo: int, hi: int,
                lo_offset: int = 0, hi_offset: int | None = None) -> list[tuple[int, int, int, int]]:
    """Places between (lo, lo_offset) and (hi, hi_offset) where mark ``number`` may stand flattened.

    Each is (score, index in kept, start, length); a higher score is stronger evidence.
    """
    found = []
    pattern = _flattened(number)
    for i in range(lo, min(hi + 1, len(kept))):
        piece = kept[i]
        if piece.note is not None:
            continue
        start = lo_offset if i == lo else 0
        end = hi_offset if i == hi and hi_offset is not None else (len(piece.text) if i < hi else 0)
        for m in pattern.finditer(piece.text, start):
            if m.end() > end:
                break
            score = _score(m)
            if score:
                at = m.start("alone") if m["alone"] else m.start("mark")
                found.append((score, i, at, len(str(number))))
    return found


def _score(m: regex.Match) -> int:
    """How surely a flattened-mark match is a mark and not part of a real number (0: it is not)."""
    if m["alone"] or m["word"]:
        return 1 if m["alone"] else 3
    stem = m["num"]
    if stem == "0" or _YEAR.fullmatch(stem + m["mark"]):
        return 0
    if _YEAR.fullmatch(stem):  # "năm 20227;" is the year 2022 and mark 7
        return 3 if m["punct"] is not None else 2
    return 1 if m["punct"] is not None else 0  # "khoá 196." only before punctuation


def _recover(number: int, kept: list[_Piece], marks: dict[int, list[tuple[int, Marker]]],
             region: int, note: int) -> None:
    """Find note ``number``'s lost mark between the marks of its neighbours and turn it into a marker."""
    lo, lo_offset = region, 0
    for i, m in marks.get(number - 1, ()):
        if region <= i < note:
            lo, lo_offset = i, m.offset  # the last mark n-1 before the note
    hi, hi_offset = note, 0
    after = _place(marks, number + 1, lo, note, (lo, lo_offset))
    if after:
        hi, hi_offset = after[0], after[1].offset
    found = _candidates(number, kept, lo, hi, lo_offset, hi_offset)
    if not found:
        return
    best = max(score for score, *_ in found)
    _, i, at, length = next(f for f in found if f[0] == best)
    piece = kept[i]
    piece.text = piece.text[:at] + piece.text[at + length :]
    for m in piece.markers:
        if m.offset > at:
            m.offset -= length
    marker = Marker(at, number)
    piece.markers.append(marker)
    piece.markers.sort(key=lambda m: m.offset)
    places = marks.setdefault(number, [])
    places.append((i, marker))
    places.sort(key=lambda place: (place[0], place[1].offset))
