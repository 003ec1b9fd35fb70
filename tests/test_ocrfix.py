"""OCR repairs inside document numbers: Đ read as D, digit look-alikes; fuzzy kind words."""

from __future__ import annotations

import pytest
import regex

from extractor.extract.ocrfix import fuzzy_words, repair_code, repair_digits, repair_number


@pytest.mark.parametrize("raw, repaired", [
    ("1719/QD-TTg", "1719/QĐ-TTg"),
    ("1O/2O21/ND-CP", "10/2021/NĐ-CP"),
    ("49/NQ-HDND", "49/NQ-HĐND"),
    ("2463 /QD - UBND", "2463/QĐ-UBND"),
    ("S11/KH-UBND", "511/KH-UBND"),
    ("l5/QĐ-UBND", "15/QĐ-UBND"),
    ("36-HD/VPTW", "36-HD/VPTW"),  # Hướng dẫn is HD, not HĐ
    ("12/DA-UBND", "12/DA-UBND"),  # Dự án is DA
    ("788/BDT-CSDT&ĐB", "788/BDT-CSDT&ĐB"),  # BDT is a real issuer code (Ban Dân tộc)
    ("01/2022/NQ-HĐND", "01/2022/NQ-HĐND"),
])
def test_repair_number(raw, repaired):
    assert repair_number(raw) == repaired


def test_digits_repaired_only_in_number_shapes():
    assert repair_digits("ngày 2O/1O/2O21 Sở") == "ngày 20/10/2021 Sở"
    assert repair_digits("Ông Sơn So") == "Ông Sơn So"
    assert repair_code("QD-UBND") == "QĐ-UBND"


def test_fuzzy_kind_words():
    pattern = regex.compile(fuzzy_words(["Quyết định", "Nghị quyết", "Công văn"]), regex.BESTMATCH)
    assert pattern.search("theo Quyct định số 12").group() == "Quyct định"
    assert pattern.search("Công vàn số 5").group() == "Công vàn"
    assert pattern.search("Quyết toán") is None
