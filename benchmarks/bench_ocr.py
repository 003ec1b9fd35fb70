"""OCR benchmark: character error rate and seconds per page on the seed scan, against bare ``tesseract``.

Usage: python benchmarks/bench_ocr.py [--pages N] [--workers N] [--experiment]

With all 16 pages it also runs the rest of the pipeline on our OCR'd pages and prints the score table
against corpus/gold/seed (the acceptance figures of issue #3).

CER compares each page's OCR text with the digital PDF's text layer for the same page (whitespace folded),
as the baseline figure (bare Tesseract 0.33 %) was measured. ``--experiment`` also measures the
pre-processing options, on pages as rendered and downsampled to 87 dpi (the resolution of the real CV-813
scan). Measured (Tesseract 5, vie), CER with and without deskew (projection-profile search ±2° by 0.1°):
pages 1-4 at 300 dpi 0.163 % -> 0.122 %; all 16 pages 0.301 % -> 0.286 % (124 -> 118 errors; 8 pages better,
5 worse, 3 equal); 87 dpi upscaled to 300 dpi 0.395 % -> 0.366 %. Binarising at 150 raised CER (0.405 %), so
``preprocess`` greys, upscales and deskews (rules/ocr.toml [preprocess]) but does not binarise.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
from bench_legacy import levenshtein  # same folder: the edit distance the legacy benchmark uses

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SCAN = SHARED / "corpus" / "seed" / "seed-report-scan.pdf"
DIGITAL = ROOT / "corpus" / "seed" / "seed-report.pdf"
GOLD = ROOT / "corpus" / "gold" / "seed"


def fold(text: str) -> str:
    """Text for CER: NFC, pdfium's soft-hyphen stand-in as a hyphen, whitespace runs as one space."""
    text = unicodedata.normalize("NFC", text.replace("\ufffe", "-").replace("\x02", "-"))
    return " ".join(text.split())


def edit_distance(ocr: str, truth: str) -> int:
    """Edit distance of page texts: exact Levenshtein inside each differing stretch of a difflib alignment."""
    matcher = difflib.SequenceMatcher(None, ocr, truth, autojunk=False)
    return sum(levenshtein(ocr[i1:i2], truth[j1:j2])
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def truth_pages() -> list[str]:
    """The digital seed PDF's text per page."""
    pdf = pdfium.PdfDocument(str(DIGITAL))
    return [fold(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]


def bare_tesseract(png: Path) -> tuple[str, float]:
    """Text and seconds of the bare command ``tesseract page.png stdout -l vie`` (one thread)."""
    start = time.perf_counter()
    done = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--dpi", "300"], capture_output=True,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    return fold(done.stdout.decode()), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=16, help="first N pages of the scan (default all 16)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--experiment", action="store_true", help="also measure pre-processing on an 87 dpi page")
    args = parser.parse_args()

    from extractor.ingest.ocr import ocr_pdf_pages, render_pdf_page  # noqa: E402

    truth = truth_pages()
    numbers = list(range(1, min(args.pages, len(truth)) + 1))

    # Pages alternate between the two so that load from other processes hits both alike.
    ours, ours_pages, bare, ours_seconds, bare_seconds = [], [], [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for number in numbers:
            png = Path(tmp) / f"p{number}.png"
            render_pdf_page(SCAN, number, 300).convert("L").save(png)
            text, seconds = bare_tesseract(png)
            bare.append(text)
            bare_seconds += seconds
            if args.workers == 1:
                start = time.perf_counter()
                page = ocr_pdf_pages(SCAN, [number], dpi=300)[0]
                ours_seconds += time.perf_counter() - start
                ours_pages.append(page)
                ours.append(fold("\n".join(line.text for line in page.lines)))
    if args.workers > 1:
        start = time.perf_counter()
        pages = ocr_pdf_pages(SCAN, numbers, dpi=300, workers=args.workers)
        ours_seconds = time.perf_counter() - start
        ours = [fold("\n".join(line.text for line in page.lines)) for page in pages]

    chars = sum(len(truth[n - 1]) for n in numbers)
    ours_errors = sum(edit_distance(o, truth[n - 1]) for o, n in zip(ours, numbers))
    bare_errors = sum(edit_distance(b, truth[n - 1]) for b, n in zip(bare, numbers))
    print(f"seed scan, pages 1-{numbers[-1]} ({chars} chars of truth), workers={args.workers}")
    print(f"  ours  CER {ours_errors / chars:.3%}  {ours_seconds / len(numbers):.2f} s/page (render+OCR+layout)")
    print(f"  bare  CER {bare_errors / chars:.3%}  {bare_seconds / len(numbers):.2f} s/page (tesseract on PNG)")
    print(f"  time ours/bare: {ours_seconds / bare_seconds:.2f}"
          + (" (wall time with workers; bare is one process)" if args.workers > 1 else ""))
    for number, o, b in zip(numbers, ours, bare):
        t = truth[number - 1]
        print(f"  page {number:2d}: ours {edit_distance(o, t) / len(t):.3%}  bare {edit_distance(b, t) / len(t):.3%}")
    if len(numbers) == len(truth):
        print(score_table(pages if args.workers > 1 else ours_pages))
    if args.experiment:
        experiment(truth, numbers)


def score_table(pages) -> str:
    """The score report of the whole pipeline run on the given OCR'd pages of the scan, against the seed gold."""
    from extractor import layout
    from extractor.models import Document, Source
    from extractor.pipeline import analyse
    from extractor.score import format_report, score
    from extractor.tables import document_tables

    doc_id = SCAN.name
    source = Source(path=str(SCAN), doc_id=doc_id, format="pdf", sha256="", pages=len(pages),
                    ocr_pages=len(pages), positioned=pages)
    doc = analyse(Document(doc_id=doc_id, source=str(SCAN), format="pdf", pages=len(pages),
                           ocr_pages=len(pages)), layout.build(source))
    with tempfile.TemporaryDirectory() as tmp:
        for name, table in document_tables([doc]).items():
            table.to_csv(Path(tmp) / f"{name}.csv", index=False)
        return f"pipeline on our OCR pages vs corpus/gold/seed:\n{format_report(score(GOLD, tmp, doc_id))}"


def experiment(truth: list[str], numbers: list[int]) -> None:
    """CER of pre-processing options: Tesseract on the page as rendered, binarised by us, deskewed, at 87 dpi."""
    from PIL import Image

    from extractor.ingest import ocr

    def cer(image: Image.Image, dpi: int, number: int) -> int:
        page = ocr.parse_hocr(ocr.run_tesseract(image, dpi), number, dpi)
        return edit_distance(fold("\n".join(line.text for line in page.lines)), truth[number - 1])

    totals: dict[str, int] = {}
    for number in numbers:
        full = ocr.render_pdf_page(SCAN, number, 300).convert("L")
        low = full.resize((round(full.width * 87 / 300), round(full.height * 87 / 300)), Image.LANCZOS)
        start = time.perf_counter()
        angle = ocr.skew_angle(full)
        seconds = time.perf_counter() - start
        print(f"  page {number}: estimated skew correction {angle:+.1f} deg ({seconds * 1000:.0f} ms)")
        upscaled = low.resize(full.size, Image.LANCZOS)
        cases = {
            "300 dpi as rendered": (full, 300),
            "300 dpi binarised by us (threshold 150)": (full.point(lambda v: 255 if v > 150 else 0), 300),
            "87 dpi as is": (low, 87),
            "300 dpi deskewed (bicubic, white fill)": (full.rotate(angle, Image.BICUBIC, fillcolor=255), 300),
            "87 dpi upscaled to 300 (LANCZOS)": (upscaled, 300),
            "87 dpi upscaled, then deskewed": (upscaled.rotate(ocr.skew_angle(upscaled), Image.BICUBIC, fillcolor=255),
                                               300),
        }
        for name, (image, dpi) in cases.items():
            totals[name] = totals.get(name, 0) + cer(image, dpi, number)
    chars = sum(len(truth[n - 1]) for n in numbers)
    print(f"pre-processing experiment, seed scan pages 1-{numbers[-1]} (Tesseract on the image as given):")
    for name, errors in totals.items():
        print(f"  {name:40s} CER {errors / chars:.3%}")


if __name__ == "__main__":
    main()
