"""Stream per-document parts into the six CSV and Parquet tables, a bounded number of rows at a time."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .parts import Part
from .tables import COLUMNS, TABLES, csv_header, csv_rows, schema

# Rows held per table before they are written out as one Parquet row group.
CHUNK_ROWS = 50_000


class _TableWriter:
    """One table's CSV and Parquet files, written beside their targets until ``commit``."""

    def __init__(self, out: Path, name: str):
        self.name = name
        self.targets = [out / f"{name}.csv", out / f"{name}.parquet"]
        self.tmps = [p.with_name(p.name + ".tmp") for p in self.targets]
        self.schema = schema(name)
        self.csv = self.tmps[0].open("w", encoding="utf-8", newline="")
        self.csv.write(csv_header(name))
        self.parquet = pq.ParquetWriter(self.tmps[1], self.schema)
        self.cells: dict[str, list] = {col: [] for col in COLUMNS[name]}
        self.held = 0
        self.groups = 0

    def add(self, cells: dict[str, list], lines: str) -> None:
        self.csv.write(lines)
        for col, values in cells.items():
            self.cells[col].extend(values)
        self.held += len(cells["doc_id"])
        if self.held >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.held and self.groups:
            return
        # An empty table still gets its one (empty) row group, as pandas' writer gave it.
        self.parquet.write_table(pa.Table.from_pydict(self.cells, schema=self.schema))
        self.cells = {col: [] for col in self.cells}
        self.held, self.groups = 0, self.groups + 1

    def commit(self) -> None:
        self.flush()
        self.csv.close()
        self.parquet.close()
        for tmp, target in zip(self.tmps, self.targets):
            os.replace(tmp, target)


def merge(parts: Iterable[Part], out: Path) -> None:
    """Write every table from ``parts`` (already in doc_id order); the old tables stay until all are written."""
    out.mkdir(parents=True, exist_ok=True)
    writers = [_TableWriter(out, name) for name in TABLES]
    for part in parts:
        for writer in writers:
            cells = part.columns[writer.name]
            lines = part.csv[writer.name] if writer.name in part.csv else csv_rows(cells)
            writer.add(cells, lines)
    for writer in writers:
        writer.commit()
