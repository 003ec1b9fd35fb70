"""Turn positioned pages (PDF text layer or OCR) into blocks in reading order, one page at a time.

Per page: page furniture (page numbers, running headers, e-signature boxes) is dropped; the footnote
area at the bottom becomes footnote blocks after the body; body lines are grouped into paragraphs by
indentation, spacing, line fill and style; superscript digits in the body become Block.markers.
Paragraphs are never joined across pages here (the page-break join comes later).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

import regex

from ..models import Block, Line, Marker, Page, Run
from ..rules import load
from .marks import superscript
from .ocrmarks import mark_body, note_start, number_notes, renumber_headings

_DIGITS = regex.compile(r"\s*(\d{1,3})\s*")
_NOTE_START = regex.compile(r"(\d{1,3})[.)]?\s+(?=\S)")
_LIST_ITEM = regex.compile(r"^(?:[-–+•*]\s|\(?\d+(?:\.\d+)*[.)]\s|\p{Ll}\)\s|[IVXLC]+\.\s|(?:Điều|Chương|Mục)\s+\d)")
_NUMBER = regex.compile(r"\d+")
_HYPHEN_END = regex.compile(r"\S[-‐]$")
_LAST_WORD = regex.compile(r"(\p{L}+)$")


@lru_cache(maxsize=None)
def _rules() -> dict:
    pdf = load("pdf")
    stamp = pdf["stamp"]

    def labels(words):
        return regex.compile(r"^\s*(?:" + "|".join(map(regex.escape, words)) + r")\s*:", regex.I)

    return {
        "label": labels(stamp["labels"]),
        "anchor": labels(stamp["anchors"]),
        "page_number": regex.compile(pdf["furniture"]["page_number"]),
        "margin": pdf["furniture"]["margin_share"],
        "repeat": pdf["furniture"]["repeat_share"],
        "exponent_units": frozenset(load("layout")["exponent_units"]),
    }


def to_blocks(pages: list[Page]) -> list[Block]:
    """The pages' paragraphs, footnotes and table cells as blocks in reading order, with page numbers."""
    size = body_size(pages)
    running = _running_lines(pages)
    blocks: list[Block] = []
    last_note = 0
    for page in pages:
        lines = _content_lines(page, running)
        if page.ocr:
            body, notes = _ocr_notes(page, _without_seal_text(lines, size), size, last_note)
        else:
            body, notes = _split_notes(page, lines, size)
        note_blocks = _note_blocks(page, notes, last_note)
        if page.ocr:
            body = mark_body(body, [b.footnote for b in note_blocks])
        blocks.extend(_body_blocks(page, body, size))
        if note_blocks:
            last_note = note_blocks[-1].footnote
        blocks.extend(note_blocks)
    return renumber_headings(blocks, {page.number for page in pages if page.ocr})


def body_size(pages: list[Page]) -> float:
    """The document's body font size: the size most characters are printed in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                sizes[round(run.size)] += len(run.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 12.0


# ---------------------------------------------------------------------------
# page furniture
# ---------------------------------------------------------------------------


def _shape(line: Line) -> str:
    return _NUMBER.sub("#", line.text.strip())


def _running_lines(pages: list[Page]) -> set[str]:
    # Header/footer lines repeated (numbers aside) at the top or bottom of many pages.
    rules = _rules()
    seen: Counter[str] = Counter()
    for page in pages:
        margin = rules["margin"] * page.height
        seen.update({_shape(l) for l in page.lines if l.bottom < margin or l.top > page.height - margin})
    least = max(3, rules["repeat"] * len(pages))
    return {shape for shape, n in seen.items() if n >= least and shape.strip("# ")}


def _content_lines(page: Page, running: set[str]) -> list[Line]:
    rules = _rules()
    margin = rules["margin"] * page.height
    lines = [l for l in page.lines if l.text.strip()]
    drop = set(_stamp_lines(lines))
    edge = [l for l in lines if id(l) not in drop]
    for i, line in enumerate(edge):
        near_edge = line.bottom < margin or line.top > page.height - margin
        if not near_edge:
            continue
        first_or_last = i in (0, len(edge) - 1)
        if (first_or_last and rules["page_number"].fullmatch(line.text)) or _shape(line) in running:
            drop.add(id(line))
    return [l for l in lines if id(l) not in drop]


def _stamp_lines(lines: list[Line]) -> list[int]:
    # Consecutive "Label: value" lines in one box, one of them an anchor such as "Ký bởi:".
    rules = _rules()
    out: list[int] = []
    group: list[Line] = []

    def close() -> None:
        if any(rules["anchor"].match(l.text) for l in group):
            out.extend(id(l) for l in group)

    for line in lines:
        if rules["label"].match(line.text) and (
                not group or (abs(line.x0 - group[-1].x0) < 20 and line.top - group[-1].bottom < 2 * line_size(line))):
            group.append(line)
            continue
        close()
        group = [line] if rules["label"].match(line.text) else []
    close()
    return out


def line_size(line: Line) -> float:
    """The size most of the line's characters are printed in."""
    # Asked many times per line, so no Counter: on a tie the size met first wins, as with most_common.
    runs = line.runs
    if len(runs) == 1:
        return runs[0].size
    sizes: dict[float, int] = {}
    for run in runs:
        sizes[run.size] = sizes.get(run.size, 0) + len(run.text.strip())
    return max(sizes, key=sizes.__getitem__)


def _is_bold(line: Line) -> bool:
    bold = sum(len(r.text.strip()) for r in line.runs if r.bold)
    return bold * 2 > sum(len(r.text.strip()) for r in line.runs)


# ---------------------------------------------------------------------------
# footnotes
# ---------------------------------------------------------------------------


def _split_notes(page: Page, lines: list[Line], size: float) -> tuple[list[Line], list[Line]]:
    # The footnote area: small lines under a separator rule in the lower half, or else a bottom group of
    # small lines whose first line starts with a note number.
    small = [line_size(l) < 0.9 * size and l.cell is None for l in lines]  # a table cell is never a note
    rules = [y for y in page.graphics_rules if y > page.height / 2]
    for y in sorted(rules):
        below = [i for i, l in enumerate(lines) if l.top > y]
        if below and all(small[i] for i in below) and _starts_note(lines[below[0]]):
            cut = below[0]
            return lines[:cut], lines[cut:]
    cut = len(lines)
    while cut > 0 and small[cut - 1] and lines[cut - 1].top > page.height / 2:
        cut -= 1
    while cut < len(lines) and not _starts_note(lines[cut]):
        cut += 1
    return lines[:cut], lines[cut:]


def _starts_note(line: Line) -> bool:
    first = line.runs[0]
    if _DIGITS.fullmatch(first.text) and len(line.runs) > 1 and first.size < line.runs[1].size:
        return True
    return bool(_NOTE_START.match(line.text))


def _without_seal_text(lines: list[Line], size: float) -> list[Line]:
    # Bits of a seal or stamp that OCR read in the right margin, beside full body lines ("GỤC", "HỖA GI").
    if len(lines) < 5:
        return lines
    right = sorted(l.x1 for l in lines)[int(0.8 * (len(lines) - 1))]
    return [l for l in lines if not (l.x0 > right - size and l.x1 - l.x0 < 6 * size)]


def _ocr_notes(page: Page, lines: list[Line], size: float, last: int) -> tuple[list[Line], list[Line]]:
    # OCR reads a note's mark as a stray glyph or loses it, and sizes lines loosely. The footnote area is
    # what lies under a separator rule in the lower half, or else the bottom group of small lines, from the
    # first line that opens with a mark on; its note starts are numbered in sequence as small digit runs.
    cut = len(lines)
    rules = [y for y in page.graphics_rules if y > page.height / 2]
    below = [i for y in rules for i, l in enumerate(lines) if l.top > y][:1]
    if below:
        cut = below[0]
    else:
        while cut > 0 and line_size(lines[cut - 1]) < 0.9 * size and lines[cut - 1].top > page.height / 2:
            cut -= 1
    note_size = median(r.size for l in lines[cut:] for r in l.runs) if cut < len(lines) else size
    while cut < len(lines) and note_start(lines[cut], note_size) is None:
        cut += 1
    return lines[:cut], number_notes(lines[cut:], last)


def _note_blocks(page: Page, lines: list[Line], last: int) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        first = line.runs[0]
        number = None
        if _DIGITS.fullmatch(first.text) and len(line.runs) > 1 and first.size < line.runs[1].size:
            number, text = int(first.text), "".join(r.text for r in line.runs[1:]).strip()
        else:
            m = _NOTE_START.match(line.text)
            # A plain number opens a note only in sequence: "2021 của ..." continues the note before.
            if m and (not blocks and int(m[1]) > last or blocks and int(m[1]) == blocks[-1].footnote + 1):
                number, text = int(m[1]), line.text[m.end():].strip()
        if number is not None:
            blocks.append(Block(text=text, page=page.number, kind="footnote", footnote=number,
                                size=line_size(line)))
            runs = list(line.runs)
        elif blocks:
            blocks[-1].text = _join(blocks[-1].text, line.text.strip())
            runs.extend(line.runs)
        if blocks:
            blocks[-1].confidence = confidence(runs)
    return blocks


def confidence(runs: list[Run]) -> float:
    """The OCR confidence of a stretch of runs: their word confidences weighted by length (1.0 for a text layer)."""
    chars = sum(len(r.text.strip()) for r in runs)
    return sum(r.confidence * len(r.text.strip()) for r in runs) / chars if chars else 1.0


# ---------------------------------------------------------------------------
# body: columns, paragraphs, markers
# ---------------------------------------------------------------------------


@dataclass
class _Para:
    lines: list[Line] = field(default_factory=list)
    centered: bool = False
    table: bool = False


def _body_blocks(page: Page, lines: list[Line], size: float) -> list[Block]:
    if not lines:
        return []
    # The page's margins, indent and line pitch are those of its running text, not of its table cells.
    plain = [l for l in lines if l.cell is None] or lines
    body = [l for l in plain if abs(line_size(l) - size) < 1] or plain
    left = Counter(round(l.x0) for l in body).most_common(1)[0][0]
    right = sorted(l.x1 for l in body)[int(0.9 * (len(body) - 1))]
    indents = Counter(round(l.x0) for l in body if l.x0 > left + 2)
    indent = indents.most_common(1)[0][0] if indents else left
    pitch = _pitch(body)
    paras: list[_Para] = []
    for chunk, ruled in _ruled_tables(lines):
        if ruled:
            paras.extend(_cells(chunk))
            continue
        for flow, kind in _flows(chunk, left, right):
            lo, hi = (left, right) if kind == "main" else (min(l.x0 for l in flow), max(l.x1 for l in flow))
            paras.extend(_paragraphs(flow, lo, hi, indent, pitch, kind == "table"))
    return [_block(page, p) for p in paras]


def _ruled_tables(lines: list[Line]) -> list[tuple[list[Line], bool]]:
    # The page's lines as stretches of text outside ruled tables (False) and whole tables (True); a table
    # stands where its first line does, with every line of its cells, whatever text sits beside it.
    out: list[tuple[list[Line], bool]] = []
    tables: dict[int, list[Line]] = {}
    for line in lines:
        if line.cell is None:
            if not out or out[-1][1]:
                out.append(([], False))
            out[-1][0].append(line)
        else:
            if line.cell[0] not in tables:
                tables[line.cell[0]] = []
                out.append((tables[line.cell[0]], True))
            tables[line.cell[0]].append(line)
    return out


def _cells(lines: list[Line]) -> list[_Para]:
    # One paragraph per cell, row by row and left to right, its lines in page order.
    cells: dict[tuple[int, int, int], list[Line]] = {}
    for line in lines:
        cells.setdefault(line.cell, []).append(line)
    return [_Para(cells[key], table=True) for key in sorted(cells)]


def _pitch(lines: list[Line]) -> float:
    # Typical baseline distance over font size between consecutive lines of one paragraph.
    ratios = [(b.bottom - a.bottom) / line_size(b) for a, b in zip(lines, lines[1:])
              if 0 < b.bottom - a.bottom < 2 * line_size(b) and abs(line_size(a) - line_size(b)) < 0.5]
    return median(ratios) if ratios else 1.2


def _flows(lines: list[Line], left: float, right: float) -> list[tuple[list[Line], str]]:
    # Lines sharing a baseline are side by side: a header table, the signature block or a table row. A run
    # of such rows (with the half-width lines between them) is read column by column, left cell then right
    # cell; rows of three or more pieces make it a table. Everything else is the page's main flow.
    rows: list[list[Line]] = []
    for line in lines:
        if rows and abs(line.bottom - rows[-1][0].bottom) < 0.5 * line_size(line):
            rows[-1].append(line)
        else:
            rows.append([line])
    middle = (left + right) / 2
    flows: list[tuple[list[Line], str]] = []
    main: list[Line] = []
    region: list[list[Line]] = []

    def close() -> None:
        if main:
            flows.append((main.copy(), "main"))
            main.clear()
        if not region:
            return
        if sum(len(r) >= 3 for r in region) >= 2:  # one crowded row is a stray fill, two make a table
            flows.append(([l for r in region for l in r], "table"))
        else:
            flat = [l for r in region for l in r]
            flows.append(([l for l in flat if l.x1 <= middle + 40 and l.x0 < middle], "column"))
            flows.append(([l for l in flat if not (l.x1 <= middle + 40 and l.x0 < middle)], "column"))
        region.clear()

    for row in rows:
        line = row[0]
        centred = abs((line.x0 + line.x1) / 2 - middle) < 2 * line_size(line)
        narrow = not centred and (line.x1 <= middle + 40 or line.x0 >= middle - 40)
        if len(row) > 1 or (region and narrow):
            if not region and main:
                close()
            region.append(row)
            continue
        if region:
            close()
        main.append(row[0])
    close()
    return [(flow, kind) for flow, kind in flows if flow]


def _paragraphs(lines: list[Line], lo: float, hi: float, indent: float, pitch: float, table: bool) -> list[_Para]:
    paras: list[_Para] = []
    width = hi - lo
    for line in lines:
        size = line_size(line)
        # Centred: equal margins, and not merely a short first line at the usual paragraph indent.
        centered = (abs((line.x0 + line.x1) / 2 - (lo + hi) / 2) < 1.5 * size and line.x0 > lo + size
                    and line.x1 - line.x0 < 0.9 * width and abs(line.x0 - indent) > 2)
        if table or not paras or _breaks(paras[-1], line, lo, hi, indent, pitch, centered):
            paras.append(_Para([line], centered, table))
        else:
            paras[-1].lines.append(line)
    return paras


def _breaks(para: _Para, line: Line, lo: float, hi: float, indent: float, pitch: float, centered: bool) -> bool:
    prev = para.lines[-1]
    size = line_size(line)
    if abs(line_size(prev) - size) >= 1 or _is_bold(prev) != _is_bold(line):
        return True
    if line.bottom - prev.bottom > 1.2 * pitch * size or line.bottom <= prev.bottom:
        return True
    if (line.x0 > lo + size and prev.x1 - prev.x0 >= 0.7 * (hi - lo)
            and abs((prev.x0 + prev.x1) / 2 - (line.x0 + line.x1) / 2) < 0.5 * size
            and (prev.x0 > lo + size or abs(line.x0 - indent) > 2 or _is_bold(line))):
        # Wrapped around the same middle: a centred title, or a block indented on both sides (a plain
        # line at the paragraph indent under a full line is a new paragraph).
        para.centered = para.centered or abs(line.x0 - prev.x0) > size
        return False
    if para.centered or centered:
        # A centred paragraph wraps only after a nearly full line (which may be too wide to look centred).
        full = prev.x1 - prev.x0 >= 0.9 * (hi - lo) and len(para.lines) == 1
        joins = centered and (para.centered or full) and prev.x1 - prev.x0 >= 0.7 * (hi - lo)
        para.centered = para.centered or joins
        return not joins
    if prev.x1 < hi - 4 * size:
        return True  # the line before stopped short: its paragraph ended there
    if _LIST_ITEM.match(line.text) and prev.text.rstrip()[-1:] in ".;:!?":
        return True
    return line.x0 > min(l.x0 for l in para.lines) + 0.8 * size


def _join(text: str, more: str) -> str:
    # A line ending in a hyphen glued to its word ("511/KH-", "2021-") continues that word: Vietnamese
    # does not break syllables, so the hyphen is real and is kept, with no space.
    if _HYPHEN_END.search(text):
        return text + more
    return f"{text} {more}" if text and more else text + more


def _block(page: Page, para: _Para) -> Block:
    text, markers = "", []
    for line in para.lines:
        line_text, line_markers = _marked_text(line)
        start = len(text)
        joined = _join(text, line_text)
        shift = len(joined) - len(line_text) - start
        markers.extend(Marker(start + shift + m.offset, m.number) for m in line_markers)
        text = joined
    runs = [r for l in para.lines for r in l.runs]
    chars = sum(len(r.text.strip()) for r in runs) or 1
    sizes: Counter[float] = Counter()
    for r in runs:
        sizes[r.size] += len(r.text.strip())
    return Block(text=text, page=page.number, kind="table" if para.table else "body", markers=markers,
                 bold=sum(len(r.text.strip()) for r in runs if r.bold) * 2 > chars,
                 centered=para.centered, size=sizes.most_common(1)[0][0],
                 confidence=confidence(runs))


def _marked_text(line: Line) -> tuple[str, list[Marker]]:
    # Small raised digit runs are footnote marks (or the exponent of m², km²): marks leave the text.
    main = line_size(line)
    base = median(r.bottom for r in line.runs if r.size == main)
    text, markers = "", []
    for run in line.runs:
        m = _DIGITS.fullmatch(run.text)
        raised = run.size < 0.8 * main and run.bottom < base - 0.15 * main
        if m and raised and text and not text[-1].isspace():
            unit = _LAST_WORD.search(text)
            if unit and unit[1] in _rules()["exponent_units"]:
                text += superscript(int(m[1]))
            else:
                markers.append(Marker(len(text), int(m[1])))
                if run.text.endswith(" ") or run.text[-1:].isspace():
                    text += " "
            continue
        text += run.text
    return text.strip(), markers
