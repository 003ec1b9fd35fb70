"""Footnotes: each note's text and where its mark stands in the body."""

from __future__ import annotations

import regex

from ..layout.marks import SUPERSCRIPT_CLASS
from ..models import Footnote, Section, Text

_CONTEXT_WORDS = 5
_MARKS = regex.compile(rf"{SUPERSCRIPT_CLASS}+")
_DASH = regex.compile(r"[-–—]")  # a dash between numbers ("2024 - 2026") is not a word of its own


def link_footnotes(text: Text, sections: list[Section]) -> list[Footnote]:
    """One Footnote per footnote paragraph, linked to its mark in the body and the section around it."""
    anchors: dict[int, int] = {}
    for marker in text.markers:
        paragraph = text.paragraph_at(marker.offset)
        if paragraph is not None and paragraph.kind != "footnote":
            anchors.setdefault(marker.number, marker.offset)
    notes = []
    for p in text.paragraphs:
        if p.kind != "footnote" or p.footnote is None:
            continue
        head = _MARKS.match(text.text, p.start)
        start = head.end() + 1 if head and text.text[head.end() : head.end() + 1] == " " else p.start
        anchor = anchors.get(p.footnote)
        notes.append(
            Footnote(
                number=p.footnote,
                text=text.text[start : p.end],
                page=p.page,
                start=start,
                end=p.end,
                anchor_offset=anchor,
                anchor_section_id=_section_at(sections, anchor),
                anchor_context=_context(text, anchor),
            )
        )
    return notes


def _section_at(sections: list[Section], offset: int | None) -> str:
    """The id of the innermost section whose span holds ``offset``, or "" if none does."""
    if offset is None:
        return ""
    best = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.level > best.level):
            best = s
    return best.section_id if best else ""


def _context(text: Text, offset: int | None) -> str:
    """The last few words of the body paragraph before ``offset``, without other notes' marks."""
    if offset is None:
        return ""
    paragraph = text.paragraph_at(offset)
    start = paragraph.start if paragraph else 0
    # Words are short, so a bounded look-back keeps this cheap on long paragraphs.
    before = _MARKS.sub("", text.text[max(start, offset - 40 * _CONTEXT_WORDS) : offset])
    tokens = before.split()
    if start < offset - 40 * _CONTEXT_WORDS and tokens:
        tokens = tokens[1:]  # the look-back may have cut the first word in half
    kept, words = [], 0
    for token in reversed(tokens):
        if words == _CONTEXT_WORDS:
            break
        kept.append(token)
        words += not _DASH.fullmatch(token)
    return " ".join(reversed(kept))
