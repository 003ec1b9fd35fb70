"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI detected from the characters and converted to NFC."""

from __future__ import annotations

import difflib
import shutil
import unicodedata
from pathlib import Path

import pytest

from extractor.errors import ExtractorError
from extractor.ingest.legacy import convert, fix
from extractor.models import Source

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
VIPARSE = ROOT.parent / "shared" / "corpus" / "real" / "viparse-legacy-encoding"
needs_viparse = pytest.mark.skipif(not VIPARSE.is_dir(), reason="../shared/corpus/real is not beside the checkout")
needs_office = pytest.mark.skipif(not VIPARSE.is_dir() or not shutil.which("soffice"), reason="needs LibreOffice")


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


def _word_match(text: str, truth: Path) -> float:
    # Case counts: like the transcripts, the text keeps the letters typed in .VnTimeH capitals fonts.
    words, reference = text.split(), truth.read_text(encoding="utf-8").split()
    matcher = difflib.SequenceMatcher(None, words, reference, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(reference)


def _office(path: Path) -> Source:
    from extractor.ingest.office import read_office

    source = Source(path=str(path), doc_id=path.name, format=path.suffix[1:], sha256="")
    read_office(path, source, timeout=120)
    return source


@needs_office
@pytest.mark.parametrize(
    ("name", "encoding", "first", "match"),
    [
        # The transcript adds a page field's words ("PAGE PAGE 2") the document does not show.
        ("2008-23.QD-991-UBND.doc", "vni", "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.98),
        ("2003-A-15.rtf", "tcvn3", "Nghị định", 0.99),  # typed so in .VnTimeH: it prints "NGHỊ ĐỊNH"
    ],
)
def test_legacy_word_files(name, encoding, first, match):
    source = _office(VIPARSE / name)
    assert source.warnings == [f"legacy encoding: {encoding}"]
    assert source.blocks[0].text == first
    text = " ".join(b.text for b in source.blocks)
    assert _word_match(text, VIPARSE / "ground-truth" / (Path(name).stem + ".txt")) > match


@needs_office
def test_unicode_doc_declaring_vntime_is_left_alone():
    doc = VIPARSE.parent / "sct-laocai-skills" / "CV-tu-choi-TKCS-da-hoa-MongSonV-nhomII.doc"
    source = _office(doc)
    assert source.warnings == []
    assert [b.text for b in source.blocks[:2]] == ["UBND TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


@needs_office
def test_conversion_timeout(tmp_path):
    from extractor.ingest.office import convert_to_docx

    with pytest.raises(ExtractorError, match="did not convert"):
        convert_to_docx(VIPARSE / "2005-QD-256.doc", timeout=0.01, workdir=tmp_path)


@needs_office
def test_capitals_font_text_is_typed_and_segmented_as_printed():
    # Quyết định 144/2002/QĐ/BTC: its header lines are typed in lower case in .VnTimeH and print in capitals.
    from extractor.pipeline import extract

    doc = extract(VIPARSE / "2003-02144qd.doc")
    assert "quyết định của bộ trưởng bộ tài chính" in doc.text.text
    assert "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH" in doc.text.printed()
    header = doc.header
    assert (header.kind, header.issuer, header.date) == ("QUYẾT ĐỊNH", "BỘ TÀI CHÍNH", "2002-11-22")
