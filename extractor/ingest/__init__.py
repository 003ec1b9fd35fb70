"""Ingest: read a file into a ``Source`` (blocks or positioned pages), choosing the reader by content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ExtractorError, UnsupportedFormat
from ..models import Source

# Magic bytes first, extension second: archives hold misnamed files.
_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
]
_EXTENSIONS = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".rtf": "rtf",
               ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes, falling back to its extension."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, fmt in _MAGIC:
        if stripped.startswith(magic) if fmt == "pdf" else head.startswith(magic):
            return fmt
    ext = _EXTENSIONS.get(path.suffix.lower())
    if ext in ("pdf", "docx", "doc", "rtf", "image"):
        # The extension promises a binary format the bytes do not have (an HTML page saved as .pdf).
        raise ExtractorError(f"file named {path.suffix} is not a {ext.upper()} file (starts with {head[:16]!r})")
    if ext == "txt":
        return "txt"
    raise UnsupportedFormat(f"unsupported format: {path.suffix or 'no extension'}")


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read(path: str | Path, doc_id: str | None = None, ocr_workers: int = 1) -> Source:
    """Read one file into a Source; raises ExtractorError with a clear message for bad input.

    ``ocr_workers`` Tesseract processes OCR the pages of one scan at once (a batch parallelises documents).
    """
    path = Path(path)
    doc_id = doc_id or path.name
    if not path.is_file():
        raise ExtractorError(f"no such file: {path}")
    with path.open("rb") as fh:
        head = fh.read(64)
    if not head:
        raise ExtractorError("empty file")
    fmt = sniff(path, head)
    source = Source(path=str(path), doc_id=doc_id, format=fmt, sha256=sha256_of(path))
    if fmt == "txt":
        from .text import read_text

        read_text(path, source)
    elif fmt == "docx":
        from .docx import read_docx

        read_docx(path, source)
    elif fmt == "pdf":
        from .pdf import read_pdf

        read_pdf(path, source, workers=ocr_workers)
    elif fmt == "image":
        from .image import read_image

        read_image(path, source, workers=ocr_workers)
    elif fmt in ("doc", "rtf"):
        from .office import read_office

        read_office(path, source)
    else:
        raise UnsupportedFormat(f"unsupported format: {fmt} ({path.suffix}) is not read yet")
    return source
