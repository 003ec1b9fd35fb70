"""Throughput of segmentation + extraction (MB/s of normalised text, one core) on the seed and real corpus.

Usage: python benchmarks/bench_text.py [--repeat N]
Ingest and layout run once per document outside the timed part; the timed part is what the
issue's 10 MB/s target is about (eyecite's published speed for US citations).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extractor import ingest, layout
from extractor.models import Document
from extractor.pipeline import analyse

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def texts() -> list[tuple[str, object]]:
    """Laid-out texts of the seed and of every readable real document."""
    paths = [ROOT / "corpus" / "seed" / "seed-report.txt"]
    if REAL.is_dir():
        paths += sorted(p for p in REAL.rglob("*") if p.suffix in (".docx", ".pdf", ".txt"))
    out = []
    for path in paths:
        try:
            out.append((path.name, layout.build(ingest.read(path))))
        except Exception as exc:  # noqa: BLE001 - scans and legacy files are not this benchmark's subject
            print(f"  skipped {path.name}: {exc}")
    return out


def measure(text, repeat: int) -> float:
    """Seconds per pass of analyse() over one laid-out text, best of ``repeat``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        analyse(Document(doc_id="bench", source="bench"), text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    """Print MB/s per document and overall."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    total_bytes = total_seconds = 0.0
    print(f"{'document':<60} {'KB':>8} {'MB/s':>8}")
    for name, text in texts():
        size = len(text.text.encode("utf-8"))
        seconds = measure(text, args.repeat)
        total_bytes += size
        total_seconds += seconds
        print(f"{name[:60]:<60} {size / 1024:8.1f} {size / 1e6 / seconds:8.2f}")
    print(f"{'ALL':<60} {total_bytes / 1024:8.1f} {total_bytes / 1e6 / total_seconds:8.2f}  (target >= 10 MB/s)")


if __name__ == "__main__":
    main()
