"""Pages per second of digital-PDF ingest + layout (footnote detection included), pdfium fast path vs pdfplumber.

Run: python benchmarks/bench_pdf.py [--plumber-all] [--repeat N]. Pinned to one core. Prints one row per PDF
(best of N runs, wall clock) and the totals over the text-layer pages, with the machine's load average, and
checks that both engines give equal blocks on the seed report. pdfplumber runs on the seed only unless
--plumber-all is given. Pages without a real text layer go to OCR, which bench_ocr.py measures: here OCR is
switched off, those pages are not counted, and PDFs that are scans only are listed as such.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import extractor.ingest.ocr as ocr  # noqa: E402
from extractor import layout  # noqa: E402
from extractor.errors import ExtractorError  # noqa: E402
from extractor.ingest.pdf import read_pdf  # noqa: E402
from extractor.layout.positioned import to_blocks  # noqa: E402
from extractor.models import Source  # noqa: E402

SEED = ROOT / "corpus" / "seed" / "seed-report.pdf"
REAL = ROOT.parent / "shared" / "corpus" / "real"
ENGINES = ("pdfium", "pdfplumber")


def _no_ocr(*args, **kwargs):
    raise ExtractorError("OCR is measured by bench_ocr.py")


def run(path: Path, engine: str, repeat: int) -> tuple[float, float, int, Source]:
    """Best wall and CPU seconds over ``repeat`` runs, text-layer pages, and the Source of one PDF."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        source = Source(path=str(path), doc_id=path.name, format="pdf", sha256="")
        start, start_cpu = time.perf_counter(), time.process_time()
        read_pdf(path, source, engine=engine)
        layout.build(source)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, sum(1 for page in source.positioned if page.lines), source


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    ocr.ocr_pdf_pages = _no_ocr
    plumber_all = "--plumber-all" in sys.argv
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    paths = [SEED, *sorted(REAL.glob("*/*.pdf"))]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'file':58} {'pages':>5} {'pdfium p/s':>11} {'pdfplumber p/s':>15}")
    totals = {engine: [0.0, 0.0, 0] for engine in ENGINES}  # wall s, CPU s, pages
    seed_sources: dict[str, Source] = {}
    read_pdf(SEED, Source(path=str(SEED), doc_id="warm-up", format="pdf", sha256=""))  # rules, imports
    for path in paths:
        row: dict[str, str] = {}
        for engine in ENGINES:
            if engine == "pdfplumber" and path != SEED and not plumber_all:
                continue
            try:
                wall, cpu, pages, source = run(path, engine, repeat)
            except ExtractorError as exc:
                row[engine] = "OCR only" if "OCR is measured" in str(exc) else str(exc)[:15]
                continue
            totals[engine][0] += wall
            totals[engine][1] += cpu
            totals[engine][2] += pages
            row[engine] = f"{pages / wall:.1f}"
            row["pages"] = str(pages)
            if path == SEED:
                seed_sources[engine] = source
        print(f"{path.name[:58]:58} {row.get('pages', ''):>5} {row.get('pdfium', '-'):>11} "
              f"{row.get('pdfplumber', '-'):>15}")
    for engine, (wall, cpu, pages) in totals.items():
        if pages:
            print(f"{engine}: {pages} text-layer pages in {wall:.2f} s = {pages / wall:.1f} pages/s "
                  f"(CPU time {cpu:.2f} s = {pages / cpu:.1f} pages/s)")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    equal = to_blocks(seed_sources["pdfium"].positioned) == to_blocks(seed_sources["pdfplumber"].positioned)
    print(f"seed: pdfium and pdfplumber blocks equal: {equal}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
