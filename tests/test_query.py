"""`extractor query`: DuckDB views over a run's Parquet tables, four output formats, clear errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from extractor.cli import main
from extractor.query import QueryError, query, render, tables_in

from .conftest import ROOT

BIG = "SELECT raw, value_vnd FROM amounts WHERE doc_id = 'seed-report.txt' ORDER BY value_vnd DESC, raw LIMIT 3"


def test_each_table_is_a_view_under_its_name(seed_run):
    out, _ = seed_run
    assert list(tables_in(out)) == ["documents", "sections", "footnotes", "citations", "amounts", "quantities"]
    counts = query(out, """SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM citations WHERE doc_id = 'seed-report.txt') c,
                                  (SELECT count(*) FROM footnotes WHERE doc_id = 'seed-report.txt') f""")
    citations = pd.read_parquet(out / "citations.parquet")
    assert counts.iloc[0].tolist() == [3, (citations["doc_id"] == "seed-report.txt").sum(), 14]


def test_real_questions_get_exact_answers(seed_run):
    out, _ = seed_run
    top = query(out, BIG)
    assert top.values.tolist() == [["748.684 triệu đồng", 748684000000], ["369.780/671.874 triệu đồng", 671874000000],
                                   ["663.684 triệu đồng", 663684000000]]
    cited = query(out, """SELECT number, count(*) n FROM citations WHERE doc_id = 'seed-report.txt' AND number <> ''
                          GROUP BY number ORDER BY n DESC, number LIMIT 1""")
    assert cited.values.tolist() == [["511/KH-UBND", 7]]  # as in corpus/gold/seed/citations.csv
    joined = query(out, """SELECT f.number, count(c.mention_id) FROM footnotes f JOIN citations c
                           ON c.doc_id = f.doc_id AND c.in_footnote = f.number
                           WHERE f.doc_id = 'seed-report.txt' AND f.number = 6 GROUP BY f.number""")
    assert joined.values.tolist() == [[6, 2]]  # Nghị quyết 49/NQ-HĐND and 50/NQ-HĐND


def test_formats(seed_run):
    out, _ = seed_run
    df = query(out, BIG)
    rows = list(csv.DictReader(io.StringIO(render(df, "csv"))))
    assert rows[0] == {"raw": "748.684 triệu đồng", "value_vnd": "748684000000"}
    assert json.loads(render(df, "json"))[1] == {"raw": "369.780/671.874 triệu đồng", "value_vnd": 671874000000}
    assert render(df, "markdown").splitlines()[:3] == ["| raw | value_vnd |", "|---|---|",
                                                      "| 748.684 triệu đồng | 748684000000 |"]
    table = render(df, "table")
    assert "748.684 triệu đồng 748684000000" in table and table.endswith("(3 rows)")
    nulls = query(out, "SELECT NULL::INTEGER n, 'a|b' s, [1, 2] l")
    assert json.loads(render(nulls, "json")) == [{"n": None, "s": "a|b", "l": [1, 2]}]
    assert render(nulls, "markdown").splitlines()[2] == "|  | a\\|b | [1 2] |"
    assert json.loads(render(query(out, "SELECT 1 WHERE false"), "json")) == []


def test_findings_and_cited_documents_are_views_when_the_audit_wrote_them(seed_run, tmp_path):
    out, _ = seed_run
    for name in ("documents", "citations"):
        shutil.copy(out / f"{name}.parquet", tmp_path)
    pd.DataFrame({"finding_id": ["f1"], "code": ["CIT_DATE_CONFLICT"], "severity": ["warning"],
                  "doc_ids": ["seed-report.txt"], "mention_ids": ["c40; c61"]}).to_parquet(tmp_path / "findings.parquet")
    pd.DataFrame({"cited_id": ["d1"], "number": ["511/KH-UBND"]}).to_parquet(tmp_path / "cited_documents.parquet")
    assert list(tables_in(tmp_path)) == ["documents", "citations", "cited_documents", "findings"]
    assert query(tmp_path, "SELECT code, severity FROM findings").values.tolist() == [["CIT_DATE_CONFLICT", "warning"]]


def test_cli_prints_the_result(seed_run, capsys):
    out, _ = seed_run
    assert main(["query", str(out), "SELECT kind, count(*) AS n FROM citations WHERE doc_id = 'seed-report.txt' "
                 "GROUP BY kind ORDER BY n DESC, kind LIMIT 2", "--format", "csv"]) == 0
    kinds = pd.read_parquet(out / "citations.parquet").query("doc_id == 'seed-report.txt'")["kind"].value_counts()
    top = kinds.sort_values(ascending=False).head(2)
    assert top.index.tolist() == ["Quyết định", "Kế hoạch"]
    assert capsys.readouterr().out == f"kind,n\nQuyết định,{top.iloc[0]}\nKế hoạch,{top.iloc[1]}\n\n"


@pytest.mark.parametrize("sql, message", [
    ("SELEC kind FROM citations", "Parser Error: syntax error at or near \"SELEC\""),
    ("SELECT * FROM citation", "Catalog Error: Table with name citation does not exist"),
    ("SELECT nope FROM amounts", "Binder Error"),
])
def test_a_bad_query_gives_duckdbs_message_and_exit_code_2(seed_run, capsys, sql, message):
    out, _ = seed_run
    assert main(["query", str(out), sql]) == 2
    err = capsys.readouterr().err
    assert err.startswith("extractor query: ") and message in err and "Traceback" not in err
    if "Catalog" in message:
        assert "tables in this run: documents, sections, footnotes, citations, amounts, quantities" in err


def test_missing_or_empty_run_folder(tmp_path, capsys):
    assert main(["query", str(tmp_path / "nope"), "SELECT 1"]) == 2
    assert capsys.readouterr().err == f"extractor query: run folder not found: {tmp_path / 'nope'}\n"
    with pytest.raises(QueryError, match="no tables in"):
        query(tmp_path, "SELECT 1")


def test_the_installed_command_fails_without_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "query", str(tmp_path / "nope"), "SELECT 1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "run folder not found" in done.stderr
