"""Read a digital PDF's text layer into positioned pages: pypdfium2 character boxes (fast) or pdfplumber.

Both engines only gather characters (text, left/right edge, baseline, size, font); one shared builder
turns them into lines and runs, so the two give the same pages. A Run's ``bottom`` is its baseline and
its ``top`` the baseline minus the font size, measured from the page top in points.

Ruled tables: on a page whose drawing has vertical and horizontal rules, pdfplumber's table finder
(lattice) turns those rules into cells, and the builder cuts each baseline row at cell borders so that a
Line stands in one cell (``Line.cell``). Other pages skip the finder: the fast path keeps its speed.
"""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..errors import ExtractorError
from ..models import Line, Page, Run, Source
from ..rules import load

ENGINES = ("pdfium", "pdfplumber")
NO_TEXT_LAYER = "scanned PDF (no page has a real text layer) and no OCR"

# pdfium marks a line-end hyphen with U+0002 (per char) or U+FFFE (in page text): it is a printed "-".
# (U+00AD is left alone: TCVN3 fonts print "ư" with that code.)
_HYPHENS = {"\x02": "-", "\ufffe": "-"}
_LINE_TOLERANCE = 0.25  # chars whose baselines differ by less than this share of their size share a line
_COLUMN_GAP = 4.0  # a horizontal gap wider than this many font sizes separates two columns (table cells)
_SPACE_GAP = 0.15  # a gap wider than this share of the font size is a word space
_UNICODE_VI = regex.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # beyond Latin-1: never legacy bytes
_RAISED = 0.75  # a smaller line this close above a line (share of its size) is its superscripts
_BASE, _X0 = attrgetter("base"), attrgetter("x0")
_THIN = 2.0  # a drawn path at most this thick (points) is a rule, not a filled area (highlight, shading)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in display points
Cell = tuple[tuple[int, int, int], Box]  # (table, row, column) and the cell's box
Drawn = tuple[float, float, float, float, bool]  # a drawn path's box, and whether it is a stroked frame


class Char(NamedTuple):
    """One glyph on a page: text, left/right edge, baseline from the page top, size, bold, font."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    font: str


@lru_cache(maxsize=None)
def _bold_font() -> regex.Pattern:
    return regex.compile("|".join(load("pdf")["bold_fonts"]), regex.I)


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """The PDF opened with pdfium; ExtractorError for a corrupt or password-protected file."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractorError("encrypted PDF: a password is needed to open it") from exc
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractorError("encrypted PDF: unsupported security handler") from exc
        raise ExtractorError(f"corrupt PDF: {exc}") from exc


def read_pdf(path: Path, source: Source, engine: str = "pdfium", workers: int = 1) -> None:
    """Fill ``source.positioned`` from the PDF's text layer, OCR'ing the pages whose layer is missing or garbage.

    ``workers`` OCR processes run at once inside this document (a batch run parallelises across documents).
    """
    if engine not in ENGINES:
        raise ExtractorError(f"unknown PDF engine {engine!r} (use one of {', '.join(ENGINES)})")
    doc = open_pdf(path)
    try:
        source.pages = len(doc)
        if engine == "pdfium":
            read = [_read_page(doc, i) for i in range(len(doc))]
        else:
            read = _read_plumber(doc, path)
    finally:
        doc.close()
    pages = [page for page, _ in read]
    # Judged after legacy fonts were converted: a TCVN3 layer is real text, not garbage.
    states = [text_layer_state(page) for page in pages]
    encodings = sorted({enc for (_, found), state in zip(read, states) if state == "ok" for enc in found})
    source.warnings.extend(f"legacy encoding {enc} converted to Unicode" for enc in encodings)
    todo = [page.number for page, state in zip(pages, states) if state != "ok"]
    if todo:
        _ocr_pages(path, source, pages, states, todo, workers)
    source.positioned = pages


def _ocr_pages(path: Path, source: Source, pages: list[Page], states: list[str], todo: list[int],
               workers: int) -> None:
    # Replace each page that has no real text layer by its OCR; without Tesseract, a PDF that has some
    # real pages keeps them (with a warning) and one that has none is an error.
    from .ocr import ocr_pdf_pages

    try:
        ocred = ocr_pdf_pages(path, todo, workers=workers)
    except ExtractorError as exc:
        if len(todo) == len(pages):
            raise ExtractorError(f"{NO_TEXT_LAYER}: {exc}") from exc
        source.warnings.append(f"pages {', '.join(map(str, todo))} not read: {exc}")
        for number in todo:
            pages[number - 1].lines = []
        return
    for page in ocred:
        why = "garbage text layer" if states[page.number - 1] == "garbage" else "no text layer"
        source.warnings.append(f"page {page.number}: {why}, read by OCR")
        pages[page.number - 1] = page
    source.ocr_pages = len(ocred)


def text_layer_state(page: Page) -> str:
    """'ok' for a real text layer, 'none' for no text (or an e-signature stamp only), 'garbage' for mojibake."""
    from .quality import strip_signature, text_needs_ocr

    text = "\n".join(line.text for line in page.lines)
    if not text_needs_ocr(text):
        return "ok"
    letters = sum(map(str.isalpha, strip_signature(text)))
    return "none" if letters < load("ocr")["quality"]["min_letters"] else "garbage"


# ---------------------------------------------------------------------------
# pdfium: per-character boxes through the C API (the fast path)
# ---------------------------------------------------------------------------


def read_page(doc: pdfium.PdfDocument, index: int) -> Page:
    """One page's text layer (0-based ``index``) read with pdfium into a Page of lines and runs."""
    return _read_page(doc, index)[0]


def _read_page(doc: pdfium.PdfDocument, index: int) -> tuple[Page, list[str]]:
    page = doc[index]
    if pdfium_c.FPDFPage_GetAnnotCount(page):
        # Form fields carry the number/date fills and signature boxes: make them page content.
        pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
        page = doc[index]
    view = _View(page)
    chars, invisible = _pdfium_chars(page, view)
    boxes = _pdfium_paths(page, view)
    cells = table_cells(boxes) if _ruled(boxes) else []
    built, legacy = _build(index + 1, view.width, view.height, chars, _rules_from_boxes(boxes, view.width), cells)
    built.ocr = invisible  # invisible text over an image is an earlier OCR's layer
    return built, legacy


class _View:
    """Maps pdfium page space to top-down display space, honouring the crop box and /Rotate."""

    def __init__(self, page: pdfium.PdfPage):
        self.left, self.bottom, self.right, self.top = page.get_cropbox()
        self.rotation = page.get_rotation() % 360
        w, h = self.right - self.left, self.top - self.bottom
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Display (x, y-from-top) of a page-space point."""
        r = self.rotation
        if r == 0:
            return x - self.left, self.top - y
        if r == 90:
            return y - self.bottom, x - self.left
        if r == 180:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x


def _fn(func, restype, *argtypes):
    # The same pdfium function taking plain-integer handles and out-parameter addresses: pypdfium2's typed
    # pointers cost a wrapper object and a type check per call, and these run once per character or object.
    return ctypes.cast(func, ctypes.CFUNCTYPE(restype, *argtypes))


_P = ctypes.c_void_p
_char_box = _fn(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, _P, ctypes.c_int, _P)
_char_origin = _fn(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, _P, ctypes.c_int, _P, _P)
_char_object = _fn(pdfium_c.FPDFText_GetTextObject, _P, _P, ctypes.c_int)
_char_generated = _fn(pdfium_c.FPDFText_IsGenerated, ctypes.c_int, _P, ctypes.c_int)
_char_unicode = _fn(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _P, ctypes.c_int)
_obj_matrix = _fn(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int, _P, _P)
_obj_size = _fn(pdfium_c.FPDFTextObj_GetFontSize, ctypes.c_int, _P, _P)
_obj_font = _fn(pdfium_c.FPDFTextObj_GetFont, _P, _P)
_obj_mode = _fn(pdfium_c.FPDFTextObj_GetTextRenderMode, ctypes.c_int, _P)
_obj_type = _fn(pdfium_c.FPDFPageObj_GetType, ctypes.c_int, _P)
_obj_bounds = _fn(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int, _P, _P, _P, _P, _P)
_path_mode = _fn(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int, _P, _P, _P)
_page_count = _fn(pdfium_c.FPDFPage_CountObjects, ctypes.c_int, _P)
_page_object = _fn(pdfium_c.FPDFPage_GetObject, _P, _P, ctypes.c_int)
_form_count = _fn(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int, _P)
_form_object = _fn(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_font_name = _fn(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_ulong, _P, ctypes.c_char_p, ctypes.c_ulong)


def _handle(raw) -> int:
    return ctypes.cast(raw, _P).value


def _pdfium_chars(page: pdfium.PdfPage, view: _View) -> tuple[list[Char], bool]:
    # The loop runs once per character of the document: names are bound locally, an object's info is
    # looked up only when the object changes, and Chars are made without NamedTuple's Python-level __new__.
    textpage = page.get_textpage()
    tp = _handle(textpage.raw)
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # astral characters take two UTF-16 units in the page text
        text = "".join(chr(_char_unicode(tp, i)) for i in range(count))
    box, ox, oy = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    box_ref, ox_ref, oy_ref = ctypes.addressof(box), ctypes.addressof(ox), ctypes.addressof(oy)
    char_box, char_origin, char_object, new, hyphens = _char_box, _char_origin, _char_object, tuple.__new__, _HYPHENS
    objects: dict[int, tuple | None] = {}
    info_of = _object_info(view.rotation)
    chars: list[Char] = []
    append = chars.append
    hidden = 0
    plain = view.rotation == 0
    left, top = view.left, view.top
    last = info = None
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            if ch in "\r\n" or _char_generated(tp, i):
                continue  # pdfium's own line breaks and guessed spaces: spaces are judged from gaps
            ch = " "
        elif ch in hyphens:
            ch = hyphens[ch]
        obj = char_object(tp, i)
        if obj != last:
            if not obj:
                continue
            info = objects.get(obj, False)
            if info is False:
                info = objects[obj] = info_of(obj)
            last = obj
            if info is not None:
                size, bold, font, invisible = info
        if info is None:
            continue
        hidden += invisible
        char_box(tp, i, box_ref)
        char_origin(tp, i, ox_ref, oy_ref)
        if plain:
            append(new(Char, (ch, box.left - left, box.right - left, top - oy.value, size, bold, font)))
        else:
            (ax, _), (bx, _) = view.point(box.left, box.bottom), view.point(box.right, box.top)
            append(Char(ch, min(ax, bx), max(ax, bx), view.point(ox.value, oy.value)[1], size, bold, font))
    return chars, hidden > len(chars) - hidden  # invisible text over an image is an earlier OCR's layer


def _object_info(rotation: int) -> Callable[[int], tuple[float, bool, str, bool] | None]:
    """A function giving a text object's size, bold, font name and invisibility, or None for text not upright
    on the page (diagonal watermarks, vertical margin notes). Font names are read once per font."""
    matrix, size = pdfium_c.FS_MATRIX(), ctypes.c_float()
    matrix_ref, size_ref = ctypes.addressof(matrix), ctypes.addressof(size)
    fonts: dict[int | None, tuple[str, bool]] = {}
    stroked, invisible = pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    atan2, degrees = math.atan2, math.degrees

    def info(obj: int) -> tuple[float, bool, str, bool] | None:
        _obj_matrix(obj, matrix_ref)
        if abs((degrees(atan2(matrix.b, matrix.a)) - rotation + 180) % 360 - 180) > 5:
            return None
        _obj_size(obj, size_ref)
        font = _obj_font(obj)
        named = fonts.get(font)
        if named is None:
            named = fonts[font] = _font(font)
        mode = _obj_mode(obj)
        # The descriptor's weight is unreliable (.VnTime says 625): the name and a stroked fill tell bold.
        return round(size.value, 1), named[1] or mode == stroked, named[0], mode == invisible

    return info


def _font(font: int | None) -> tuple[str, bool]:
    # A font's base name, and whether that name says bold.
    name = ""
    if font:
        buf = ctypes.create_string_buffer(256)
        _font_name(font, buf, 256)
        name = buf.value.decode("latin-1")
    return name, bool(_bold_font().search(name))


def _pdfium_paths(page: pdfium.PdfPage, view: _View) -> list[Drawn]:
    # Each drawn path's display box, and for a path thicker than a rule whether it is stroked (a frame or a
    # grid drawn in one path) rather than only filled (a highlight or shading).
    found = []
    bounds = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.addressof(b) for b in bounds]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fill_ref, stroke_ref = ctypes.addressof(fill), ctypes.addressof(stroke)
    for obj in _path_objects(_handle(page.raw), False, 0):
        if not _obj_bounds(obj, *refs):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        x0, y0, x1, y1 = (b.value for b in bounds)
        (ax, ay), (bx, by) = view.point(x0, y0), view.point(x1, y1)
        stroked = x1 - x0 > _THIN and y1 - y0 > _THIN and _path_mode(obj, fill_ref, stroke_ref) and stroke.value
        found.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), bool(stroked)))
    return found


def _path_objects(parent: int, form: bool, level: int):
    # The path objects of a page, and of the forms on it one level down (pypdfium2's get_objects with
    # max_depth=2, without a wrapper object for each of the page's many text objects).
    count, get = (_form_count, _form_object) if form else (_page_count, _page_object)
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = _obj_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < 1:
            yield from _path_objects(obj, True, level + 1)


def _rules_from_boxes(boxes: list[Drawn], width: float) -> list[float]:
    # Thin, short horizontal paths: footnote separators and header underlines.
    return sorted({round((y0 + y1) / 2, 1) for x0, y0, x1, y1, _ in boxes
                   if y1 - y0 <= _THIN and 20 <= x1 - x0 <= 0.6 * width})


def _ruled(boxes: list[Drawn]) -> bool:
    # Worth pdfplumber's table finder: at least two vertical and two horizontal rules (a stroked frame or
    # grid counts as both). Footnote separators and title underlines alone are horizontal only.
    across = down = 0
    for x0, y0, x1, y1, stroked in boxes:
        across += stroked or (y1 - y0 <= _THIN < x1 - x0)
        down += stroked or (x1 - x0 <= _THIN < y1 - y0)
    return across >= 2 and down >= 2


def table_cells(boxes: list[Drawn]) -> list[Cell]:
    """The cells of the ruled tables that a page's drawn paths (``boxes``, see _ruled) make, by pdfplumber's
    table finder; only tables of two rows and two columns or more (a one-column "table" is a frame)."""
    from pdfplumber.table import TableFinder

    # The rules go to pdfplumber as explicit lines: its "lines" strategy would first parse the whole page
    # with pdfminer (a tenth of a second or more per page) only to find these same paths. Filled areas
    # thicker than a rule (highlights behind words, shading) are not borders.
    rules = [{"object_type": "rect", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
              "y0": -bottom, "y1": -top, "width": x1 - x0, "height": bottom - top}
             for x0, top, x1, bottom, stroked in boxes if stroked or min(x1 - x0, bottom - top) <= _THIN]
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": rules, "explicit_horizontal_lines": rules}
    tables = [t for t in TableFinder(None, settings).tables if len(t.rows) > 1 and len(t.columns) > 1]
    cells: list[Cell] = []
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            # None where a cell merged from the row above or the column to the left covers the place.
            cells.extend(((t, r, c), box) for c, box in enumerate(row.cells) if box)
    return cells


# ---------------------------------------------------------------------------
# pdfplumber: the reference engine (slower; same characters, same builder)
# ---------------------------------------------------------------------------


def _read_plumber(doc: pdfium.PdfDocument, path: Path) -> list[tuple[Page, list[str]]]:
    import pdfplumber

    flattened = False
    for i in range(len(doc)):
        page = doc[i]
        if pdfium_c.FPDFPage_GetAnnotCount(page):
            # The same form fields pdfium's path flattens; pdfplumber then reads the flattened copy.
            pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
            flattened = True
    data: io.BytesIO | Path = path
    if flattened:
        data = io.BytesIO()
        doc.save(data)
        data.seek(0)
    with pdfplumber.open(data) as pdf:
        return [_read_plumber_page(page, number) for number, page in enumerate(pdf.pages, 1)]


def read_plumber_page(page, number: int) -> Page:
    """One pdfplumber page's text layer as a Page of lines and runs."""
    return _read_plumber_page(page, number)[0]


def _read_plumber_page(page, number: int) -> tuple[Page, list[str]]:
    bold_font = _bold_font()
    chars = []
    for c in page.chars:
        if not c.get("upright", True):
            continue
        text = _HYPHENS.get(c["text"], c["text"])
        if text.isspace():
            text = " "
        base = c["bottom"] - (c["matrix"][5] - c["y0"])
        font = c.get("fontname", "")
        chars.append(Char(text, c["x0"], c["x1"], base, round(c["size"], 1), bool(bold_font.search(font)), font))
    boxes = [(o["x0"], o["top"], o["x1"], o["bottom"],
              bool(o.get("stroke")) and min(o["width"], o["height"]) > _THIN)
             for o in (*page.lines, *page.rects, *page.curves)]
    cells = table_cells(boxes) if _ruled(boxes) else []
    return _build(number, float(page.width), float(page.height), chars, _rules_from_boxes(boxes, page.width), cells)


# ---------------------------------------------------------------------------
# the shared builder: characters -> lines (column pieces) -> runs
# ---------------------------------------------------------------------------


def build_page(number: int, width: float, height: float, chars: list[Char], rules: list[float] = (),
               cells: list[Cell] = ()) -> Page:
    """A Page from loose characters: lines by baseline, superscripts kept on their line, columns split apart,
    and rows cut at the borders of the ruled-table ``cells`` (see table_cells)."""
    return _build(number, width, height, chars, rules, cells)[0]


def _build(number: int, width: float, height: float, chars: list[Char], rules,
           cells: list[Cell] = ()) -> tuple[Page, list[str]]:
    page = Page(number=number, width=width, height=height, graphics_rules=list(rules))
    rows = _merge_superscripts(_baseline_rows(chars))
    pieces: list[tuple[tuple[int, int, int] | None, list[Char]]] = []
    for row in rows:
        row = _dedupe(sorted(row, key=_X0))
        for cell, part in _cell_parts(row, cells) if cells else [(None, row)]:
            # Text outside tables is split at wide gaps; a cell's text is one line whatever its gaps.
            pieces.extend((cell, piece) for piece in (split_columns(part) if cell is None else [_trim(part)]))
    runs_by_piece = [_runs(piece) for _, piece in pieces]
    legacy = _fix_legacy(runs_by_piece)
    for (cell, _), runs in zip(pieces, runs_by_piece):
        plain = [r for r, _ in runs]
        page.lines.append(Line(plain, plain[0].x0, max(r.x1 for r in plain),
                               min(r.top for r in plain), max(r.bottom for r in plain), cell))
    page.lines.sort(key=lambda line: (round(_main_base(line), 0), line.x0))
    return page, legacy


def _cell_parts(row: list[Char], cells: list[Cell]) -> list[tuple[tuple[int, int, int] | None, list[Char]]]:
    # A baseline row (sorted by x) cut into the stretches that stand in one cell, or outside every cell (None).
    # The row stands at its x-height middle; a glyph belongs to the cell holding its centre.
    glyphs = [c for c in row if c.text != " "]
    if not glyphs:
        return []
    size = max(c.size for c in glyphs)
    y = max(c.base for c in glyphs) - 0.3 * size
    across = [(box[0], box[2], key) for key, box in cells if box[1] <= y <= box[3]]
    parts: list[tuple[tuple[int, int, int] | None, list[Char]]] = []
    for c in row:
        middle = (c.x0 + c.x1) / 2
        key = next((k for x0, x1, k in across if x0 <= middle <= x1), None)
        if parts and parts[-1][0] == key:
            parts[-1][1].append(c)
        else:
            parts.append((key, [c]))
    return [(key, part) for key, part in parts if any(c.text != " " for c in part)]


def _baseline_rows(chars: list[Char]) -> list[list[Char]]:
    rows: list[list[Char]] = []
    start = size = 0.0
    row: list[Char] = []
    for c in sorted(chars, key=_BASE):
        base, c_size = c.base, c.size
        reach = size if size > c_size else c_size  # max(size, c_size, 4.0), inline: this runs per character
        if rows and base - start <= _LINE_TOLERANCE * (reach if reach > 4.0 else 4.0):
            row.append(c)
            if c.text != " " and c_size > size:
                size = c_size
        else:
            row = [c]
            rows.append(row)
            start, size = base, (c_size if c.text != " " else 0.0)
    return rows


def _merge_superscripts(rows: list[list[Char]]) -> list[list[Char]]:
    # A row of small glyphs just above a row of larger ones holds that row's superscripts (footnote marks).
    out: list[list[Char]] = []
    glyph_rows = [[c for c in row if c.text != " "] for row in rows]
    for i, (row, glyphs) in enumerate(zip(rows, glyph_rows)):
        big = glyph_rows[i + 1] if i + 1 < len(rows) else None
        if glyphs and big:
            size = max(c.size for c in big)
            # Cheapest test first: most rows are no smaller than the row under them.
            if max(c.size for c in glyphs) < 0.85 * size:
                base = min(c.base for c in big)
                lo, hi = min(c.x0 for c in big), max(c.x1 for c in big)
                if (0 < base - glyphs[0].base <= _RAISED * size
                        and all(lo - size <= c.x0 <= hi + size for c in glyphs)):
                    rows[i + 1].extend(row)
                    glyph_rows[i + 1] = big + glyphs
                    continue
        out.append(row)
    return out


def _dedupe(chars: list[Char]) -> list[Char]:
    # Fake bold prints each glyph twice, a hair apart (pdfplumber's dedupe_chars): keep one, as bold.
    # The chars come sorted by x0, so a glyph a point or more right of the last kept one has no twin.
    out: list[Char] = []
    for c in chars:
        if out and c.x0 - out[-1].x0 < 1 and c.text != " ":
            for j in range(len(out) - 1, max(-1, len(out) - 4), -1):
                o = out[j]
                if o.text == c.text and abs(o.x0 - c.x0) < 1 and abs(o.base - c.base) < 1:
                    out[j] = o._replace(bold=True)
                    break
            else:
                out.append(c)
        else:
            out.append(c)
    return out


def split_columns(chars: list) -> list[list]:
    """A row of glyphs (Chars, or OCR word Runs) cut where a gap separates two columns or table cells."""
    # A gap splits a row into two pieces (columns, cells) if it is very wide, or wide and far wider than the
    # row's word spaces (justified text stretches all its spaces alike).
    glyphs = [c for c in chars if c.text != " "]
    if not glyphs:
        return []
    sizes = [c.size for c in glyphs]
    gaps = [b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:])]
    words = sorted(g for g, size in zip(gaps, sizes) if _SPACE_GAP * size < g < 1.5 * size)
    word = words[len(words) // 2] if words else 0.0
    # A cut needs a gap wider than 1.5 sizes of the glyph before it: only those few gaps are looked at.
    wide = [i for i, (g, size) in enumerate(zip(gaps, sizes)) if g > 1.5 * size]
    starts = set()
    for i in wide:
        gap, size = gaps[i], max(sizes[i], sizes[i + 1])
        if gap > _COLUMN_GAP * size or (gap > 1.5 * size and gap > 3 * word):
            starts.add(id(glyphs[i + 1]))
    if not starts:
        return [_trim(chars)]
    pieces: list[list[Char]] = [[]]
    for c in chars:
        if id(c) in starts:
            pieces.append([])
        pieces[-1].append(c)
    return [_trim(p) for p in pieces if any(c.text != " " for c in p)]


def _trim(piece: list[Char]) -> list[Char]:
    start, end = 0, len(piece)
    while piece[start].text == " ":
        start += 1
    while piece[end - 1].text == " ":
        end -= 1
    return piece[start:end]


def _runs(piece: list[Char]) -> list[tuple[Run, str]]:
    # Runs of one size, weight, baseline and font; a word space goes at the start of the run after it.
    runs: list[tuple[Run, str]] = []
    text: list[str] = []
    first: Char | None = None
    last: Char | None = None
    space = False
    last_x1 = last_size = 0.0
    for c in piece:
        ch, x0, x1, base, size, bold, font = c
        if ch == " ":
            space = last is not None
            continue
        if last is not None and not space:
            space = x0 - last_x1 > _SPACE_GAP * (size if size < last_size else last_size)
        if first is None or not (size == first.size and bold == first.bold and font == first.font
                                 and abs(base - first.base) < 0.5):
            if first is not None:
                runs.append((_run("".join(text), first, last), first.font))
            text, first = [], c
        if space:
            text.append(" ")
        text.append(ch)
        last, last_x1, last_size, space = c, x1, size, False
    if first is not None:
        runs.append((_run("".join(text), first, last), first.font))
    return runs


def _run(text: str, first: Char, last: Char) -> Run:
    return Run(text=text, x0=first.x0, x1=last.x1, top=first.base - first.size, bottom=first.base,
               size=first.size, bold=first.bold)


def _main_base(line: Line) -> float:
    return max(line.runs, key=lambda r: (r.size, len(r.text))).bottom


@lru_cache(maxsize=1024)
def _legacy_font(font: str) -> str | None:
    # The legacy encoding a font's name declares (".VnTime" is TCVN3), else None.
    return next((enc for pattern, enc in load("pdf")["legacy_fonts"].items() if regex.match(pattern, font)), None)


def _fix_legacy(pieces: list[list[tuple[Run, str]]]) -> list[str]:
    # TCVN3/VNI fonts (".VnTime") print Vietnamese through Latin-1 codes: convert each such font's runs.
    try:
        from .legacy import fix, to_tcvn3, to_vni
    except ImportError:
        return []
    converters = {"tcvn3": to_tcvn3, "vni": to_vni}
    by_font: dict[str, list[Run]] = {}
    for runs in pieces:
        for run, font in runs:
            by_font.setdefault(font, []).append(run)
    found = []
    for font, runs in by_font.items():
        text = "\n".join(r.text for r in runs)
        name = _legacy_font(font)
        if name is None and len(_UNICODE_VI.findall(text)) < 3:  # else: letters legacy bytes never give
            _, name = fix(text)
        if name in converters:
            found.append(name)
            for run in runs:
                run.text = converters[name](run.text)
    return sorted(set(found))
