"""Provenance for mentions: page, section, footnote, sentence, confidence."""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex
from underthesea.pipeline.sent_tokenize import _load_model

from ..models import Footnote, Paragraph, Provenance, Section, Text

_END = regex.compile(r"[.?!]")
_ENDS = ".?!"


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    # underthesea's own abbreviation list ("tp", "ts", single letters...): a dot after one ends no sentence.
    import underthesea.pipeline.sent_tokenize as punkt

    _load_model()
    return frozenset(punkt.sentence_tokenizer.abbrev_types)


def _no_boundary(chunk: str, i: int) -> bool:
    # A dot inside a number ("1.500.000") or after an abbreviation; "?" and "!" always end a sentence.
    if chunk[i] != ".":
        return False
    if i > 0 and chunk[i - 1].isdigit() and i + 1 < len(chunk) and chunk[i + 1].isdigit():
        return True
    j = i - 1
    while j >= 0 and (chunk[j].isalnum() or chunk[j] == "."):
        j -= 1
    word = chunk[j + 1 : i]
    return bool(word) and word.lower() in _abbreviations()


def _span(chunk: str, start: int, end: int, offset: int, spans: list[tuple[int, int]]) -> None:
    # ``chunk[start:end]`` stripped, as underthesea strips each sentence; nothing for blank text.
    piece = chunk[start:end]
    body = piece.strip()
    if body:
        at = start + len(piece) - len(piece.lstrip())
        spans.append((offset + at, offset + at + len(body)))


def sentence_spans(chunk: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph's text, as underthesea's ``sent_tokenize`` splits it.

    The same Punkt-style rules (ellipses, numbers, its abbreviation list) as underthesea applies them,
    but it jumps from one ".?!" to the next instead of stepping through every character in Python, and it
    gives spans rather than strings (underthesea's sentences are stripped slices of the input).
    """
    spans: list[tuple[int, int]] = []
    if not chunk.strip():
        return spans
    n, start = len(chunk), 0
    m = _END.search(chunk)
    while m:
        i = m.start()
        if chunk[i] == ".":
            dot_end = i
            while dot_end < n and chunk[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:  # an ellipsis ends a sentence before a capital or at the end
                after = dot_end
                while after < n and chunk[after] in " \t":
                    after += 1
                if after >= n or chunk[after].isupper():
                    _span(chunk, start, dot_end, offset, spans)
                    while dot_end < n and chunk[dot_end] in " \t\n\r":
                        dot_end += 1
                    start = dot_end
                m = _END.search(chunk, dot_end)
                continue
        if _no_boundary(chunk, i):
            m = _END.search(chunk, i + 1)
            continue
        end = i + 1
        while end < n and chunk[end] in _ENDS:
            end += 1
        _span(chunk, start, end, offset, spans)
        while end < n and chunk[end] in " \t\n\r":
            end += 1
        start = end
        m = _END.search(chunk, end)
    _span(chunk, start, n, offset, spans)
    return spans


class Locator:
    """Answers 'where does this span stand' for one document, in O(log n) per mention."""

    def __init__(self, text: Text, sections: list[Section], footnotes: list[Footnote]):
        self.text = text
        self._sentences: dict[int, list[tuple[int, int]]] = {}  # by paragraph start, split on first use
        # Sections nest, so the innermost one containing an offset is the last-starting one that still spans it.
        self.sections = sorted(sections, key=lambda s: (s.start, -s.end))
        self._section_starts = [s.start for s in self.sections]
        self.anchor_section = {f.number: f.anchor_section_id for f in footnotes}
        self._paragraph_starts = [p.start for p in text.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing ``offset``, or None between paragraphs (``Text.paragraph_at`` by bisect)."""
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        para = self.text.paragraphs[i] if i >= 0 else None
        return para if para is not None and offset < para.end else None

    def section_at(self, offset: int) -> str:
        """The id of the innermost section whose span holds ``offset``, or ''."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            section = self.sections[i]
            if section.start <= offset < section.end:
                return section.section_id
            i -= 1
        return ""

    def sentence_at(self, para: Paragraph | None, start: int, end: int) -> str:
        """The sentence(s) of ``para`` covering ``start..end``, widened when a mention straddles a split."""
        if para is None:
            return ""
        # Only paragraphs that hold a mention are split: most of a report has none.
        spans = self._sentences.get(para.start)
        if spans is None:
            spans = self._sentences[para.start] = sentence_spans(self.text.text[para.start : para.end], para.start)
        i = max(bisect.bisect_right(spans, (start, float("inf"))) - 1, 0)
        if not spans:
            return self.text.text[para.start : para.end]
        s_start, s_end = spans[i]
        while s_end < end and i + 1 < len(spans):
            i += 1
            s_end = spans[i][1]
        return self.text.text[s_start:max(s_end, end)]

    def locate(self, start: int, end: int) -> Provenance:
        """Provenance for the span ``start..end`` of the document text."""
        para = self.paragraph_at(start)
        page = para.page if para else 1
        note = para.footnote if para and para.kind == "footnote" else None
        section = self.anchor_section.get(note, "") if note is not None else self.section_at(start)
        confidence = para.confidence if para else 1.0
        return Provenance(page, section, note, start, end, self.sentence_at(para, start, end), confidence)
