"""Batch runs: every file gets a documents row, bad files become error rows, outputs are deterministic."""

from __future__ import annotations

import shutil
import time

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


def _fragile(path, doc_id):
    # A per-document function that dies the ways native libraries do on some files, and works on the rest.
    import ctypes
    import faulthandler
    import os
    import signal

    from extractor.pipeline import extract

    faulthandler.disable()  # pytest's handler would print every dying worker's stack
    if "segfault" in doc_id:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "nullread" in doc_id:
        ctypes.string_at(0)
    if "hang" in doc_id:
        time.sleep(60)
    return extract(path, doc_id)


def test_crash_and_timeout_in_one_document_become_its_error_row(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("segfault.txt", "nullread.txt", "hang.txt", "good.txt", "good2.txt"):
        (inputs / name).write_text((SEED / "seed-report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    started = time.monotonic()
    summary = run([inputs], tmp_path / "out", quiet=True, workers=2, timeout=3, extract=_fragile)
    assert time.monotonic() - started < 30
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert summary.documents == 5 and summary.errors == 3
    assert docs.loc["segfault.txt", "error"] == "crash: worker process killed by SIGSEGV"
    assert docs.loc["nullread.txt", "error"] == "crash: worker process killed by SIGSEGV"
    assert docs.loc["hang.txt", "error"] == "timeout: no result within 3 s"
    assert docs.loc["good.txt", "status"] == docs.loc["good2.txt", "status"] == "ok"
    assert docs.loc["good.txt", "number"] == "/BC-BDT"
    # Crashes and timeouts are tried again on the next run; finished documents are not.
    again = run([inputs], tmp_path / "out", quiet=True, workers=2, timeout=3, extract=_fragile)
    assert (again.processed, again.skipped, again.errors) == (3, 2, 3)


def test_cli_options_reach_the_run_and_plain_progress_lines_go_to_logs(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED / "seed-report.txt", tmp_path / "in" / "a.txt")
    (tmp_path / "in" / "b.odp").write_text("x")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1",
                 "--timeout", "60", "--engine", "local"]) == 0
    err = capsys.readouterr().err
    assert "[extractor] error: b.odp: unsupported format: .odp" in err
    assert "[extractor] 2/2 documents (100%)" in err and "1 errors" in err
    main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert "[extractor] 2 of 2 documents already done, skipped" in capsys.readouterr().err


def test_output_inside_the_archive_is_not_read_back(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text((SEED / "seed-report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    run([archive], archive / "out", quiet=True, workers=1)
    again = run([archive], archive / "out", quiet=True, workers=1)
    assert (again.documents, again.errors, again.skipped) == (1, 0, 1)
    assert [doc_id for _, doc_id in discover([archive])] == ["a.txt"]


def test_a_rerun_with_new_tables_drops_the_stale_audit(tmp_path):
    from extractor.audit import audit

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text((SEED / "seed-report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run([inputs], out, quiet=True, workers=1)
    audit(out)
    assert (out / "findings.csv").is_file()
    run([inputs], out, quiet=True, workers=1)  # nothing changed: the audit still describes these tables
    assert (out / "findings.csv").is_file()
    (inputs / "b.txt").write_text("Số: 1/BC-UBND\n\nBÁO CÁO\n\nTheo Quyết định số 12/QĐ-UBND ngày 02/3/2023.\n",
                                  encoding="utf-8")
    run([inputs], out, quiet=True, workers=1)
    assert not (out / "findings.csv").exists() and not (out / "audit.html").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "/no/such/folder", "--out", "OUT"], "no such file or folder: /no/such/folder"),
        (["run", str(SEED), "--out", "OUT", "--workers", "0"], "--workers: must be greater than 0, got 0"),
        (["run", str(SEED), "--out", "OUT", "--timeout", "-1"], "--timeout: must be greater than 0, got -1"),
    ],
)
def test_usage_errors_exit_2_with_a_message(tmp_path, capsys, args, message):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_score_errors_exit_2(tmp_path, capsys, seed_run):
    out, _ = seed_run
    assert main(["score", str(tmp_path), str(out), "--doc", "seed-report.txt"]) == 2
    assert "no gold tables" in capsys.readouterr().err
    assert main(["score", str(SEED.parent / "gold" / "seed"), str(out), "--doc", "nope.txt"]) == 2
    assert "doc_id 'nope.txt' not in" in capsys.readouterr().err
