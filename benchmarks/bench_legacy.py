"""Character accuracy of legacy-encoding conversion (TCVN3, VNI) against the viparse hand transcripts.

Run: python benchmarks/bench_legacy.py  (needs LibreOffice for the .doc/.rtf files).
Accuracy = 1 - Levenshtein distance / transcript length, after collapsing whitespace on both sides
(line breaks and tabs differ between a converter's text and a transcript, words do not); case counts.
Two figures per document: against the transcript as is (the issue's measure, target >= 99.5 %), and against
the transcript without Word field codes and control characters ("EMBED Excel.Sheet.8", the footer's
"PAGE PAGE 2", U+0003/U+0004/U+001F), which the documents do not show and which come from footers that
the pipeline leaves out of the reading text by design.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "real" / "viparse-legacy-encoding"


def squash(text: str) -> str:
    """NFC text with every whitespace run made one space."""
    return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def without_fields(transcript: str) -> str:
    """The transcript without Word field codes and control characters."""
    text = regex.sub(r"EMBED \S+|\bPAGE\b", " ", transcript)
    return regex.sub(r"[\x00-\x08\x0b-\x1f]", "", text)


def levenshtein(a: str, b: str) -> int:
    """Edit distance of two short strings (one row at a time)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def char_accuracy(hyp: str, ref: str) -> float:
    """1 - edit distance / len(ref), aligning words first so long texts stay fast."""
    hyp, ref = squash(hyp), squash(ref)
    hw, rw = hyp.split(" "), ref.split(" ")
    errors = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, hw, rw, autojunk=False).get_opcodes():
        if op != "equal":
            a, b = " ".join(hw[i1:i2]), " ".join(rw[j1:j2])
            errors += levenshtein(a, b) if len(a) * len(b) < 4_000_000 else max(len(a), len(b))
    return 1 - errors / max(1, len(ref))


def pdf_text(path: Path) -> tuple[str, set]:
    """The PDF's text layer line by line, each line passed through legacy.fix."""
    import pdfplumber

    from extractor.ingest.legacy import fix

    lines, found = [], set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").splitlines():
                fixed, enc = fix(line)
                found.add(enc)
                lines.append(fixed)
    return "\n".join(lines), found - {None}


def office_text(path: Path, tmp: Path) -> tuple[str, set]:
    """The .doc/.rtf converted by LibreOffice and read as DOCX (read_docx applies legacy.fix)."""
    from extractor.ingest.docx import read_docx
    from extractor.ingest.office import convert_to_docx
    from extractor.models import Source

    source = Source(path=str(path), doc_id=path.name, format="doc", sha256="")
    read_docx(convert_to_docx(path, timeout=120, workdir=tmp), source)
    found = {w.split(":", 1)[1].strip() for w in source.warnings if w.startswith("legacy encoding:")}
    return "\n".join(b.text for b in source.blocks), found


def main() -> None:
    """Print one line per document: name, encoding found, the two accuracies, seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        for truth in sorted((CORPUS / "ground-truth").glob("*.txt")):
            original = next(p for p in CORPUS.glob(truth.stem + ".*") if p.is_file())
            started = time.perf_counter()
            if original.suffix == ".pdf":
                text, found = pdf_text(original)
            else:
                text, found = office_text(original, Path(tmp))
            ref = truth.read_text(encoding="utf-8")
            acc, clean = char_accuracy(text, ref), char_accuracy(text, without_fields(ref))
            print(f"{original.name:46} {','.join(sorted(found)) or '-':6} accuracy {acc:.3%}  "
                  f"without field codes {clean:.3%}  {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
