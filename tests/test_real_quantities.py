"""Amounts and quantities on sentences of the real corpus (../shared/corpus/real): values, units and labels."""

import pytest

from extractor.extract.amounts import find_amounts
from extractor.extract.quantities import find_quantities


def quantities(text):
    taken = [(a.start, a.end) for a in find_amounts(text)]
    return [(q.kind, q.value, q.unit, q.raw) for q in find_quantities(text, taken)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # NĐ 71/2019 (OCR): a list of clauses after "khoản" refers to clauses, not to articles
        ("vi phạm quy định tại các khoản 1, 2 và 3 Điều này.", []),
        ("quy định tại khoản 1 và 2 Điều này.", []),
        ("khoản 1, 3 và 4 Điều l6; khoản 1 và 3 Điều 17", []),
        # ... while the charter of QĐ 779 counts its parts
        ("Điều lệ Quỹ Khuyến học tỉnh Bình Thuận có 8 Chương, 28 Điều và có hiệu lực",
         [("count", 8, "Chương", "8 Chương"), ("count", 28, "Điều", "28 Điều")]),
        # spelled-out units of a law are measures
        ("được sản xuất ra từ 05 kilôgam (hoặc lít) đến dưới 20 kilôgam (hoặc lít);",
         [("measure", 5, "kilôgam", "05 kilôgam"), ("measure", 20, "kilôgam", "20 kilôgam")]),
        # 2005 Government report: "vạn" is ten thousand; a grouped number after "quốc lộ" is a length, not road 1.557
        ("dự kiến thu hút thêm 44,8 vạn lao động, đưa tổng số", [("count", 448_000, "lao động", "44,8 vạn lao động")]),
        ("xuất khẩu lao động dự kiến khoảng 7 vạn người.", [("count", 70_000, "người", "7 vạn người")]),
        ("tăng thêm 200 nghìn ha; đường quốc lộ 1.557 km; đường giao thông",
         [("measure", 200_000, "ha", "200 nghìn ha"), ("measure", 1557, "km", "1.557 km")]),
        ("điện phát ra 53,4 tỉ Kwh; dầu khí", [("measure", 53_400_000_000, "Kwh", "53,4 tỉ Kwh")]),
        ("đóng mới 8 tàu biển, công suất 65.000 TEU...",
         [("count", 8, "tàu biển", "8 tàu biển"), ("measure", 65_000, "TEU", "65.000 TEU")]),
        ("Giảm tỷ lệ sinh bình quân trong năm 0,4‰; quy mô dân số", [("percent", 0.4, "‰", "0,4‰")]),
        # map scales and rates per 100.000 are ratios, not "X of Y" counts; "42/64 tỉnh" is one
        ("số mảnh bản đồ địa chính tỷ lệ 1/25.000 vùng Đồng Bằng", []),
        ("tỷ lệ tử vong bà mẹ xuống 80/100.000 ca. Cung cấp", []),
        ("trong sáu tháng đầu năm 2004 đã có 42/64 tỉnh, thành",
         [("count", 42, "tỉnh", "42/64 tỉnh"), ("count", 64, "tỉnh", "42/64 tỉnh")]),
        # Quy định 814 (Cà Mau): the number of a steering committee's name is no count of "cùng"
        ("chịu sự chỉ đạo trực tiếp của Ban Chỉ đạo 814 cùng cấp.", []),
        ("Nhân sự của Đội kiểm tra 814 đuợc bố trí như sau:", []),
    ],
)
def test_real_quantities(text, expected):
    assert quantities(text) == [(k, float(v), u, r) for k, v, u, r in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # NĐ 71/2019 (OCR): a space splits the thousands groups; the amount was read as "000.000 đồng" = 0
        ("1. Phạt tiền từ 10. 000.000 đồng đến 15.000.000 đồng đối với hành vi",
         [("10. 000.000 đồng", 10_000_000), ("15.000.000 đồng", 15_000_000)]),
        ("c) Phạt tiền từ 8.000. 000 đồng đến 12.000. 000 đồng đối với",
         [("8.000. 000 đồng", 8_000_000), ("12.000. 000 đồng", 12_000_000)]),
        ("d) Phạt tiền từ 12, 000.000 đồng đến", [("12, 000.000 đồng", 12_000_000)]),
        ("2. Phạt tiền từ 1Ó 000. 000 đồng đến 3. 000. 000 đồng đối", [("3. 000. 000 đồng", 3_000_000)]),
        # BC Chỉ thị 38: a bare "tỷ" after "giá trị", followed by a verb, is money
        ("những mỏ có giá trị từ 50 -150 tỷ sẽ thu trong 05 năm đầu tiên",
         [("50 -150 tỷ", 50_000_000_000), ("50 -150 tỷ", 150_000_000_000)]),
        # ... but a noun after it still makes a count of that noun
        ("thu hút trên 1,3 triệu lao động chuyên nghiệp; giá trị 2 tỷ người", []),
    ],
)
def test_real_amounts(text, expected):
    found = find_amounts(text)
    assert [(a.raw, a.value_vnd) for a in found] == expected
    assert all(text[a.start:a.end] == a.raw for a in found)


@pytest.mark.parametrize(
    "text, raw, label",
    [
        # counts: the counted noun phrase, up to a function word or verb
        ("trong đó: 199 dự án, cơ sở đang hoạt động; 18 dự án đang triển khai đầu tư;", "18 dự án", "dự án"),
        ("sau thanh tra đối với 04/04 Đoàn thanh tra đã ban hành kết luận", "04/04 Đoàn", "Đoàn thanh tra"),
        ("Tỷ lệ lấp đầy 100% với 104 cơ sở sản xuất đang hoạt động (sửa chữa", "104 cơ sở", "cơ sở sản xuất"),
        ("Đã kiểm đếm 152/152 hộ trên toàn bộ 74,97 ha;", "152/152 hộ", "hộ"),
        ("Trong đó có 03 Giấy xác nhận đăng ký thu mua khoáng sản", "03 Giấy xác nhận", "Giấy xác nhận đăng ký"),
        # measures and percentages: the noun phrase after the unit, else the one before from its head noun
        ("giúp kết nối 206 km đường giao thông", "206 km", "đường giao thông"),
        ("hoàn tất thủ tục chuyển đổi mục đích sử dụng 12,87 ha đất rừng sản xuất; chờ", "12,87 ha", "đất rừng sản xuất"),
        ("- 100% khu công nghiệp có công trình xử lý nước thải", "100%", "khu công nghiệp"),
        ("Cụm công nghiệp Thống Nhất 1. Diện tích 75 ha (đất công nghiệp 52 ha).", "75 ha", "Diện tích"),
        ("có 02 dự án thứ cấp đăng ký với diện tích 9,46 ha; tỷ lệ", "9,46 ha", "diện tích"),
        ("Tỷ lệ huy động vào ngân sách dự kiến khoảng 22,5% GDP", "22,5%", "Tỷ lệ huy động vào ngân sách"),  # capped at 8 words, not inside "dự kiến"
        # a skip word that ends a compound stays ("mặt bằng"); a mention opening its sentence has no label before
        ("Đã hoàn thành giải phóng mặt bằng 74,97 ha. Đã khởi công", "74,97 ha", "Đã hoàn thành giải phóng mặt bằng"),
        ("QĐ số 1397/QĐ-UBND ngày 25/4/2026. Có 12,87 ha thuộc diện chuyển đổi", "12,87 ha", ""),
    ],
)
def test_real_labels(text, raw, label):
    [q] = [q for q in find_quantities(text, [(a.start, a.end) for a in find_amounts(text)]) if q.raw == raw][:1]
    assert q.label == label
