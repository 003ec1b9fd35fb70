"""Provenance for mentions: page, section, footnote, sentence, confidence."""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex
from underthesea.pipeline.sent_tokenize import _load_model

from ..models import Footnote, Provenance, Section, Text
from .scan import find_all

# Python's str.isalnum as a class, so that the engine reads the word before a dot (checked against every
# code point Python knows).
_WORD_BEFORE = regex.compile(r"(?r)[\p{L}\p{Nt=De}\p{Nt=Di}\p{Nt=Nu}.]*")
_ENDS = ".?!"


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    # underthesea's own abbreviation list ("tp", "ts", single letters...): a dot after one ends no sentence.
    import underthesea.pipeline.sent_tokenize as punkt

    _load_model()
    return frozenset(punkt.sentence_tokenizer.abbrev_types)


def _span(chunk: str, start: int, end: int, offset: int, spans: list[tuple[int, int]]) -> None:
    # ``chunk[start:end]`` stripped, as underthesea strips each sentence; nothing for blank text. Stepping over
    # the white space costs less than slicing and stripping: a sentence has rarely more than one space to drop.
    while start < end and chunk[start].isspace():
        start += 1
    while end > start and chunk[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((offset + start, offset + end))


def sentence_spans(chunk: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph's text, as underthesea's ``sent_tokenize`` splits it.

    The same Punkt-style rules (ellipses, numbers, its abbreviation list) as underthesea applies them,
    but it jumps from one ".?!" to the next instead of stepping through every character in Python, and it
    gives spans rather than strings (underthesea's sentences are stripped slices of the input).
    """
    spans: list[tuple[int, int]] = []
    if not chunk.strip():
        return spans
    n = len(chunk)
    abbreviations = _abbreviations()
    start = resume = 0  # the open sentence's start; marks before ``resume`` are already read
    for i in find_all(chunk, _ENDS):
        if i < resume:
            continue
        if chunk[i] == ".":
            # A dot inside a number ("1.500.000") ends nothing: a quarter of all dots, settled first.
            if i > 0 and chunk[i - 1].isdigit() and chunk[i + 1 : i + 2].isdigit():
                continue
            dot_end = i + 1
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
                resume = dot_end
                continue
            # A dot after an abbreviation ends nothing either ("?" and "!" always end a sentence). Most dots end a
            # plain word that a space opens: str.isalnum accepts it (a subset of the engine's class, so the word is
            # the same), and the engine reads only words that hold a dot, a bracket or a line break.
            word = chunk[chunk.rfind(" ", 0, i) + 1 : i]
            if not word.isalnum():
                word = _WORD_BEFORE.match(chunk, 0, i).group()
            if word and word.lower() in abbreviations:
                continue
        end = i + 1
        while end < n and chunk[end] in _ENDS:
            end += 1
        # The sentence ends on its mark, so only its start may need stripping (``_span`` inlined: most
        # sentences end this way); the mark stops the step.
        while chunk[start].isspace():
            start += 1
        spans.append((offset + start, offset + end))
        while end < n and chunk[end] in " \t\n\r":
            end += 1
        start = resume = end
    _span(chunk, start, n, offset, spans)
    return spans


class Locator:
    """Answers 'where does this span stand' for one document, in O(log n) per mention."""

    def __init__(self, text: Text, sections: list[Section], footnotes: list[Footnote]):
        self.text = text
        # Sentence starts and ends by paragraph index, split on first use.
        self._sentences: dict[int, tuple[list[int], list[int]]] = {}
        # Sections nest, so the innermost one containing an offset is the last-starting one that still spans it.
        self.sections = sorted(sections, key=lambda s: (s.start, -s.end))
        self._section_starts = [s.start for s in self.sections]
        self.anchor_section = {f.number: f.anchor_section_id for f in footnotes}
        self._paragraphs = text.paragraphs
        self._paragraph_starts = [p.start for p in text.paragraphs]

    def section_at(self, offset: int) -> str:
        """The id of the innermost section whose span holds ``offset``, or ''."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            section = self.sections[i]
            if section.start <= offset < section.end:
                return section.section_id
            i -= 1
        return ""

    def _split(self, i: int) -> tuple[list[int], list[int]]:
        """The sentence starts and ends of paragraph ``i``."""
        para = self.text.paragraphs[i]
        spans = sentence_spans(self.text.text[para.start : para.end], para.start)
        split = self._sentences[i] = ([s for s, _ in spans], [e for _, e in spans])
        return split

    def locate(self, start: int, end: int) -> Provenance:
        """Provenance for the span ``start..end`` of the document text.

        Its sentence is the sentence(s) of its paragraph covering ``start..end``, widened when a mention straddles
        a split. This runs for every mention, so the paragraph (``Text.paragraph_at``) and sentence lookups are
        written out here rather than called.
        """
        i = bisect.bisect_right(self._paragraph_starts, start) - 1
        para = self._paragraphs[i] if i >= 0 else None
        if para is None or start >= para.end:
            return Provenance(1, self.section_at(start), None, start, end, "", 1.0)
        if para.kind == "footnote":
            note = para.footnote
            section = self.anchor_section.get(note, "") if note is not None else self.section_at(start)
        else:
            note, section = None, self.section_at(start)
        # Only paragraphs that hold a mention are split: most of a report has none.
        starts, ends = self._sentences.get(i) or self._split(i)
        if starts:
            first = bisect.bisect_right(starts, start) - 1  # the last sentence starting at or before start
            first = first if first > 0 else 0
            last = bisect.bisect_left(ends, end, first)  # then up to the one reaching end
            last_end = ends[last] if last < len(ends) else ends[-1]
            sentence = self.text.text[starts[first] : last_end if last_end > end else end]
        else:
            sentence = self.text.text[para.start : para.end]
        return Provenance(para.page, section, note, start, end, sentence, para.confidence)
