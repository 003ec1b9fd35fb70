"""OCR page images with Tesseract (Vietnamese) into positioned pages: lines of word runs with boxes in points."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from math import radians, tan
from statistics import mean

import numpy as np
from lxml import etree
from PIL import Image, ImageChops

from ..errors import ExtractorError
from ..models import Line, Page, Run
from ..rules import load
from .pdf import split_columns
from .quality import is_syllable

_NS = {"h": "http://www.w3.org/1999/xhtml"}
_LINE_CLASSES = ("ocr_line", "ocr_caption", "ocr_textfloat", "ocr_header")


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load("ocr")


@lru_cache(maxsize=None)
def tesseract_binary() -> str:
    """The path of the ``tesseract`` program; raises ExtractorError when it or its Vietnamese model is missing."""
    binary = shutil.which("tesseract")
    if not binary:
        raise ExtractorError("OCR needs Tesseract: install the Debian packages tesseract-ocr and tesseract-ocr-vie")
    lang = _rules()["engine"]["lang"]
    listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False).stdout
    if lang not in listed.split():
        raise ExtractorError(f"Tesseract has no '{lang}' model: install the Debian package tesseract-ocr-{lang}")
    return binary


def preprocess(image: Image.Image, dpi: int) -> tuple[Image.Image, int]:
    """The image as Tesseract should see it (grey, coloured ink whitened, low-dpi upscaled, deskewed) and its dpi."""
    rules = _rules()["preprocess"]
    if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        rgb = image.convert("RGB")
        if rules["drop_colour_ink"]:
            # The lightest channel: black print stays dark, red stamps/seals and blue signatures turn pale.
            image = ImageChops.lighter(ImageChops.lighter(*rgb.split()[:2]), rgb.split()[2])
        else:
            image = rgb.convert("L")
    elif image.mode != "L":
        image = image.convert("L")
    if dpi < rules["min_dpi"]:
        scale = rules["target_dpi"] / dpi
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
        dpi = rules["target_dpi"]
    if rules["deskew"]:
        angle = skew_angle(image)
        if angle:
            image = image.rotate(angle, Image.BICUBIC, fillcolor=255)
    return image, dpi


def skew_angle(image: Image.Image) -> float:
    """The rotation in degrees (PIL's counter-clockwise sense) that makes a grey page's text lines level."""
    rules = _rules()["preprocess"]
    ink = np.asarray(image.reduce(rules["deskew_reduce"])) < rules["deskew_ink_below"]
    height, width = ink.shape
    # Projection profile of a rotated page, without rotating: each vertical strip's row profile shifted by
    # the height its centre moves, which for angles of a few degrees is the rotation up to a pixel.
    strips = rules["deskew_strips"]
    strip_width = width // strips
    profiles = ink[:, :strips * strip_width].reshape(height, strips, strip_width).sum(axis=2)
    centres = (np.arange(strips) + 0.5) * strip_width - width / 2
    limit, step = rules["deskew_max_degrees"], rules["deskew_step_degrees"]
    pad = int(width * tan(radians(limit))) + 1
    best, best_score = 0.0, -1.0
    for i in range(round(2 * limit / step) + 1):
        angle = round(-limit + i * step, 3)
        rows = np.zeros(height + 2 * pad)
        for column, shift in enumerate(np.rint(-centres * tan(radians(angle))).astype(int)):
            rows[pad + shift:pad + shift + height] += profiles[:, column]
        # Level lines put their ink in few rows, so the row sums vary most; ties keep the smaller turn.
        score = rows.var()
        if score > best_score or (score == best_score and abs(angle) < abs(best)):
            best, best_score = angle, score
    return best


def run_tesseract(image: Image.Image, dpi: int) -> str:
    """Tesseract's hOCR for a prepared greyscale image (single-threaded, as parallelism comes from processes)."""
    engine = _rules()["engine"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # An uncompressed PGM file: no time spent encoding, and Tesseract reads a file faster than stdin.
    with tempfile.NamedTemporaryFile(suffix=".pgm") as handle:
        image.save(handle, format="PPM")
        handle.flush()
        command = [tesseract_binary(), handle.name, "stdout", "-l", engine["lang"], "--dpi", str(dpi),
                   "--psm", str(engine["psm"]), "hocr"]
        try:
            done = subprocess.run(command, capture_output=True, env=env, timeout=engine["timeout_seconds"],
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise ExtractorError(f"Tesseract took longer than {engine['timeout_seconds']} s on one page") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractorError(f"Tesseract failed: {message[-1] if message else 'exit code ' + str(done.returncode)}")
    return done.stdout.decode("utf-8")


def ocr_image(image: Image.Image, page_number: int, dpi: int) -> Page:
    """OCR one page image into a positioned Page (boxes and sizes in PDF points, word confidences 0..1)."""
    width_pt, height_pt = image.width * 72 / dpi, image.height * 72 / dpi
    prepared, used_dpi = preprocess(image, dpi)
    page = parse_hocr(run_tesseract(prepared, used_dpi), page_number, used_dpi)
    page.width, page.height = width_pt, height_pt
    drop_stamps(page)
    return page


def _title(node) -> dict[str, list[str]]:
    # hOCR properties: "bbox 1 2 3 4; baseline 0.01 -12; x_size 55" -> {"bbox": [...], ...}
    props = {}
    for part in node.get("title", "").split(";"):
        fields = part.split()
        if fields:
            props[fields[0]] = fields[1:]
    return props


def parse_hocr(hocr: str, page_number: int, dpi: int) -> Page:
    """A Page from Tesseract hOCR: one Line per OCR line, one Run per word, pixel boxes turned into points."""
    rules = _rules()
    em_ratio = rules["engine"]["x_size_per_em"]
    min_line = rules["layout"]["min_line_confidence"]
    lookalikes = str.maketrans(rules["characters"])
    pt = 72 / dpi
    root = etree.fromstring(hocr.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    page_node = root.find(".//h:div[@class='ocr_page']", _NS)
    box = [int(v) for v in _title(page_node)["bbox"]] if page_node is not None else [0, 0, 0, 0]
    page = Page(number=page_number, width=box[2] * pt, height=box[3] * pt, ocr=True)
    for node in root.iter("{%s}span" % _NS["h"], "{%s}hr" % _NS["h"], "{%s}div" % _NS["h"]):
        cls = node.get("class")
        if cls == "ocr_separator":
            x0, y0, x1, y1 = map(int, _title(node)["bbox"])
            # A short horizontal rule (a footnote separator), not a vertical bar or a table's border.
            if x1 - x0 > 3 * (y1 - y0) and x1 - x0 <= 0.6 * box[2]:
                page.graphics_rules.append((y0 + y1) / 2 * pt)
            continue
        if cls not in _LINE_CLASSES:
            continue
        props = _title(node)
        size = float(props.get("x_size", ["0"])[0]) * pt / em_ratio
        lx0, _, _, ly1 = map(int, props["bbox"])
        slope, offset = (float(v) for v in props.get("baseline", ["0", "0"])[:2])
        runs = []
        for word in node.iterfind("h:span[@class='ocrx_word']", _NS):
            text = html.unescape("".join(word.itertext())).strip().translate(lookalikes)
            if not text:
                continue
            wprops = _title(word)
            x0, y0, x1, y1 = map(int, wprops["bbox"])
            conf = float(wprops.get("x_wconf", ["0"])[0]) / 100
            # A run's bottom is the baseline, as in a text layer: descenders hang below it, a raised
            # footnote mark keeps its own higher bottom.
            base = ly1 + slope * (x0 - lx0) + offset
            runs.append(Run(text=text, x0=x0 * pt, x1=x1 * pt, top=y0 * pt, bottom=min(y1, base) * pt, size=size,
                            confidence=conf))
        if mean(r.confidence for r in runs) < min_line and not _looks_like_text(runs):
            continue  # seal rings, specks and handwriting that Tesseract turned into junk
        # Tesseract reads side-by-side cells ("Số: 12/BC" | "Hà Nội, ngày ...") as one line: cut it as a
        # text layer's row is cut.
        for piece in split_columns(runs):
            if not any(c.isalnum() for r in piece for c in r.text):
                continue  # a speck or a rule read as "`", "," or "—"
            for run in piece[:-1]:
                run.text += " "  # Line.text joins runs as they are: the space between words lives in the run
            page.lines.append(Line(runs=piece, x0=min(r.x0 for r in piece), x1=max(r.x1 for r in piece),
                                   top=min(r.top for r in piece), bottom=max(r.bottom for r in piece)))
    page.graphics_rules.sort()
    # Tesseract orders lines block by block, and may put a heading's block after the paragraph below it:
    # top to bottom, left to right, as a text layer's lines are ordered.
    page.lines = _reading_order(page.lines)
    _snap_sizes(page, rules["layout"]["size_window"])
    return page


def _reading_order(lines: list[Line]) -> list[Line]:
    # Rows by baseline (a skewed scan tilts side-by-side cells a little apart), each row left to right.
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.bottom):
        if rows and line.bottom - rows[-1][0].bottom < 0.5 * line.runs[0].size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


def _snap_sizes(page: Page, window: float) -> None:
    # Tesseract sizes each line on its own (14 pt body lines read 13.6 to 14.9 pt on a clean scan, 13 to 17 pt
    # at 87 dpi): the lines within ``window`` of the page's typical size take that size, then the same for
    # the lines left (footnotes), so layout sees one body size and one note size.
    left = list(page.lines)
    for _ in range(3):
        if not left:
            break
        weighted = sorted((line.runs[0].size, len(line.text)) for line in left)
        half, total = sum(n for _, n in weighted) / 2, 0
        for size, n in weighted:
            total += n
            if total >= half:
                break
        near = {id(line) for line in left if size / window <= line.runs[0].size <= size * window}
        for line in left:
            if id(line) in near:
                for run in line.runs:
                    run.size = size
        left = [line for line in left if id(line) not in near]


def _looks_like_text(runs: list[Run]) -> bool:
    # At least half the words are numbers or Vietnamese syllables: "- 2026¹" read with low confidence is text,
    # "“Z(M 1U m XỤ QU XRAIMHIK" from a seal ring is not.
    words = [r.text.strip(" .,;:!?()[]\"'“”‘’-–") for r in runs]
    words = [w for w in words if w]
    good = sum(1 for w in words if any(c.isdigit() for c in w) and sum(c.isalpha() for c in w) <= 1
               or is_syllable(w))
    return bool(words) and good * 2 >= len(words)


_PDFIUM = threading.Lock()  # pdfium is not thread-safe; rendering is fast, Tesseract is the slow part


def render_pdf_page(path: Path, page_number: int, dpi: int) -> Image.Image:
    """One PDF page rendered by pdfium as a colour image at ``dpi`` (colour kept so stamps can be whitened)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[page_number - 1].render(scale=dpi / 72).to_pil()
        finally:
            pdf.close()


def _ocr_pdf_page(task: tuple[str, int, int]) -> Page:
    path, number, dpi = task
    return ocr_image(render_pdf_page(Path(path), number, dpi), number, dpi)


def ocr_pdf_pages(path: Path, page_numbers: list[int], dpi: int | None = None, workers: int = 1) -> list[Page]:
    """OCR the given 1-based pages of a PDF, ``workers`` processes at once, one page image per worker in memory."""
    dpi = dpi or _rules()["engine"]["dpi"]
    tasks = [(str(path), number, dpi) for number in page_numbers]
    return map_pages(_ocr_pdf_page, tasks, workers)


def map_pages(function, tasks: list, workers: int) -> list[Page]:
    """``function`` over page tasks in order, ``workers`` pages at once, one page image per worker in memory."""
    tesseract_binary()  # fail once, clearly, before any worker starts
    if workers <= 1 or len(tasks) <= 1:
        return [function(task) for task in tasks]
    # Threads, not processes: the time goes to the tesseract subprocess, which runs outside the GIL, and
    # threads also work inside the batch runner's worker processes, which may not start children.
    with ThreadPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        return list(pool.map(function, tasks))


def drop_stamps(page: Page) -> None:
    """Remove a received stamp ("ĐẾN Số: ... Ngày: ...", its header line and field lines) from an OCR'd page."""
    rules = _rules()["stamps"]
    anchors = {a.casefold() for a in rules["anchors"]}
    labels = tuple(label.casefold() for label in rules["labels"])
    for index, line in enumerate(page.lines):
        for at, run in enumerate(line.runs):
            word = run.text.strip(" .:;,'\"").casefold()
            if word not in anchors or not run.text.strip(" .:;,").isupper():
                continue
            after = line.runs[at + 1] if at + 1 < len(line.runs) else None
            # "ĐẾN" also stands in titles ("2021 ĐẾN 2025"); a stamp's is followed by a field label or by
            # handwriting that Tesseract reads badly.
            if after is not None and not after.text.strip().casefold().startswith(labels) and after.confidence >= 0.6:
                continue
            _remove_stamp(page, index, at, rules, labels)
            return


def _remove_stamp(page: Page, index: int, at: int, rules: dict, labels: tuple[str, ...]) -> None:
    anchor = page.lines[index].runs[at]
    size = anchor.size or 12
    # The stamp's header ("SỞ CÔNG THƯƠNG LÀO CAI", maybe over two lines) stands just above "ĐẾN", left-aligned
    # with it; the widest of its lines is the stamp's width.
    above = [line for line in page.lines
             if anchor.top - rules["reach_above_pt"] <= line.top and line.bottom <= anchor.top + size / 2
             and abs(line.x0 - anchor.x0) <= 2 * size and line.x1 - line.x0 <= rules["max_width_pt"]]
    if above:
        right = max(line.x1 for line in above) + size
        top = min(line.top for line in above)
    else:
        right = _leading_cluster(page.lines[index].runs[at:], size)[-1].x1 + size
        top = anchor.top
    kept = []
    for line in page.lines:
        first = line.runs[0]
        own_row = line is page.lines[index]
        # From the header down to the anchor's row everything left of ``right`` is stamp; below it, the lines
        # that open with a field label or with handwriting read badly.
        in_stamp = own_row or top - size / 2 <= line.top and line.bottom <= anchor.bottom + size / 2 or (
            anchor.bottom - size / 2 <= line.top <= anchor.bottom + rules["reach_below_pt"]
            and line.x0 <= anchor.x0 + 3 * size
            and (first.text.strip().casefold().startswith(labels) or first.confidence < 0.6))
        if not in_stamp:
            kept.append(line)
            continue
        runs = [r for r in line.runs if r.x0 > right - size / 2]
        if runs:
            runs[-1].text = runs[-1].text.rstrip()
            kept.append(Line(runs=runs, x0=min(r.x0 for r in runs), x1=max(r.x1 for r in runs),
                             top=min(r.top for r in runs), bottom=max(r.bottom for r in runs)))
    page.lines = kept


def _leading_cluster(runs: list[Run], size: float) -> list[Run]:
    # Without a header line, the stamp's words on the anchor's line end at the first wide gap.
    cluster = runs[:1]
    for before, run in zip(runs, runs[1:]):
        if run.x0 - before.x1 > 2 * size:
            break
        cluster.append(run)
    return cluster
