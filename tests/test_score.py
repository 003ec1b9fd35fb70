"""The seed report scored against its gold in each of its three formats (issue #2's acceptance figures)."""

from __future__ import annotations

import pytest

from extractor.cli import main
from extractor.score import Score, score

from .conftest import SEED

GOLD = SEED.parent / "gold" / "seed"


@pytest.fixture(scope="module", params=["txt", "docx", "pdf"])
def result(request, seed_run):
    out, _ = seed_run
    return score(GOLD, out, f"seed-report.{request.param}")


def test_citations_f1(result):
    assert result["citations"].gold == 68
    assert result["citations"].f1 >= 0.98


def test_amounts_exact(result):
    assert result["amounts"].gold == 38
    assert result["amounts"].f1 == 1.0


def test_quantities_f1(result):
    assert result["quantities"].gold == 110
    assert result["quantities"].f1 >= 0.95


def test_footnotes_all_linked(result):
    assert result["footnotes"].f1 == 1.0
    assert result["linked"] == (14, 14)


def test_sections_exact(result):
    assert result["sections"].matched == result["sections"].predicted == 20


def test_header_fields_exact(result):
    assert result["header"] == {field: True for field in
                                ("number", "place", "date", "kind", "title", "signer_title", "signer_name",
                                 "recipients")}


def test_score_arithmetic():
    s = Score("x", matched=3, gold=4, predicted=6)
    assert (s.precision, s.recall) == (0.5, 0.75)
    assert s.f1 == pytest.approx(0.6)
    assert Score("x", 0, 0, 0).f1 == 1.0


def test_score_command_prints_table(seed_run, capsys):
    out, _ = seed_run
    assert main(["score", str(GOLD), str(out), "--doc", "seed-report.txt"]) == 0
    printed = capsys.readouterr().out
    assert "citations" in printed and "footnotes linked: 14/14" in printed


def test_unknown_doc_is_a_clear_error(seed_run):
    out, _ = seed_run
    with pytest.raises(KeyError, match="not in"):
        score(GOLD, out, "nope.txt")
