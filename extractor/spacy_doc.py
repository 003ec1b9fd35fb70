"""Expose a Document's mentions as a spaCy ``Doc`` with entity spans (for displaCy and spaCy pipelines)."""

from __future__ import annotations

import regex
import spacy
from spacy.tokens import Doc
from spacy.util import filter_spans

from .models import Document

_TOKEN = regex.compile(r"\S+|\s+")


def _tokens(text: str, cuts: set[int]) -> tuple[list[str], list[bool]]:
    # Our own tokens instead of a language tokenizer: spacy.blank("vi") needs pyvi, which splits
    # "70/QĐ-UBND" apart; cutting at whitespace and at mention edges keeps every entity on token bounds.
    words: list[str] = []
    spaces: list[bool] = []
    for m in _TOKEN.finditer(text):
        piece, start = m.group(), m.start()
        if piece.isspace():
            if piece == " " and words:
                spaces[-1] = True
                continue
            if piece.startswith(" ") and words and not spaces[-1]:
                spaces[-1] = True
                piece = piece[1:]
            words.append(piece)
            spaces.append(False)
            continue
        edges = sorted(c - start for c in cuts if start < c < start + len(piece))
        for a, b in zip([0, *edges], [*edges, len(piece)]):
            words.append(piece[a:b])
            spaces.append(False)
    return words, spaces


def to_spacy(document: Document, nlp=None) -> Doc:
    """A spaCy Doc of the document text whose ents are CITATION, MONEY, QUANTITY and PERCENT mentions."""
    nlp = nlp or spacy.blank("xx")
    mentions = [(c.start, c.end, "CITATION") for c in document.citations]
    mentions += [(a.start, a.end, "MONEY") for a in document.amounts]
    mentions += [(q.start, q.end, "PERCENT" if q.kind == "percent" else "QUANTITY") for q in document.quantities]
    cuts = {edge for start, end, _ in mentions for edge in (start, end)}
    words, spaces = _tokens(document.text.text, cuts)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    spans = [doc.char_span(start, end, label=label) for start, end, label in sorted(set(mentions))]
    # Two rows can share one span (369.780/671.874 triệu đồng gives two amounts); an entity is shown once.
    doc.ents = filter_spans([s for s in spans if s is not None])
    return doc
