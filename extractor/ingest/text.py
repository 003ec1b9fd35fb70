"""Read a plain-text file: guess its encoding, repair legacy Vietnamese, split paragraphs on blank lines."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import regex

from ..errors import ExtractorError
from ..models import Block, Source
from . import legacy

_BLANK_LINE = regex.compile(r"\n[ \t\u00a0]*\n")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_BYTES = 200 * 1024 * 1024


def read_text(path: Path, source: Source) -> None:
    """Fill ``source.blocks`` with the file's blank-line-separated paragraphs, as NFC Unicode."""
    data = path.read_bytes()
    if len(data) > _MAX_BYTES:
        raise ExtractorError(f"text file of {len(data)} bytes is too large to be a report")
    text, encoding = decode(data)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        source.warnings.append(f"text encoding: {encoding}")
    text, old = legacy.fix(text)
    if old:
        source.warnings.append(f"legacy encoding: {old}")
    source.blocks = split_blocks(text)
    source.pages = max((b.page for b in source.blocks), default=1)


def decode(data: bytes) -> tuple[str, str]:
    """The bytes as NFC text with the encoding used; raises ExtractorError for binary or garbage."""
    encoding = _guess(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ExtractorError("not text: the bytes are not UTF-8, UTF-16 or a Vietnamese 8-bit encoding") from None
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    bad = len(_CONTROL.findall(text))
    if bad and bad > len(text) / 100:
        raise ExtractorError("binary file, not text (control characters throughout)")
    letters = sum(c.isalnum() or c.isspace() for c in text)
    if text and letters < len(text) / 2:
        raise ExtractorError("not text: fewer than half the characters are letters, digits or spaces")
    return text, encoding


def _guess(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    # UTF-16 without a mark: Vietnamese and ASCII text puts a NUL in every other byte (high bytes are
    # 0x00 for ASCII, 0x1E for most tone letters), on the odd side for little-endian.
    sample = data[:4096]
    half = len(sample) // 2
    if half and sample.count(0) > half / 3:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > 3 * even:
            return "utf-16-le"
        if even > 3 * odd:
            return "utf-16-be"
        raise ExtractorError("binary file, not text (NUL bytes)")
    if b"\x00" in data:
        raise ExtractorError("binary file, not text (NUL bytes)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Windows-1258 (Vietnamese, decomposed tone marks) unless the bytes only make sense as
    # Windows-1252, which is how TCVN3/VNI bytes read before legacy.fix converts them.
    for candidate in ("cp1258", "cp1252"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate == "cp1258" and legacy.fix(data.decode("cp1252", errors="replace"))[1]:
            continue
        return candidate
    return "utf-8"  # decode() reports the failure


def split_blocks(text: str) -> list[Block]:
    """Paragraph blocks split on blank lines; a form feed starts a new page and a new block."""
    blocks = []
    for page_number, page in enumerate(text.split("\f"), start=1):
        for chunk in _BLANK_LINE.split(page):
            chunk = "\n".join(line.rstrip() for line in chunk.strip("\n").split("\n")).strip()
            if chunk:
                blocks.append(Block(text=chunk, page=page_number))
    return blocks
