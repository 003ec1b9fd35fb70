"""Footnote marks and heading numbers on OCR'd pages, recovered from numbering sequences.

Tesseract reads a superscript mark as a stray glyph ("?", "”", "°", "*", "'3") or glues it to the word
before ("khoá 19/.", "năm 2024?", "năm 20227;"), or drops it. The notes at the page bottom still tell
which numbers exist and in which order: a note opens with a small raised box or, when the mark was
lost, with an indent; the body marks are then the best-scoring places, in order, between which the
page's note numbers are spread. The repaired lines carry each mark as a small raised digit run, the
shape a digital PDF gives, so the positioned layout reads them like any other mark. A heading number
read as a letter ("o. Công tác" for "5. Công tác") is restored from the headings before it.
"""

from __future__ import annotations

from dataclasses import replace
from statistics import median

import regex

from ..ingest.quality import is_syllable
from ..models import Block, Line, Marker, Run
from .marks import SUPERSCRIPT_CLASS

# Glyphs Tesseract prints for a superscript digit (besides digits themselves).
_GLYPHS = rf"?”“\"'’‘`°*^/|!)\]{SUPERSCRIPT_CLASS[1:-1]}"
_MARK_TOKEN = regex.compile(rf"[{_GLYPHS}\d]{{1,3}}")
_GLUED = regex.compile(
    rf"^(?P<core>.*?[\p{{L}}\d%])(?P<glyph>[{_GLYPHS}]{{1,3}}|\d{{1,2}})(?P<punct>[.,;:…]*)$")
_LOW_END = regex.compile(r"^(?P<core>.*?[\p{L}\d%])(?P<glyph>)(?P<punct>[.,;:…]+)$")
_HEADING = regex.compile(r"(?P<number>\d{1,2})\.\s|(?P<part>[IVXLC]+|[A-ZĐ])\.\s")
_MISREAD_HEADING = regex.compile(r"(?:[oOlSsBgqZz|]\.|(?P<number>\d{1,2}),)(?=\s+\p{Lu})")
_YEAR = regex.compile(r"(?:.*\D)?(?:19|20)\d\d")
_QUOTES_OPEN, _QUOTES_CLOSE = "“", "”\"'’"
_STRONG = "?/°*^`|!¹²³⁰⁴⁵⁶⁷⁸⁹"
_BULLETS = {"-", "–", "+", "•", ".", ",", "_"}
_WEAK_CONFIDENCE = 0.75  # a word read this unsurely, ending in punctuation, may hide a dropped mark


def _baseline(line: Line) -> float:
    return median(r.bottom for r in line.runs)


def _raised(run: Run, line: Line, size: float) -> bool:
    """A small box standing above the line's baseline: how a superscript mark looks to Tesseract."""
    return (run.bottom < _baseline(line) - 0.25 * size and 0.15 * size <= run.bottom - run.top < 0.7 * size)


def _mark_run(number: int, beside: Run, size: float) -> Run:
    """A small raised run holding ``number``, as a digital PDF's superscript mark reads."""
    return Run(text=str(number), x0=beside.x1, x1=beside.x1 + 0.3 * size, top=beside.bottom - 1.1 * size,
               bottom=beside.bottom - 0.5 * size, size=0.55 * size, confidence=beside.confidence)


def _line(runs: list[Run]) -> Line:
    return Line(runs=runs, x0=min(r.x0 for r in runs), x1=max(r.x1 for r in runs),
                top=min(r.top for r in runs), bottom=max(r.bottom for r in runs))


# ---------------------------------------------------------------------------
# notes: the page's footnote area
# ---------------------------------------------------------------------------


def note_start(line: Line, size: float) -> str | None:
    """'mark' if the line opens with a note mark as Tesseract reads one (a small raised box or a mark glyph)."""
    if len(line.runs) < 2:
        return None
    first, text = line.runs[0], line.runs[0].text.strip()
    if len(text) > 3 or text in _BULLETS or not (line.runs[1].text[:1].isupper() or line.runs[1].text[:1] in "“\"("):
        return None
    if _raised(first, line, size) or (_MARK_TOKEN.fullmatch(text) and not text.isdigit()):
        return "mark"
    return None


def _junk(word: str) -> bool:
    """A one-letter token, or a two-letter one that is no Vietnamese word: what a misread mark leaves."""
    word = word.strip()
    return not word.isdigit() and (len(word) == 1 or len(word) == 2 and not is_syllable(word))


def number_notes(lines: list[Line], last: int) -> list[Line]:
    """The footnote area's lines with each note start as a small digit run numbered in sequence after ``last``.

    A note opens with a mark token, or with an indent where its mark was lost after a line that ended.
    """
    if not lines:
        return lines
    size = median(r.size for line in lines for r in line.runs)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[Line] = []
    number = last
    for i, line in enumerate(lines):
        kind = note_start(line, size)
        prev = lines[i - 1] if i else None
        indented = (prev is not None and left + 0.5 * size <= line.x0 <= left + 3 * size
                    and line.runs[0].text[:1].isupper()
                    and (prev.x1 < right - 2 * size or prev.text.rstrip()[-1:] in ".;"))
        if kind is None and not indented and i:
            out.append(line)
            continue
        number += 1
        if kind is None and indented and _junk(line.runs[0].text) and len(line.runs) > 1:
            kind = "mark"  # "È Nghị định ..." at a note's indent: the mark, misread as a letter
        if kind == "mark":
            read = line.runs[0].text.strip()
            if read.isdigit() and last < int(read) <= number + 2:
                number = int(read)  # a clean digit resyncs the sequence after a lost note
            runs = [_mark_run(number, line.runs[0], size), *line.runs[1:]]
            runs[0] = replace(runs[0], x0=line.runs[0].x0, x1=line.runs[0].x1)
        else:
            runs = [_mark_run(number, line.runs[0], size), *line.runs]
            runs[0] = replace(runs[0], x0=line.runs[0].x0 - 0.4 * size, x1=line.runs[0].x0 - 0.1 * size)
        runs[0].top, runs[0].bottom = line.runs[-1].top - 0.3 * size, _baseline(line) - 0.5 * size
        out.append(_line(runs))
    return out


# ---------------------------------------------------------------------------
# body: where each note's mark stands
# ---------------------------------------------------------------------------


def _candidates(lines: list[Line]) -> list[tuple[int, int, regex.Match, str]]:
    """Places a mark may hide, in reading order: (line, run, match, kind) with kind strong|quote|digit|weak."""
    found = []
    quotes = parens = 0
    for li, line in enumerate(lines):
        for ri, run in enumerate(line.runs):
            word = run.text.strip()
            m = _GLUED.match(word)
            kind = None
            if m:
                quotes += m["core"].count("“") - m["core"].count("”") - m["core"].count('"')
                parens += m["core"].count("(") - m["core"].count(")")
                word = m["glyph"] + m["punct"]
                glyph = m["glyph"]
                if glyph.isdigit():
                    kind = "digit"
                elif any(c in _STRONG for c in glyph):
                    kind = "strong"
                elif glyph[0] in _QUOTES_CLOSE:
                    kind = "quote" if quotes == 0 else None
                elif glyph[0] in ")]":
                    kind = "quote" if parens == 0 else None
            if kind is None and run.confidence < _WEAK_CONFIDENCE:
                m = _LOW_END.match(word)
                kind = "weak" if m else None
            # Quotes and brackets opened before a glyph close there: such a glyph is printed, not a mark.
            quotes += word.count("“") - (word.count("”") + word.count('"') if kind is None else 0)
            parens += word.count("(") - (word.count(")") if kind is None else 0)
            quotes, parens = max(quotes, 0), max(parens, 0)
            if kind:
                found.append((li, ri, m, kind))
    return found


def _score(number: int, candidate: tuple[int, int, regex.Match, str], confidence: float) -> tuple[float, str]:
    """How surely a candidate place is note ``number``'s mark (0: it is not), and the word before the mark."""
    _, _, m, kind = candidate
    unsure = 1 - confidence
    if kind != "digit":
        return {"strong": 3.0, "quote": 2.0, "weak": 0.5}[kind] + unsure, m["core"]
    stem, mark = m["core"] + m["glyph"], str(number)
    core = stem[: -len(mark)] if stem.endswith(mark) else ""
    if core and (core[-1].isalpha() or _YEAR.fullmatch(core)):  # "hoạch12", "năm 20227;"
        return 4.0 + unsure, core
    if core and m["punct"] and not _YEAR.fullmatch(stem):
        return 1.0, core  # "khoá 196." only before punctuation
    if m["punct"] and confidence < _WEAK_CONFIDENCE:
        return 0.5 + unsure, stem  # a number read unsurely before punctuation: the mark may be lost there
    return 0.0, core


def mark_body(lines: list[Line], numbers: list[int]) -> list[Line]:
    """The page's body lines with the marks of notes ``numbers`` put back as small raised digit runs.

    The notes' marks stand in the body in the notes' order: the places are chosen together, in order,
    to score best in all.
    """
    if not numbers or not lines:
        return lines
    found = _candidates(lines)
    conf = [lines[li].runs[ri].confidence for li, ri, _, _ in found]
    k, n = len(numbers), len(found)
    # best[i][j]: the best total placing notes i.. among candidates j..
    best = [[0.0] * (n + 1) for _ in range(k + 1)]
    for i in range(k - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            take = _score(numbers[i], found[j], conf[j])[0]
            best[i][j] = max(best[i][j + 1], best[i + 1][j], take + best[i + 1][j + 1] if take else 0.0)
    chosen: list[tuple[int, int, str]] = []
    i = j = 0
    while i < k and j < n:
        take, core = _score(numbers[i], found[j], conf[j])
        if take and best[i][j] == take + best[i + 1][j + 1]:
            chosen.append((j, numbers[i], core))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            i += 1
    out = list(lines)
    for j, number, text in reversed(chosen):
        li, ri, m, _ = found[j]
        line = out[li]
        run = line.runs[ri]
        size = run.size
        space = run.text[len(run.text.rstrip()):]
        core = replace(run, text=text)
        pieces = [core, _mark_run(number, core, size)]
        if m["punct"] or space:
            pieces.append(replace(run, text=m["punct"] + space, x0=run.x1, x1=run.x1))
        out[li] = _line([*line.runs[:ri], *pieces, *line.runs[ri + 1:]])
    return out


# ---------------------------------------------------------------------------
# headings: a number read as a letter
# ---------------------------------------------------------------------------


def renumber_headings(blocks: list[Block], ocr_pages: set[int]) -> list[Block]:
    """The blocks with a heading number that OCR read as a letter ("o. ") replaced by the next in sequence."""
    last = 0
    out = []
    for i, block in enumerate(blocks):
        if block.kind == "body":
            m = _HEADING.match(block.text)
            if m:
                last = int(m["number"]) if m["number"] else 0  # a part ("II.", "B.") restarts the numbering
            elif block.page in ocr_pages and (misread := _MISREAD_HEADING.match(block.text)):
                # "o. Công tác" after heading 4 is heading 5; "1, Về ..." is heading 1 with its dot misread.
                # A letter counts only between its neighbours ("4." before, "6." after): "B." may be a part B.
                if (misread["number"] is None and last and _next_heading(blocks, i) == last + 2
                        or misread["number"] and int(misread["number"]) == last + 1):
                    last += 1
                    number = f"{last}."
                    shift = len(number) - misread.end()
                    block = replace(block, text=number + block.text[misread.end():],
                                    markers=[Marker(mk.offset + shift, mk.number) for mk in block.markers])
        out.append(block)
    return out


def _next_heading(blocks: list[Block], after: int) -> int | None:
    """The number of the next numbered heading ("5. ...") after block ``after``; None at a Roman part or the end."""
    for block in blocks[after + 1:]:
        m = _HEADING.match(block.text) if block.kind == "body" else None
        if m:
            return int(m["number"]) if m["number"] else None
    return None
