"""Documents -> the six contract tables (pandas), and writing them as CSV and Parquet."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .models import Document

# Column order is the contract of DESIGN.md; columns after the contract's are additions.
COLUMNS = {
    "documents": ["doc_id", "source", "sha256", "format", "pages", "ocr_pages", "status", "error", "kind",
                  "number", "place", "date", "title", "signer_title", "signer_name", "recipients", "issuer",
                  "sections", "footnotes", "citations", "amounts", "quantities", "warnings"],
    "sections": ["doc_id", "section_id", "number", "level", "title", "parent_id", "page", "char_start", "char_end"],
    "footnotes": ["doc_id", "number", "text", "page", "anchor_section_id", "anchor_offset", "anchor_context",
                  "char_start", "char_end"],
    "citations": ["doc_id", "mention_id", "kind", "number", "seq", "year", "kind_code", "issuer_code", "date",
                  "issuer", "title", "in_footnote", "section_id", "page", "char_start", "char_end", "snippet",
                  "sentence", "confidence", "role", "pinpoint", "resolved_mention_id"],
    "amounts": ["doc_id", "mention_id", "raw", "value_vnd", "label", "in_footnote", "section_id", "page",
                "char_start", "char_end", "sentence", "confidence"],
    "quantities": ["doc_id", "mention_id", "kind", "value", "unit", "raw", "label", "in_footnote", "section_id",
                   "page", "char_start", "char_end", "sentence", "confidence"],
}
TABLES = tuple(COLUMNS)

# Nullable integer columns stay integers in pandas and Parquet instead of turning into floats.
_INTS = {"pages", "ocr_pages", "level", "page", "char_start", "char_end", "anchor_offset",
         "in_footnote", "value_vnd", "sections", "footnotes", "citations", "amounts", "quantities"}
_FLOATS = {"value", "confidence"}


def _prov(m) -> dict:
    p = m.prov
    return {"in_footnote": p.in_footnote, "section_id": p.section_id, "page": p.page,
            "char_start": m.start, "char_end": m.end, "sentence": p.sentence, "confidence": p.confidence}


def document_rows(doc: Document) -> dict[str, list[dict]]:
    """The rows one document contributes to each table."""
    h = doc.header
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "doc_id": doc.doc_id, "source": doc.source, "sha256": doc.sha256, "format": doc.format,
        "pages": doc.pages, "ocr_pages": doc.ocr_pages, "status": doc.status, "error": doc.error,
        "kind": h.kind, "number": h.number, "place": h.place, "date": h.date, "title": h.title,
        "signer_title": h.signer_title, "signer_name": h.signer_name, "recipients": "; ".join(h.recipients),
        "issuer": h.issuer, "sections": len(doc.sections), "footnotes": len(doc.footnotes),
        "citations": len(doc.citations), "amounts": len(doc.amounts), "quantities": len(doc.quantities),
        "warnings": " | ".join(w.splitlines()[0] for w in doc.warnings if w),
    })
    for s in doc.sections:
        rows["sections"].append({"doc_id": doc.doc_id, "section_id": s.section_id, "number": s.number,
                                 "level": s.level, "title": s.title, "parent_id": s.parent_id, "page": s.page,
                                 "char_start": s.start, "char_end": s.end})
    for f in doc.footnotes:
        rows["footnotes"].append({"doc_id": doc.doc_id, "number": f.number, "text": f.text, "page": f.page,
                                  "anchor_section_id": f.anchor_section_id, "anchor_offset": f.anchor_offset,
                                  "anchor_context": f.anchor_context, "char_start": f.start, "char_end": f.end})
    for i, c in enumerate(doc.citations, 1):
        rows["citations"].append({"doc_id": doc.doc_id, "mention_id": f"c{i}", "kind": c.kind, "number": c.number,
                                  "seq": c.seq, "year": c.year, "kind_code": c.kind_code,
                                  "issuer_code": c.issuer_code, "date": c.date, "issuer": c.issuer,
                                  "title": c.title, "snippet": c.snippet, **_prov(c), "role": c.role,
                                  "pinpoint": c.pinpoint,
                                  "resolved_mention_id": "" if c.resolved is None else f"c{c.resolved + 1}"})
    for i, a in enumerate(doc.amounts, 1):
        rows["amounts"].append({"doc_id": doc.doc_id, "mention_id": f"a{i}", "raw": a.raw, "value_vnd": a.value_vnd,
                                "label": a.label, **_prov(a)})
    for i, q in enumerate(doc.quantities, 1):
        rows["quantities"].append({"doc_id": doc.doc_id, "mention_id": f"q{i}", "kind": q.kind,
                                   "value": float(q.value), "unit": q.unit, "raw": q.raw, "label": q.label,
                                   **_prov(q)})
    return rows


def _kind(name: str, col: str) -> str:
    # "int", "float" or "str": how a column's cells are typed in every output.
    if col in _INTS or (name == "footnotes" and col == "number"):
        return "int"
    return "float" if col in _FLOATS else "str"


def _cell(kind: str, value):
    # Missing numbers stay missing (None); a missing string is the empty string.
    if value is None or value != value:  # None or NaN
        return "" if kind == "str" else None
    return int(value) if kind == "int" else float(value) if kind == "float" else str(value)


def columns(name: str, rows: list[dict]) -> dict[str, list]:
    """A contract table's cells column by column, typed and filled as in every output (CSV, Parquet, pandas)."""
    return {col: [_cell(kind, row.get(col)) for row in rows]
            for col, kind in ((col, _kind(name, col)) for col in COLUMNS[name])}


def csv_rows(cols: dict[str, list]) -> str:
    """The CSV lines (no header) of typed columns, written exactly as pandas writes the same frame."""
    texts = [["" if v is None else repr(v) if type(v) is float else str(v) for v in values] for values in cols.values()]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(zip(*texts))
    return out.getvalue()


def csv_header(name: str) -> str:
    """The CSV header line of a contract table."""
    return ",".join(COLUMNS[name]) + "\n"


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A contract table from row dicts, with stable column order and dtypes."""
    dtypes = {"int": "Int64", "float": "float64", "str": "string"}
    return pd.DataFrame({col: pd.array(values, dtype=dtypes[_kind(name, col)])
                         for col, values in columns(name, rows).items()}, columns=COLUMNS[name])


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a contract table, with the pandas metadata that gives back its dtypes."""
    return pa.Schema.from_pandas(frame(name, []), preserve_index=False)


def document_tables(docs: list[Document]) -> dict[str, pd.DataFrame]:
    """All six tables for a list of documents."""
    merged: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, rows in document_rows(doc).items():
            merged[name].extend(rows)
    return {name: frame(name, rows) for name, rows in merged.items()}


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` in ``out``, atomically."""
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        atomic_write(out / f"{name}.csv", lambda p: df.to_csv(p, index=False, lineterminator="\n"))
        table = pa.Table.from_pandas(df, preserve_index=False)
        atomic_write(out / f"{name}.parquet", lambda p: pq.write_table(table, p))


def atomic_write(path: Path, write) -> None:
    """Call ``write`` on a temporary path beside ``path``, then rename it into place."""
    # A killed run never leaves a half-written file; the unique name lets workers write side by side.
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    write(tmp)
    tmp.replace(path)
