"""OCR repairs: Đ read as D, digit look-alikes and doubled letters in numbers; kind words, "số" and dates."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from extractor.extract.ocrfix import _CHAIN, _chains, _repairs, _starts, _tried
from extractor.extract.scan import find_all
from extractor.extract.ocrfix import fold, ocr_spans, repair_code, repair_digits, repair_number, repair_text
from extractor.models import Paragraph, Text

from .conftest import SEED


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
    ("13§21/CHQ-GSQL", "13821/CHQ-GSQL"),  # CV-813 at 87 dpi
    ("2O/1O/2O21", "20/10/2021"),
])
def test_repair_number(raw, repaired):
    assert repair_number(raw) == repaired


def test_digits_repaired_only_in_number_shapes():
    assert repair_digits("ngày 2O/1O/2O21 Sở") == "ngày 20/10/2021 Sở"
    assert repair_digits("Ông Sơn So") == "Ông Sơn So"
    assert repair_code("QD-UBND") == "QĐ-UBND"


def test_doubled_letters():
    assert repair_code("QĐĐ-UBND") == "QĐ-UBND"
    # KHTT is no listed code: only a document that prints it elsewhere makes "KHTTT" one.
    assert repair_code("BDT-KHTTT") == "BDT-KHTTT"
    assert repair_code("BDT-KHTTT", Counter({"KHTT": 1, "KHTTT": 1})) == "BDT-KHTT"
    assert repair_code("TTr-UBND") == "TTr-UBND"


def test_fold():
    assert fold("QUYÉT ĐỊNH, Nghi định") == "quyet dinh, nghi dinh"
    assert len(fold("Quyết định")) == len("Quyết định")


@pytest.mark.parametrize("read, repaired", [
    # Real Tesseract output (ND-28-2021 page 1, đơn đề nghị, CV-813, seed scan).
    ("Căn cứ Luật Quản lý nợ công ngày 23 tháng 1] năm 2017,", "Căn cứ Luật Quản lý nợ công ngày 23 tháng 11 năm 2017,"),
    ("quyên địa phương ngày 22 tháng II năm 2019;", "quyên địa phương ngày 22 tháng 11 năm 2019;"),
    ("Quyết định số:153/QĐÐ-KHBT ngày 29/12/2009", "Quyết định số:153/QĐ-KHBT ngày 29/12/2009"),
    ("È Nghi định số 24/2026/NĐ-CP ngây 17 tháng 01", "È Nghị định số 24/2026/NĐ-CP ngày 17 tháng 01"),
    ("theo QÐ số\n336/QĐ-UBND", "theo QĐ số\n336/QĐ-UBND"),
    ("Nghị định sô\n30/2012/NĐ- CP", "Nghị định số\n30/2012/NĐ- CP"),
    ("QUYÉT ĐỊNH số 12/QĐ-UBND", "QUYẾT ĐỊNH số 12/QĐ-UBND"),
    # Left alone: no number follows, or the words are real ones.
    ("-_ QUYÉT ĐỊNH:\nĐiều 1.", "-_ QUYÉT ĐỊNH:\nĐiều 1."),
    ("Giấy phép (Giả\nphép), Việt Nam 2020", "Giấy phép (Giả\nphép), Việt Nam 2020"),
    ("hạng B2, Ngay sau đó", "hạng B2, Ngay sau đó"),
])
def test_repair_text(read, repaired):
    assert repair_text(read, [(0, len(read))]).text == repaired


def test_offsets_map_back():
    text = "Xem QĐÐ số 742/QĐ-UBND và Quyết định số:\n2221/QĐÐ - UBND"
    repaired = repair_text(text, [(4, len(text))])
    assert repaired.text == "Xem QĐ số 742/QĐ-UBND và Quyết định số:\n2221/QĐ - UBND"
    assert [repaired.original(i) for i in (0, 4, 6, 7, 9, len(repaired.text))] == [0, 4, 7, 8, 10, len(text)]
    assert repair_text(text, []).text == text


def test_ocr_spans_are_whole_ocr_pages():
    text = Text("Trang một.\n\nTrang hai.\n\n¹ Ghi chú.\n\nTrang ba.", [
        Paragraph(0, 10, 1), Paragraph(12, 22, 2, confidence=0.9), Paragraph(24, 34, 2, "footnote", 1),
        Paragraph(36, 45, 3)])
    assert ocr_spans(text) == [(12, 34)]


def test_prefilters_find_what_the_patterns_find():
    # The cheap prefilters only say where the real patterns are tried: what those find must not change. A kind
    # word with its first letter wrong ("tghi quyết") is matched, and refused, before "quyết định" can be.
    text = (SEED / "seed-report.txt").read_text() + (
        "\ntghi quyết định số 12/QĐ-UBND; Nghj quyết số 5; Quyct định số:153/QĐÐ-KHBT; thông tư liên tjch số 3;"
        " ngày 2O/1O/2O21, Số: l5 /QĐ - UBND, 13§21/CHQ-GSQL, KH-UBND-TTr, sô\n30/2012/NĐ- CP"
    )
    repairs, folded = _repairs(), fold(text)
    found = list(_tried(repairs._kind_at, _starts(repairs.kind_starts, folded), folded))
    assert [(m.span(), m.lastgroup) for m in found] == [(m.span(), m.lastgroup) for m in repairs.kind.finditer(folded)]
    refused = text.index("tghi")
    assert [(m.group(), m.fuzzy_changes[0]) for m in found if m.start() >= refused][:2] == [
        ("tghi quyet", [refused]), ("nghj quyet", [text.index("Nghj") + 3])]
    assert ([m.span() for m in _tried(repairs.lead.match, find_all(folded, repairs.lead_forms), folded)]
            == [m.span() for m in repairs.lead.finditer(folded)])
    assert [m.span() for m in _chains(text)] == [m.span() for m in _CHAIN.finditer(text)]


def test_kind_windows_find_what_the_whole_scan_finds(monkeypatch):
    # In a long stretch the kind words are looked for only before numbers: those a repair can keep must not change,
    # here with the seed report and misread kinds before "số", coded and bare numbers (the last with its last letter
    # read as a space, before two spaces).
    monkeypatch.setattr(sys.modules[_repairs.__module__], "_WINDOWED_FROM", 0)
    text = (SEED / "seed-report.txt").read_text() + (
        "\nNghj quyết số 5; Quyct định 153; Chỉ thị  38/CT-TTg; thông tư liên tjch\nsố 3; từ 5 đến 7; Nghị đinh 68;"
        " Luật Đất đai (sửa đổi) số 31/2024/QH15; Quyết dịnh 12; Nghị định sô:l5; Quyết địn  70"
    )
    repairs, folded = _repairs(), fold(text)

    def before_numbers(found):
        return [(m.span(), m.lastgroup) for m in found
                if repairs.number_after[repairs.cited_as[int(m.lastgroup[1:])]].match(folded, m.end())]

    windowed = before_numbers(repairs.kinds(folded))
    assert windowed == before_numbers(_tried(repairs._kind_at, _starts(repairs.kind_starts, folded), folded))
    assert [folded[start:end] for (start, end), _ in windowed][-9:] == [
        "nghj quyet", "quyct dinh", "chi thi", "thong tu", "nghi dinh", "luat", "quyet dinh", "nghi dinh",
        "quyet din "]
