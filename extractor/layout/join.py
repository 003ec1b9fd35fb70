"""Rejoin body paragraphs that a page break split in two."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..models import Block, Marker, printed
from .assemble import tidy

# A paragraph that starts in lower case continues the one before, unless it is a lettered item "a)", "đ)".
_CONTINUES = regex.compile(r"^(?!\p{Ll}\))\p{Ll}")
# Across a page, a capital may continue a sentence too ("... tổng" | "Nguyên đán ..."): the half before
# the break ends without closing punctuation, the half after is no heading, list item or lettered item.
_OPEN_END = regex.compile(r"[\p{L}\d,]\Z")
_NEW_ITEM = regex.compile(r"[-+–•*]|\d+(?:\.\d+)*\.?\s|[IVXLC]+\.\s|\p{L}\)|Điều\s|Chương\s")


def join_pages(blocks: list[Block]) -> list[Block]:
    """The blocks with each lower-case body paragraph joined by one space to the body paragraph before it.

    Footnote blocks that stood between the two halves end up after the joined paragraph.
    """
    out: list[Block] = []
    open_at: int | None = None  # index in ``out`` of the body paragraph a continuation would join
    parts: list[str] = []  # that paragraph's text so far, kept in pieces so long chains join in linear time
    markers: list[Marker] = []
    capitals: list[tuple[int, int]] = []
    length = 0
    weighted = 0.0  # the joined paragraph's confidence times its length, summed over its parts

    def close() -> None:
        if open_at is not None:
            out[open_at] = replace(out[open_at], text="".join(parts), markers=markers, capitals=tuple(capitals),
                                   confidence=weighted / length if length else out[open_at].confidence)

    for block in blocks:
        block = tidy(block)
        if block.kind == "footnote":
            out.append(block)
            continue
        if block.kind == "body" and open_at is not None and _continues(out[open_at], parts[-1], block):
            parts.extend((" ", block.text))
            markers.extend(Marker(m.offset + length + 1, m.number) for m in block.markers)
            capitals.extend((s + length + 1, e + length + 1) for s, e in block.capitals)
            length += 1 + len(block.text)
            weighted += block.confidence * (1 + len(block.text))
            continue
        close()
        out.append(block)
        if block.kind == "body" and block.text:
            open_at, parts, markers, length = len(out) - 1, [block.text], list(block.markers), len(block.text)
            capitals = list(block.capitals)
            weighted = block.confidence * length
        else:
            open_at = None
    close()
    return out


def _continues(before: Block, tail: str, block: Block) -> bool:
    """Whether ``block`` is the rest of the body paragraph ``before`` (whose text ends with ``tail``)."""
    text = printed(block.text, block.capitals)  # a heading typed in a capitals font is a heading
    if _CONTINUES.match(text):
        return True
    return (block.page > before.page and not (block.bold or block.centered or before.bold or before.centered)
            and _OPEN_END.search(tail) is not None and _NEW_ITEM.match(text) is None)
