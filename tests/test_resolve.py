"""Short forms resolved to the full citation they repeat, on real sentences."""

from __future__ import annotations

from extractor.models import Header, Text
from extractor.pipeline import find_all_citations

from .conftest import REAL, needs_shared


def resolved(text: str, kind: str = "BÁO CÁO") -> list[tuple[str, str, str, int | None]]:
    return [(c.snippet, c.number, c.date, c.resolved) for c in find_all_citations(Text(text), Header(kind=kind))]


def test_number_repeated_without_its_date():
    # 3367/TTr-SNV: the title cites the letter in full, the body repeats its number; the short form keeps an
    # empty date of its own.
    text = (
        "Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công văn số 2769/UBND-NCKSTTHC ngày "
        "24/7/2024 của UBND tỉnh\n\nThực hiện ý kiến chỉ đạo của Chủ tịch Ủy ban nhân dân tỉnh tại Công văn số "
        "2769/UBND-NCKSTTHC, Sở Nội vụ báo cáo"
    )
    assert resolved(text, "TỜ TRÌNH") == [
        ("Công văn số 2769/UBND-NCKSTTHC ngày 24/7/2024 của UBND tỉnh", "2769/UBND-NCKSTTHC", "2024-07-24", None),
        ("Công văn số 2769/UBND-NCKSTTHC", "2769/UBND-NCKSTTHC", "", 0),
    ]


def test_bare_sequence_repeats_the_coded_number():
    # KH-UBND triển khai Chỉ thị 11-CT/TU: "(viết tắt là Chỉ thị 11)".
    text = (
        "Thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy về tăng cường sự lãnh đạo của "
        "Đảng đối với công tác quản lý nhà nước về khoáng sản trên địa bàn tỉnh Lào Cai (viết tắt là Chỉ thị 11)"
    )
    assert [r[3] for r in resolved(text, "KẾ HOẠCH")] == [None, 0]


def test_abbreviation_with_a_bare_sequence_gets_a_row():
    # The seed report's list "các quyết định: số 742/QĐ-UBND ..." then "QĐ 742" (a shortened re-mention).
    text = "Ban hành các quyết định: số 742/QĐ-UBND ngày 27/7/2022; số 743/QĐ-UBND ngày 27/7/2022. Theo QĐ 742, Ban"
    assert resolved(text)[-1] == ("QĐ 742", "742", "", 0)


def test_pointing_phrase_resolves_to_the_last_document_of_its_kind():
    # BC-tinh-ket-qua-Chi-thi-38-TTg.
    text = (
        "Sau khi Chỉ thị số 38/CT-TTg ngày 29/9/2020 của Thủ tướng Chính phủ được ban hành, UBND tỉnh Lào Cai "
        "(trước hợp nhất) và UBND tỉnh Yên Bái (trước hợp nhất) đã xây dựng, ban hành nhiều văn bản để thực hiện "
        "cụ thể hóa Chỉ thị nêu trên"
    )
    assert resolved(text)[-1] == ("Chỉ thị nêu trên", "", "", 0)


def test_pointing_phrase_after_a_list_is_ambiguous():
    text = "Quyết định số 652/QĐ-TTg ngày 28/5/2022 và Quyết định số 653/QĐ-TTg ngày 28/5/2022. Quyết định nêu trên"
    assert [r[3] for r in resolved(text)] == [None, None]  # no row is added for an unresolved phrase
    assert "các Quyết định nêu trên" not in [r[0] for r in resolved(text + "; các Quyết định nêu trên")]


def test_this_decree_names_the_document_itself_outside_quotations():
    # Nghị định 01/2019/NĐ-CP: "Nghị định này" is the decree itself, so no citation row.
    text = "Căn cứ Luật Lâm nghiệp ngày 15 tháng 11 năm 2017;\n\nĐiều 1. Nghị định này quy định chi tiết về nhiệm vụ"
    assert [r[0] for r in resolved(text, "NGHỊ ĐỊNH")] == ["Luật Lâm nghiệp ngày 15 tháng 11 năm 2017"]


def test_this_resolution_in_a_report_names_the_cited_resolution():
    # The seed report (a báo cáo): "Nghị quyết này" follows the citation of Nghị quyết 01/2022/NQ-HĐND.
    text = (
        "Nghị quyết số 01/2022/NQ-HĐND ngày 06/4/2022 của HĐND tỉnh Quy định nguyên tắc, tiêu chí, định mức phân "
        "bổ vốn ngân sách nhà nước. Nghị quyết này quy định nguyên tắc, tiêu chí"
    )
    assert resolved(text)[-1] == ("Nghị quyết này", "", "", 0)


def test_law_by_name_resolves_to_its_numbered_citation():
    # NQ-66.19/2026/NQ-CP.
    text = (
        "quy định tại Điều 33 Luật Chăn nuôi số 32/2018/QH14 được sửa đổi, bổ sung bởi Luật số 146/2025/QH15; Điều "
        "8b Nghị định số 13/2020/NĐ-CP hướng dẫn chi tiết Luật Chăn nuôi được bổ sung bởi Nghị định số 32/2026/NĐ-CP"
    )
    rows = resolved(text, "NGHỊ QUYẾT")
    assert rows[3] == ("Luật Chăn nuôi", "", "", 0)


def test_law_names_with_different_years_stay_apart():
    # BC-UBND-QLNN-khoang-san-nam-2025: the 2010 and the 2024 laws are two documents.
    text = (
        "theo Luật Khoáng sản năm 2010; Luật Địa chất và khoáng sản năm 2024. Theo Luật Khoáng sản năm 2010 và "
        "Luật Địa chất và khoáng sản năm 2024"
    )
    assert [r[3] for r in resolved(text)] == [None, None, 0, 1]


@needs_shared
def test_quoted_this_decree_resolves_to_the_quoted_decree():
    # 3367/TTr-SNV quotes Nghị định 126/2024/NĐ-CP; inside the quotations "Nghị định này" is that decree.
    from extractor import extract

    doc = extract(REAL / "vbai-binhthuan" / "3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf")
    first = next(i for i, c in enumerate(doc.citations) if c.number == "126/2024/NĐ-CP")
    assert doc.citations[first].date == "2024-10-08"
    later = [c.resolved for c in doc.citations[first + 1 :] if c.number == "126/2024/NĐ-CP" or c.snippet == "Nghị định này"]
    assert later == [first] * 15
    rows = doc.tables()["citations"]
    quoted = rows[rows.snippet == "Nghị định này"]
    assert set(quoted.resolved_mention_id) == {f"c{first + 1}"} and set(quoted.number) == {""}


def test_pointer_anchors_are_read_alone_and_filtered_by_the_word_before():
    # The anchors are read one by one, which finds what one non-overlapping scan finds only while no anchor
    # word opens inside another's match; a pointer's tail follows one of the words of ``before_tail``.
    from extractor.extract.resolve import _rules, _word_before

    rules = _rules()
    for tail in ("trên đây", "trên", "này"):
        assert all(tail.find(w, 1) < 0 for w in rules.anchor_words)
    text = "Quyết định nêu trên; (Luật) này, Kế hoạch\n trên đây; địa bàn này"
    kinds = [_word_before(text, 0, text.find(w)) for w in ("trên;", "này,", "trên đây")] + [
        _word_before(text, 0, text.rfind("này"))
    ]
    assert kinds == ["nêu", "Luật", "hoạch", "bàn"]
    assert {"nêu", "Luật", "hoạch"} <= rules.before_tail and "bàn" not in rules.before_tail
    assert _word_before(text, 7, 10) is None  # "định" may open before offset 7
