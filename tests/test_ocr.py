"""OCR of scanned pages: text, boxes in points, confidences, stamps, image files (quick: page crops only)."""

from __future__ import annotations

import pytest
from PIL import Image

from extractor.errors import ExtractorError
from extractor.ingest.image import read_image
from extractor.ingest import ocr
from extractor.ingest.ocr import drop_stamps, ocr_image, ocr_pdf_pages, preprocess, render_pdf_page, skew_angle
from extractor.models import Line, Page, Run, Source

from .conftest import REAL, SEED, SHARED, needs_shared

SCAN = SHARED / "corpus" / "seed" / "seed-report-scan.pdf"


@pytest.fixture(scope="module")
def seed_top():
    """The top third of the seed scan's first page, as a scanner gave it."""
    page = render_pdf_page(SCAN, 1, 300)
    return page.crop((0, 0, page.width, 1200))


@needs_shared
def test_seed_scan_page_reads_known_sentence(seed_top):
    page = ocr_image(seed_top, 1, 300)
    text = "\n".join(line.text for line in page.lines)
    # The header's two cells, which Tesseract reads as one line, are two lines side by side, left first.
    assert "Số /BC-BDT\nBắc Giang, ngày 30 tháng 11 năm 2023\nBÁO CÁO" in text
    assert "Sơ kết Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại" in text
    assert page.ocr and page.number == 1
    assert page.width == pytest.approx(2482 * 72 / 300) and page.height == pytest.approx(1200 * 72 / 300)
    title = next(line for line in page.lines if line.text == "BÁO CÁO")
    # Boxes in PDF points: "BÁO CÁO" is centred on the A4 page, its body text is 14 pt.
    assert abs((title.x0 + title.x1) / 2 - 595 / 2) < 30
    body = next(line for line in page.lines if line.text.startswith("Sơ kết"))
    assert 12.5 < body.runs[0].size < 16
    assert all(0.5 < run.confidence <= 1 for run in body.runs)


@needs_shared
def test_ocr_pdf_pages_in_two_workers():
    pages = ocr_pdf_pages(SCAN, [16, 1], dpi=150, workers=2)
    assert [p.number for p in pages] == [16, 1]
    assert any("TRƯỞNG BAN" in line.text for line in pages[0].lines)


@pytest.mark.parametrize("turn", [-1.3, 0.0, 1.7])
def test_skew_angle_undoes_a_known_rotation(turn):
    page = render_pdf_page(SEED / "seed-report.pdf", 1, 300).convert("L")
    assert skew_angle(page.rotate(turn, Image.BICUBIC, fillcolor=255)) == pytest.approx(-turn)


@needs_shared
def test_preprocess_levels_the_seed_scan_when_deskew_is_on(seed_top, monkeypatch):
    # The synthetic scan's page 1 was turned within ±0.8°: its top third levels with a 0.8° clockwise turn.
    assert skew_angle(seed_top.convert("L")) == pytest.approx(-0.8)
    prepared, dpi = preprocess(seed_top, 300)  # off by default (rules/ocr.toml says why)
    assert dpi == 300 and skew_angle(prepared) == pytest.approx(-0.8)
    monkeypatch.setitem(ocr._rules()["preprocess"], "deskew", True)
    prepared, dpi = preprocess(seed_top, 300)
    assert dpi == 300 and skew_angle(prepared) == 0.0


def test_unreadable_image_is_a_clear_error(tmp_path):
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image at all")
    with pytest.raises(ExtractorError, match="unreadable image scan.png"):
        read_image(bad, Source(path=str(bad), doc_id="scan.png", format="image", sha256=""))


@needs_shared
def test_multipage_tiff_gives_two_pages(tmp_path, seed_top):
    frames = [seed_top.convert("L").crop((0, 250, 2482, 700)), seed_top.convert("L").crop((0, 0, 2482, 450))]
    tiff = tmp_path / "two.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(300, 300), compression="tiff_lzw")
    source = Source(path=str(tiff), doc_id="two.tif", format="image", sha256="")
    read_image(tiff, source)
    assert source.pages == source.ocr_pages == 2
    assert [p.number for p in source.positioned] == [1, 2]
    assert any("BÁO CÁO" in line.text for line in source.positioned[0].lines)
    assert any("Bắc Giang" in line.text for line in source.positioned[1].lines)


def _line(words, x0, top, size=12.0, conf=0.95):
    runs, x = [], x0
    for word in words.split():
        runs.append(Run(word + " ", x, x + 6 * len(word), top, top + size, size, confidence=conf))
        x += 6 * len(word) + 4
    runs[-1].text = runs[-1].text.rstrip()
    return Line(runs=runs, x0=x0, x1=runs[-1].x1, top=top, bottom=top + size)


def test_received_stamp_is_dropped_and_title_kept():
    # As Tesseract read the "ĐẾN" stamp of Nghị định 28/2021 beside the title (ocr-vbpl-scans page 1).
    page = Page(number=1, width=595, height=842, ocr=True, lines=[
        _line("Số: 28/2021/NĐ-CP Hà Nội, ngày 26 tháng 3 năm 2021", 135, 30, 15),
        _line("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", 56, 75, 12),
        Line(runs=[Run("ĐẾN ", 58, 80, 101, 120, 15), Run("vn ", 84, 95, 101, 120, 15, confidence=0.2),
                   Run("s23 ", 100, 120, 101, 120, 15, confidence=0.3), Run("NGHỊ ", 292, 330, 110, 130, 19),
                   Run("ĐỊNH", 334, 370, 110, 130, 19)], x0=58, x1=370, top=101, bottom=130),
        _line("Quy định cơ chế quản lý tài chính", 230, 123, 14),
    ])
    drop_stamps(page)
    assert [line.text for line in page.lines] == [
        "Số: 28/2021/NĐ-CP Hà Nội, ngày 26 tháng 3 năm 2021", "NGHỊ ĐỊNH", "Quy định cơ chế quản lý tài chính"]


def test_den_in_a_title_is_not_a_stamp():
    page = Page(number=1, width=595, height=842, ocr=True,
                lines=[_line("GIAI ĐOẠN 2021 ĐẾN 2025", 200, 100, 14)])
    drop_stamps(page)
    assert page.lines[0].text == "GIAI ĐOẠN 2021 ĐẾN 2025"


@needs_shared
def test_page_image_with_stamp(tmp_path):
    image = Image.open(REAL / "ocr-vbpl-scans" / "ND-155-2020-NDCP_page1.jpg")
    # The whole page, as a run reads it: its top strip alone is too short to measure skew on (it reads -0.3°
    # where the page is level) and the turn glues the stamp's "Ngày" field onto the title line.
    page = ocr_image(image, 1, 200)
    texts = [line.text for line in page.lines]
    assert "NGHỊ ĐỊNH" in texts
    assert any(t.startswith("Quy định ch") and t.endswith("của Luật Chứng khoán") for t in texts)
    assert not any("ĐẾN" in t for t in texts)
