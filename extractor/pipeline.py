"""One document through every stage: ingest -> layout -> segment -> extract, errors as an error row."""

from __future__ import annotations

import traceback
from dataclasses import replace
from pathlib import Path

from . import ingest, layout
from .errors import ExtractorError
from .extract.amounts import find_amounts
from .extract.citations import find_citations
from .extract.named_laws import find_named_laws
from .extract.ocrfix import ocr_spans
from .extract.pinpoints import find_pinpoints
from .extract.provenance import Locator
from .extract.quantities import find_quantities
from .extract.resolve import resolve_short_forms
from .extract.roles import assign_roles
from .models import Citation, Document, Header, Text
from .segment.footnotes import link_footnotes
from .segment.header import find_header
from .segment.ocrheader import header_view
from .segment.sections import find_sections
from .segment.signature import read_lines


def extract(path: str | Path, doc_id: str | None = None, ocr_workers: int = 1) -> Document:
    """Run the whole pipeline on one file; bad input gives a Document with status 'error'.

    ``ocr_workers`` > 1 OCRs a scan's pages in that many processes (one page image each).
    """
    path = Path(path)
    # Until ingest has read the bytes, the extension is the best account of the format an error row can give.
    doc = Document(doc_id=doc_id or path.name, source=str(path), format=path.suffix.lower().lstrip("."))
    try:
        source = ingest.read(path, doc.doc_id, ocr_workers=ocr_workers)
        doc.sha256, doc.format = source.sha256, source.format
        doc.pages, doc.ocr_pages = source.pages, source.ocr_pages
        doc.warnings = list(source.warnings)
        analyse(doc, layout.build(source))
    except ExtractorError as exc:
        doc.status, doc.error = "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        doc.status = "error"
        doc.error = f"internal error: {type(exc).__name__}: {exc}"
        doc.warnings.append(traceback.format_exc(limit=5))
    return doc


def analyse(doc: Document, text: Text) -> Document:
    """Segment and extract from a laid-out text into ``doc``."""
    if not text.text.strip():
        raise ExtractorError("no text found in the document")
    doc.text = text
    # Headings and header lines are found by their capitals, so segmentation reads the text as printed.
    shown = replace(text, text=text.printed()) if text.capitals else text
    read = read_lines(shown)  # the printed lines and the "Nơi nhận" line, for the header and the sections
    view = header_view(shown)
    doc.header = find_header(view, read if view is shown else None)
    doc.sections = find_sections(shown, read)
    doc.footnotes = link_footnotes(text, doc.sections)
    doc.citations = find_all_citations(text, doc.header)
    doc.amounts = find_amounts(text.text)
    taken = [(c.start, c.end) for c in doc.citations] + [(a.start, a.end) for a in doc.amounts]
    doc.quantities = find_quantities(text.text, taken)
    locator = Locator(text, doc.sections, doc.footnotes)
    for mention in (*doc.citations, *doc.amounts, *doc.quantities):
        mention.prov = locator.locate(mention.start, mention.end)
    return doc


def find_all_citations(laid_out: Text, header: Header) -> list[Citation]:
    """Numbered citations and named laws in text order, with short forms resolved, pinpoints and roles."""
    text = laid_out.text
    # OCR'd stretches get Đ/D and digit look-alike repairs; text-layer stretches are matched as printed.
    citations = _without_own_number(find_citations(text, ocr_spans(laid_out)), header.number)
    citations += find_named_laws(text, [(c.start, c.end) for c in citations])
    citations.sort(key=lambda c: c.start)
    resolve_short_forms(text, citations, header.kind)  # adds rows ("Nghị định này"): pinpoints and roles see them
    find_pinpoints(text, citations)
    assign_roles(text, citations)
    return citations


def _without_own_number(citations, own_number: str):
    # The report's own "Số: 123/BC-UBND" is a documents field, never a citation of another document.
    own = "".join(own_number.split())
    if not own or own.startswith("/"):
        return citations
    return [c for c in citations if "".join(c.number.split()) != own]
