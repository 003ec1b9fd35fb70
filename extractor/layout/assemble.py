"""Write blocks into one ``Text``: NFC, paragraphs split by blank lines, marks as superscripts."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import regex

from ..models import Block, Marker, Paragraph, Text
from .marks import superscript

_BLANK_LINES = regex.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")  # a paragraph never holds "\n\n"


def _segments(block: Block) -> tuple[list[str], list[Marker]]:
    """The block's text cut at its markers, with the markers in text order."""
    marks = sorted(block.markers, key=lambda m: m.offset)
    cuts, last = [], 0
    for m in marks:
        offset = min(max(m.offset, last), len(block.text))
        cuts.append(block.text[last:offset])
        last = offset
    cuts.append(block.text[last:])
    return cuts, marks


def _rejoin(block: Block, cuts: list[str], marks: list[Marker]) -> Block:
    """A copy of the block whose text is the pieces joined, markers standing between them."""
    markers, offset = [], 0
    for piece, m in zip(cuts, marks):
        offset += len(piece)
        markers.append(Marker(offset, m.number))
    return replace(block, text="".join(cuts), markers=markers)


def normalize(block: Block) -> Block:
    """The block in NFC with its marker offsets moved to match."""
    if unicodedata.is_normalized("NFC", block.text):
        return block
    cuts, marks = _segments(block)
    # Each piece is normalised on its own so a marker never lands inside a composed character.
    return _rejoin(block, [unicodedata.normalize("NFC", c) for c in cuts], marks)


def tidy(block: Block) -> Block:
    """The block without surrounding whitespace or blank lines inside it, markers moved to match."""
    text = block.text
    if text and not text[0].isspace() and not text[-1].isspace() and not _BLANK_LINES.search(text):
        return block
    cuts, marks = _segments(block)
    cuts = [_BLANK_LINES.sub("\n", c) for c in cuts]
    cuts[0] = cuts[0].lstrip()
    cuts[-1] = cuts[-1].rstrip()
    return _rejoin(block, cuts, marks)


def assemble(blocks: list[Block]) -> Text:
    """The Text of blocks in order: paragraphs joined by a blank line, marks and note numbers in superscript."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    markers: list[Marker] = []
    pos = 0
    for block in blocks:
        block = tidy(block)
        if not block.text and not block.markers:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        if block.kind == "footnote" and block.footnote is not None:
            head = superscript(block.footnote) + " "
            parts.append(head)
            pos += len(head)
        last = 0
        for m in block.markers:
            parts.append(block.text[last : m.offset])
            pos += m.offset - last
            mark = superscript(m.number)
            markers.append(Marker(pos, m.number))
            parts.append(mark)
            pos += len(mark)
            last = m.offset
        parts.append(block.text[last:])
        pos += len(block.text) - last
        paragraphs.append(
            Paragraph(start, pos, block.page, block.kind, block.footnote, block.bold, block.centered,
                      block.size, block.confidence)
        )
    return Text("".join(parts), paragraphs, markers)
