"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI detected from the characters and converted to NFC."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import pytest

from extractor.ingest.legacy import convert, fix

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
VIPARSE = ROOT.parent / "shared" / "corpus" / "real" / "viparse-legacy-encoding"
needs_viparse = pytest.mark.skipif(not VIPARSE.is_dir(), reason="../shared/corpus/real is not beside the checkout")


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding"),
    [
        # First lines of the 2005 MPI report's text layer (.VnTime), and a line of Nghị định 94/1998 (RTF).
        ("B¸o c¸o", "Báo cáo", "tcvn3"),
        ("T×nh h×nh thùc hiÖn nhiÖm vô kÕ ho¹ch n¨m 2004", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004", "tcvn3"),
        ("vµ kÕ ho¹ch ph¸t triÓn kinh tÕ - x· héi n¨m 2005", "và kế hoạch phát triển kinh tế - xã hội năm 2005", "tcvn3"),
        ("cña ChÝnh phñ Sè 94 /1998/N§-CP ngµy 17 th¸ng 11 n¨m 1998",
         "của Chính phủ Số 94 /1998/NĐ-CP ngày 17 tháng 11 năm 1998", "tcvn3"),
        ("§ång thêi, ngay sau Héi nghÞ Trung ­¬ng 9", "Đồng thời, ngay sau Hội nghị Trung ương 9", "tcvn3"),
        # The PDF text layer's stand-ins: U+2212 for ư, U+2219 for ã.
        ("b\u2212íc tiÕn míi vÒ chÊt l\u2212îng", "bước tiến mới về chất lượng", "tcvn3"),
        ("ph¸t triÓn kinh tÕ - x\u2219 héi", "phát triển kinh tế - xã hội", "tcvn3"),
        # .VnTimeH words: capitals drawn from lower-case codes.
        ("QUYÕT §ÞNH cña UBND", "QUYẾT ĐỊNH của UBND", "tcvn3"),
        # VNI: header of Quyết định 991/QĐ-UBND (Bình Phước, 2008) and a Cà Mau regulation.
        ("UÛY BAN NHAÂN DAÂN COÄNG HOAØ XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
         "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "vni"),
        ("TÆNH BÌNH PHÖÔÙC Ñoäc laäp - Töï do - Haïnh phuùc", "TỈNH BÌNH PHƯỚC Độc lập - Tự do - Hạnh phúc", "vni"),
        ("Soá: 991/QÑ-UBND Ñoàng Xoaøi, ngaøy 14 thaùng5 naêm 2008",
         "Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008", "vni"),
        ("kieåm tra hoaëc xöû lyù", "kiểm tra hoặc xử lý", "vni"),
    ],
)
def test_converts_legacy_text(legacy, unicode, encoding):
    assert fix(legacy) == (unicode, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang",
        "Hello world, plain ASCII 2024.",
        "Microsoft® Word, 3 × 4 m, café, naïve, « quoted »",
        "§ 2 and ¶ 3",
        "Số 12",
        "",
    ],
)
def test_leaves_unicode_and_english_alone(text):
    assert fix(text) == (text, None)


def test_seed_paragraphs_unchanged():
    paragraphs = (SEED / "seed-report.txt").read_text(encoding="utf-8").split("\n\n")
    assert [p for p in paragraphs if fix(p)[1]] == []


@needs_viparse
def test_transcripts_unchanged():
    # The hand transcripts are Unicode: fix must not touch a single one of them.
    for truth in sorted((VIPARSE / "ground-truth").glob("*.txt")):
        text = truth.read_text(encoding="utf-8")
        assert fix(text) == (text, None), truth.name


def test_lone_word_stays_lower_case():
    # "Sè" is "Số" in .VnTime: one capital is not a .VnTimeH word.
    assert fix("Sè 12 cña Bé Tµi chÝnh") == ("Số 12 của Bộ Tài chính", "tcvn3")


def test_convert_keeps_unicode_blocks():
    # In a document found to be legacy, a paragraph with Unicode-only letters (ự, ệ) is already Unicode.
    assert convert("Báo cáo thực hiện", "tcvn3") == "Báo cáo thực hiện"
    assert convert("B¸o c¸o", "tcvn3") == "Báo cáo"
    assert convert("Quyeát ñònh", "vni") == "Quyết định"


@needs_viparse
def test_pdf_text_layer_against_transcript():
    import pdfplumber

    with pdfplumber.open(VIPARSE / "2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.pdf") as pdf:
        lines = [line for page in pdf.pages[:2] for line in (page.extract_text() or "").splitlines()]
    fixed = [fix(line) for line in lines]
    assert fixed[0] == ("Báo cáo", "tcvn3")
    words = " ".join(text for text, _ in fixed).split()
    truth = (VIPARSE / "ground-truth" / "2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt").read_text().split()
    truth = truth[: len(words)]
    matcher = difflib.SequenceMatcher(None, words, truth, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert matched / len(truth) > 0.97
    assert all(unicodedata.is_normalized("NFC", text) for text, _ in fixed)
