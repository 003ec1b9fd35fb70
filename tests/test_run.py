"""Batch runs: every file gets a documents row, bad files become error rows, outputs are deterministic."""

from __future__ import annotations

import pandas as pd
import pytest

from extractor.cli import main
from extractor.run import discover, run

from .conftest import SEED


def _bad_files(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n%%EOF")
    (folder / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (folder / "notes.odp").write_bytes(b"something")


def test_bad_files_give_error_rows_and_good_ones_still_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _bad_files(inputs)
    (inputs / "good.txt").write_text((SEED / "seed-report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    summary = run([inputs], tmp_path / "out", quiet=True)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert summary.documents == 7 and summary.errors == 6
    assert docs.loc["good.txt", "status"] == "ok"
    assert docs.loc["good.txt", "number"] == "/BC-BDT"
    assert docs.loc["empty.txt", "error"] == "empty file"
    assert "binary" in docs.loc["junk.txt", "error"]
    assert docs.loc["page.pdf", "error"].startswith("file named .pdf is not a PDF file")
    assert "PDF" in docs.loc["corrupt.pdf", "error"]
    assert docs.loc["notes.odp", "error"] == "unsupported format: .odp"
    assert (docs.status == "error").sum() == 6
    citations = pd.read_csv(tmp_path / "out" / "citations.csv", dtype=str, keep_default_na=False)
    assert set(citations.doc_id) == {"good.txt"}


def test_exit_code_is_zero_unless_strict(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["run", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o1"), "--quiet"]) == 0
    assert main(["run", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o2"), "--quiet", "--strict"]) == 1


def test_missing_input_is_an_error_row(tmp_path):
    summary = run([tmp_path / "nope.txt"], tmp_path / "out", quiet=True)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert summary.errors == 1 and docs.error[0].startswith("no such file")


def test_discover_is_recursive_sorted_and_relative(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b" / "c.txt").write_text("x")
    (tmp_path / "b" / "~$lock.docx").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x")
    assert [doc_id for _, doc_id in discover([tmp_path])] == ["a.txt", "b/c.txt"]


def test_same_inputs_give_byte_identical_tables(tmp_path, seed_run):
    out, _ = seed_run
    again = tmp_path / "again"
    run([SEED], again, quiet=True)
    for name in ("documents", "sections", "footnotes", "citations", "amounts", "quantities"):
        for ext in ("csv", "parquet"):
            assert (out / f"{name}.{ext}").read_bytes() == (again / f"{name}.{ext}").read_bytes(), name
    assert (out / "text" / "seed-report.txt.txt").read_bytes() == (again / "text" / "seed-report.txt.txt").read_bytes()


def test_text_slices_equal_mentions(seed_run):
    out, _ = seed_run
    for name, column in (("citations", "snippet"), ("amounts", "raw"), ("quantities", "raw")):
        df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        for row in df.itertuples():
            text = (out / "text" / f"{row.doc_id}.txt").read_text(encoding="utf-8")
            assert text[int(row.char_start):int(row.char_end)] == getattr(row, column), (name, row.mention_id)


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_parquet_matches_csv(seed_run, ext):
    out, _ = seed_run
    csv = pd.read_csv(out / "amounts.csv", keep_default_na=False)
    pq = pd.read_parquet(out / "amounts.parquet")
    mine = pq[pq.doc_id == f"seed-report.{ext}"]
    assert list(pq.columns) == list(csv.columns)
    assert str(pq.value_vnd.dtype) == "Int64"
    assert mine.value_vnd.sum() == csv[csv.doc_id == f"seed-report.{ext}"].value_vnd.sum()
    assert 748684000000 in set(mine.value_vnd)
