"""A finished run read back from disk: its tables as plain rows and its normalised texts."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..runfolder import MissingTable, read_tables, read_text
from .findings import Evidence


def _rows(df: pd.DataFrame) -> list[dict]:
    # pandas NA and NaN become None so checks can test ``if row["date"]`` plainly.
    return [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
            for r in df.astype(object).to_dict("records")]


class RunTables:
    """The six tables of a run directory (Parquet when present, else CSV) and ``text/<doc_id>.txt``."""

    def __init__(self, run_dir: str | Path):
        self.dir = Path(run_dir)
        try:
            frames = read_tables(self.dir, blank=None)
        except MissingTable as exc:
            missing = f"no {exc.table}.parquet or {exc.table}.csv"
            raise FileNotFoundError(f"{self.dir} is not a run directory: {missing}") from None
        self.tables: dict[str, list[dict]] = {name: _rows(df) for name, df in frames.items()}
        self._texts: dict[str, str] = {}

    def by_doc(self, name: str) -> dict[str, list[dict]]:
        """Rows of table ``name`` grouped by doc_id, in table order."""
        grouped: dict[str, list[dict]] = defaultdict(list)
        for row in self.tables[name]:
            grouped[row["doc_id"]].append(row)
        return grouped

    @cached_property
    def documents(self) -> dict[str, dict]:
        """The documents table keyed by doc_id (documents that ran without error)."""
        return {r["doc_id"]: r for r in self.tables["documents"] if r.get("status") == "ok"}

    def text(self, doc_id: str) -> str:
        """The document's normalised text, or '' if the run did not write it."""
        if doc_id not in self._texts:
            self._texts[doc_id] = read_text(self.dir, doc_id)
        return self._texts[doc_id]


def _int(value) -> int | None:
    return None if value is None or value == "" else int(value)


def evidence(row: dict, snippet_field: str = "snippet") -> Evidence:
    """Evidence for a mention row of the citations, amounts or quantities table."""
    return Evidence(doc_id=row["doc_id"], mention_id=row.get("mention_id") or "",
                    snippet=str(row.get(snippet_field) or row.get("raw") or ""), page=_int(row.get("page")),
                    section_id=row.get("section_id") or "", in_footnote=_int(row.get("in_footnote")),
                    char_start=_int(row.get("char_start")), char_end=_int(row.get("char_end")))
