"""Audit a finished run: cross-check the documents its reports cite and the figures they state.

``audit(run_dir, catalogue=None, out=None)`` reads the run's tables and texts, writes ``cited_documents`` and
``findings`` (CSV + Parquet) and ``audit.html`` to ``out`` (default: the run directory) and returns them
with a Markdown summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..tables import atomic_write, write_tables
from .catalogue import cited_documents, cited_frame, match_catalogue, read_catalogue
from .checks_arithmetic import check_arithmetic
from .checks_citations import check_citations
from .findings import Evidence, Finding, findings_frame
from .inputs import RunTables
from .report import html, markdown

__all__ = ["Audit", "Evidence", "Finding", "audit"]


@dataclass
class Audit:
    """What an audit produced: its two tables, the Markdown summary and where the files went."""

    cited_documents: pd.DataFrame
    findings: pd.DataFrame
    markdown: str
    out: Path


def audit(run_dir: str | Path, catalogue: str | Path | None = None, out: str | Path | None = None) -> Audit:
    """Audit the run in ``run_dir`` (optionally against a catalogue CSV) and write the results to ``out``."""
    run = RunTables(run_dir)
    docs = cited_documents(run.tables["citations"])
    found: list[Finding] = check_citations(run, docs) + check_arithmetic(run)
    matches = None
    if catalogue:
        matches, listed = match_catalogue(docs, read_catalogue(catalogue))
        found += listed
    cited, findings = cited_frame(docs, matches), findings_frame(found)
    target = Path(out) if out else Path(run_dir)
    write_tables({"cited_documents": cited, "findings": findings}, target)
    name, count = str(run_dir), len(run.documents)
    atomic_write(target / "audit.html", lambda p: p.write_text(html(name, findings, cited, count), encoding="utf-8"))
    return Audit(cited, findings, markdown(name, findings, cited, count), target)
