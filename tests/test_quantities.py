"""Counts, percentages and measures, and the many numbers that are none of these."""

import csv
from pathlib import Path

import pytest

from extractor.extract.amounts import find_amounts
from extractor.extract.quantities import find_quantities

from .test_amounts import f1

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "seed-report.txt"
SEED_GOLD = ROOT / "corpus" / "gold" / "seed"


def rows(text, exclude=()):
    return [(q.kind, q.value, q.unit, q.raw) for q in find_quantities(text, exclude)]


@pytest.fixture(scope="module")
def seed_text():
    # Layout turns the seed's flattened footnote mark "khoá 196" back into "khoá 19⁶".
    return SEED_TEXT.read_text(encoding="utf-8").replace("khoá 196", "khoá 19⁶")


def test_seed_quantities_match_gold(seed_text):
    with (SEED_GOLD / "quantities.csv").open(encoding="utf-8") as fh:
        gold = [(r["kind"], float(r["value"]), r["unit"], r["raw"]) for r in csv.DictReader(fh)]
    taken = [(a.start, a.end) for a in find_amounts(seed_text)]
    found = find_quantities(seed_text, taken)
    assert f1([g[:2] for g in gold], [(q.kind, q.value) for q in found]) == 1.0
    assert [(q.kind, q.value, q.unit, q.raw) for q in found] == gold  # units and raw text too, in order
    assert all(seed_text[q.start:q.end] == q.raw for q in found)


def test_seed_with_flattened_mark_is_the_same(seed_text):
    # The raw seed prints "khoá 196." for "khoá 19⁶.": an ordinal label either way.
    raw = SEED_TEXT.read_text(encoding="utf-8")
    assert rows(raw) == rows(seed_text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ban đã tổ chức sắp xếp bộ máy với 04 phòng, đơn vị trực thuộc", [("count", 4, "phòng", "04 phòng")]),
        ("Hỗ trợ nước sinh hoạt phân tán 2.663 hộ, đầu tư", [("count", 2663, "hộ", "2.663 hộ")]),
        ("giúp cho khoảng 7.820 hộ dân tại địa bàn", [("count", 7820, "hộ", "7.820 hộ")]),
        ("với số tổng số kinh phí 760 triệu đồng cho 65 hộ nghèo và cận nghèo", [("count", 65, "hộ", "65 hộ")]),
        ("ngân sách tỉnh là 72.000 triệu đồng cho 36 công trình ngầm;",
         [("count", 36, "công trình", "36 công trình")]),
        ("đến nay, đã có 114/171 xã vùng dân tộc thiểu số",
         [("count", 114, "xã", "114/171 xã"), ("count", 171, "xã", "114/171 xã")]),
        ("Ban quản lý Quỹ Khuyến học có từ 03 đến 05 thành viên, gồm",
         [("count", 3, "thành viên", "03 đến 05 thành viên"), ("count", 5, "thành viên", "03 đến 05 thành viên")]),
        ("Kết quả tổng hợp có 07/09 sở có văn bản", [("count", 7, "sở", "07/09 sở"), ("count", 9, "sở", "07/09 sở")]),
        ("cho hơn 2.200 lượt cán bộ triển khai", [("count", 2200, "lượt cán bộ", "2.200 lượt cán bộ")]),
        ("phân công 56 cơ quan, đơn vị, doanh nghiệp giúp đỡ",
         [("count", 56, "cơ quan, đơn vị, doanh nghiệp", "56 cơ quan, đơn vị, doanh nghiệp")]),
        ("tổ chức 04 Đoàn cán bộ đi học tập", [("count", 4, "Đoàn", "04 Đoàn")]),
        ("Hiện nay, Ban Dân tộc có tổng số 24 biên chế", [("count", 24, "biên chế", "24 biên chế")]),
        ("tổ chức đấu giá thành công 7 điểm mỏ với", [("count", 7, "điểm mỏ", "7 điểm mỏ")]),
        ("có 178 Giấy phép khai thác khoáng sản", [("count", 178, "Giấy phép", "178 Giấy phép")]),
        # percentages
        ("bằng 55 % kế hoạch", [("percent", 55, "%", "55 %")]),
        ("bằng 70,1% kế hoạch", [("percent", 70.1, "%", "70,1%")]),
        ("giảm bình quân 5,2%/năm (giảm từ", [("percent", 5.2, "%/năm", "5,2%/năm")]),
        ("giảm bình quân 7,2 %/năm (từ", [("percent", 7.2, "%/năm", "7,2 %/năm")]),
        ("tỷ lệ lấp đầy đạt 60-70%.", [("percent", 60, "%", "60-70%"), ("percent", 70, "%", "60-70%")]),
        # measures
        ("giúp kết nối 206 km đường giao thông", [("measure", 206, "km", "206 km")]),
        ("bảo vệ 8.154 ha rừng kinh tế", [("measure", 8154, "ha", "8.154 ha")]),
        ("với tổng diện tích 2.029,4ha (Trong đó", [("measure", 2029.4, "ha", "2.029,4ha")]),
        ("xử lý từ 100.000 m3/giờ trở lên", [("measure", 100000, "m3/giờ", "100.000 m3/giờ")]),
        ("nâng tổng công suất lên 4.758,5 MW (gồm", [("measure", 4758.5, "MW", "4.758,5 MW")]),
        # neither dates, years, periods, durations, document numbers nor labels
        ("Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ", []),
        ("Bắc Giang, ngày 30 tháng 11 năm 2023", []),
        ("Theo số liệu của Kho bạc nhà nước tỉnh, đến 15/11/2023, giải ngân", []),
        ("năm 2022 hộ nghèo giảm", []),
        ("giai đoạn 2021-2025 trên địa bàn tỉnh", []),
        ("Trong 2 năm 2022, 2023 tỉnh đã phân bổ vốn", []),
        ("hoàn thành trong Quý III/2026; quý 1/2025 xã", []),
        ("hướng tới kỷ niệm 70 năm chiến thắng Điện Biên Phủ (07/5/1954-07/5/2024)", []),
        ("trong thời hạn 12 tháng kể từ; trong 30 ngày làm việc", []),
        ("Kế hoạch thực hiện Chương trình 03 năm 2024 - 2026", []),
        ("trình UBND tỉnh kế hoạch 5 năm, giao kế hoạch hàng năm", []),
        ("03 hợp đồng theo Nghị định 68); và", [("count", 3, "hợp đồng", "03 hợp đồng")]),
        ("theo khoản 3 Điều 15 Luật Khoáng sản", []),
        ("(1) công trình; (2) dự án", []),
        ("Hội đồng nhân dân tỉnh khóa XIX, kỳ họp thứ 7 đã ban hành", []),
        ("năm 2023 (đợt 2), tỉnh Bắc Giang", []),
        ("cho 1.985 học viên nhóm đối tượng 3 là Bí thư", [("count", 1985, "học viên", "1.985 học viên")]),
        ("trên địa bàn các xã khu vực III, xã khu vực II", []),
        ("kỳ họp thứ 5 của HĐND tỉnh khoá 19⁶.", []),
        ("Ngày 23-24/11/2023 Đoàn công tác của Ủy ban Dân tộc", []),
        ("2.1.4 Kết quả thực hiện Chương trình; 2.2 Tham mưu", []),
        ("Mẫu số 01 ban hành kèm theo; Phụ lục 2 kèm theo", []),
        ("mức hỗ trợ 400.000đồng/1 học sinh, sinh viên/tháng", []),
        ("giải ngân 369.780/671.874 triệu đồng vốn; 7,3 tỷ; 9 triệu USD", []),
        # fractions of a whole
        ("được sự đồng ý của 2/3 thành viên", []),
        ("đạt 3/4 (75%) số phiếu", []),
        # verbs after a number end a clause, they are no unit
        ("với 13 dự án (04 hoạt động, 07 triển khai, 02 dự án mới", [("count", 13, "dự án", "13 dự án"),
                                                                     ("count", 2, "dự án", "02 dự án")]),
    ],
)
def test_quantities(text, expected):
    taken = [(a.start, a.end) for a in find_amounts(text)]
    assert rows(text, taken) == [(k, float(v), u, r) for k, v, u, r in expected]


def test_exclude_spans_are_skipped():
    text = "Nghị quyết số 09/NQ-HĐND phân bổ vốn 3 chương trình"
    start = text.index("3 chương")
    assert rows(text, [(start, start + 5)]) == []
    assert rows(text) == [("count", 3.0, "chương trình", "3 chương trình")]


def test_count_label_is_the_counted_phrase():
    [q] = find_quantities("đầu tư xây dựng 73 công trình ngầm, cầu dân sinh")
    assert q.label == "công trình ngầm"


def test_groups_are_read_by_the_patterns_own_positions(seed_text):
    # The hot loop reads groups by position: those must be the pattern's positions for the names, for every match.
    from extractor.extract.quantities import _GROUPS, _in_order, _pattern

    in_order = _in_order()
    assert in_order(_pattern().search("đạt 114/171 xã").groups()) == ("114", "171", None, None, None, None, "xã",
                                                                      None, None, None)
    assert in_order(_pattern().search("có 3 tỷ m3 nước").groups())[4:6] == ("tỷ", "m3")
    for m in _pattern().finditer(seed_text):
        assert in_order(m.groups()) == tuple(m.group(name) for name in _GROUPS)


def test_thousands_groups_split_by_ocr_are_joined_or_dropped():
    text = "Tổng 10. 000.000 đồng và 5. 000 người, 000 hộ; 12.000 hộ."
    rows = [(q.kind, q.value, q.unit, q.raw, text[q.start:q.end]) for q in find_quantities(text, [(5, 21)])]
    assert rows == [("count", 5000.0, "người", "5. 000 người", "5. 000 người"),
                    ("count", 12000.0, "hộ", "12.000 hộ", "12.000 hộ")]
