"""The typed data model that flows ingest -> layout -> segment -> extract -> tables.

Every stage receives these objects and returns these objects; no stage keeps hidden state.
Character offsets (``start``/``end``) always index ``Text.text``, the document's normalised
(NFC) text that a run writes as ``text/<doc_id>.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# ingest: what a source file holds, as close to the file as is useful
# ---------------------------------------------------------------------------


@dataclass
class Run:
    """A stretch of characters on one line with one font size and baseline (PDF or OCR)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    confidence: float = 1.0  # OCR word confidence in 0..1; 1.0 for a text layer


@dataclass
class Line:
    """One printed line of a page: its runs left to right, with the line's box."""

    runs: list[Run]
    x0: float
    x1: float
    top: float
    bottom: float
    cell: tuple[int, int, int] | None = None  # (table, row, column) on the page when the line is in a ruled table

    @property
    def text(self) -> str:
        """The line's text with a space where runs are apart."""
        return "".join(r.text for r in self.runs)


@dataclass
class Page:
    """One page of a positioned source (digital PDF text layer or OCR words)."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False
    graphics_rules: list[float] = field(default_factory=list)  # y of short horizontal rules


@dataclass
class Marker:
    """A footnote reference mark at ``offset`` in its block's (or the document's) text."""

    offset: int
    number: int


@dataclass
class Block:
    """A paragraph-like unit as a source gives it, before pages are joined."""

    text: str
    page: int = 1
    kind: str = "body"  # body | footnote | table
    footnote: int | None = None  # the note's number when kind == "footnote"
    markers: list[Marker] = field(default_factory=list)  # offsets into ``text``
    bold: bool = False
    centered: bool = False
    size: float | None = None
    confidence: float = 1.0
    # Spans of ``text`` typed in lower case in a capitals font (.VnTimeH): the text keeps the typed letters,
    # as transcripts do, and segmentation reads the capitals a reader sees (``Text.printed``).
    capitals: tuple[tuple[int, int], ...] = ()


@dataclass
class Source:
    """What ingest read from one file: identity, blocks in reading order, page facts."""

    path: str
    doc_id: str
    format: str  # txt | pdf | docx | image | doc | rtf
    sha256: str
    pages: int = 1
    ocr_pages: int = 0
    blocks: list[Block] = field(default_factory=list)
    positioned: list[Page] = field(default_factory=list)  # PDF/OCR pages, when the source has them
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# layout: one normalised text with its paragraphs and footnote markers
# ---------------------------------------------------------------------------


@dataclass
class Paragraph:
    """A span of ``Text.text`` that is one paragraph of the body, a table cell or a footnote."""

    start: int
    end: int
    page: int
    kind: str = "body"  # body | footnote | table
    footnote: int | None = None
    bold: bool = False
    centered: bool = False
    size: float | None = None
    confidence: float = 1.0


def printed(text: str, capitals: tuple[tuple[int, int], ...]) -> str:
    """``text`` with the ``capitals`` spans in capitals, every offset unchanged."""
    if not capitals:
        return text
    parts, last = [], 0
    for start, end in capitals:
        # Letter by letter, so that a letter whose capital is two characters cannot shift an offset.
        parts += [text[last:start], "".join(c.upper() if len(c.upper()) == 1 else c for c in text[start:end])]
        last = end
    parts.append(text[last:])
    return "".join(parts)


@dataclass
class Text:
    """The document's normalised text with paragraph spans and footnote markers in it."""

    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)  # offsets into ``text``; the mark is a superscript digit run there
    capitals: tuple[tuple[int, int], ...] = ()  # spans typed in a capitals font, in order (see Block.capitals)

    def printed(self) -> str:
        """The text as printed: capitals-font spans in capitals, every offset unchanged."""
        return printed(self.text, self.capitals)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing ``offset``, or None between paragraphs."""
        lo, hi = 0, len(self.paragraphs)
        while lo < hi:
            mid = (lo + hi) // 2
            p = self.paragraphs[mid]
            if offset < p.start:
                hi = mid
            elif offset >= p.end:
                lo = mid + 1
            else:
                return p
        return None


# ---------------------------------------------------------------------------
# segment: header, sections, footnotes, signature, recipients
# ---------------------------------------------------------------------------


@dataclass
class Header:
    """The document's own identity as printed at its top and bottom."""

    number: str = ""
    issuer: str = ""
    place: str = ""
    date: str = ""  # ISO
    kind: str = ""
    title: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A numbered heading and the span of text it governs."""

    section_id: str
    number: str
    level: int
    title: str
    parent_id: str
    page: int
    start: int  # heading start
    end: int  # end of the section's content (next heading of same or higher level)


@dataclass
class Footnote:
    """A footnote's text and where its marker stands in the body."""

    number: int
    text: str
    page: int
    start: int
    end: int
    anchor_offset: int | None = None
    anchor_section_id: str = ""
    anchor_context: str = ""


# ---------------------------------------------------------------------------
# extract: mentions with provenance
# ---------------------------------------------------------------------------


@dataclass
class Provenance:
    """Where a mention stands: page, section, footnote, span, sentence."""

    page: int
    section_id: str
    in_footnote: int | None
    char_start: int
    char_end: int
    sentence: str
    confidence: float = 1.0


@dataclass
class Citation:
    """A mention of another official document (văn bản)."""

    kind: str
    number: str
    seq: str
    year: str
    kind_code: str
    issuer_code: str
    date: str
    issuer: str
    title: str
    snippet: str
    start: int
    end: int
    prov: Provenance | None = None
    role: str = "mention"  # basis | implements | amends | replaces | repeals | proposal | mention
    pinpoint: str = ""  # "Điều 15 khoản 3 điểm a" when the mention cites a provision
    resolved: int | None = None  # index in Document.citations of the full citation a short form repeats


@dataclass
class Amount:
    """A money amount normalised to đồng."""

    raw: str
    value_vnd: int
    label: str
    start: int
    end: int
    prov: Provenance | None = None


@dataclass
class Quantity:
    """A count, percentage or physical measure with its unit."""

    kind: str  # count | percent | measure
    value: float
    unit: str
    raw: str
    label: str
    start: int
    end: int
    prov: Provenance | None = None


@dataclass
class Document:
    """Everything the pipeline knows about one input file."""

    doc_id: str
    source: str
    sha256: str = ""
    format: str = ""
    pages: int = 0
    ocr_pages: int = 0
    status: str = "ok"
    error: str = ""
    text: Text = field(default_factory=lambda: Text(""))
    header: Header = field(default_factory=Header)
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def tables(self):
        """The six contract tables for this document as pandas DataFrames."""
        from .tables import document_tables

        return document_tables([self])
