"""Stream per-document parts into the six CSV and Parquet tables, a bounded number of rows at a time."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .parts import Part
from .tables import TABLES, frame

# Rows held per table before they are written out as one CSV chunk and one Parquet row group.
CHUNK_ROWS = 50_000


class _TableWriter:
    """One table's CSV and Parquet files, written beside their targets until ``commit``."""

    def __init__(self, out: Path, name: str):
        self.name = name
        self.targets = [out / f"{name}.csv", out / f"{name}.parquet"]
        self.tmps = [p.with_name(p.name + ".tmp") for p in self.targets]
        self.schema = pa.Schema.from_pandas(frame(name, []), preserve_index=False)
        self.csv = self.tmps[0].open("w", encoding="utf-8", newline="")
        self.parquet = pq.ParquetWriter(self.tmps[1], self.schema)
        self.rows: list[dict] = []
        self.header = True

    def add(self, rows: list[dict]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows and not self.header:
            return
        df = frame(self.name, self.rows)
        df.to_csv(self.csv, index=False, header=self.header, lineterminator="\n")
        self.parquet.write_table(pa.Table.from_pandas(df, schema=self.schema, preserve_index=False))
        self.rows, self.header = [], False

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
            writer.add(part.rows[writer.name])
    for writer in writers:
        writer.commit()
