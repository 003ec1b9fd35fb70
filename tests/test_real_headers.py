"""Header fields of real documents read against the documents themselves (../shared/corpus/real)."""

from __future__ import annotations

import pytest

from extractor.layout import build
from extractor.models import Block, Source
from extractor.segment.header import find_header

from .conftest import REAL, needs_shared


def _header(lines: list[str]):
    text = build(Source(path="t.txt", doc_id="t.txt", format="txt", sha256="", blocks=[Block(x) for x in lines]))
    return find_header(text)


# The first lines of Hiep-dinh-van-tai-VN-TQ.pdf as its ABBYY text layer reads them ("Bộ" is its OCR's for "BỘ").
TREATY = [
    "HIỆP ĐỊNH VẬN TẢI ĐƯỜNG Bộ",
    "GIỮA",
    "CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ",
    "CHÍNH PHỦ NƯỚC CỘNG HÒA NHÂN DÂN TRUNG HOA",
    "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam và Chính phủ nước Cộng hòa nhân dân Trung Hoa (sau đây gọi "
    "tắt là hai Bên ký kết);",
    "Thỏa thuận như sau:",
    "Điều 1",
]


def test_kind_with_its_title_on_one_line():
    # "HIỆP ĐỊNH" is a kind of rules/kinds.toml, printed with its title on the same line; a title line ending
    # in "GIỮA" or "VÀ" goes on into the next, even one that opens with "CHÍNH PHỦ". The capitals line's word
    # OCR read in small letters is given back its capitals.
    header = _header(TREATY)
    assert header.kind == "HIỆP ĐỊNH"
    assert header.title == (
        "VẬN TẢI ĐƯỜNG BỘ GIỮA CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ "
        "CHÍNH PHỦ NƯỚC CỘNG HÒA NHÂN DÂN TRUNG HOA"
    )
    # Nothing stands at top left: the second party's name is no issuer.
    assert (header.issuer, header.number, header.date) == ("", "", "")


def test_kind_line_alone_still_wins():
    header = _header(["BỘ XÂY DỰNG", "Số: 1074/QĐ-BXD", "Hà Nội, ngày 29 tháng 6 năm 2026", "QUYẾT ĐỊNH",
                      "Ban hành các giải pháp kỹ thuật", "BỘ TRƯỞNG BỘ XÂY DỰNG", "Căn cứ Luật ..."])
    assert (header.kind, header.number, header.date, header.issuer) == (
        "QUYẾT ĐỊNH", "1074/QĐ-BXD", "2026-06-29", "BỘ XÂY DỰNG")
    assert header.title == "Ban hành các giải pháp kỹ thuật"


def test_a_letter_is_not_read_as_a_kind_line():
    # A công văn's capitals above its "V/v" stay the issuer; no kind is read from lines after the "V/v".
    header = _header(["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: 12/SCT-CN", "V/v báo cáo kết quả",
                      "KẾ HOẠCH KIỂM TRA NĂM 2026", "Kính gửi: UBND tỉnh"])
    assert (header.kind, header.issuer, header.title) == ("CÔNG VĂN", "SỞ CÔNG THƯƠNG", "V/v báo cáo kết quả")


@needs_shared
def test_treaty_pdf():
    from extractor import extract

    header = extract(REAL / "sct-laocai-skills" / "Hiep-dinh-van-tai-VN-TQ.pdf").header
    assert header.kind == "HIỆP ĐỊNH"
    assert header.title.startswith("VẬN TẢI ĐƯỜNG BỘ GIỮA CHÍNH PHỦ NƯỚC")
    assert header.title.endswith("VÀ CHÍNH PHỦ NƯỚC CỘNG HÒA NHÂN DÂN TRUNG HOA")
    assert header.issuer == ""


def test_place_after_the_number_on_one_line():
    # 2008-23.QD-991-UBND.doc (VNI): the number's cell and the place's run into one line.
    header = _header(["ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH BÌNH PHƯỚC Độc lập - Tự do - Hạnh phúc",
                      "Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008", "QUYẾT ĐỊNH",
                      "Về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng"])
    assert (header.number, header.place, header.date) == ("991/QĐ-UBND", "Đồng Xoài", "2008-05-14")
    # 2005-QD-256.doc (TCVN3): "QĐ-UB TP.Cần Thơ" was read as the place "UB TP.Cần Thơ".
    header = _header(["XV80", "Số: 256 /2004/QĐ-UB TP.Cần Thơ, ngày 01 tháng 7 năm 2004", "QUYẾT ĐỊNH"])
    assert (header.number, header.place, header.date) == ("256/2004/QĐ-UB", "TP.Cần Thơ", "2004-07-01")


def test_number_and_date_inside_an_older_title():
    # 2003-A-15.rtf (Nghị định 94/1998/NĐ-CP, printed in capitals): no "Số:" line, the number and date stand in
    # the title.
    header = _header(["NGHỊ ĐỊNH", "CỦA CHÍNH PHỦ SỐ\u2006 \u2006 94 /1998/NĐ-CP NGÀY 17 THÁNG 11 NĂM 1998 QUY ĐỊNH CHI "
                      "TIẾT THI HÀNH LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THUẾ XUẤT KHẨU, THUẾ NHẬP KHẨU",
                      "CHÍNH PHỦ", "Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;"])
    assert (header.kind, header.number, header.date) == ("NGHỊ ĐỊNH", "94/1998/NĐ-CP", "1998-11-17")
    assert header.title.startswith("QUY ĐỊNH CHI TIẾT THI HÀNH LUẬT SỬA ĐỔI")
    # A title that cites another document keeps it: the report's number is printed after "Số:".
    header = _header(["UỶ BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: /BC-UBND", "Lào Cai, ngày tháng năm 2026", "BÁO CÁO",
                      "Kết quả thực hiện các nhiệm vụ trong Chỉ thị số 38/CT-TTg ngày 29/9/2020 của Thủ tướng Chính phủ"])
    assert (header.number, header.date) == ("/BC-UBND", "")
    assert header.title.startswith("Kết quả thực hiện các nhiệm vụ trong Chỉ thị số 38/CT-TTg")
