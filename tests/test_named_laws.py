"""Laws cited by name without a number, on real sentences from the Lào Cai reports and decisions."""

from __future__ import annotations

import pytest

from extractor.extract.citations import find_citations
from extractor.extract.named_laws import find_named_laws

from .conftest import REAL, needs_shared


def named(text: str) -> list[tuple[str, str, str, str, str]]:
    taken = [(c.start, c.end) for c in find_citations(text)]
    return [(c.kind, c.title, c.year, c.date, c.snippet) for c in find_named_laws(text, taken)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # BC-UBND-QLNN-khoang-san-nam-2025: two laws by name and year; the effective date in brackets is no issue date
        ("thực hiện theo đúng quy định của Luật Khoáng sản năm 2010 (có hiệu lực thi hành đến ngày 01/7/2025); Luật "
         "Địa chất và khoáng sản năm 2024 (có hiệu lực thi hành từ ngày 01/7/2025)",
         [("Luật", "Luật Khoáng sản", "2010", "", "Luật Khoáng sản năm 2010"),
          ("Luật", "Luật Địa chất và khoáng sản", "2024", "", "Luật Địa chất và khoáng sản năm 2024")]),
        # the same report: "Bộ Luật" with a capital L and a lower-case name
        ("quy định tại Điều 227 Bộ Luật hình sự năm 2015, hướng dẫn",
         [("Bộ luật", "Bộ Luật hình sự", "2015", "", "Bộ Luật hình sự năm 2015")]),
        # QD-1696-QD-UBND: a date printed after the name (the PDF glued "địaphương")
        ("Căn cứ Luật Tổ chức chính quyền địaphương ngày 16/6/2025;",
         [("Luật", "Luật Tổ chức chính quyền địaphương", "2025", "2025-06-16",
           "Luật Tổ chức chính quyền địaphương ngày 16/6/2025")]),
        # Nghị định 01/2019/NĐ-CP: the long date form
        ("Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
         [("Luật", "Luật tổ chức Chính phủ", "2015", "2015-06-19", "Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015")]),
        # A law named for two kinds of rules.toml ("Tiêu chuẩn", "Quy chuẩn"): the kind word after "và" stays in it
        ("Căn cứ Luật Tiêu chuẩn và Quy chuẩn kỹ thuật ngày 29 tháng 6 năm 2006;",
         [("Luật", "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật", "2006", "2006-06-29",
           "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật ngày 29 tháng 6 năm 2006")]),
        # QD-1074-QD-BXD: commas and "và" inside a name; the name ends at ";"
        ("biện pháp thi hành Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ;",
         [("Luật", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "", "",
           "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ")]),
        # NQ-66.19: the name ends before "về", "được", a kind word after "và"
        ("quy định chi tiết một số điều của Luật Trồng trọt về giống cây trồng và canh tác",
         [("Luật", "Luật Trồng trọt", "", "", "Luật Trồng trọt")]),
        ("Luật Tiếp cận thông tin và Thông tư số 56/2024/TT-BTC về quy định mức thu",
         [("Luật", "Luật Tiếp cận thông tin", "", "", "Luật Tiếp cận thông tin")]),
        ("hướng dẫn chi tiết một số điều của Luật thú y được sửa đổi, bổ sung",
         [("Luật", "Luật thú y", "", "", "Luật thú y")]),
        # 779-QD-UBND: an amending law is named after the laws it amends, and the date is its own
        ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
         "ngày 22 tháng 11 năm 2019;",
         [("Luật", "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
           "phương", "2019", "2019-11-22",
           "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
           "ngày 22 tháng 11 năm 2019")]),
    ],
)
def test_named_laws(text, expected):
    assert named(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Luật Chăn nuôi số 32/2018/QH14 được sửa đổi, bổ sung bởi Luật số 146/2025/QH15",  # numbered: find_citations'
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19 tháng 02 năm 2025;",
        "theo quy định của pháp luật; các văn bản Luật trong lĩnh vực nông nghiệp và môi trường",  # no name
        "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.",  # the document itself
    ],
)
def test_no_named_law(text):
    assert named(text) == []


def test_never_a_number():
    citation = find_named_laws("Căn cứ Hiến pháp năm 2013;", [])[0]
    assert (citation.kind, citation.title, citation.year, citation.number, citation.seq) == (
        "Hiến pháp", "Hiến pháp", "2013", "", "")


@needs_shared
def test_mineral_report_cites_laws_by_name_and_year():
    from extractor import extract

    doc = extract(REAL / "sct-laocai-skills" / "BC-UBND-QLNN-khoang-san-nam-2025.docx")
    laws = [(c.title, c.year) for c in doc.citations if c.kind == "Luật" and not c.number]
    assert laws.count(("Luật Khoáng sản", "2010")) == 4
    assert laws.count(("Luật Địa chất và khoáng sản", "2024")) == 7
    assert ("Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản", "2025") in laws
