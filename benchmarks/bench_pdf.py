"""Pages per second of digital-PDF ingest + positioned layout, pdfium fast path vs pdfplumber, on one core.

Run: python benchmarks/bench_pdf.py [--plumber-all]. Prints one row per PDF and checks that both engines
give equal blocks on the seed report. pdfplumber runs on the seed only unless --plumber-all is given.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.errors import ExtractorError  # noqa: E402
from extractor.ingest.pdf import read_pdf  # noqa: E402
from extractor.layout.positioned import to_blocks  # noqa: E402
from extractor.models import Source  # noqa: E402

SEED = ROOT / "corpus" / "seed" / "seed-report.pdf"
REAL = ROOT.parent / "shared" / "corpus" / "real"


def run(path: Path, engine: str) -> tuple[float, int, list]:
    """Seconds, pages and blocks for one PDF read with one engine, layout included."""
    source = Source(path=str(path), doc_id=path.name, format="pdf", sha256="")
    start = time.perf_counter()
    read_pdf(path, source, engine=engine)
    blocks = to_blocks(source.positioned)
    return time.perf_counter() - start, source.pages, blocks


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    plumber_all = "--plumber-all" in sys.argv
    paths = [SEED, *sorted(REAL.glob("*/*.pdf"))]
    print(f"{'file':58} {'pages':>5} {'pdfium p/s':>11} {'pdfplumber p/s':>15}")
    totals = {"pdfium": [0.0, 0], "pdfplumber": [0.0, 0]}
    equal = None
    for path in paths:
        row = {}
        for engine in ("pdfium", "pdfplumber"):
            if engine == "pdfplumber" and path != SEED and not plumber_all:
                continue
            try:
                seconds, pages, blocks = run(path, engine)
            except ExtractorError as exc:
                row[engine] = str(exc)[:15]
                continue
            totals[engine][0] += seconds
            totals[engine][1] += pages
            row[engine] = f"{pages / seconds:.1f}"
            row["pages"] = pages
            row.setdefault("blocks", {})[engine] = blocks
        if path == SEED:
            equal = row["blocks"]["pdfium"] == row["blocks"]["pdfplumber"]
        print(f"{path.name[:58]:58} {row.get('pages', ''):>5} {row.get('pdfium', '-'):>11} {row.get('pdfplumber', '-'):>15}")
    for engine, (seconds, pages) in totals.items():
        if pages:
            print(f"{engine}: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
    print(f"seed: pdfium and pdfplumber blocks equal: {equal}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
