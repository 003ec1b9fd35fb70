"""A run folder read back (what ``extractor run --out DIR`` wrote): its tables and its normalised texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tables import TABLES, frame


class MissingTable(FileNotFoundError):
    """A run folder has neither ``<table>.parquet`` nor ``<table>.csv``; each reader words its own message."""

    def __init__(self, folder: Path, table: str):
        super().__init__(f"{folder} has no {table}.parquet or {table}.csv")
        self.folder, self.table = folder, table


def read_csv(path: str | Path) -> pd.DataFrame:
    """A table's CSV with every cell a string and empty cells as "" (a run's tables and gold tables alike)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_table(folder: str | Path, name: str, blank: str | None = "") -> pd.DataFrame | None:
    """Table ``name`` of a run folder: its Parquet file (typed) when present, else its CSV; None when neither.

    A contract table's CSV gets the Parquet file's numeric columns (an empty cell is NA there); its other cells
    are strings, an empty one read as ``blank``.
    """
    parquet, csv = Path(folder) / f"{name}.parquet", Path(folder) / f"{name}.csv"
    if parquet.is_file():
        return pd.read_parquet(parquet)
    if not csv.is_file():
        return None
    df = read_csv(csv)
    if name in TABLES:
        # A folder of CSVs alone (Parquet files not copied along) must give checks the numbers they compare.
        for column, dtype in frame(name, []).dtypes.items():
            if dtype.kind in "iuf" and column in df:
                df[column] = pd.to_numeric(df[column].replace("", None)).astype(dtype)
    return df if blank == "" else df.replace("", blank)


def read_tables(folder: str | Path, blank: str | None = "") -> dict[str, pd.DataFrame]:
    """The six contract tables of a run folder by name (see ``read_table``); raises MissingTable for one not there."""
    tables = {}
    for name in TABLES:
        df = read_table(folder, name, blank)
        if df is None:
            raise MissingTable(Path(folder), name)
        tables[name] = df
    return tables


def read_text(folder: str | Path, doc_id: str) -> str:
    """A document's normalised text as the run wrote it, or "" when the run has none (e.g. an error row)."""
    path = Path(folder) / "text" / f"{doc_id}.txt"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
