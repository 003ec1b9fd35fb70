"""SQL over a run folder: DuckDB views on the run's Parquet tables, results as table, CSV, JSON or Markdown."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import regex

from .tables import TABLES

FORMATS = ("table", "csv", "json", "markdown")
# Tables other commands may add to a run folder (the audit writes these); registered when present.
EXTRA_TABLES = ("cited_documents", "findings")
_NAME = regex.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryError(Exception):
    """A query could not run: missing run folder, no tables, or a SQL error (DuckDB's message)."""


def tables_in(run_dir: str | Path) -> dict[str, Path]:
    """The Parquet tables of a run folder by view name: the contract tables first, then any others."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise QueryError(f"run folder not found: {run_dir}")
    found = {p.stem: p for p in sorted(run_dir.glob("*.parquet")) if _NAME.match(p.stem)}
    order = [*TABLES, *EXTRA_TABLES]
    names = sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n))
    if not names:
        raise QueryError(f"no tables in {run_dir}: expected the Parquet files written by `extractor run`")
    return {name: found[name] for name in names}


def connect(run_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per Parquet table of the run folder."""
    con = duckdb.connect(":memory:")
    for name, path in tables_in(run_dir).items():
        literal = str(path.resolve()).replace("'", "''")
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{literal}\')')
    return con


def query(run_dir: str | Path, sql: str) -> pd.DataFrame:
    """Run ``sql`` over the run folder's tables and return the result as a DataFrame."""
    con = connect(run_dir)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        hint = ""
        if isinstance(exc, duckdb.CatalogException):
            hint = f"\ntables in this run: {', '.join(tables_in(run_dir))}"
        raise QueryError(f"{exc}{hint}") from None
    finally:
        con.close()


def render(df: pd.DataFrame, fmt: str = "table") -> str:
    """The result as text in one of FORMATS (JSON: a list of records; nulls as null)."""
    if fmt == "csv":
        return df.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        records = json.loads(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        # A JSON array with one record per line: valid JSON that still reads and diffs line by line.
        if not records:
            return "[]"
        return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]"
    if fmt == "markdown":
        return _markdown(df)
    if fmt == "table":
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 80):
            shown = df.astype(object).where(df.notna(), "")  # nulls print blank, not <NA>/NaN
            return shown.to_string(index=False) + f"\n({len(df)} rows)"
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _markdown(df: pd.DataFrame) -> str:
    def cell(value) -> str:
        blank = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        text = "" if blank else str(value)
        # A pipe or newline inside a cell would break the table's rows and columns.
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in df.columns) + " |",
             "|" + "|".join("---" for _ in df.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)
