"""Provenance for mentions: page, section, footnote, sentence, confidence."""

from __future__ import annotations

import bisect

from underthesea import sent_tokenize

from ..models import Footnote, Provenance, Section, Text


def sentence_spans(chunk: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph's text, split by underthesea and located back in it."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    # underthesea returns substrings (it does not rewrite characters), so find() recovers offsets;
    # a sentence it altered is skipped and its words fall into the neighbour's span below.
    for sentence in sent_tokenize(chunk):
        at = chunk.find(sentence, cursor)
        if at < 0:
            continue
        spans.append((offset + at, offset + at + len(sentence)))
        cursor = at + len(sentence)
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

    def section_at(self, offset: int) -> str:
        """The id of the innermost section whose span holds ``offset``, or ''."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            section = self.sections[i]
            if section.start <= offset < section.end:
                return section.section_id
            i -= 1
        return ""

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence(s) covering ``start..end``, widened when a mention straddles a split."""
        para = self.text.paragraph_at(start)
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
        para = self.text.paragraph_at(start)
        page = para.page if para else 1
        note = para.footnote if para and para.kind == "footnote" else None
        section = self.anchor_section.get(note, "") if note is not None else self.section_at(start)
        confidence = para.confidence if para else 1.0
        return Provenance(page, section, note, start, end, self.sentence_at(start, end), confidence)
