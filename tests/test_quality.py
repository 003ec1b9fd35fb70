"""Per-page choice between a PDF's text layer and OCR, decided on real files from measured text quality."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from extractor.ingest.quality import TextStats, is_syllable, text_layer_quality, text_needs_ocr, text_stats
from extractor.models import Line, Page, Run

from .conftest import REAL, SEED, needs_shared

LAOCAI = REAL / "sct-laocai-skills"


def page_texts(path, limit=None):
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(min(len(pdf), limit or len(pdf)))]


@pytest.mark.parametrize("word, valid", [
    ("nghiệp", True), ("Quyết", True), ("HUYỆN", True), ("giữa", True), ("gìn", True), ("khuya", True),
    ("thuế", True), ("hoàng", True), ("ceNG", False), ("Ncuia", False), ("Her", False), ("ceng", False),
    ("ka", False), ("ghế", True), ("gha", False), ("bát", True), ("bat", False), ("bàt", False),
])
def test_syllables(word, valid):
    assert is_syllable(word) is valid


def test_quality_separates_real_text_from_garbage():
    assert text_layer_quality("Căn cứ Nghị quyết số 49/NQ-HĐND ngày 10/12/2021 của HĐND tỉnh") > 0.95
    assert text_layer_quality("ceNG noa xA Her cHU Ncuia vrET NAM DQc l6p - Tg'do - H4nh phtc") < 0.3
    assert text_layer_quality("6Ӣ CÔNG 7+ѬѪ1* &Ӝ1* HÒA XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM") < 0.5


def test_text_stats_counts_words_syllables_and_marks():
    # Codes (NQ, HĐND, UBND) are not counted; "giao" is the one valid syllable without a diacritic.
    text = "Căn cứ Nghị quyết số 49/NQ-HĐND ngày 10/12/2021 của HĐND tỉnh; UBND tỉnh giao Sở Tài chính"
    assert text_stats(text) == TextStats(words=13, valid=13, marked=12, letters=59)
    assert text_stats(text + "\n" + text) == TextStats(words=26, valid=26, marked=24, letters=118)
    assert text_stats("ceNG noa xA Her cHU Ncuia vrET NAM") == TextStats(words=8, valid=2, marked=0, letters=27)


def test_signature_stamp_alone_needs_ocr():
    stamp = "Ký bởi: Bộ Công Thương\nCơ quan: Bộ Công thương\nThời gian ký: 02.04.2026 14:24:26 +07:00\n"
    assert text_needs_ocr(stamp)
    assert text_needs_ocr("")


def test_page_needs_ocr_reads_lines():
    from extractor.ingest.quality import page_needs_ocr

    words = "Ban Dân tộc đã tập trung chỉ đạo, đôn đốc các huyện hoàn thành, bàn giao đưa vào sử dụng"
    line = Line(runs=[Run(words, 0, 500, 0, 14, 14)], x0=0, x1=500, top=0, bottom=14)
    assert not page_needs_ocr(Page(number=1, width=595, height=842, lines=[line, line, line]))
    assert page_needs_ocr(Page(number=1, width=595, height=842))


def test_seed_pdf_text_layer_is_kept():
    assert [text_needs_ocr(t) for t in page_texts(SEED / "seed-report.pdf")] == [False] * 16


@needs_shared
@pytest.mark.parametrize("name, pages, decisions", [
    ("KH-1105-DKT-ke-hoach-kiem-tra.pdf", 6, [True] * 6),  # mojibake text layer
    ("QD-26-QD-XPVPHC-2026-Cuc-Hoa-chat-xu-phat-TNHH-TM-Hai-Dang.pdf", 3, [True] * 3),  # diacritics lost
    ("CV-2265-BCT-ATMT-trien-khai.pdf", 3, [True] * 3),  # scan; the signature box is not page text
    ("CV-813-CucHoaChat.pdf", 2, [True] * 2),  # 87 dpi image only
    ("Bien-ban-kiem-tra-hien-truong-Yen-Thanh-8.6.2026.pdf", 2, [True] * 2),  # phone scan
    ("2019.08.30-71.2019.ND.CP-Xu-phat-VPHC-linh-vuc-hoa-chat-va-VLNCN.pdf", 3, [True] * 3),
    ("QD-1074-QD-BXD-29-6-2026.pdf", 2, [False] * 2),
    ("CV-6791-SNNMT-17-7-2026-y-kien-tham-dinh-CCN-Bao-Dap.pdf", 4, [False] * 4),
    ("Hiep-dinh-van-tai-VN-TQ.pdf", 5, [False] * 5),  # a good ABBYY OCR layer is kept
])
def test_real_pages(name, pages, decisions):
    assert [text_needs_ocr(t) for t in page_texts(LAOCAI / name, pages)] == decisions
