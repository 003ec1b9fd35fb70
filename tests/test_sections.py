"""The section tree on the seed (three formats), real drafts, normative texts and hand-cut cases."""

from __future__ import annotations

import csv

import pytest

from extractor.models import Block
from extractor.segment.sections import find_sections, roman_value

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
    assert [s.number for s in sections if s.level == 1] == ["I", "II", "III", "IV", "V"]
    assert [s.number for s in sections if s.parent_id == "IV"] == [str(n) for n in range(1, 13)]
    assert len(sections) == 27  # the appendix task table is table cells, never headings


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
    # The appendices number their parts again from I: ids stay unique.
    assert [s.section_id for s in sections if s.number == "I"][:3] == ["I", "I~2", "I~3"]
    assert len({s.section_id for s in sections}) == len(sections)


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


@needs_shared
def test_quoted_clauses_of_another_decree_are_not_sections():
    sections = find_sections(laid_out(REAL / "vbai-binhthuan" / "3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf"))
    assert [s.section_id for s in sections] == ["1", "1/a", "1/b", "1/c", "1/d", "2", "2/a", "2/b", "3", "3/a", "3/b"]
    assert sections[2].title == "Điểm b, c khoản 4 Điều 19 Nghị định số 126/2024/NĐ-CP quy định"


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
