"""Read a digital PDF's text layer into positioned pages: pypdfium2 character boxes (fast) or pdfplumber.

Both engines only gather characters (text, left/right edge, baseline, size, font); one shared builder
turns them into lines and runs, so the two give the same pages. A Run's ``bottom`` is its baseline and
its ``top`` the baseline minus the font size, measured from the page top in points.
"""

from __future__ import annotations

import ctypes
import io
import math
from functools import lru_cache
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
    letters = sum(c.isalpha() for c in strip_signature(text))
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
    built, legacy = _build(index + 1, view.width, view.height, chars, _pdfium_rules(page, view))
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


def _pdfium_chars(page: pdfium.PdfPage, view: _View) -> tuple[list[Char], bool]:
    textpage = page.get_textpage()
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = textpage.get_text_range() if count > 0 else ""
    aligned = len(text) == count  # one UTF-16 unit per char unless the page has astral characters
    box, ox, oy = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    box_ref, ox_ref, oy_ref = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy)
    get_box, get_origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    get_object = pdfium_c.FPDFText_GetTextObject
    objects: dict[int, tuple | None] = {}
    chars: list[Char] = []
    visible = hidden = 0
    plain = view.rotation == 0
    left, top = view.left, view.top
    for i in range(count):
        ch = text[i] if aligned else chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if ch.isspace() or ch == "\x00":
            if ch in "\r\n" or pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue  # pdfium's own line breaks and guessed spaces: spaces are judged from gaps
            ch = " "
        ch = _HYPHENS.get(ch, ch)
        obj = get_object(textpage, i)
        if not obj:
            continue
        key = ctypes.addressof(obj.contents)
        info = objects.get(key, False)
        if info is False:
            info = objects[key] = _object_info(obj, view.rotation)
        if info is None:
            continue
        size, bold, font, invisible = info
        if invisible:
            hidden += 1
        else:
            visible += 1
        get_box(textpage, i, box_ref)
        get_origin(textpage, i, ox_ref, oy_ref)
        if plain:
            chars.append(Char(ch, box.left - left, box.right - left, top - oy.value, size, bold, font))
        else:
            (ax, _), (bx, _) = view.point(box.left, box.bottom), view.point(box.right, box.top)
            chars.append(Char(ch, min(ax, bx), max(ax, bx), view.point(ox.value, oy.value)[1], size, bold, font))
    return chars, hidden > visible


def _object_info(obj, rotation: int) -> tuple[float, bool, str, bool] | None:
    # Size, bold, font name and invisibility of a text object; None for text not upright on the page
    # (diagonal watermarks, vertical margin notes).
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    angle = math.degrees(math.atan2(matrix.b, matrix.a))
    if abs((angle - rotation + 180) % 360 - 180) > 5:
        return None
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    name = ""
    if font:
        buf = ctypes.create_string_buffer(256)
        pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
        name = buf.value.decode("latin-1")
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    # The descriptor's weight is unreliable (.VnTime says 625): the name and a stroked fill tell bold.
    bold = bool(_bold_font().search(name)) or mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
    return round(size.value, 1), bold, name, mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE


def _pdfium_rules(page: pdfium.PdfPage, view: _View) -> list[float]:
    # Thin, short horizontal paths: footnote separators and header underlines.
    found = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        (ax, ay), (bx, by) = view.point(x0, y0), view.point(x1, y1)
        found.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return _rules_from_boxes(found, view.width)


def _rules_from_boxes(boxes: list[tuple[float, float, float, float]], width: float) -> list[float]:
    return sorted({round((y0 + y1) / 2, 1) for x0, y0, x1, y1 in boxes
                   if y1 - y0 <= 2 and 20 <= x1 - x0 <= 0.6 * width})


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
    boxes = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in (*page.lines, *page.rects)]
    return _build(number, float(page.width), float(page.height), chars, _rules_from_boxes(boxes, page.width))


# ---------------------------------------------------------------------------
# the shared builder: characters -> lines (column pieces) -> runs
# ---------------------------------------------------------------------------


def build_page(number: int, width: float, height: float, chars: list[Char], rules: list[float] = ()) -> Page:
    """A Page from loose characters: lines by baseline, superscripts kept on their line, columns split apart."""
    return _build(number, width, height, chars, rules)[0]


def _build(number: int, width: float, height: float, chars: list[Char], rules) -> tuple[Page, list[str]]:
    page = Page(number=number, width=width, height=height, graphics_rules=list(rules))
    rows = _merge_superscripts(_baseline_rows(chars))
    pieces: list[list[Char]] = []
    for row in rows:
        pieces.extend(split_columns(_dedupe(sorted(row, key=lambda c: c.x0))))
    runs_by_piece = [_runs(piece) for piece in pieces if any(c.text != " " for c in piece)]
    legacy = _fix_legacy(runs_by_piece)
    for runs in runs_by_piece:
        plain = [r for r, _ in runs]
        page.lines.append(Line(plain, plain[0].x0, max(r.x1 for r in plain),
                               min(r.top for r in plain), max(r.bottom for r in plain)))
    page.lines.sort(key=lambda line: (round(_main_base(line), 0), line.x0))
    return page, legacy


def _baseline_rows(chars: list[Char]) -> list[list[Char]]:
    rows: list[list[Char]] = []
    start = size = 0.0
    for c in sorted(chars, key=lambda c: c.base):
        if rows and c.base - start <= _LINE_TOLERANCE * max(size, c.size, 4.0):
            rows[-1].append(c)
            size = max(size, c.size) if c.text != " " else size
        else:
            rows.append([c])
            start, size = c.base, (c.size if c.text != " " else 0.0)
    return rows


def _merge_superscripts(rows: list[list[Char]]) -> list[list[Char]]:
    # A row of small glyphs just above a row of larger ones holds that row's superscripts (footnote marks).
    out: list[list[Char]] = []
    for i, row in enumerate(rows):
        glyphs = [c for c in row if c.text != " "]
        below = rows[i + 1] if i + 1 < len(rows) else None
        if glyphs and below:
            big = [c for c in below if c.text != " "]
            if big:
                size = max(c.size for c in big)
                base = min(c.base for c in big)
                top = max(c.size for c in glyphs)
                lo, hi = min(c.x0 for c in big), max(c.x1 for c in big)
                if (top < 0.85 * size and 0 < base - glyphs[0].base <= _RAISED * size
                        and all(lo - size <= c.x0 <= hi + size for c in glyphs)):
                    below.extend(row)
                    continue
        out.append(row)
    return out


def _dedupe(chars: list[Char]) -> list[Char]:
    # Fake bold prints each glyph twice, a hair apart (pdfplumber's dedupe_chars): keep one, as bold.
    out: list[Char] = []
    for c in chars:
        for j in range(len(out) - 1, max(-1, len(out) - 4), -1):
            o = out[j]
            if o.text == c.text and abs(o.x0 - c.x0) < 1 and abs(o.base - c.base) < 1 and c.text != " ":
                out[j] = o._replace(bold=True)
                break
        else:
            out.append(c)
    return out


def split_columns(chars: list) -> list[list]:
    """A row of glyphs (Chars, or OCR word Runs) cut where a gap separates two columns or table cells."""
    # A gap splits a row into two pieces (columns, cells) if it is very wide, or wide and far wider than the
    # row's word spaces (justified text stretches all its spaces alike).
    glyphs = [c for c in chars if c.text != " "]
    gaps = [b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:])]
    words = sorted(g for g, a in zip(gaps, glyphs) if _SPACE_GAP * a.size < g < 1.5 * a.size)
    word = words[len(words) // 2] if words else 0.0
    pieces: list[list[Char]] = [[]]
    last: Char | None = None
    for c in chars:
        if c.text == " ":
            pieces[-1].append(c)
            continue
        if last is not None:
            gap, size = c.x0 - last.x1, max(c.size, last.size)
            if gap > _COLUMN_GAP * size or (gap > 1.5 * size and gap > 3 * word):
                pieces.append([])
        pieces[-1].append(c)
        last = c
    return [_trim(p) for p in pieces if any(c.text != " " for c in p)]


def _trim(piece: list[Char]) -> list[Char]:
    glyphs = [i for i, c in enumerate(piece) if c.text != " "]
    return piece[glyphs[0]:glyphs[-1] + 1]


def _runs(piece: list[Char]) -> list[tuple[Run, str]]:
    # Runs of one size, weight, baseline and font; a word space goes at the start of the run after it.
    runs: list[tuple[Run, str]] = []
    text: list[str] = []
    first: Char | None = None
    last: Char | None = None
    space = False
    for c in piece:
        if c.text == " ":
            space = last is not None
            continue
        gap = c.x0 - last.x1 if last else 0.0
        space = space or (last is not None and gap > _SPACE_GAP * min(c.size, last.size))
        same = (first is not None and c.size == first.size and c.bold == first.bold and c.font == first.font
                and abs(c.base - first.base) < 0.5)
        if not same:
            if first is not None:
                runs.append((_run("".join(text), first, last), first.font))
            text, first = [], c
        if space:
            text.append(" ")
        text.append(c.text)
        last, space = c, False
    if first is not None:
        runs.append((_run("".join(text), first, last), first.font))
    return runs


def _run(text: str, first: Char, last: Char) -> Run:
    return Run(text=text, x0=first.x0, x1=last.x1, top=first.base - first.size, bottom=first.base,
               size=first.size, bold=first.bold)


def _main_base(line: Line) -> float:
    return max(line.runs, key=lambda r: (r.size, len(r.text))).bottom


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
        name = next((enc for pattern, enc in load("pdf")["legacy_fonts"].items() if regex.match(pattern, font)), None)
        if name is None and len(_UNICODE_VI.findall(text)) < 3:  # else: letters legacy bytes never give
            _, name = fix(text)
        if name in converters:
            found.append(name)
            for run in runs:
                run.text = converters[name](run.text)
    return sorted(set(found))
