"""Digital PDF ingest (pdfium and pdfplumber engines) and the positioned-page layout, on the seed and real PDFs."""

from __future__ import annotations

import hashlib
import struct
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import regex

from extractor.errors import ExtractorError
from extractor.ingest import ocr, read
from extractor.ingest.pdf import Char, build_page, open_pdf, read_page, split_columns, text_layer_state
from extractor.layout.positioned import to_blocks
from extractor.models import Block, Line, Page, Run

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"


@lru_cache(maxsize=None)
def seed_blocks(engine: str = "pdfium") -> tuple[Block, ...]:
    source = read(SEED / "seed-report.pdf") if engine == "pdfium" else _read_with(SEED / "seed-report.pdf", engine)
    return tuple(to_blocks(source.positioned))


def _read_with(path: Path, engine: str):
    from extractor.ingest.pdf import read_pdf
    from extractor.models import Source

    source = Source(path=str(path), doc_id=path.name, format="pdf", sha256="")
    read_pdf(path, source, engine=engine)
    return source


def real(name: str) -> Path:
    path = next(REAL.glob(f"*/{name}"), None)
    if path is None:
        pytest.skip(f"real corpus file {name} not available")
    return path


# ---------------------------------------------------------------------------
# the seed report
# ---------------------------------------------------------------------------


def test_seed_markers_stand_after_their_words_on_their_pages():
    found = [(m.number, b.page, b.text[:m.offset]) for b in seed_blocks() if b.kind == "body" for m in b.markers]
    words = ["năm 2024 - 2026", "giai đoạn 2022 - 2024", "của UBND tỉnh", "tư các dự án", "đúng quy định",
             "HĐND tỉnh khoá 19", "dân sinh năm 2022", "được phê duyệt năm 2022", "công trình năm 2022",
             "dân sinh năm 2023", "kiểm tra thực tế", "bổ sung Kế hoạch", "điều chỉnh, bổ sung",
             "giai đoạn 2022-2024"]
    pages = [3, 9, 9, 10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11]
    assert [(n, p) for n, p, _ in found] == list(zip(range(1, 15), pages))
    assert [before[-len(word):] for (_, _, before), word in zip(found, words)] == words


def test_seed_marker_digits_leave_the_text():
    block = next(b for b in seed_blocks() if "khoá 19" in b.text)
    assert "khoá 19." in block.text and "khoá 196" not in block.text
    assert [m.number for m in block.markers] == [4, 5, 6]


@pytest.mark.skipif(not (SHARED / "corpus/seed").is_dir(), reason="../shared/corpus/seed is not beside the checkout")
def test_seed_footnotes_equal_the_rendered_notes_on_their_pages():
    want = dict(line.split("\t", 1) for line in (SHARED / "corpus/seed/seed-report.footnotes.txt").read_text().splitlines())
    notes = [b for b in seed_blocks() if b.kind == "footnote"]
    assert {str(b.footnote): b.text for b in notes} == want
    assert [(b.footnote, b.page) for b in notes] == [(1, 3), (2, 9), (3, 9), *((n, 10) for n in range(4, 12)),
                                                      (12, 11), (13, 11), (14, 11)]
    # pdfium's U+FFFE line-end hyphen comes back as the printed "-", glued to its word
    assert "kế hoạch số 511/KH-UBND ngày 15/10/2021" in notes[10].text


def test_seed_footnotes_follow_their_page_body():
    blocks = seed_blocks()
    for i, block in enumerate(blocks):
        if block.kind == "footnote" and i + 1 < len(blocks):
            assert blocks[i + 1].kind == "footnote" or blocks[i + 1].page > block.page


def test_seed_body_paragraphs_equal_the_rendered_body_but_for_page_breaks():
    body = (SHARED / "corpus/seed/seed-report.body.txt")
    if not body.exists():
        pytest.skip("shared seed ground truth not available")
    paras: list[str] = []
    for block in seed_blocks():
        if block.kind == "footnote":
            continue
        # the later page-break join: a lower-case start continues; two splits start in upper case
        if paras and (regex.match(r"\p{Ll}", block.text) or block.text.startswith(("Nguyên đán", "UBND tỉnh tặng"))):
            paras[-1] += " " + block.text
        else:
            paras.append(block.text)
    assert paras == body.read_text().splitlines()


def test_seed_header_cells_title_and_headings():
    blocks = seed_blocks()
    assert [(b.text, b.page, b.bold, b.centered, b.size) for b in blocks[:4]] == [
        ("Số /BC-BDT", 1, False, False, 13.0),
        ("Bắc Giang, ngày 30 tháng 11 năm 2023", 1, False, False, 14.0),
        ("BÁO CÁO", 1, True, True, 15.0),
        ("Sơ kết Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025",
         1, True, True, 14.0),
    ]
    assert next(b for b in blocks if b.text == "I. ĐẶC ĐIỂM TÌNH HÌNH").bold
    assert [b.text for b in blocks[-2:]] == ["TRƯỞNG BAN", "Vi Thanh Quyền"]


def test_seed_page_numbers_are_dropped():
    assert not [b for b in seed_blocks() if regex.fullmatch(r"\d+", b.text)]


def test_pdfplumber_engine_gives_the_same_blocks():
    assert seed_blocks("pdfplumber") == seed_blocks()


def test_seed_pages_and_no_warnings():
    source = read(SEED / "seed-report.pdf")
    assert source.pages == 16 and len(source.positioned) == 16 and source.warnings == []
    assert source.positioned[9].graphics_rules  # the footnote separator on page 10


def test_seed_footnote_rule_is_found_by_both_engines():
    import pdfplumber

    from extractor.ingest.pdf import read_plumber_page

    doc = open_pdf(SEED / "seed-report.pdf")
    assert read_page(doc, 9).graphics_rules == [574.2]
    doc.close()
    with pdfplumber.open(SEED / "seed-report.pdf") as pdf:
        assert read_plumber_page(pdf.pages[9], 10).graphics_rules == [574.2]


# ---------------------------------------------------------------------------
# the shared builder: characters -> lines and runs
# ---------------------------------------------------------------------------


def _char(text: str, x0: float, x1: float, base: float = 100.0, size: float = 13.0) -> Char:
    return Char(text, x0, x1, base, size, False, "TimesNewRoman")


def test_fake_bold_twins_become_one_bold_glyph():
    chars = [_char("B", 10, 18), _char("B", 10.4, 18.4), _char("ả", 18, 24), _char("ả", 18.4, 24.4),
             _char("n", 24, 30), _char(" ", 30, 33), _char("g", 33.5, 40)]
    page = build_page(1, 595, 842, chars)
    assert [(r.text, r.bold, r.x0, r.x1) for line in page.lines for r in line.runs] == [
        ("Bả", True, 10, 24), ("n g", False, 24, 40)]


def test_wide_gap_splits_a_row_into_trimmed_pieces():
    row = [_char(" ", 5, 8), _char("S", 10, 17), _char("ố", 17, 24), _char(" ", 24, 27), _char("H", 200, 209),
           _char("à", 209, 215), _char(" ", 215, 218), _char("N", 218.5, 227), _char(" ", 227, 230)]
    assert [[c.text for c in piece] for piece in split_columns(row)] == [["S", "ố"], ["H", "à", " ", "N"]]
    assert split_columns([_char(" ", 5, 8)]) == []


def test_raised_small_digit_joins_its_line_as_a_run():
    chars = [_char("n", 10, 16), _char("g", 16, 22), _char("6", 22, 26, base=95.5, size=8.0), _char("x", 26.5, 33)]
    page = build_page(1, 595, 842, chars)
    assert [(r.text, r.size, r.bottom) for line in page.lines for r in line.runs] == [
        ("ng", 13.0, 100.0), ("6", 8.0, 95.5), ("x", 13.0, 100.0)]


# ---------------------------------------------------------------------------
# real PDFs
# ---------------------------------------------------------------------------


def test_signature_stamp_text_is_dropped():
    # CV-2265 is a scan whose only text is the flattened e-signature box of Bộ Công Thương.
    path = real("CV-2265-BCT-ATMT-trien-khai.pdf")
    doc = open_pdf(path)
    page = read_page(doc, 0)
    doc.close()
    assert [line.text for line in page.lines] == [
        "Ký bởi: Bộ Công Thương", "Cơ quan: Bộ Công thương", "Thời gian ký: 02.04.2026 14:24:26 +07:00"]
    assert to_blocks([page]) == []
    assert text_layer_state(page) == "none"


@pytest.fixture
def fake_ocr(monkeypatch):
    """OCR replaced by a stub that records the pages asked for and returns one line per page."""
    asked: list[list[int]] = []

    def ocr_pdf_pages(path, numbers, dpi=None, workers=1):
        asked.append(list(numbers))
        return [Page(number=n, width=595, height=842, ocr=True, lines=[_line(f"Trang {n} đọc bằng OCR")])
                for n in numbers]

    monkeypatch.setattr(ocr, "ocr_pdf_pages", ocr_pdf_pages)
    return asked


def _line(text: str) -> Line:
    run = Run(text, 100, 400, 100, 114, 14, confidence=0.9)
    return Line([run], run.x0, run.x1, run.top, run.bottom)


def test_scan_with_a_signature_box_is_ocrd(fake_ocr):
    source = read(real("CV-2265-BCT-ATMT-trien-khai.pdf"))
    assert fake_ocr == [[1, 2, 3]]
    assert source.pages == source.ocr_pages == 3
    assert [p.lines[0].text for p in source.positioned] == [f"Trang {n} đọc bằng OCR" for n in (1, 2, 3)]
    assert "page 1: no text layer, read by OCR" in source.warnings


def test_garbage_layers_are_ocrd_and_good_layers_kept(fake_ocr):
    assert read(real("KH-1105-DKT-ke-hoach-kiem-tra.pdf")).ocr_pages == 6  # mojibake glyph map
    assert read(real("QD-26-QD-XPVPHC-2026-Cuc-Hoa-chat-xu-phat-TNHH-TM-Hai-Dang.pdf")).ocr_pages == 3  # no diacritics
    assert read(SEED / "seed-report.pdf").ocr_pages == 0
    assert fake_ocr == [[1, 2, 3, 4, 5, 6], [1, 2, 3]]


def test_tcvn3_layer_is_judged_after_conversion(fake_ocr, tmp_path):
    # Two pages of the TCVN3 report (".VnTime" fonts): real text once converted, so no OCR.
    small = tmp_path / "tcvn3.pdf"
    tcvn3 = real("2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.pdf")
    _pages_of([(tcvn3, 0), (tcvn3, 1)], small)
    source = read(small)
    assert source.ocr_pages == 0 and fake_ocr == []
    assert "legacy encoding tcvn3 converted to Unicode" in source.warnings


@pytest.mark.skipif(not (SHARED / "corpus/seed").is_dir(), reason="../shared/corpus/seed is not beside the checkout")
def test_mixed_pdf_ocrs_only_the_scanned_page(fake_ocr, tmp_path):
    mixed = tmp_path / "mixed.pdf"
    _pages_of([(SEED / "seed-report.pdf", 0), (SHARED / "corpus" / "seed" / "seed-report-scan.pdf", 1)], mixed)
    source = read(mixed)
    assert fake_ocr == [[2]] and source.ocr_pages == 1 and source.pages == 2
    assert source.positioned[0].lines[0].text == "Số /BC-BDT" and not source.positioned[0].ocr


def test_missing_tesseract_is_a_clear_error(monkeypatch):
    def missing():
        raise ExtractorError("OCR needs Tesseract: install the Debian packages tesseract-ocr and tesseract-ocr-vie")

    monkeypatch.setattr(ocr, "tesseract_binary", missing)
    with pytest.raises(ExtractorError, match="scanned PDF .* install the Debian packages tesseract-ocr and"):
        read(real("don-de-nghi-sua-doi-dieu-le-quy-khuyen-hoc-2025.scan.pdf"))


def _pages_of(parts: list[tuple[Path, int]], target: Path) -> None:
    """Write a PDF made of the given (file, 0-based page) pairs."""
    out = pdfium.PdfDocument.new()
    for path, index in parts:
        src = pdfium.PdfDocument(str(path))
        out.import_pages(src, [index])
        src.close()
    out.save(str(target))


def test_form_field_fills_are_read_and_signature_boxes_are_not_text():
    # QD-1696 fills its number and date in form fields on top of the printed "Số: /QĐ-UBND".
    blocks = to_blocks(read(real("QD-1696-QD-UBND-uy-quyen-15-5-2026.pdf")).positioned)
    texts = [b.text for b in blocks]
    assert any(regex.search(r"Số:\s*1696\s*/QĐ-UBND", t) for t in texts)
    assert not any("Ký bởi" in t or "Thời gian ký" in t for t in texts)


def test_e_signed_report_header_columns_and_title():
    blocks = to_blocks(read(real("3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf")).positioned)
    texts = [b.text for b in blocks]
    assert texts[:7] == ["UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ", "Số: 3367/TTr-SNV", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập – Tự do – Hạnh phúc", "Bình Thuận, ngày 28 tháng 11 năm 2024", "TỜ TRÌNH"]
    assert "Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công văn số 2769/UBND-NCKSTTHC " \
           "ngày 24/7/2024 của UBND tỉnh" in texts
    assert any(t.startswith("Ngày 24/7/2024, Chủ tịch Ủy ban nhân dân tỉnh có Công văn số 2769/UBND-NCKSTTHC về việc")
               for t in texts)


def test_tcvn3_fonts_are_converted():
    doc = open_pdf(real("2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.pdf"))
    page = read_page(doc, 0)  # one page of 58 keeps the test fast
    doc.close()
    blocks = to_blocks([page])
    assert blocks[0].text == "Báo cáo"
    assert any(b.text.startswith("Hội nghị Ban chấp hành Trung ương lần thứ 9 (khóa IX)") for b in blocks)


# ---------------------------------------------------------------------------
# bad inputs
# ---------------------------------------------------------------------------


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    with pytest.raises(ExtractorError, match="corrupt PDF"):
        read(path)


def test_html_named_pdf(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    with pytest.raises(ExtractorError, match="is not a PDF file"):
        read(path)


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf(b"secret"))
    pdfium.PdfDocument(str(path), password="secret").close()  # the file is valid with its password
    with pytest.raises(ExtractorError, match="encrypted PDF: a password is needed"):
        read(path)


def _encrypted_pdf(user: bytes) -> bytes:
    # A one-page PDF under the standard security handler, revision 2 (RC4, 40-bit), built by hand: it holds
    # no strings or streams, so only the /O and /U entries need the algorithm (PDF 1.7, 7.6.3.3-4).
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")

    def rc4(key: bytes, data: bytes) -> bytes:
        s, j = list(range(256)), 0
        for i in range(256):
            j = (j + s[i] + key[i % len(key)]) % 256
            s[i], s[j] = s[j], s[i]
        out, i, j = bytearray(), 0, 0
        for byte in data:
            i = (i + 1) % 256
            j = (j + s[i]) % 256
            s[i], s[j] = s[j], s[i]
            out.append(byte ^ s[(s[i] + s[j]) % 256])
        return bytes(out)

    padded = (user + pad)[:32]
    owner = rc4(hashlib.md5((b"owner" + pad)[:32]).digest()[:5], padded)
    file_id = b"0123456789abcdef"
    key = hashlib.md5(padded + owner + struct.pack("<i", -4) + file_id).digest()[:5]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <"
        + rc4(key, pad).hex().encode() + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref))
    return bytes(out)
