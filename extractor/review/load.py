"""Read a run folder for the review pages: the tables, each document's text, and audit findings if present."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex

from ..runfolder import MissingTable, read_table, read_tables, read_text


class ReviewError(Exception):
    """The run folder cannot be reviewed (missing folder or tables, unknown doc_id)."""


@dataclass
class Finding:
    """One audit finding as the review shows it, narrowed to one document's mentions and spans."""

    finding_id: str
    code: str
    severity: str
    explanation: list[str]
    evidence: str
    # What the finding rests on in this document, in the audit's order: (mention id or "", char_start, char_end).
    evidence_items: list[tuple[str, int | None, int | None]] = field(default_factory=list)

    @property
    def mention_ids(self) -> list[str]:
        """The ids the evidence names, once each (a footnote may be named too, as "fn8")."""
        return list(dict.fromkeys(m for m, _, _ in self.evidence_items if m))


@dataclass
class RunData:
    """A run folder's tables as DataFrames, with per-document access to rows, text and findings."""

    folder: Path
    tables: dict[str, pd.DataFrame]
    findings: pd.DataFrame | None

    def rows(self, name: str, doc_id: str) -> pd.DataFrame:
        """The rows of table ``name`` that belong to ``doc_id``."""
        df = self.tables[name]
        return df[df["doc_id"] == doc_id]

    def text(self, doc_id: str) -> str:
        """The document's normalised text as the run wrote it ("" when the run has none, e.g. an error row)."""
        return read_text(self.folder, doc_id)

    def findings_for(self, doc_id: str) -> list[Finding]:
        """The audit findings that involve ``doc_id``, most severe first as the audit ordered them."""
        if self.findings is None:
            return []
        rows = self.findings.to_dict("records")
        return [f for i, row in enumerate(rows, 1) if (f := _finding(row, i, doc_id)) is not None]


def load_run(run_dir: str | Path) -> RunData:
    """Read the contract tables (Parquet, else CSV) and the audit's findings table when it exists."""
    folder = Path(run_dir)
    if not folder.is_dir():
        raise ReviewError(f"run folder not found: {folder}")
    try:
        tables = read_tables(folder)
    except MissingTable as exc:
        raise ReviewError(f"{exc}: is it the output of `extractor run`?") from None
    return RunData(folder, tables, read_table(folder, "findings"))


_SPLIT = regex.compile(r"\s*[;|]\s*")  # not ",": a file name (so a doc_id) may hold one
_SPLIT_IDS = regex.compile(r"[\s;,|]+")


def cell_text(value) -> str:
    """A table cell as text: "" for every kind of null (None, pd.NA, NaN)."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def _finding(row: dict, index: int, doc_id: str) -> Finding | None:
    # The audit's findings name their documents in doc_ids ("a; b") or doc_id; evidence_json, when present,
    # ties each mention id and span to its own document, which mention_ids alone cannot across documents.
    docs = [d for d in _SPLIT.split(cell_text(row.get("doc_ids", row.get("doc_id", "")))) if d]
    if doc_id not in docs:
        return None
    items: list[tuple[str, int | None, int | None]] = []
    evidence = _evidence(row)
    if evidence is not None:
        items = [(cell_text(e.get("mention_id")), _offset(e.get("char_start")), _offset(e.get("char_end")))
                 for e in evidence if e.get("doc_id", doc_id) == doc_id]
    elif len(docs) == 1:
        ids = cell_text(row.get("mention_ids", row.get("mention_id", "")))
        items = [(m, None, None) for m in _SPLIT_IDS.split(ids) if m]
    explanation = [cell_text(row[c]) for c in ("explanation_vi", "explanation_en", "explanation", "message")
                   if cell_text(row.get(c))]
    return Finding(finding_id=cell_text(row.get("finding_id")) or f"f{index}", code=cell_text(row.get("code")),
                   severity=cell_text(row.get("severity")) or "info", explanation=explanation,
                   evidence=cell_text(row.get("evidence")), evidence_items=items)


def _offset(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _evidence(row: dict) -> list[dict] | None:
    raw = cell_text(row.get("evidence_json"))
    if not raw:
        return None
    try:
        items = json.loads(raw)
    except ValueError:
        return None
    return [e for e in items if isinstance(e, dict)] if isinstance(items, list) else None
