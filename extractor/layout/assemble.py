"""Write blocks into one ``Text``: NFC, paragraphs split by blank lines, marks as superscripts."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import regex

from ..models import Block, Marker, Paragraph, Text
from .marks import superscript

_BLANK_LINES = regex.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")  # a paragraph never holds "\n\n"


def _segments(block: Block) -> tuple[list[str], list[Marker | None]]:
    """The block's text cut at its markers and at the ends of its capitals spans, with those points in order.

    A point is its Marker, or None for a capitals span's start or end.
    """
    points = sorted([(m.offset, m) for m in block.markers] + [(o, None) for span in block.capitals for o in span],
                    key=lambda p: p[0])
    cuts, last = [], 0
    for at, _ in points:
        offset = min(max(at, last), len(block.text))
        cuts.append(block.text[last:offset])
        last = offset
    cuts.append(block.text[last:])
    return cuts, [point for _, point in points]


def _rejoin(block: Block, cuts: list[str], points: list[Marker | None]) -> Block:
    """A copy of the block whose text is the pieces joined, markers and capitals ends standing between them."""
    markers, ends, offset = [], [], 0
    for piece, point in zip(cuts, points):
        offset += len(piece)
        if point is None:
            ends.append(offset)
        else:
            markers.append(Marker(offset, point.number))
    capitals = tuple((s, e) for s, e in zip(ends[::2], ends[1::2]) if e > s)
    return replace(block, text="".join(cuts), markers=markers, capitals=capitals)


def normalize(block: Block) -> Block:
    """The block in NFC with its marker offsets moved to match."""
    if unicodedata.is_normalized("NFC", block.text):
        return block
    cuts, points = _segments(block)
    # Each piece is normalised on its own so a marker never lands inside a composed character.
    return _rejoin(block, [unicodedata.normalize("NFC", c) for c in cuts], points)


def tidy(block: Block) -> Block:
    """The block without surrounding whitespace or blank lines inside it, markers moved to match."""
    text = block.text
    if text and not text[0].isspace() and not text[-1].isspace() and not _BLANK_LINES.search(text):
        return block
    cuts, points = _segments(block)
    cuts = [_BLANK_LINES.sub("\n", c) for c in cuts]
    cuts[0] = cuts[0].lstrip()
    cuts[-1] = cuts[-1].rstrip()
    return _rejoin(block, cuts, points)


def assemble(blocks: list[Block]) -> Text:
    """The Text of blocks in order: paragraphs joined by a blank line, marks and note numbers in superscript."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    markers: list[Marker] = []
    capitals: list[tuple[int, int]] = []
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
        content, last = pos, 0
        for m in block.markers:
            parts.append(block.text[last : m.offset])
            pos += m.offset - last
            mark = superscript(m.number)
            markers.append(Marker(pos, m.number))
            parts.append(mark)
            pos += len(mark)
            last = m.offset
        capitals += [(_placed(s, content, block.markers, False), _placed(e, content, block.markers, True))
                     for s, e in block.capitals]
        parts.append(block.text[last:])
        pos += len(block.text) - last
        paragraphs.append(
            Paragraph(start, pos, block.page, block.kind, block.footnote, block.bold, block.centered,
                      block.size, block.confidence)
        )
    return Text("".join(parts), paragraphs, markers, tuple(capitals))


def _placed(offset: int, content: int, markers: list[Marker], end: bool) -> int:
    """Where a block offset lands in the text: after the block's start and the marks written before it."""
    # A span starting at a mark starts after it; a span ending at a mark ends before it.
    return content + offset + sum(len(superscript(m.number)) for m in markers
                                  if m.offset < offset or (m.offset == offset and not end))
