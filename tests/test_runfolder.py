"""extractor.runfolder: a seed run's tables read back from Parquet or CSV, its texts, and a missing table."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from extractor.runfolder import MissingTable, read_csv, read_table, read_tables, read_text

from .conftest import ROOT

DOC = "seed-report.txt"


@pytest.fixture(scope="module")
def csv_run(seed_run, tmp_path_factory):
    """The seed run's CSV tables and texts alone, as a run folder without Parquet."""
    out, _ = seed_run
    folder = tmp_path_factory.mktemp("csv-run")
    for path in out.glob("*.csv"):
        shutil.copy(path, folder)
    shutil.copytree(out / "text", folder / "text")
    return folder


def test_parquet_tables_are_typed(seed_run):
    out, _ = seed_run
    tables = read_tables(out)
    assert list(tables) == ["documents", "sections", "footnotes", "citations", "amounts", "quantities"]
    assert len(tables["documents"]) == 3
    doc = tables["documents"].set_index("doc_id").loc[DOC]
    assert (doc["number"], doc["date"], doc["pages"], doc["amounts"]) == ("/BC-BDT", "2023-11-30", 1, 38)
    a1 = tables["amounts"].query("doc_id == @DOC and mention_id == 'a1'").iloc[0]
    assert (a1["raw"], a1["value_vnd"], a1["char_start"], a1["char_end"]) == ("237.000 triệu đồng", 237000000000,
                                                                               11328, 11346)
    assert a1["in_footnote"] is pd.NA
    assert read_text(out, DOC)[a1["char_start"]:a1["char_end"]] == "237.000 triệu đồng"


def test_csv_tables_are_strings_with_blank_cells_as_asked(csv_run):
    a1 = read_table(csv_run, "amounts").query("doc_id == @DOC and mention_id == 'a1'").iloc[0]
    assert (a1["value_vnd"], a1["char_start"], a1["in_footnote"]) == ("237000000000", "11328", "")
    blank = read_table(csv_run, "amounts", blank=None).query("doc_id == @DOC and mention_id == 'a1'").iloc[0]
    assert blank["value_vnd"] == "237000000000" and blank["in_footnote"] != blank["in_footnote"]  # NaN
    assert read_csv(csv_run / "amounts.csv").equals(read_table(csv_run, "amounts"))


def test_gold_csv_reads_as_strings():
    sections = read_csv(ROOT / "corpus" / "gold" / "seed" / "sections.csv")
    assert len(sections) == 20
    assert sections.iloc[1].to_dict() == {"number": "II", "level": "1",
                                          "title_start": "KẾT QUẢ TRIỂN KHAI THỰC HIỆN PHONG TRÀO THI ĐUA"}


def test_missing_tables_and_texts(csv_run, tmp_path):
    assert read_table(csv_run, "findings") is None
    assert read_text(csv_run, "no-such-doc.txt") == ""
    shutil.copytree(csv_run, tmp_path / "run")
    (tmp_path / "run" / "footnotes.csv").unlink()
    with pytest.raises(MissingTable) as caught:
        read_tables(tmp_path / "run")
    assert caught.value.table == "footnotes"
    assert str(caught.value) == f"{tmp_path / 'run'} has no footnotes.parquet or footnotes.csv"
