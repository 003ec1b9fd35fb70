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


def test_csv_tables_get_the_parquet_numbers_and_blank_text_cells_as_asked(csv_run, seed_run):
    a1 = read_table(csv_run, "amounts").query("doc_id == @DOC and mention_id == 'a1'").iloc[0]
    assert (a1["value_vnd"], a1["char_start"], a1["char_end"]) == (237000000000, 11328, 11346)
    assert a1["in_footnote"] is pd.NA and a1["raw"] == "237.000 triệu đồng"
    typed = read_table(seed_run[0], "quantities").dtypes
    numeric = {column: str(dtype) for column, dtype in typed.items() if dtype.kind in "iuf"}
    assert numeric == {"value": "float64", "in_footnote": "Int64", "page": "Int64", "char_start": "Int64",
                       "char_end": "Int64", "confidence": "float64"}
    assert {column: str(read_table(csv_run, "quantities")[column].dtype) for column in numeric} == numeric
    documents = read_table(csv_run, "documents", blank=None).set_index("doc_id")
    assert documents.loc[DOC, "pages"] == 1 and pd.isna(documents.loc[DOC, "error"])
    assert documents.loc[DOC, "number"] == "/BC-BDT"


def test_audit_reads_a_run_of_csv_files_alone(csv_run, seed_run, tmp_path, capsys):
    from extractor.cli import main

    # Copies: the audit writes its findings into the folder it reads.
    runs = [shutil.copytree(run, tmp_path / name) for run, name in ((seed_run[0], "parquet"), (csv_run, "csv"))]
    main(["audit", str(runs[0])])
    from_parquet = capsys.readouterr().out.replace(str(runs[0]), "RUN")
    main(["audit", str(runs[1])])
    assert capsys.readouterr().out.replace(str(runs[1]), "RUN") == from_parquet
    assert "ARITH_SUM_OK" in from_parquet


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
