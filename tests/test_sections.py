"""The section tree on the seed (three formats), real drafts, normative texts and hand-cut cases."""

from __future__ import annotations

import csv

import pytest

from extractor.models import Block
from extractor.segment.sections import _rules, find_sections, roman_value

from .conftest import REAL, SEED, needs_shared
from .test_header import laid_out, text_of


def _gold() -> list[tuple[str, int, str]]:
    with (SEED.parent / "gold" / "seed" / "sections.csv").open(encoding="utf-8") as fh:
        return [(r["number"], int(r["level"]), r["title_start"]) for r in csv.DictReader(fh)]


@pytest.fixture(scope="module", params=["txt", "docx", "pdf"])
def seed(request):
    text = laid_out(SEED / f"seed-report.{request.param}")
    return text, find_sections(text)


def test_seed_sections_match_gold(seed):
    _, sections = seed
    assert [(s.number, s.level, s.title[:60]) for s in sections] == _gold()
    assert len(sections) == 20


def test_openers_spare_no_numbered_paragraph(seed):
    # The first-character test lets through every paragraph a numbering style matches, and not "Thực hiện".
    text, _ = seed
    numbered, opener = _rules()["any_style"].match, _rules()["opener"]
    bodies = [text.text[p.start : p.end] for p in text.paragraphs if p.kind == "body"]
    assert all(opener[body[:1]] for body in bodies if numbered(body))
    assert [opener[c] for c in "IPCĐa1Tà“"] == [True] * 6 + [False] * 3


def test_seed_tree_ids_and_parents(seed):
    _, sections = seed
    ids = [s.section_id for s in sections]
    assert ids[:10] == ["I", "II", "II/1", "II/2", "II/2/2.1", "II/2/2.1/2.1.1", "II/2/2.1/2.1.2",
                        "II/2/2.1/2.1.3", "II/2/2.1/2.1.4", "II/2/2.2"]
    assert ids[16:] == ["IV", "IV/1", "IV/2", "V"]  # no "III" in the seed; numbering restarts under IV
    assert len(set(ids)) == 20
    assert all(s.parent_id == s.section_id.rpartition("/")[0] for s in sections)


def test_seed_spans(seed):
    text, sections = seed
    for s in sections:
        assert text.text[s.start:].startswith(s.number + (" " if s.number == "2.1.4" else "."))
    by_id = {s.section_id: s for s in sections}
    # A section runs to the next heading of its level or higher, without the blank line before it.
    assert text.text[by_id["I"].end:by_id["II"].start] == "\n\n"
    assert text.text[by_id["II/2/2.1/2.1.4"].end:by_id["II/2/2.2"].start].strip() == ""
    assert by_id["II"].end == by_id["II/6"].end
    # The last section stops before "Nơi nhận:".
    assert text.text[: by_id["V"].end].endswith("Ban Dân tộc tổng hợp, báo cáo./.")
    assert by_id["I"].page == 1 and (by_id["V"].page == 15 or len({s.page for s in sections}) == 1)


@needs_shared
def test_draft_report_with_lettered_items():
    sections = find_sections(laid_out(REAL / "sct-laocai-skills" / "BC-dinh-ky-VLNCN-nam-2025.docx"))
    assert [(s.number, s.level) for s in sections] == [
        ("1", 2), ("a", 3), ("b", 3), ("c", 3), ("d", 3), ("đ", 3), ("e", 3), ("g", 3),
        # After g)'s unclosed 'hành vi “Không thực hiện ...' (a stray quote, not a quotation) the report goes on.
        ("2", 2), ("3", 2), ("4", 2), ("5", 2)]
    assert sections[1].title == "Số lượng tổ chức hoạt động VLNCN, TCTN"
    assert sections[5].section_id == "1/đ"


@needs_shared
def test_draft_plan_roman_and_arabic():
    sections = find_sections(laid_out(REAL / "sct-laocai-skills" / "KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.docx"))
    assert [s.number for s in sections if s.level == 1] == ["I", "II", "III", "IV", "V", "Phụ lục"]
    assert [s.number for s in sections if s.parent_id == "IV"] == [str(n) for n in range(1, 13)]
    # The unnumbered "Phụ lục" heading takes its bold capitals title; its task table is table cells, never headings.
    assert sections[-1].title == "MỘT SỐ NHIỆM VỤ TRỌNG TÂM CỦA CÁC SỞ, BAN, NGÀNH VÀ ĐỊA PHƯƠNG"
    assert len(sections) == 28


@needs_shared
def test_resolution_articles_clauses_points_then_appendix():
    sections = find_sections(laid_out(REAL / "sct-laocai-skills" / "NQ-66.19-2026-NQ-CP-toan-van.docx"))
    articles = [s for s in sections if s.number.startswith("Điều")]
    assert [s.number for s in articles] == [f"Điều {n}" for n in range(1, 7)]
    assert all(s.level == 2 for s in articles)
    clause = next(s for s in sections if s.section_id == "Điều 4/1")
    assert (clause.level, clause.title) == (3, "Bộ trưởng, Thủ trưởng cơ quan ngang bộ")
    assert [s.number for s in sections if s.parent_id == "Điều 4/1"] == ["a", "b", "c"]
    assert {s.level for s in sections if s.parent_id == "Điều 4/1"} == {4}
    # After the signature, "PHỤ LỤC I" ... "PHỤ LỤC XI" hold their own parts, numbered again from I, a level deeper.
    appendices = [s for s in sections if s.number.startswith("Phụ lục")]
    assert [s.number for s in appendices] == [f"Phụ lục {n}" for n in "I II III IV V VI VII VIII IX X XI".split()]
    assert {s.level for s in appendices} == {1}
    assert appendices[7].title.startswith("CẮT GIẢM, PHÂN QUYỀN, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH")
    assert [s.section_id for s in sections if s.number == "I"][:3] == ["Phụ lục I/I", "Phụ lục I/I~2", "Phụ lục II/I"]
    assert {s.level for s in sections if s.number == "I"} == {2}
    assert len({s.section_id for s in sections}) == len(sections) == 416


@needs_shared
def test_decree_chapters_and_articles():
    sections = find_sections(laid_out(REAL / "vnlegal-dataset-tvpl-pdf" / "01_2019_ND-CP_404090.pdf"))
    chapters = [s for s in sections if s.number.startswith("Chương")]
    assert [(s.number, s.title) for s in chapters] == [
        ("Chương I", "QUY ĐỊNH CHUNG"),
        ("Chương II", "NHIỆM VỤ, QUYỀN HẠN, TỔ CHỨC VÀ CHẾ ĐỘ, CHÍNH SÁCH ĐỐI VỚI KIỂM LÂM"),
        ("Chương III", "NHIỆM VỤ, QUYỀN HẠN VÀ BẢO ĐẢM HOẠT ĐỘNG CỦA LỰC LƯỢNG CHUYÊN TRÁCH BẢO VỆ RỪNG CỦA CHỦ RỪNG"),
        ("Chương IV", "ĐIỀU KHOẢN THI HÀNH")]
    assert [s.number for s in sections if s.number.startswith("Điều")] == [f"Điều {n}" for n in range(1, 22)]
    article3 = next(s for s in sections if s.number == "Điều 3")
    assert (article3.section_id, article3.title) == ("Chương II/Điều 3", "Nhiệm vụ, quyền hạn của Kiểm lâm trung ương")
    assert [s.number for s in sections if s.parent_id == "Chương II/Điều 3/2"] == list("abcdđegh")
    # After "Điều 21" and the signature, the two appendices hold the uniform's parts: a "Phụ lục" parent each,
    # its title the capitals line under it without the "(Kèm theo Nghị định ...)" note.
    top = [(s.number, s.title[:40]) for s in sections if s.level == 1 and not s.number.startswith("Chương")]
    assert top == [("Phụ lục I", "ĐỒNG PHỤC, KIỂM LÂM HIỆU, PHÙ HIỆU, CẤP "),
                   ("Phụ lục II", "ĐỒNG PHỤC VÀ CÁC PHỤ KIỆN KÈM THEO ĐỒNG ")]
    assert [s.section_id for s in sections if s.parent_id == "Phụ lục II"] == [
        "Phụ lục II/I", "Phụ lục II/II", "Phụ lục II/III"]
    uniform = next(s for s in sections if s.section_id == "Phụ lục II/I/1/a")
    assert (uniform.level, uniform.title) == (4, "Áo xuân hè dài tay hoặc ngắn tay nam")
    assert next(s for s in sections if s.number == "Điều 21").end < top_start(sections, "Phụ lục I")


def top_start(sections, number):
    """The start of the section printed as ``number``."""
    return next(s.start for s in sections if s.number == number)


@needs_shared
def test_quoted_clauses_of_another_decree_are_not_sections():
    sections = find_sections(laid_out(REAL / "vbai-binhthuan" / "3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf"))
    assert [s.section_id for s in sections] == ["1", "1/a", "1/b", "1/c", "1/d", "2", "2/a", "2/b", "3", "3/a", "3/b"]
    assert sections[2].title == "Điểm b, c khoản 4 Điều 19 Nghị định số 126/2024/NĐ-CP quy định"


@needs_shared
def test_unclosed_quotation_ends_where_the_outline_goes_on():
    sections = find_sections(laid_out(REAL / "sct-laocai-skills" / "BC-UBND-QLNN-khoang-san-nam-2025.docx"))
    # "“c) Khu vực khoáng sản đá vôi, ... theo quy định của pháp luật;" never closes its quote: "7.4." ends it.
    assert [s.number for s in sections] == [
        "I", "1", "1.1", "1.2", "2", "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "4.4", "4.5", "5", "6", "7", "7.1",
        "7.2", "7.3", "7.4", "7.4.1", "7.4.2", "7.4.3", "7.5", "8", "8.1", "8.2", "8.3", "9", "II", "1", "2", "3", "4",
        "III", "IV", "1"]
    assert sections[20].section_id == "I/7/7.4" and sections[20].page == 7


def test_quotation_left_open_by_a_draft():
    text = text_of(
        "7.3. Phân tích, nhận diện những bất cập còn tồn tại",
        "Tại điểm c, điểm d, khoản 2, Điều 100, Luật Địa chất và khoáng sản năm 2024 quy định về trường hợp "
        "khoanh định khu vực không đấu giá quyền khai thác khoáng sản:",
        "“c) Khu vực khoáng sản đá vôi, sét làm nguyên liệu sản xuất xi măng đã xác định trong quy hoạch khoáng "
        "sản nhóm II; khu vực khoáng sản là nguồn nguyên liệu cho nhà máy chế biến khoáng sản đang hoạt động "
        "theo quy định của pháp luật;",
        "d) Khu vực khoáng sản nhóm III, nhóm IV có diện tích nhỏ;",
        "Nội dung này, đề nghị Bộ Nông nghiệp và Môi trường có Văn bản hướng dẫn làm rõ tiêu chí.",
        "7.4. Đánh giá tổng hợp công tác bảo vệ môi trường trong khai thác, thu hồi khoáng sản",
        "a) Thực trạng môi trường trong hoạt động khoáng sản",
        "II. TÌNH HÌNH HOẠT ĐỘNG KHOÁNG SẢN",
    )
    # The quoted "c)" and "d)" stay hidden; "7.4." (the next number under the open "7.3."'s parent) ends the
    # quotation; the "a)" after it is the report's own.
    assert [s.section_id for s in find_sections(text)] == ["7.3", "7.4", "7.4/a", "II"]


def test_quoted_numbers_that_follow_the_reports_own_stay_hidden():
    text = text_of(
        "1. Căn cứ pháp lý liên quan",
        "d) Khoản 2 và 3 Điều 35 Nghị định số 126/2024/NĐ-CP quy định:",
        "“2. Sau khi có kết luận hội vi phạm một trong các trường hợp quy định tại khoản 2 Điều 30 Nghị định "
        "này, cơ quan nhà nước có thẩm quyền có trách nhiệm:",
        "a) Yêu cầu hội thực hiện kiểm kê tài sản, tài chính;",
        "2.1. Lấy ý kiến các cơ quan liên quan đến hoạt động của hội về việc giải thể hội;",
        "3. Sau khi hội hoàn thành việc thanh toán nợ, cơ quan nhà nước có thẩm quyền quyết định giải thể hội.”",
        "2. Kết quả rà soát và đề xuất",
    )
    # A bare "2." or "a)" and a "2.1." without its parent open name no place in the report's outline.
    assert [s.section_id for s in find_sections(text)] == ["1", "2"]


def test_appendix_after_the_signature():
    text = text_of(
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Trên đây là Kế hoạch của Sở Công Thương thực hiện Đề án số 08.",
        "Nơi nhận:",
        "- Như trên;",
        "GIÁM ĐỐC",
        "Phụ lục số 01:",
        "ĐỀ CƯƠNG BÁO CÁO",
        "I. Đặc điểm, tình hình",
        "1. Bối cảnh: Khái quát tình hình kinh tế - xã hội của tỉnh",
        "a) Thuận lợi",
        "II. Kết quả thực hiện",
        "PHỤ LỤC 02",
        "1. Danh mục nhiệm vụ",
        "Phụ lục 2 kèm theo Kế hoạch này nêu chi tiết các nhiệm vụ.",  # running text, no heading
    )
    sections = find_sections(text)
    assert [(s.section_id, s.level) for s in sections] == [
        ("I", 1), ("I/1", 2), ("Phụ lục 01", 1), ("Phụ lục 01/I", 2), ("Phụ lục 01/I/1", 3),
        ("Phụ lục 01/I/1/a", 4), ("Phụ lục 01/II", 2), ("Phụ lục 02", 1), ("Phụ lục 02/1", 3)]
    assert sections[2].title == "ĐỀ CƯƠNG BÁO CÁO"
    # The body stops at "Nơi nhận"; an appendix runs to the next one or to the end of the text.
    assert text.text[: sections[0].end].endswith("thực hiện Đề án số 08.")
    assert text.text[sections[2].start:sections[2].end].endswith("II. Kết quả thực hiện")
    assert sections[-1].end == len(text.text)


def test_normative_levels_and_quotes():
    text = text_of(
        "Chương I", "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định chi tiết về nhiệm vụ, quyền hạn, tổ chức của Kiểm lâm.",
        "Điều 2. Sửa đổi, bổ sung một số điều của Nghị định số 119/2006/NĐ-CP như sau:",
        "“Điều 5. Nhiệm vụ của Kiểm lâm",
        "1. Tham mưu cho người đứng đầu cơ quan.”",
        "1. Tham mưu cho người đứng đầu cơ quan giúp Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn.",
        "2. Chỉ đạo, hướng dẫn, kiểm tra công tác quản lý, bảo vệ rừng trên phạm vi toàn quốc:",
        "a) Tổ chức thực hiện các văn bản quy phạm pháp luật;",
        "b) Theo dõi diễn biến rừng, kiểm kê rừng;",
    )
    sections = find_sections(text)
    assert [(s.section_id, s.level) for s in sections] == [
        ("Chương I", 1), ("Chương I/Điều 1", 2), ("Chương I/Điều 2", 2), ("Chương I/Điều 2/1", 3),
        ("Chương I/Điều 2/2", 3), ("Chương I/Điều 2/2/a", 4), ("Chương I/Điều 2/2/b", 4)]
    assert sections[0].title == "QUY ĐỊNH CHUNG"
    assert sections[4].title == "Chỉ đạo, hướng dẫn, kiểm tra công tác quản lý, bảo vệ rừng trên phạm vi toàn quốc"


def test_lists_bullets_and_numbers_that_are_not_headings():
    text = text_of(
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "1. Công tác lãnh đạo, chỉ đạo",
        "2. Xây dựng và ban hành các cơ chế, chính sách",
        "2.1. Tham mưu tổ chức quản lý",
        "1. Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang;",  # a list inside 2.1
        "- Nghị quyết số 01/2022/NQ-HĐND ngày 06/4/2022 của HĐND tỉnh;",
        "1.000 hộ được hỗ trợ làm nhà ở trong năm 2022.",
        "2.1.1 Kết quả thực hiện Chương trình",  # no dot, still a heading
        "2.1.5. Nội dung đánh số vượt quá xa so với mục trước",  # skips 2.1.2 to 2.1.4 in a long way
        "b) Nội dung không theo thứ tự",  # a "b)" with no "a)" before it
        "III. KẾT QUẢ",
        "IV. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
    )
    sections = find_sections(text)
    assert [s.section_id for s in sections] == ["I", "I/1", "I/2", "I/2/2.1", "I/2/2.1/2.1.1", "III", "IV", "IV/1"]


def test_footnotes_and_table_cells_are_never_headings():
    from extractor.layout import build
    from extractor.models import Source

    blocks = [Block("I. ĐẶC ĐIỂM TÌNH HÌNH"), Block("1. Cụm công nghiệp Thống Nhất 1", kind="table"),
              Block("1. Kế hoạch số 35/KH-UBND ngày 19/7/2023 của UBND tỉnh Bắc Giang;", kind="footnote", footnote=1),
              Block("II. KẾT QUẢ")]
    text = build(Source(path="t.docx", doc_id="t.docx", format="docx", sha256="", blocks=blocks))
    assert [s.number for s in find_sections(text)] == ["I", "II"]


@pytest.mark.parametrize("numeral, value", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("IIII", None),
                                            ("VV", None)])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value
