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


# The first lines of Hiep-dinh-van-tai-VN-TQ.pdf as its ABBYY text layer reads them ("Bộ" is its OCR's).
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
    # in "GIỮA" or "VÀ" goes on into the next, even one that opens with "CHÍNH PHỦ".
    header = _header(TREATY)
    assert header.kind == "HIỆP ĐỊNH"
    assert header.title == (
        "VẬN TẢI ĐƯỜNG Bộ GIỮA CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ "
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
    assert header.title.startswith("VẬN TẢI ĐƯỜNG Bộ GIỮA CHÍNH PHỦ NƯỚC")
    assert header.title.endswith("VÀ CHÍNH PHỦ NƯỚC CỘNG HÒA NHÂN DÂN TRUNG HOA")
    assert header.issuer == ""
