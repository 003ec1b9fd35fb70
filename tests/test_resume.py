"""Resumable, incremental runs: re-runs skip finished documents, follow changes, survive kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd

from extractor.run import run

from .conftest import ROOT, SEED

TABLE_FILES = [f"{name}.{ext}" for name in ("documents", "sections", "footnotes", "citations", "amounts",
                                            "quantities") for ext in ("csv", "parquet")]


def assert_same_tables(a, b):
    """Every table of run ``a`` has the same bytes as in run ``b``, and so has every text."""
    for name in TABLE_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    texts = sorted(p.relative_to(a / "text") for p in (a / "text").rglob("*.txt"))
    assert texts == sorted(p.relative_to(b / "text") for p in (b / "text").rglob("*.txt"))
    for rel in texts:
        assert (a / "text" / rel).read_bytes() == (b / "text" / rel).read_bytes(), rel


def seed_archive(folder, copies: int):
    """``copies`` variants of each seed format under ``folder`` (txt ones differ in content), and a bad file."""
    for i in range(copies):
        sub = folder / f"d{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        text = (SEED / "seed-report.txt").read_text(encoding="utf-8")
        extra = f"\n\nPhụ lục {i}: kinh phí {i + 1}.000.000 đồng.\n"
        (sub / f"r{i:02}.txt").write_text(text + extra, encoding="utf-8")
        shutil.copy(SEED / "seed-report.docx", sub / f"r{i:02}.docx")
        if i % 4 == 0:
            shutil.copy(SEED / "seed-report.pdf", sub / f"r{i:02}.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\ngarbage\n%%EOF")
    return folder


def test_rerun_skips_finished_and_follows_new_changed_and_deleted_files(tmp_path):
    inputs = seed_archive(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = run([inputs], out, quiet=True, workers=2)
    assert (first.documents, first.processed, first.skipped) == (8, 8, 0)
    before = {name: (out / name).read_bytes() for name in TABLE_FILES}
    again = run([inputs], out, quiet=True, workers=2)
    assert (again.documents, again.errors, again.processed, again.skipped) == (8, first.errors, 0, 8)
    assert before == {name: (out / name).read_bytes() for name in TABLE_FILES}

    (inputs / "d1" / "r01.docx").unlink()
    changed = inputs / "d0" / "r00.txt"
    edited = changed.read_text(encoding="utf-8").replace("Phụ lục 0", "Phụ lục mới")
    changed.write_text(edited, encoding="utf-8")
    shutil.copy(SEED / "seed-report.txt", inputs / "d2" / "new.txt")
    third = run([inputs], out, quiet=True, workers=2)
    assert (third.documents, third.processed, third.skipped) == (8, 2, 6)
    assert not (out / "text" / "d1" / "r01.docx.txt").exists()
    assert "Phụ lục mới" in (out / "text" / "d0" / "r00.txt.txt").read_text(encoding="utf-8")
    assert len(list((out / ".parts").glob("*.part"))) == 8
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs.doc_id) == ["broken.pdf", "d0/r00.docx", "d0/r00.pdf", "d0/r00.txt", "d1/r01.txt",
                                 "d2/new.txt", "d2/r02.docx", "d2/r02.txt"]
    clean = tmp_path / "clean"
    run([inputs], clean, quiet=True, workers=1)
    assert_same_tables(out, clean)


def test_a_moved_archive_reuses_its_parts_and_shows_its_new_path(tmp_path):
    seed_archive(tmp_path / "in", 1)
    out = tmp_path / "out"
    run([tmp_path / "in"], out, quiet=True, workers=1)
    (tmp_path / "in").rename(tmp_path / "moved")
    summary = run([tmp_path / "moved"], out, quiet=True, workers=1)
    assert (summary.processed, summary.skipped) == (0, 4)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs.source) == [str(tmp_path / "moved" / d) for d in docs.doc_id]


def test_a_changed_pipeline_version_reprocesses_everything(tmp_path, monkeypatch):
    inputs = seed_archive(tmp_path / "in", 1)
    out = tmp_path / "out"
    run([inputs], out, quiet=True, workers=1)
    # extractor.run the attribute is the function; the module is only reachable through sys.modules.
    monkeypatch.setattr(sys.modules["extractor.run"], "pipeline_version", lambda extract: "another-version")
    summary = run([inputs], out, quiet=True, workers=1)
    assert summary.processed == summary.documents == 4
    assert len(list((out / ".parts").glob("*.part"))) == 4


def _cli(inputs, out, *extra):
    # The command a user types, in its own process, so it can be killed like a user's run.
    cmd = [sys.executable, "-m", "extractor.cli", "run", str(inputs), "--out", str(out), "--quiet", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_at_any_point_then_rerun_gives_the_tables_of_an_uninterrupted_run(tmp_path):
    inputs = seed_archive(tmp_path / "in", 8)
    total = 8 + 8 + 2 + 1
    clean = tmp_path / "clean"
    assert _cli(inputs, clean, "--workers", "2").wait() == 0
    out = tmp_path / "out"
    # Kill after a few parts are saved, and again later in the resumed run, then let a third run finish.
    for wanted in (3, 9):
        proc = _cli(inputs, out, "--workers", "2")
        deadline = time.monotonic() + 120
        while len(list((out / ".parts").glob("*.part"))) < wanted and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        saved = len(list((out / ".parts").glob("*.part")))
        assert wanted <= saved < total and not (out / "documents.csv").exists()
    assert _cli(inputs, out, "--workers", "2").wait() == 0
    assert_same_tables(out, clean)
    assert len(list((out / ".parts").glob("*.part"))) == total
    assert not list(out.rglob("*.tmp"))


def test_a_run_stopped_while_merging_is_completed_by_the_next_run(tmp_path, monkeypatch):
    inputs = seed_archive(tmp_path / "in", 2)
    out = tmp_path / "out"
    run([inputs], out, quiet=True, workers=1)
    shutil.copy(SEED / "seed-report.txt", inputs / "added.txt")
    merge_module = sys.modules["extractor.merge"]
    commit, calls = merge_module._TableWriter.commit, []

    def dies_on_the_third_table(writer):
        calls.append(writer.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the state a kill leaves: two tables new, the rest old or half-written
        commit(writer)

    monkeypatch.setattr(merge_module._TableWriter, "commit", dies_on_the_third_table)
    try:
        run([inputs], out, quiet=True, workers=1)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert run([inputs], out, quiet=True, workers=1).processed == 0
    clean = tmp_path / "clean"
    run([inputs], clean, quiet=True, workers=1)
    assert_same_tables(out, clean)
