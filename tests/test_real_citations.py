"""Citation shapes met in real reports, on their sentences: dates, kinds and list items."""

from __future__ import annotations

import pytest

from extractor.extract.citations import find_citations

KEYS = ("kind", "number", "date", "issuer")


def _rows(sentence: str):
    return [tuple(getattr(c, k) for k in KEYS) for c in find_citations(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    # QD-26-QD-XPVPHC (Cục Hóa chất): a biên bản is dated by the day it was drawn up, "lập ngày".
    ("Căn cứ Biên bản vi phạm hành chính số 23/BB-VPHC lập ngày 26 tháng 6 năm 2026 của Đoàn kiểm tra",
     [("Biên bản", "23/BB-VPHC", "2026-06-26", "Đoàn kiểm tra")]),
    # "cùng ngày": the date of the reference before.
    ("Thực hiện Chỉ thị số 20/CT-TTg ngày 12/6/2023 và Chỉ thị số 21/CT-TTg cùng ngày của Thủ tướng Chính phủ",
     [("Chỉ thị", "20/CT-TTg", "2023-06-12", ""), ("Chỉ thị", "21/CT-TTg", "2023-06-12", "Thủ tướng Chính phủ")]),
    ("Quyết định số 1656 và 1662/QĐ-UBND cùng ngày 30/10/2009",
     [("Quyết định", "1656", "2009-10-30", ""), ("Quyết định", "1662/QĐ-UBND", "2009-10-30", "")]),
    # Bien-ban-kiem-tra-hien-truong-Yen-Thanh (OCR'd, its "tháng l1" read right here): a local body's name goes on
    # past a comma with the place above it, and the date after it is the decision's.
    ("Quyết định số 512/QĐ-UBND của UBND xã Yên Thành, tỉnh Lào Cai ngày 12 tháng 11 năm 2025 về việc đưa đất",
     [("Quyết định", "512/QĐ-UBND", "2025-11-12", "UBND xã Yên Thành, tỉnh Lào Cai")]),
    # Not after a body without a place of its own, nor into the next reference.
    ("Văn bản số 12/SCT-CN ngày 12/11/2025 của Sở Công Thương, tỉnh Lào Cai đề nghị",
     [("Văn bản", "12/SCT-CN", "2025-11-12", "Sở Công Thương")]),
    ("Quyết định số 12/QĐ-UBND ngày 12/11/2025 của UBND tỉnh, Kế hoạch số 5/KH-UBND",
     [("Quyết định", "12/QĐ-UBND", "2025-11-12", "UBND tỉnh"), ("Kế hoạch", "5/KH-UBND", "", "")]),
    # A Party "Thông báo kết luận" is a Thông báo, as its code TB says, not a Kết luận.
    ("Thực hiện Thông báo kết luận số 125-TB/TU ngày 05/3/2026 của Ban Thường vụ Tỉnh ủy",
     [("Thông báo", "125-TB/TU", "2026-03-05", "Ban Thường vụ Tỉnh ủy")]),
    # bao-cao-tinh-hinh-trien-khai-ccn.docx: a list head gives its kind to both items.
    ("UBND tỉnh đã có các Phiếu chuyển (số 227/PC-VPUBND ngày 12/3/2026 và số 6073/UBND-KT ngày 14/6/2026)",
     [("Phiếu chuyển", "227/PC-VPUBND", "2026-03-12", ""), ("Phiếu chuyển", "6073/UBND-KT", "2026-06-14", "")]),
])
def test_real_sentences(sentence, expected):
    assert _rows(sentence) == expected


def test_same_day_needs_no_date_of_its_own():
    # "cùng ngày" followed by a date is that date, read as any date after a number.
    rows = _rows("Quyết định số 12/QĐ-UBND ngày 02/3/2026 và Quyết định số 13/QĐ-UBND cùng ngày 05/3/2026")
    assert [r[2] for r in rows] == ["2026-03-02", "2026-03-05"]
    # The first reference of a text has no reference before it to take a date from.
    assert _rows("Quyết định số 13/QĐ-UBND cùng ngày") == [("Quyết định", "13/QĐ-UBND", "", "")]
