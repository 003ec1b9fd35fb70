"""Batch throughput on a synthetic archive: docs/s and pages/s at 1 and 2 workers, scaling, resume cost, memory.

Usage: python benchmarks/bench_batch.py [--files 2000] [--dir FOLDER] [--skip-rss]
The archive recombines the corpus: seed .txt with shuffled paragraphs, seed and real .docx with an
edited word/document.xml, seed and real digital .pdf with extra bytes appended (so every file has its
own content hash), and a few broken files. Peak RSS is measured on a 300-page PDF in a separate process.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmark this checkout, not another installed copy of the package

from extractor.run import run  # noqa: E402

SEED = ROOT / "corpus" / "seed"
REAL = ROOT.parent / "shared" / "corpus" / "real"
# Real files with a text layer that read in about a second; scans are left to an OCR benchmark.
REAL_DOCX = sorted((REAL / "sct-laocai-skills").glob("*.docx")) if REAL.is_dir() else []
REAL_PDF = [REAL / "vnlegal-dataset-tvpl-pdf" / "01_2019_ND-CP_404090.pdf",
            REAL / "vnlegal-dataset-tvpl-pdf" / "100_2001_ND-CP_7379.pdf"]
REAL_PDF = [p for p in REAL_PDF if p.is_file()]
BROKEN = {
    "empty.txt": b"",
    "truncated.pdf": (SEED / "seed-report.pdf").read_bytes()[:5000],
    "saved-page.pdf": b"<!DOCTYPE html><html><body>404</body></html>",
    "not-really.docx": b"PK\x03\x04" + b"\x00" * 100,
    "slides.odp": b"PK\x03\x04 odp",
    "binary.txt": bytes(range(256)) * 20,
}


def shuffled_txt(rng: random.Random) -> bytes:
    """The seed text with its body paragraphs (after the header) in a new order."""
    paragraphs = (SEED / "seed-report.txt").read_text(encoding="utf-8").split("\n\n")
    head, body = paragraphs[:12], paragraphs[12:]
    rng.shuffle(body)
    return "\n\n".join(head + body[: rng.randint(len(body) // 2, len(body))]).encode("utf-8")


def edited_docx(source: Path, i: int) -> bytes:
    """A copy of ``source`` with one more paragraph in word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                extra = f"<w:p><w:r><w:t>Bản sao số {i}, kinh phí {i + 1}.000.000 đồng.</w:t></w:r></w:p>"
                data = data.replace(b"<w:sectPr", extra.encode() + b"<w:sectPr", 1)
            zout.writestr(item, data)
    return out.getvalue()


def build_archive(folder: Path, files: int, seed: int = 7) -> None:
    """``files`` documents under ``folder`` in nested folders: 45% txt, 35% docx, 20% pdf, plus broken ones."""
    rng = random.Random(seed)
    docx_sources = [SEED / "seed-report.docx", *REAL_DOCX]
    pdf_sources = [SEED / "seed-report.pdf", *REAL_PDF]
    pdf_bytes = {p: p.read_bytes() for p in pdf_sources}
    broken = max(len(BROKEN), files // 200)
    for i in range(files - broken):
        sub = folder / f"unit{i % 17:02}" / f"{2020 + i % 6}"
        sub.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        if roll < 0.45:
            (sub / f"bc{i:05}.txt").write_bytes(shuffled_txt(rng))
        elif roll < 0.80:
            (sub / f"bc{i:05}.docx").write_bytes(edited_docx(rng.choice(docx_sources), i))
        else:
            source = rng.choice(pdf_sources)
            # Bytes after %%EOF are ignored by readers but give the copy its own hash.
            (sub / f"bc{i:05}.pdf").write_bytes(pdf_bytes[source] + f"\n%copy {i}\n".encode())
    (folder / "broken").mkdir(parents=True, exist_ok=True)
    names = list(BROKEN)
    for j in range(broken):
        name = names[j % len(names)]
        (folder / "broken" / f"{j:03}-{name}").write_bytes(BROKEN[name])


def long_pdf(path: Path, pages: int = 300) -> None:
    """A ``pages``-page PDF made by repeating the seed PDF's pages."""
    import pypdfium2 as pdfium

    seed = pdfium.PdfDocument(SEED / "seed-report.pdf")
    doc = pdfium.PdfDocument.new()
    while len(doc) < pages:
        doc.import_pages(seed, list(range(min(len(seed), pages - len(doc)))))
    doc.save(path)


def peak_rss(pdf: Path, out: Path) -> tuple[float, float, int]:
    """(seconds, peak worker RSS in MB, pages) of a one-worker run over ``pdf``, measured in a fresh process."""
    code = ("import resource, sys, time; from extractor.run import run; t = time.monotonic(); "
            "s = run([sys.argv[1]], sys.argv[2], quiet=True, workers=1); "
            "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, s.pages)")
    result = subprocess.run([sys.executable, "-c", code, str(pdf), str(out)], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    seconds, rss, pages = result.stdout.split()
    return float(seconds), float(rss), int(pages)


def timed(archive: Path, out: Path, workers: int):
    """A run, its wall time, and the CPU seconds of this (main) process and of the workers."""
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    started = time.monotonic()
    summary = run([archive], out, quiet=True, workers=workers)
    seconds = time.monotonic() - started
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    main_cpu, worker_cpu = (a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    return summary, seconds, main_cpu, worker_cpu


def main() -> None:
    """Build the archive, run it at 1 and 2 workers, re-run it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="documents in the synthetic archive")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--skip-rss", action="store_true", help="skip the 300-page PDF memory measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.dir or Path(tmp)
        archive = work / "archive"
        build_archive(archive, args.files)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
        print(f"archive: {args.files} files ({len(REAL_DOCX)} real docx and {len(REAL_PDF)} real pdf sources)")
        results = {}
        for workers in (1, 2):
            summary, seconds, main_cpu, worker_cpu = timed(archive, work / f"out-w{workers}", workers)
            results[workers] = seconds
            print(f"workers={workers}: {seconds:7.1f} s  {summary.documents / seconds:6.1f} docs/s  "
                  f"{summary.pages / seconds:7.1f} pages/s  ({summary.documents} docs, {summary.pages} pages, "
                  f"{summary.errors} errors; CPU: main {main_cpu:.1f} s, workers {worker_cpu:.1f} s)")
        # On a machine shared with other work the wall-clock ratio says more about the neighbours than about
        # the run; the serial share (main-process CPU) bounds what two free cores would give (Amdahl).
        serial = main_cpu / (main_cpu + worker_cpu)
        print(f"scaling 1 -> 2 workers: {results[1] / results[2]:.2f}x wall clock; serial share {100 * serial:.1f}% "
              f"of CPU, so at most {1 / (serial + (1 - serial) / 2):.2f}x on two free cores")
        again, seconds, _, _ = timed(archive, work / "out-w2", 2)
        print(f"re-run over the unchanged archive: {seconds:.2f} s = {100 * seconds / results[2]:.1f}% of the "
              f"first run ({again.processed} processed, {again.skipped} skipped)")
        same = all((work / "out-w1" / f).read_bytes() == (work / "out-w2" / f).read_bytes()
                   for f in os.listdir(work / "out-w1") if f.endswith((".csv", ".parquet")))
        print(f"tables of workers=1 and workers=2 byte-identical: {same}")
        print(f"load average {os.getloadavg()[0]:.2f} at end")
        if not args.skip_rss:
            long_pdf(work / "long.pdf")
            seconds, rss, pages = peak_rss(work / "long.pdf", work / "out-long")
            print(f"300-page PDF: {pages} pages in {seconds:.1f} s, peak worker RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
