"""Citation roles on real sentences: Căn cứ preambles, Thực hiện, Theo đề nghị, amending and repealing articles."""

from __future__ import annotations

import pytest

from extractor.models import Header, Text
from extractor.pipeline import find_all_citations

from .conftest import REAL, needs_shared


def roles(text: str, kind: str = "QUYẾT ĐỊNH") -> list[tuple[str, str]]:
    return [(c.number or c.title, c.role) for c in find_all_citations(Text(text), Header(kind=kind))]


# QD-1696-QD-UBND (Lào Cai, 2026): a basis item whose title names another circular, then the proposal.
QD_1696 = (
    "Căn cứ Thông tư số 38/2025/TT-BCT ngày 19/6/2025 của Bộ trưởng Bộ Công Thương về việc sửa đổi, bổ sung một "
    "số quy định về phân cấp thực hiện thủ tục hành chính trong các lĩnh vực thuộc phạm vi quản lý của Bộ Công "
    "Thương; Thông tư số 15/2026/TT-BCT ngày 25/3/2026 của Bộ trưởng Bộ Công Thương sửa đổi, bổ sung một số điều "
    "của Thông tư số 38/2025/TT-BCT của Bộ trưởng Bộ Công Thương sửa đổi, bổ sung một số quy định về phân cấp "
    "thực hiện thủ tục hành chính trong các lĩnh vực thuộc phạm vi quản lý của Bộ Công Thương;\n\n"
    "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 1856/TTr -SCT ngày 08/4/2026.\n\n"
    "QUYẾT ĐỊNH:\n\n"
    "Điều 1. Nội dung, phạm vi ủy quyền"
)


def test_basis_items_and_proposal():
    assert roles(QD_1696) == [
        ("38/2025/TT-BCT", "basis"),
        ("15/2026/TT-BCT", "basis"),
        ("38/2025/TT-BCT", "mention"),  # named inside the title of 15/2026, not a basis of its own
        ("1856/TTr-SCT", "proposal"),
    ]


def test_basis_law_by_name_and_its_amending_law():
    # QD-1074-QD-BXD and QD-1696: a law named with its date, and "được sửa đổi, bổ sung bởi" joining two laws.
    text = (
        "Căn cứ Luật Tổ chức chính quyền địaphương ngày 16/6/2025;\n\n"
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19 tháng 02 năm 2025 được sửa đổi, "
        "bổ sung bởi Luật số 87/2025/QH15 ngày 25 tháng 6 năm 2025;\n\n"
        "Căn cứ Nghị định số 105/2025/NĐ-CP ngày 15 tháng 5 năm 2025 của Chính phủ quy định chi tiết một số điều và "
        "biện pháp thi hành Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ;\n\nQUYẾT ĐỊNH:"
    )
    assert roles(text) == [
        ("Luật Tổ chức chính quyền địaphương", "basis"),
        ("64/2025/QH15", "basis"),
        ("87/2025/QH15", "basis"),
        ("105/2025/NĐ-CP", "basis"),
        ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "mention"),
    ]


def test_basis_only_in_the_preamble():
    # After the operative part begins, "Căn cứ" is an argument of the text, not a legal basis of the document.
    text = "QUYẾT ĐỊNH:\n\nCăn cứ Quyết định số 1522/QĐ-UBND ngày 04/5/2026 của Ủy ban nhân dân tỉnh Lào Cai, Sở ..."
    assert roles(text) == [("1522/QĐ-UBND", "mention")]


def test_two_proposals_joined_by_tai():
    # 779-QD-UBND (Bình Thuận, 2022).
    text = (
        "Theo đề nghị của Hội Khuyến học tỉnh Bình Thuận tại Công văn số 06/KHBT ngày 21 tháng 01 năm 2022 và "
        "Giám đốc Sở Nội vụ tại Công văn số 437/SNV-TCCC ngày 03 tháng 3 năm 2022.\n\nQUYẾT ĐỊNH:"
    )
    assert roles(text) == [("06/KHBT", "proposal"), ("437/SNV-TCCC", "proposal")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 3367/TTr-SNV (Bình Thuận, 2024)
        ("Thực hiện ý kiến chỉ đạo của Chủ tịch Ủy ban nhân dân tỉnh tại Công văn số 2769/UBND-NCKSTTHC, Sở Nội vụ "
         "báo cáo và đề xuất Chủ tịch Ủy ban nhân dân tỉnh như sau:", [("2769/UBND-NCKSTTHC", "implements")]),
        # the seed report: the clause after ";" is the main clause, not another item
        ("Thực hiện Quyết định số 70/QĐ-UBND ngày 23/01/2021 của UBND tỉnh Bắc Giang về việc sắp xếp cơ cấu tổ "
         "chức bộ máy, nhân sự Ban Dân tộc; Ban đã tổ chức sắp xếp bộ máy theo Kế hoạch số 35/KH-UBND.",
         [("70/QĐ-UBND", "implements"), ("35/KH-UBND", "mention")]),
        # KH-UBND triển khai Chỉ thị 11-CT/TU (Lào Cai, 2026): the title line
        ("Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy",
         [("11-CT/TU", "implements")]),
    ],
)
def test_implements(text, expected):
    assert roles(text, kind="BÁO CÁO") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # vbpl doc_000030 (Nghị định), doc_000037, doc_000005, 779-QD-UBND
        ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính "
         "phủ về cấp bản sao từ sổ gốc", [("23/2015/NĐ-CP", "amends")]),
        ("1. Bãi bỏ khoản 1 Điều 12 Nghị định số 65/2017/NĐ-CP ngày 19 tháng 5 năm 2017 của Chính phủ về chính "
         "sách đặc thù", [("65/2017/NĐ-CP", "repeals")]),
        ("2. Bãi bỏ Thông tư số 17/2020/TT-BGTVT ngày 14 tháng 08 năm 2020 của Bộ trưởng Bộ Giao thông vận tải.",
         [("17/2020/TT-BGTVT", "repeals")]),
        ("Điều lệ này thay thế Điều lệ được công nhận tại Quyết định số 2221/QĐ-UBND ngày 24 tháng 8 năm 2015 của "
         "Chủ tịch Ủy ban nhân dân tỉnh.", [("2221/QĐ-UBND", "replaces")]),
        # vbpl doc_000126: the laws after "đã được sửa đổi, bổ sung ... theo" amended the code, not this document
        ("1. Sửa đổi, bổ sung một số điều của Bộ luật Tố tụng hình sự số 101/2015/QH13 đã được sửa đổi, bổ sung một "
         "số điều theo Luật số 02/2021/QH15, Luật số 34/2024/QH15 như sau:",
         [("101/2015/QH13", "amends"), ("02/2021/QH15", "mention"), ("34/2024/QH15", "mention")]),
        # 3367/TTr-SNV: one cited decree replaces another; this document replaces nothing
        ("Ngày 08/10/2024, Chính phủ ban hành Nghị định số 126/2024/NĐ-CP quy định về tổ chức, hoạt động và quản "
         "lý hội, có hiệu lực thi hành từ 26/11/2024, thay thế Nghị định số 45/25010/NĐ-CP ngày 21/4/2010 Chính "
         "phủ quy định về tổ chức, hoạt động và quản lý hội.",
         [("126/2024/NĐ-CP", "mention"), ("45/25010/NĐ-CP", "mention")]),
        # NQ-66.19/2026/NQ-CP: a passive "được sửa đổi, bổ sung bởi" between two cited laws
        ("quy định tại khoản 3 Điều 17 Luật Trồng trọt số 31/2018/QH14 được sửa đổi, bổ sung bởi Luật số "
         "146/2025/QH15", [("31/2018/QH14", "mention"), ("146/2025/QH15", "mention")]),
    ],
)
def test_changes_made_by_this_document(text, expected):
    assert roles(text) == expected


def test_listed_documents_that_end_when_this_one_takes_effect():
    # Nghị định 01/2019/NĐ-CP, Điều 19.
    text = (
        "2. Nghị định số 119/2006/NĐ-CP ngày 16 tháng 10 năm 2006 của Chính phủ về tổ chức và hoạt động của Kiểm "
        "lâm; Quyết định số 44/2016/QĐ-TTg ngày 19 tháng 10 năm 2016 của Thủ tướng Chính phủ về Lực lượng bảo vệ "
        "rừng chuyên trách của chủ rừng hết hiệu lực thi hành kể từ ngày Nghị định này có hiệu lực."
    )
    assert roles(text, kind="NGHỊ ĐỊNH") == [("119/2006/NĐ-CP", "repeals"), ("44/2016/QĐ-TTg", "repeals")]


@needs_shared
def test_decision_1696_preamble():
    from extractor import extract

    doc = extract(REAL / "sct-laocai-skills" / "QD-1696-QD-UBND-uy-quyen-15-5-2026.pdf")
    basis = [c.number or c.title for c in doc.citations if c.role == "basis"]
    assert basis == [
        "Luật Tổ chức chính quyền địaphương", "146/2025/NĐ-CP", "34/2024/NĐ-CP", "161/2024/NĐ-CP",
        "105/2025/NĐ-CP", "16/2026/NĐ-CP", "38/2025/TT-BCT", "15/2026/TT-BCT", "555/QĐ-BCT", "1522/QĐ-UBND",
        "05/2025/QĐ-UBND",
    ]
    assert [c.number for c in doc.citations if c.role == "proposal"] == ["1856/TTr-SCT"]


def test_case_folded_heads_cover_what_the_engine_matches_ignoring_case():
    # _head_offsets finds verb heads with str.find over the case-folded text: every character the engine takes
    # for a head's letter, when it folds to one character, must fold to that letter.
    import sys

    import regex

    from extractor.extract.roles import _rules

    every = "".join(map(chr, range(sys.maxunicode + 1))).replace("\n", "")
    for letter in sorted(set("".join(_rules().verb_heads))):
        for char in regex.findall(rf"(?i:{regex.escape(letter)})", every):
            assert len(char.casefold()) != 1 or char.casefold() == letter.casefold(), (letter, char)


def test_verbs_in_capitals_and_a_repeal_after_a_paragraph_of_sentences():
    assert roles("Điều 2. BÃI BỎ Quyết định số 12/2020/QĐ-UBND ngày 3/4/2020 của UBND tỉnh.") == [
        ("12/2020/QĐ-UBND", "repeals")
    ]
    text = (
        "Điều 3. Hiệu lực thi hành. Quyết định số 12/2020/QĐ-UBND ngày 3/4/2020 hết hiệu lực kể từ ngày Quyết "
        "định này có hiệu lực. Quyết định số 13/2021/QĐ-UBND vẫn có hiệu lực.\n\nQuyết định số 14/2022/QĐ-UBND "
        "hết hiệu lực"
    )
    assert roles(text) == [
        ("12/2020/QĐ-UBND", "repeals"), ("13/2021/QĐ-UBND", "mention"), ("14/2022/QĐ-UBND", "mention")
    ]


def test_sentence_starts_equal_each_sentence_start():
    from extractor.extract.roles import sentence_start, sentence_starts

    text = QD_1696 + " Ngắn! Thật? Có.  Xong\n\nMới. Nữa"
    offsets = list(range(0, len(text), 7)) + [len(text) - 1]
    assert sentence_starts(text, offsets) == [sentence_start(text, at) for at in offsets]
