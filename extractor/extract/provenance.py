"""Provenance for mentions: page, section, footnote, sentence, confidence."""

from __future__ import annotations

import bisect

from underthesea import sent_tokenize

from ..models import Footnote, Provenance, Section, Text


def sentence_spans(text: Text) -> list[tuple[int, int]]:
    """Sentence spans of every paragraph, split by underthesea and located back in the text."""
    spans: list[tuple[int, int]] = []
    for para in text.paragraphs:
        chunk = text.text[para.start : para.end]
        cursor = 0
        # underthesea returns substrings (it does not rewrite characters), so find() recovers offsets;
        # a sentence it altered is skipped and its words fall into the neighbour's span below.
        for sentence in sent_tokenize(chunk):
            at = chunk.find(sentence, cursor)
            if at < 0:
                continue
            spans.append((para.start + at, para.start + at + len(sentence)))
            cursor = at + len(sentence)
    return spans


class Locator:
    """Answers 'where does this span stand' for one document, in O(log n) per mention."""

    def __init__(self, text: Text, sections: list[Section], footnotes: list[Footnote]):
        self.text = text
        self.sentences = sentence_spans(text)
        self._sentence_starts = [s for s, _ in self.sentences]
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
        i = bisect.bisect_right(self._sentence_starts, start) - 1
        if i < 0:
            return ""
        s_start, s_end = self.sentences[i]
        j = i
        while s_end < end and j + 1 < len(self.sentences):
            j += 1
            s_end = self.sentences[j][1]
        return self.text.text[s_start:s_end]

    def locate(self, start: int, end: int) -> Provenance:
        """Provenance for the span ``start..end`` of the document text."""
        para = self.text.paragraph_at(start)
        page = para.page if para else 1
        note = para.footnote if para and para.kind == "footnote" else None
        section = self.anchor_section.get(note, "") if note is not None else self.section_at(start)
        confidence = para.confidence if para else 1.0
        return Provenance(page, section, note, start, end, self.sentence_at(start, end), confidence)
