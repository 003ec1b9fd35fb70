"""OCR header repairs: header and signature lines as Tesseract read real scans, and text layers left alone."""

from __future__ import annotations

import pytest

from .conftest import REAL, SEED
from extractor.ingest import read
from extractor.layout import build
from extractor.models import Paragraph, Text
from extractor.segment.header import find_header
from extractor.segment.ocrheader import _holding_pieces, _may_end, _may_open, _rules, header_view


def ocr_text(*paragraphs: tuple[str, float]) -> Text:
    """A Text of OCR'd paragraphs (text, confidence) on page 1, as layout builds them from Tesseract lines."""
    text, spans = "", []
    for body, confidence in paragraphs:
        if text:
            text += "\n\n"
        spans.append(Paragraph(len(text), len(text) + len(body), 1, confidence=confidence))
        text += body
    return Text(text, spans)


BODY = ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ "
        "chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;", 0.94)


def fields(text: Text) -> dict:
    header = find_header(header_view(text))
    return {k: v for k, v in vars(header).items() if v}


def test_resolution_scan_issuer_number_and_kind():
    # 01-NQ-HDQLQ-2025 (300 dpi scan): issuer and number joined in one paragraph, the slash lost, the kind
    # title printed on one line with the start of the trích yếu. The trích yếu is running text: not repaired.
    text = ocr_text(
        ("13/13/2025", 0.83), ("HỘI KHUYÉN HỌC TỈNH", 0.63), ("HỘI ĐÔNG QL QUỸ KHUYÉN HỌC Số: 01NQ-HĐQLQ", 0.76),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do —- Hạnh phúc", 0.93),
        ("Bình Thuận, ngày 18 tháng 02 năm 2025", 0.92), ("NGHỊ QUYẾT CỦA HỘI ĐỎNG QUẢN LÝ QUỸ", 0.85),
        ("__ KHUYÊN HỌC TÍNH BÌNH THUẬN", 0.79),
        ("(Về việc đê nghị xem xét sữa đôi, bô sung Điêu lệ Qũy khuyên học)", 0.93),
        ("- Căn cứ Nghị định số 93/2019/ND-CP ngày 25/11/2019 của Chính phú về tô chức, hoạt động của Qñy xã hội,"
         " từ thiện;", 0.87),
    )
    assert fields(text) == {
        "number": "01/NQ-HĐQLQ", "issuer": "HỘI ĐỒNG QL QUỸ KHUYẾN HỌC", "place": "Bình Thuận",
        "date": "2025-02-18", "kind": "NGHỊ QUYẾT", "title": "CỦA HỘI ĐỎNG QUẢN LÝ QUỸ KHUYÊN HỌC TÍNH BÌNH THUẬN",
    }


def test_letter_scan_at_87_dpi_handwritten_number_and_day():
    # CV-813-CucHoaChat: "W/v" for "V/v", the handwritten number and day read as junk, two issuer lines joined.
    text = ocr_text(
        ("BỘ CÔNG THƯƠNG CỤC HÓA CHẤT", 0.74), ("Số: Éđã /HC-CNHC", 0.68),
        ("W/v trao đổi về một số quy định trong lĩnh vực hóa chất", 0.88),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.95),
        ("Hà Nội, ngày °ÖÖ tháng 4 năm 2026", 0.84), ("Kính gửi: Cục Hải quan", 0.94),
        ("Về các vướng mắc trong quá trình thực hiện Nghị định hướng dẫn Luật Hóa chất nêu tại Công văn số "
         "13§21/CHQ-GSQL ngày 16 tháng 3 năm 2026 và Công văn số 15464/CHQ-GSQL ngày 20 tháng 4 năm 2026 của Cục "
         "Hải quan, Cục Hóa chất có ý kiến như sau:", 0.92),
        ("Trân trọng.í. 'Í~", 0.45), ("Xới nhận:", 0.66), ("- Như trên;", 0.9), ("- Cục trưởng (đề báo cáo];", 0.9),
        ("- PCT. Vương Thành Chung:", 0.85), ("- Lưu: XT, CHHC. z/ si", 0.72), ("KT. CỤC TRƯỞNG", 0.88),
        ("PHÓ CỤC TRƯỞNG", 0.83), ("Huy", 0.3), ("“4/", 0.0), ("¬*nPiift Huy Nam Sơn", 0.51),
    )
    assert fields(text) == {
        "number": "/HC-CNHC", "issuer": "CỤC HÓA CHẤT", "place": "Hà Nội", "kind": "CÔNG VĂN",
        "title": "V/v trao đổi về một số quy định trong lĩnh vực hóa chất",
        "recipients": ["Như trên", "Cục trưởng (đề báo cáo]", "PCT. Vương Thành Chung:", "Lưu: XT, CHHC. z/ si"],
    }


def test_letter_scan_signature_beside_the_recipients():
    # CV-2265-BCT-ATMT page 2: "Nơi nhận:" joined to the last sentence, a seal's stroke inside the title row,
    # the signature read as junk between the title and the name. (The number line was lost by OCR.)
    text = ocr_text(
        ("BỘ CÔNG THƯƠNG", 0.95),
        ("V/v triên khai thực hiện thủ tục câp Giấy phép vận chuyền hàng hóa nguy hiêm loại 1,2,3,4,9", 0.86),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.94),
        ("Hà Nội, ngày0) tháng) năm 2026", 0.75), ("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố", 0.96),
        ("(Thủ tục hành chính cấp, cấp điều chỉnh, cấp lại Giấy phép vận chuyển hàng nguy hiểm loại 1 (trừ vật liệu"
         " nồ công nghiệp, tiền chất thuốc nô), loại 2, loại 3, loại 4, loại 9 được ban hành kèm theo Quyết định số"
         " 555/QĐ-BCT ngày 26 tháng 3 năm 2026 về việc công bố thủ tục hành chính mới ban hành và được sửa đồi, bố"
         " sung thuộc phạm vỉ chức năng quản lý của Bộ Công Thương đính kèm). t1 Nơi nhận:", 0.94),
        ("- Như trên", 0.67), ("- Bộ trưởng (đê b/c);", 0.85), ("- Cục Cảnh sát giao thông (để p/h);", 0.92),
        ("- Cục Cảnh sát PCCC và CNCH (để p/h);", 0.88), ("- Lưu: VT, ATMT.", 0.91),
        ("__ KT. BỘ TRƯỞNG zZ4S. THỨ TRƯỞNG", 0.75), ("/QĐ„Z ƒj /", 0.13), ("| Trương Thanh Hoài", 0.8),
    )
    assert fields(text) == {
        "issuer": "BỘ CÔNG THƯƠNG", "place": "Hà Nội", "kind": "CÔNG VĂN",
        "title": "V/v triên khai thực hiện thủ tục câp Giấy phép vận chuyền hàng hóa nguy hiêm loại 1,2,3,4,9",
        "signer_title": "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "signer_name": "Trương Thanh Hoài",
        "recipients": ["Như trên", "Bộ trưởng (đê b/c)", "Cục Cảnh sát giao thông (để p/h)",
                       "Cục Cảnh sát PCCC và CNCH (để p/h)", "Lưu: VT, ATMT"],
    }


def test_sanction_decision_with_handwritten_number():
    # QD-26-QD-XPVPHC: "CHÁT" for CHẤT, the sequence number handwritten ("đế”"), the day left blank.
    text = ocr_text(
        ("BỘ CÔNG THƯƠNG CỤC HÓA CHÁT", 0.93), ("Số: đế” /QĐ-XPVPHC", 0.84), ("36A4Đý.... với. r†. !2ứ(", 0.21),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.95),
        ("Hà Nội, ngày tháng 7 năm 2026", 0.69), ("QUYẾT ĐỊNH", 0.81), ("Xử phạt vi phạm hành chính", 0.95),
        ("CỤC TRƯỞNG CỤC HÓA CHÁT", 0.92),
        ("Căn cứ Luật Xử lý vi phạm hành chính 2012 (được sửa đổi, bồ sung năm 2020, 2025);", 0.95),
    )
    assert fields(text) == {
        "number": "/QĐ-XPVPHC", "issuer": "CỤC HÓA CHẤT", "place": "Hà Nội", "kind": "QUYẾT ĐỊNH",
        "title": "Xử phạt vi phạm hành chính",
    }


def test_inspection_plan_issuer_lines_joined():
    # KH-1105-DKT (garbage text layer, OCR'd): four issuer lines in one paragraph; the signature block with
    # "TRƯỞNG ĐOÀN" read as "THƯỢNG ĐOAN" and the name glued to a stroke (its letters stay as OCR read them).
    text = ocr_text(
        ("SỞ CÔNG THƯƠNG ĐOÀN KIÊM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", 0.88), ("Số: 1105/KH-ĐKT", 0.7),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh Phúc", 0.95),
        ("Lào Cai, ngày 10 tháng 3 năm 2026", 0.9), ("KẾ HOẠCH", 0.88),
        ("Kiêm tra việc chầp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nô công nghiệp trên địa bàn"
         " tỉnh Lào Cai", 0.95),
        ("Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở Công Thương tỉnh Lào Cai", 0.95),
        ("Nơi nhận:", 0.65), ("- Thành viên Đoàn (đê thực hiện);", 0.92), ("- Lưu: VT, CNu. cường).", 0.86),
        ("TM. ĐOẢN KIÊM TRA", 0.62), ("=7#t>x re", 0.15), ("“OP`— THƯỢNG ĐOAN", 0.67), ("7Í,", 0.17),
        ("Ì", 0.86), (">s==Hoäñg Văn Thuân", 0.52), ("PHO GIAM ĐỌC", 0.8),
    )
    assert fields(text) == {
        "number": "1105/KH-ĐKT", "issuer": "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", "place": "Lào Cai",
        "date": "2026-03-10", "kind": "KẾ HOẠCH",
        "title": "Kiêm tra việc chầp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nô công nghiệp trên"
                 " địa bàn tỉnh Lào Cai",
        "signer_title": "TM. ĐOÀN KIỂM TRA TRƯỞNG ĐOÀN", "signer_name": "Hoäñg Văn Thuân",
        "recipients": ["Thành viên Đoàn (đê thực hiện)", "Lưu: VT, CNu. cường)"],
    }


def test_phone_scan_of_minutes():
    # Bien-ban-kiem-tra (CamScanner): "BIỆN BẢN KIỀM TRA" is the kind title, not an issuer; seal and signature
    # strokes between the signer's title and name.
    text = ocr_text(
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.95), ("Độc lập - Tự do - Hạnh phúc", 0.95),
        ("BIỆN BẢN KIỀM TRA", 0.66), ("Fhực tê khu vực sử dụng vật liệu nô công nghiệp", 0.87),
        ("Hôm này, ngày 08/6/2026, Sở Công Thương tiền hành kiếm tra thực té khu vực sử đụng vật liệu nỗ công "
         "nghiệp tại mỏ đá mỏ vôi vật liệu xây dựng thông thường xã Yên Thành, tỉnh Lào Cai của Công ty cô phần xây"
         " dựng giao thông Yên Bái, với các nội dung sau:", 0.93),
        ("Biên bản được lập xong cùng ngày, đọc lại cho mọi người tham gia kiểm tra cùng nghe và thông nhất nội "
         "dung. Biên bản được lập thành 03 bản, mỗi bên giữ 01 bản và có giá trị như nhau./.", 0.96),
        ("ĐD SỞ CÔNG THƯƠNG", 0.92), ("—bL Ñ", 0.0), ("(7", 0.0), ("Í )—", 0.46), ("Vũ Việt Linh", 0.96),
        ("ĐD.UBND XÃ›YÊN THÀNH", 0.68), ("(gi,", 0.46), ("34 NẶP)", 0.06), ("Triệu Vũ", 0.96),
    )
    assert fields(text) == {
        "kind": "BIÊN BẢN", "title": "KIỀM TRA Fhực tê khu vực sử dụng vật liệu nô công nghiệp",
        "signer_title": "ĐD SỞ CÔNG THƯƠNG", "signer_name": "Vũ Việt Linh",
    }


@pytest.mark.parametrize("paragraphs, expected", [
    # don-de-nghi-sua-doi-dieu-le: two issuer lines joined, "ĐÈ NGHỊ" for ĐỀ NGHỊ behind a rule's end.
    ([("13/13/2025", 0.8), ("HỘI KHUYÊN HỌC TỈNH HỘI ĐÒNG QL QUỸ KHUYÉN HỌC", 0.78),
      ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập —- Tự do - Hạnh phúc", 0.93),
      ("Bình Thuận, ngày 18 tháng 02 năm 2025", 0.94), ("_ ĐƠN ĐÈ NGHỊ", 0.9),
      ("Sửa đồi, bồ sung Điêu lệ Quỹ Khuyên học tỉnh Bình Thuận.", 0.9),
      ("Kính gửi: Ủy ban nhân dân tỉnh Bình Thuận", 0.96), BODY],
     {"issuer": "HỘI ĐỒNG QL QUỸ KHUYẾN HỌC", "place": "Bình Thuận", "date": "2025-02-18", "kind": "ĐƠN ĐỀ NGHỊ",
      "title": "Sửa đồi, bồ sung Điêu lệ Quỹ Khuyên học tỉnh Bình Thuận."}),
    # 2019.08.30-71.2019.ND.CP: the handwritten "71" read "J{"; the day "#0".
    ([("CHÍNH PHỦ", 0.96), ("Số: J{ /2019/NĐ-CP", 0.82), ("CÔNG THÔNG TIN BIỆN TỦ CHÍNH PHÙ", 0.86),
      ("NGHỊ ĐỊNH", 0.96), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.95),
      ("Hà Nội, ngày #0 tháng 8 năm 2019", 0.92),
      ("Quy định xử phạt vi phạm hành chính trong lĩnh vực hóa chât và vật liệu nô công nghiệp", 0.84), BODY],
     {"number": "/2019/NĐ-CP", "issuer": "CHÍNH PHỦ", "place": "Hà Nội", "kind": "NGHỊ ĐỊNH",
      "title": "Quy định xử phạt vi phạm hành chính trong lĩnh vực hóa chât và vật liệu nô công nghiệp"}),
    # ND-155-2020-NDCP_page1.jpg: "Só:"; the handwritten "155" reads as digits, so it cannot be told from print.
    ([("Só:465 /2020/NĐ-CP", 0.65), ("Hà Nội, ngày 3{_ tháng 12 năm 2020", 0.93), ("NGHỊ ĐỊNH", 0.94),
      ("Quy định chỉ tiết thì hành một số điều của Luật Chứng khoán", 0.92), BODY],
     {"number": "465/2020/NĐ-CP", "place": "Hà Nội", "kind": "NGHỊ ĐỊNH",
      "title": "Quy định chỉ tiết thì hành một số điều của Luật Chứng khoán"}),
    # QD-3467-QD-BYT-2024_page_0001.png: "QUYÉT ĐỊNH"; a watermark over the day.
    ([("BỘ Y TẾ", 0.92), ("Số:3467/QĐ-BYT", 0.83),
      ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.95),
      ("Hà Nội, ngàylŠ tháng II năm 2024", 0.76), ("QUYÉT ĐỊNH", 0.91),
      ("Giá dịch vụ khám bệnh, chữa bệnh áp dụng tại", 0.95), ("Bệnh viện Nhi Trung ương", 0.95),
      ("BỘ TRƯỞNG BỘ Y TẾ", 0.91), BODY],
     {"number": "3467/QĐ-BYT", "issuer": "BỘ Y TẾ", "place": "Hà Nội", "kind": "QUYẾT ĐỊNH",
      "title": "Giá dịch vụ khám bệnh, chữa bệnh áp dụng tại Bệnh viện Nhi Trung ương"}),
    # ND-28-2021-NDCP_page1.jpg: a stamp's rule read as "T———" is no issuer.
    ([("T———", 0.48), ("Số: 28/2021/NĐ-CP", 0.96), ("Hà Nội, ngày 26 tháng 3 năm 2021", 0.96),
      ("NGHỊ ĐỊNH", 0.96), BODY],
     {"number": "28/2021/NĐ-CP", "place": "Hà Nội", "date": "2021-03-26", "kind": "NGHỊ ĐỊNH"}),
])
def test_real_scan_headers(paragraphs, expected):
    assert fields(ocr_text(*paragraphs)) == expected


def test_body_and_title_words_are_not_repaired():
    # A title's "TÌNH HÌNH" is no "TỈNH"; "SỐ 1050/QĐ-SCT" in capitals is no "Số:" label; body text stays.
    text = ocr_text(
        ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", 0.9), ("Số: 12/BC-UBND", 0.9), ("BÁO CÁO", 0.9),
        ("TÌNH HÌNH THỰC HIỆN QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", 0.9), BODY,
        ("Sở Nội vụ QUYÉT ĐỊNH: Só: 5 W/v Kính gửi: TÍNH", 0.9),
    )
    view = header_view(text)
    assert view.text == text.text
    assert fields(text)["title"] == "TÌNH HÌNH THỰC HIỆN QUYẾT ĐỊNH SỐ 1050/QĐ-SCT"


@pytest.mark.parametrize("line", [
    "Xới nhận:", "Nơi nhân: - Như trên;", "N0i nhận;", "TM, HỘI ĐỒNG", "KT BỘ TRƯỞNG", "TUQ. CHỦ TỊCH",
    "... thuộc phạm vỉ chức năng quản lý của Bộ Công Thương đính kèm). t1 Nơi nhận:", "đính kèm). Noi nhận.  ",
    "Nơi nhận", "Chúng tôi nhận được", "Ủy ban nhân dân tỉnh đề nghị các đơn vị thực hiện.", "TMĐT", BODY[0],
])
def test_signature_label_tests_spare_no_label(line):
    # The exact tests on pieces of the labels' phrases say no only where the fuzzy patterns find no label.
    rules = _rules()
    if rules["signature_opens"].match(line):
        assert _may_open(line, 0, len(line))
    if rules["signature_ends"].match(line):
        assert _may_end(line, 0, len(line))
    assert bool(_may_open(line, 0, len(line)) or _may_end(line, 0, len(line))) == (
        line not in ("Chúng tôi nhận được", "Ủy ban nhân dân tỉnh đề nghị các đơn vị thực hiện.", BODY[0]))


def test_view_is_the_text_itself_without_ocr():
    text = Text("ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n\nSó: 12/BC-UBND", [Paragraph(0, 28, 1), Paragraph(30, 44, 1)])
    assert header_view(text) is text


def test_view_offsets_and_markers_are_its_own():
    text = ocr_text(("BỘ CÔNG THƯƠNG CỤC HÓA CHÁT", 0.9), ("Số: Éđã /HC-CNHC", 0.8), BODY)
    view = header_view(text)
    assert view.text.startswith("BỘ CÔNG THƯƠNG\nCỤC HÓA CHẤT\n\nSố: /HC-CNHC\n\nCăn cứ")
    assert [view.text[p.start : p.end] for p in view.paragraphs][2] == BODY[0]


@pytest.mark.parametrize("path", [
    SEED / "seed-report.pdf", SEED / "seed-report.docx",
    REAL / "sct-laocai-skills" / "bao-cao-vp-ubnd.docx",
    REAL / "sct-laocai-skills" / "KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.docx",
    REAL / "sct-laocai-skills" / "QD-1074-QD-BXD-29-6-2026.pdf",
])
def test_text_layers_unchanged(path):
    if not path.is_file():
        pytest.skip(f"{path} is not beside the checkout")
    text = build(read(path))
    assert header_view(text) is text


def test_signature_labels_looked_for_only_where_a_piece_stands():
    # One search of the whole text picks the paragraphs a signature label can open or end: a misread "Xới nhận:"
    # still holds "hận", "TM." its own piece; running text without any is never tried.
    text = ocr_text(("Báo cáo tình hình thực hiện.", 0.9), ("Xới nhận:", 0.8), ("- Như trên;", 0.9),
                    ("TM. ỦY BAN NHÂN DÂN", 0.9), ("Lê Văn A", 0.9))
    assert _holding_pieces(text) == [1, 3]
