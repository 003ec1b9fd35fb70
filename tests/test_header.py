"""Header block, signature and recipients on the seed (three formats), real drafts and real PDFs."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from .conftest import REAL, SEED, needs_shared
from extractor.ingest import read
from extractor.layout import build
from extractor.models import Block, Paragraph, Source, Text
from extractor.segment.header import find_header
from extractor.segment.signature import find_recipients, find_signature, read_lines


def laid_out(path):
    """The pipeline's Text for a file (ingest + layout)."""
    return build(read(path))


def text_of(*lines: str, kind: str = "body"):
    """A Text laid out from one block per line, as a DOCX reader would give them."""
    blocks = [Block(line, kind=kind) for line in lines]
    return build(Source(path="t.docx", doc_id="t.docx", format="docx", sha256="", blocks=blocks))


def _gold_header() -> dict[str, str]:
    with (SEED.parent / "gold" / "seed" / "header.csv").open(encoding="utf-8") as fh:
        return {row["field"]: row["value"] for row in csv.DictReader(fh)}


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_seed_header_matches_gold(ext):
    header = find_header(laid_out(SEED / f"seed-report.{ext}"))
    got = {
        "number": header.number, "place": header.place, "date": header.date, "kind": header.kind,
        "title": header.title, "signer_title": header.signer_title, "signer_name": header.signer_name,
        "recipients": "; ".join(header.recipients),
    }
    assert got == _gold_header()
    assert header.issuer == ""  # the seed prints no issuing body above its number


@needs_shared
def test_draft_report_with_blank_number_and_day():
    header = find_header(laid_out(REAL / "sct-laocai-skills" / "BC-UBND-QLNN-khoang-san-nam-2025.docx"))
    assert header.number == "/BC-UBND"  # "Số:          /BC-UBND"
    assert header.issuer == "UỶ BAN NHÂN DÂN TỈNH LÀO CAI"  # two lines: "UỶ BAN NHÂN DÂN" / "TỈNH LÀO CAI"
    assert (header.place, header.date) == ("Lào Cai", "")  # "Lào Cai, ngày       tháng       năm 2026"
    assert header.kind == "BÁO CÁO"
    assert header.title == ("Công tác quản lý nhà nước về địa chất, khoáng sản năm 2025 "
                            "trên địa bàn tỉnh Lào Cai")
    assert (header.signer_title, header.signer_name) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Thành Sinh")
    assert header.recipients == [
        "Như trên", "Chủ tịch UBND tỉnh", "PCT UBND tỉnh Nguyễn Thành Sinh", "Cục Khoáng sản Việt Nam",
        "Các sở: Nông nghiệp và Môi trường, Tài chính, Công Thương, Xây dựng",  # one item over two lines
        "CVP, PCVP UBND tỉnh (Tú, Bích)", "Lưu: VT, KT(Thủy, Nho)",
    ]


@needs_shared
def test_department_draft_under_a_province():
    header = find_header(laid_out(REAL / "sct-laocai-skills" / "bao-cao-tinh-hinh-trien-khai-ccn.docx"))
    assert header.issuer == "SỞ CÔNG THƯƠNG"  # "UBND TỈNH LÀO CAI" / "SỞ CÔNG THƯƠNG": the last body
    assert header.number == "/BC-SCT"  # printed "/BC - SCT"
    assert (header.place, header.date) == ("Lào Cai", "")  # "ngày       tháng 6 năm 2026"
    assert (header.signer_title, header.signer_name) == ("GIÁM ĐỐC", "Hoàng Chí Hiền")


@needs_shared
def test_plan_signed_for_the_committee():
    header = find_header(laid_out(REAL / "sct-laocai-skills" / "KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.docx"))
    assert (header.kind, header.number) == ("KẾ HOẠCH", "/KH-UBND")
    assert header.title.startswith("Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ")
    assert header.title.endswith("công tác quản lý nhà nước về khoáng sản trên địa bàn tỉnh Lào Cai")
    assert header.signer_title == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert len(header.recipients) == 11 and header.recipients[-1] == "Lưu: VT, KT"


@needs_shared
def test_government_resolution_with_joined_signature_lines():
    header = find_header(laid_out(REAL / "sct-laocai-skills" / "NQ-66.19-2026-NQ-CP-toan-van.docx"))
    assert (header.number, header.issuer, header.place, header.date) == (
        "66.19/2026/NQ-CP", "CHÍNH PHỦ", "Hà Nội", "2026-05-18")
    assert header.kind == "NGHỊ QUYẾT"
    assert header.title.startswith("VỀ CẮT GIẢM, PHÂN QUYỀN, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH")
    # The cell reads "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Phạm Thị Thanh Trà" on one line.
    assert (header.signer_title, header.signer_name) == ("TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG",
                                                         "Phạm Thị Thanh Trà")
    assert header.recipients[:2] == ["Ban Bí thư Trung ương Đảng", "Thủ tướng, các Phó Thủ tướng Chính phủ"]
    assert header.recipients[-1] == "Lưu: VT, CĐS (2)"


@needs_shared
@pytest.mark.parametrize("name, expected", [
    ("vnlegal-dataset-tvpl-pdf/01_2019_ND-CP_404090.pdf",
     ("01/2019/NĐ-CP", "CHÍNH PHỦ", "Hà Nội", "2019-01-01", "NGHỊ ĐỊNH",
      "VỀ KIỂM LÂM VÀ LỰC LƯỢNG CHUYÊN TRÁCH BẢO VỆ RỪNG", "TM. CHÍNH PHỦ THỦ TƯỚNG", "Nguyễn Xuân Phúc")),
    ("vnlegal-dataset-tvpl-pdf/100_2001_ND-CP_7379.pdf",
     ("100/2001/NĐ-CP", "CHÍNH PHỦ", "Hà Nội", "2001-12-26", "NGHỊ ĐỊNH",
      "VỀ VIỆC ĐIỀU CHỈNH ĐỊA GIỚI HÀNH CHÍNH THÀNH LẬP XÃ THUỘC CÁC HUYỆN IA GRAI, CHƯ PĂH, TỈNH GIA LAI",
      "TM. CHÍNH PHỦ THỦ TƯỚNG", "Phan Văn Khải")),
    ("vbai-binhthuan/3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf",
     ("3367/TTr-SNV", "SỞ NỘI VỤ", "Bình Thuận", "2024-11-28", "TỜ TRÌNH",
      "Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công văn số 2769/UBND-NCKSTTHC "
      "ngày 24/7/2024 của UBND tỉnh", "GIÁM ĐỐC", "Đỗ Văn Chung")),
    ("vbai-binhthuan/779-QD-UBND-2022-cong-nhan-dieu-le-quy-khuyen-hoc.signed.pdf",
     ("779/QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "Bình Thuận", "2022-03-23", "QUYẾT ĐỊNH",
      "Về việc công nhận Điều lệ (sửa đổi, bổ sung) Quỹ Khuyến học tỉnh Bình Thuận",
      "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Minh")),
    ("sct-laocai-skills/CV-6791-SNNMT-17-7-2026-y-kien-tham-dinh-CCN-Bao-Dap.pdf",
     ("6791/SNNMT-KHTC", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Lào Cai", "2026-07-17", "CÔNG VĂN",
      "V/v tham gia ý kiến thẩm định hồ sơ đề nghị thành lập cụm công nghiệp Báo Đáp",
      "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "Phạm Bình Minh")),
    ("sct-laocai-skills/CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf",
     ("193/UBND-KT", "UỶ BAN NHÂN DÂN TỈNH LÀO CAI", "Lào Cai", "2026-01-10", "CÔNG VĂN",
      "V/v tăng cường công tác quản lý, giám sát hoạt động VLNCN, TCTN trên địa bàn tỉnh",
      "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Thành Sinh")),
    ("sct-laocai-skills/QD-1074-QD-BXD-29-6-2026.pdf",
     ("1074/QĐ-BXD", "BỘ XÂY DỰNG", "Hà Nội", "2026-06-29", "QUYẾT ĐỊNH", None,
      "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Phạm Minh Hà")),
])
def test_real_pdf_headers(name, expected):
    h = find_header(laid_out(REAL / name))
    got = (h.number, h.issuer, h.place, h.date, h.kind, h.title, h.signer_title, h.signer_name)
    assert got == tuple(g if e is None else e for g, e in zip(got, expected))


def test_flattened_header_table_with_date_before_number():
    # pdftotext of Nghị định 01/2019/NĐ-CP: the two header columns come out one under the other.
    text = text_of("CHÍNH PHỦ", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "--------------Hà Nội, ngày 01 tháng 01 năm 2019", "Số: 01/2019/NĐ-CP", "NGHỊ ĐỊNH",
                   "VỀ KIỂM LÂM VÀ LỰC LƯỢNG CHUYÊN TRÁCH BẢO VỆ RỪNG",
                   "Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015;")
    h = find_header(text)
    assert (h.issuer, h.number, h.place, h.date, h.kind) == (
        "CHÍNH PHỦ", "01/2019/NĐ-CP", "Hà Nội", "2019-01-01", "NGHỊ ĐỊNH")
    assert h.title == "VỀ KIỂM LÂM VÀ LỰC LƯỢNG CHUYÊN TRÁCH BẢO VỆ RỪNG"


def test_number_and_date_split_over_lines():
    # Quyết định 779/QĐ-UBND as a plain text extraction reads it: the fills sit apart from the print.
    text = text_of("ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN", "Số: 779", "/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "Độc lập - Tự do - Hạnh phúc", "Bình Thuận, ngày", "23 tháng", "3 năm 2022", "QUYẾT ĐỊNH",
                   "Về việc công nhận Điều lệ (sửa đổi, bổ sung)", "Quỹ Khuyến học tỉnh Bình Thuận",
                   "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
                   "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    h = find_header(text)
    assert (h.number, h.issuer, h.place, h.date) == ("779/QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
                                                     "Bình Thuận", "2022-03-23")
    # Without styles a short capitalised line still continues the title; the enacting body ends it.
    assert h.title == "Về việc công nhận Điều lệ (sửa đổi, bổ sung) Quỹ Khuyến học tỉnh Bình Thuận"


def test_number_stops_before_a_rule_typed_on_its_line():
    # Quyết định 144/2002/QĐ/BTC (viparse legacy .doc): the rule under the issuer is typed after the number.
    text = text_of("BỘ TÀI CHÍNH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "-0- Độc lập-Tự do-Hạnh phúc",
                   "Số:  144 /2002/QĐ/BTC        --------------------------------",
                   "Hà nội, ngày 22 tháng 11 năm 2002")
    h = find_header(text)
    assert (h.number, h.issuer, h.place, h.date) == ("144/2002/QĐ/BTC", "BỘ TÀI CHÍNH", "Hà nội", "2002-11-22")


def test_signature_block_split_around_the_recipients():
    # A PDF reader puts "TM. CHÍNH PHỦ" level with "Nơi nhận :" and the rest under the list.
    text = text_of("Điều 3. Chủ tịch ủy ban nhân dân tỉnh Gia Lai chịu trách nhiệm thi hành Nghị định này ./.",
                   "TM. CHÍNH PHỦ", "Nơi nhận :", "- HĐND, UBND tỉnh Gia Lai, - Ban Tổ chức Trung ương,",
                   "- VPCP : BTCN, các PCN, các Vụ :\nĐP2, TCCB, TH,", "- Lưu : NC (5b), Văn thư.",
                   "THỦ TƯỚNG", "Phan Văn Khải")
    assert find_signature(text) == ("TM. CHÍNH PHỦ THỦ TƯỚNG", "Phan Văn Khải")
    assert find_recipients(text) == ["HĐND, UBND tỉnh Gia Lai", "Ban Tổ chức Trung ương",
                                     "VPCP : BTCN, các PCN, các Vụ : ĐP2, TCCB, TH", "Lưu : NC (5b), Văn thư"]


def test_no_closing_block():
    text = text_of("BÁO CÁO", "Tình hình triển khai các cụm công nghiệp trên địa bàn tỉnh",
                   "I. HIỆN TRẠNG CHUNG")
    h = find_header(text)
    assert (h.kind, h.title, h.number, h.date) == ("BÁO CÁO", "Tình hình triển khai các cụm công nghiệp trên địa bàn tỉnh", "", "")
    assert (h.signer_title, h.signer_name, h.recipients) == ("", "", [])


def test_lines_of_one_line_paragraphs_are_made_as_read():
    # A text whose paragraphs are one line each gives its lines as they are asked for, and so does one with a few
    # line breaks inside paragraphs (their lines made at once); one with many reads them all at once: the same lines.
    body = ["ỦY BAN NHÂN DÂN", "Số: 12/BC-UBND", "¹ Chú thích", "Nơi nhận:", "- Như trên;"]
    text = "\n\n".join(body)
    starts = [text.index(b) for b in body]
    paragraphs = [Paragraph(s, s + len(b), 1, "footnote" if b[0] == "¹" else "body") for s, b in zip(starts, body)]
    lazy = read_lines(Text(text, paragraphs))
    broken = read_lines(Text(text.replace("Số: 12", "Số:\n12"), paragraphs))
    spread = ["\n \n".join(b.split()) for b in body]  # 18 line breaks
    at = [sum(len(b) + 2 for b in spread[:i]) for i in range(len(spread))]
    many = read_lines(Text("\n\n".join(spread), [replace(p, start=a, end=a + len(b)) for p, a, b in zip(paragraphs, at, spread)]))
    assert not isinstance(lazy.lines, list) and not isinstance(broken.lines, list) and isinstance(many.lines, list)
    assert broken.lines.starts == [0, 17, 21, 46, 57]  # a broken paragraph's lines where they start
    assert [line.text for line in many.lines] == "ỦY BAN NHÂN DÂN Số: 12/BC-UBND Nơi nhận: - Như trên;".split()
    assert (lazy.label, broken.label) == (2, 3)  # "Số:" and "12/BC-UBND" are two lines there
    assert [(line.text, line.start, line.end) for line in lazy.lines[1:]] == [
        ("Số: 12/BC-UBND", 17, 31), ("Nơi nhận:", 46, 55), ("- Như trên;", 57, 68)]
    assert [(line.text, line.start) for line in broken.lines][1:3] == [("Số:", 17), ("12/BC-UBND", 21)]
    assert [line.text for line in lazy.lines] == ["ỦY BAN NHÂN DÂN", "Số: 12/BC-UBND", "Nơi nhận:", "- Như trên;"]


@pytest.mark.parametrize("number, place_line, place", [
    ("Số: 15/BC-UBND", "Bà Rịa-Vũng Tàu, ngày 12 tháng 3 năm 2024", "Bà Rịa-Vũng Tàu"),
    ("Số: 15/BC-UBND", "Phan Rang-Tháp Chàm, ngày 12 tháng 3 năm 2024", "Phan Rang-Tháp Chàm"),
    ("Số: 15/BC-UBND", "-----Hà Nội, ngày 12 tháng 3 năm 2024", "Hà Nội"),
    # The number's cell run into the place's on one line: the codes are no part of the place.
    ("Số: 991/QĐ-UBND Đồng Xoài, ngày 12 tháng 3 năm 2024", "", "Đồng Xoài"),
    ("Số: 256/2004/QĐ-UB TP.Cần Thơ, ngày 12 tháng 3 năm 2024", "", "TP.Cần Thơ"),
])
def test_place_names_with_a_dash_stay_whole(number, place_line, place):
    header = find_header(text_of("ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA-VŨNG TÀU", number, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                 "Độc lập - Tự do - Hạnh phúc", place_line, "BÁO CÁO", "Tình hình kinh tế",
                                 "Nội dung báo cáo."))
    assert (header.place, header.date, header.number) == (place, "2024-03-12", number.split()[1])
