"""Citations of other documents: kind, number and its parts, date, issuer, title, exact spans."""

import csv
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex

from extractor.extract.citations import _candidates, _rules, alternation, find_citations, parse_number, scan_words
from extractor.score import Score

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "seed-report.txt"
SEED_GOLD = ROOT / "corpus" / "gold" / "seed" / "citations.csv"


@pytest.fixture(scope="module")
def seed_text():
    return unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_gold():
    with SEED_GOLD.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _score(gold_keys, predicted_keys) -> Score:
    matched = sum((Counter(gold_keys) & Counter(predicted_keys)).values())
    return Score("citations", matched, len(gold_keys), len(predicted_keys))


def test_seed_matches_gold(seed_text, seed_gold):
    found = find_citations(seed_text)
    score = _score([(r["kind"], r["number"], r["date"]) for r in seed_gold], [(c.kind, c.number, c.date) for c in found])
    assert score.f1 >= 0.98
    assert (score.matched, score.gold, score.predicted) == (68, 68, 68)


def test_seed_issuers_match_gold(seed_text, seed_gold):
    found = find_citations(seed_text)
    gold = [(r["kind"], r["number"], r["date"], r["issuer"]) for r in seed_gold]
    assert _score(gold, [(c.kind, c.number, c.date, c.issuer) for c in found]).f1 == 1.0


def test_seed_order_and_snippets(seed_text, seed_gold):
    found = find_citations(seed_text)
    assert [c.number for c in found] == [r["number"] for r in seed_gold]
    for c in found:
        assert seed_text[c.start : c.end] == c.snippet
    # Gold snippets differ only where the page break split "Nghị\n\nquyết" and in the date-only reference,
    # whose snippet here ends at its kind word.
    differ = [(c.snippet, r["snippet"]) for c, r in zip(found, seed_gold) if c.snippet != r["snippet"]]
    assert differ == [
        ("Nghị\n\nquyết số 44/NQ-HĐND ngày 09/12/2022", "Nghị quyết số 44/NQ-HĐND ngày 09/12/2022"),
        ("Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản", "Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn"),
    ]


def test_seed_with_restored_footnote_mark(seed_text):
    # Layout restores "khoá 196." as "khoá 19⁶."; neither form is a citation.
    assert len(find_citations(seed_text.replace("khoá 196", "khoá 19⁶"))) == 68


def _fields(c):
    return {k: getattr(c, k) for k in ("kind", "number", "seq", "year", "kind_code", "issuer_code", "date", "issuer")}


# (sentence, expected fields of each citation in order). Sentences are real: the seed report and the real corpus.
CASES = [
    (
        "Thực hiện Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang sơ kết Phong trào thi đua",
        [("Kế hoạch", "186/KH-UBND", "186", "", "KH", "UBND", "2023-11-09", "UBND tỉnh Bắc Giang")],
    ),
    (
        "Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình MTQG",
        [("Quyết định", "1719/QĐ-TTg", "1719", "", "QĐ", "TTg", "2021-10-14", "Thủ tướng Chính phủ")],
    ),
    (
        "Nghị quyết số 01/2022/NQ-HĐND ngày 06/4/2022 của HĐND tỉnh Quy định nguyên tắc, tiêu chí",
        [("Nghị quyết", "01/2022/NQ-HĐND", "01", "2022", "NQ", "HĐND", "2022-04-06", "HĐND tỉnh")],
    ),
    (
        "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi mới; Chỉ thị số 05-CT/TW ngày "
        "15/5/2016 Bộ Chính trị về đẩy mạnh học tập",
        [
            ("Chỉ thị", "34-CT/TW", "34", "", "CT", "TW", "2014-04-07", "Bộ Chính trị"),
            ("Chỉ thị", "05-CT/TW", "05", "", "CT", "TW", "2016-05-15", "Bộ Chính trị"),
        ],
    ),
    (
        "Kế hoạch số 3976/KHUBND ngày 16/8/2022 của Chủ tịch UBND tỉnh tổ chức thực hiện Phong trào thi đua",
        [("Kế hoạch", "3976/KHUBND", "3976", "", "KH", "UBND", "2022-08-16", "Chủ tịch UBND tỉnh")],
    ),
    (
        "⁴ Công văn số 579/BĐT-CSDT&ĐB ngày 25/10/2021 về việc đôn đốc việc lập dự án",
        [("Công văn", "579/BĐT-CSDT&ĐB", "579", "", "", "BĐT-CSDT&ĐB", "2021-10-25", "")],
    ),
    (
        "⁵ Quyết định phê duyệt chủ trương đầu tư số: 615/QĐ-UBND ngày 05/11/2021 của UBND huyện Sơn Động; "
        "Quyết định phê duyệt chủ trương đầu tư số: 2706/QĐ-UBND ngày 03/11/2021 của UBND huyện Lục Nam và "
        "Quyết định phê duyệt chủ trương đầu tư số: 645/QĐ-UBND ngày 03/11/2021 của UBND huyện Yên Thế.",
        [
            ("Quyết định", "615/QĐ-UBND", "615", "", "QĐ", "UBND", "2021-11-05", "UBND huyện Sơn Động"),
            ("Quyết định", "2706/QĐ-UBND", "2706", "", "QĐ", "UBND", "2021-11-03", "UBND huyện Lục Nam"),
            ("Quyết định", "645/QĐ-UBND", "645", "", "QĐ", "UBND", "2021-11-03", "UBND huyện Yên Thế"),
        ],
    ),
    (
        "03 hợp đồng theo Nghị định 68); 17 đồng chí có trình độ cao cấp",
        [("Nghị định", "68", "68", "", "", "", "", "")],
    ),
    (
        "UBND tỉnh ban hành các quyết định: số 742/QĐ-UBND ngày 27/7/2022 về việc giao kế hoạch vốn đầu tư; "
        "số 743/QĐ-UBND ngày 27/7/2022 về việc giao kế hoạch vốn thực hiện 3 chương trình",
        [
            ("Quyết định", "742/QĐ-UBND", "742", "", "QĐ", "UBND", "2022-07-27", ""),
            ("Quyết định", "743/QĐ-UBND", "743", "", "QĐ", "UBND", "2022-07-27", ""),
        ],
    ),
    (
        "237.000 triệu đồng (QĐ số 742/QĐ-UBND ngày 27/7/2022 về việc giao kế hoạch vốn, Quyết định số "
        "412/QĐ-UBND 20/4/2023 của UBND tỉnh Bắc Giang số vốn 27.000 triệu đồng",
        [
            ("Quyết định", "742/QĐ-UBND", "742", "", "QĐ", "UBND", "2022-07-27", ""),
            ("Quyết định", "412/QĐ-UBND", "412", "", "QĐ", "UBND", "2023-04-20", "UBND tỉnh Bắc Giang"),
        ],
    ),
    (
        "ban hành văn bản số 270/BDT-KHTT và văn bản số 271/BDT-KHTT ngày 30/11/2021 về Hướng dẫn thực hiện",
        [
            ("Văn bản", "270/BDT-KHTT", "270", "", "", "BDT-KHTT", "2021-11-30", ""),
            ("Văn bản", "271/BDT-KHTT", "271", "", "", "BDT-KHTT", "2021-11-30", ""),
        ],
    ),
    (
        "quản lý chỉ đạo thực hiện Kế hoạch số 511/KH-UBND của UBND tỉnh³.",
        [("Kế hoạch", "511/KH-UBND", "511", "", "KH", "UBND", "", "UBND tỉnh")],
    ),
    (
        "Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn các huyện thực hiện công tác đầu tư",
        [("Văn bản", "", "", "", "", "", "2021-12-28", "")],
    ),
    (
        # 3367/TTr-SNV: a sentence-opening date dates the Công văn it names; a typo in a number is kept.
        "Ngày 24/7/2024, Chủ tịch Ủy ban nhân dân tỉnh có Công văn số 2769/UBND-NCKSTTHC về việc tổ chức "
        "đại hội; Nghị định số 45/25010/NĐ-CP ngày 21/4/2010 Chính phủ quy định về tổ chức",
        [
            ("Công văn", "2769/UBND-NCKSTTHC", "2769", "", "", "UBND-NCKSTTHC", "2024-07-24", ""),
            ("Nghị định", "45/25010/NĐ-CP", "45", "", "NĐ", "CP", "2010-04-21", "Chính phủ"),
        ],
    ),
    (
        # A line break after the hyphen of the number, as a PDF line ends.
        "theo đúng quy định tại Điều 35 Nghị định số 126/2024/NĐ-\nCP của Chính phủ.",
        [("Nghị định", "126/2024/NĐ-CP", "126", "2024", "NĐ", "CP", "", "Chính phủ")],
    ),
    (
        # 779/QĐ-UBND: spaces around the slash and inside the date.
        "Quyết định số 779 /QĐ-UBND ngày 23 / 3 /2022 của Chủ tịch Ủy ban nhân dân tỉnh",
        [("Quyết định", "779/QĐ-UBND", "779", "", "QĐ", "UBND", "2022-03-23", "Chủ tịch Ủy ban nhân dân tỉnh")],
    ),
    (
        "Quyết định số 2463 /QĐ - UBND ngày 30/6/2026",
        [("Quyết định", "2463/QĐ-UBND", "2463", "", "QĐ", "UBND", "2026-06-30", "")],
    ),
    (
        # NQ-66.19: a sequence with a dot, a full date in words.
        "Nghị quyết số 66.19/2026/NQ-CP ngày 18 tháng 5 năm 2026 của Chính phủ về cắt giảm thủ tục hành chính",
        [("Nghị quyết", "66.19/2026/NQ-CP", "66.19", "2026", "NQ", "CP", "2026-05-18", "Chính phủ")],
    ),
    (
        "Căn cứ Luật Tài nguyên, môi trường biển và hải đảo số 82/2015/QH13; Luật số 80/2015/QH13",
        [
            ("Luật", "82/2015/QH13", "82", "2015", "", "QH13", "", ""),
            ("Luật", "80/2015/QH13", "80", "2015", "", "QH13", "", ""),
        ],
    ),
    (
        "bởi các Luật số 43/2024/QH15, số 47/2024/QH15 và số 58/2024/QH15 (sau đây gọi là Luật Đất đai)",
        [
            ("Luật", "43/2024/QH15", "43", "2024", "", "QH15", "", ""),
            ("Luật", "47/2024/QH15", "47", "2024", "", "QH15", "", ""),
            ("Luật", "58/2024/QH15", "58", "2024", "", "QH15", "", ""),
        ],
    ),
    (
        # bao-cao-vp-ubnd: an abbreviated kind word, a short description before "số", a shared suffix.
        "QĐ thành lập số 1689/QĐ-UBND ngày 28/9/2022; QĐ số 1656 và 1662/QĐ-UBND ngày 30/10/2009",
        [
            ("Quyết định", "1689/QĐ-UBND", "1689", "", "QĐ", "UBND", "2022-09-28", ""),
            ("Quyết định", "1656", "1656", "", "", "", "2009-10-30", ""),
            ("Quyết định", "1662/QĐ-UBND", "1662", "", "QĐ", "UBND", "2009-10-30", ""),
        ],
    ),
    (
        "Nghị quyết số 34-NQ/TU ngày 27/12/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 134/KH-UBND ngày "
        "26/3/2026 của UBND tỉnh",
        [
            ("Nghị quyết", "34-NQ/TU", "34", "", "NQ", "TU", "2025-12-27", "Ban Thường vụ Tỉnh ủy"),
            ("Kế hoạch", "134/KH-UBND", "134", "", "KH", "UBND", "2026-03-26", "UBND tỉnh"),
        ],
    ),
    (
        # A number without kind word: its type code names the kind; an issuer printed after the date.
        "chủ trương đầu tư số 1364/QĐ-UBND ngày 01/7/2024; Đề án 08-ĐA/TU của Tỉnh ủy Lào Cai ngày 29/12/2025",
        [
            ("Quyết định", "1364/QĐ-UBND", "1364", "", "QĐ", "UBND", "2024-07-01", ""),
            ("Đề án", "08-ĐA/TU", "08", "", "ĐA", "TU", "2025-12-29", "Tỉnh ủy Lào Cai"),
        ],
    ),
    (
        "Văn bản hợp nhất số 01/VBHN-BTC; kế hoạch số 511/KH-UBND; Thông báo số 67/TB-VPUBND ngày 15/12/2025 "
        "của Văn phòng UBND tỉnh",
        [
            ("Văn bản hợp nhất", "01/VBHN-BTC", "01", "", "VBHN", "BTC", "", ""),
            ("Kế hoạch", "511/KH-UBND", "511", "", "KH", "UBND", "", ""),
            ("Thông báo", "67/TB-VPUBND", "67", "", "TB", "VPUBND", "2025-12-15", "Văn phòng UBND tỉnh"),
        ],
    ),
    (
        "Thực hiện Chỉ thị 38/CT-TTg; Kết luận 1208-KL/TU; Văn bản số 16/CGC.BT ngày 19/8/2024",
        [
            ("Chỉ thị", "38/CT-TTg", "38", "", "CT", "TTg", "", ""),
            ("Kết luận", "1208-KL/TU", "1208", "", "KL", "TU", "", ""),
            ("Văn bản", "16/CGC.BT", "16", "", "", "CGC.BT", "2024-08-19", ""),
        ],
    ),
    (
        "UBND tỉnh đã có các Phiếu chuyển (số 227/PC-VPUBND ngày 12/3/2026 và số 6073/UBND-KT ngày 14/6/2026",
        [
            ("Phiếu chuyển", "227/PC-VPUBND", "227", "", "PC", "VPUBND", "2026-03-12", ""),
            ("Phiếu chuyển", "6073/UBND-KT", "6073", "", "", "UBND-KT", "2026-06-14", ""),
        ],
    ),
    (
        "Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân số 87/2015/QH13 hết hiệu lực",
        [("Luật", "87/2015/QH13", "87", "2015", "", "QH13", "", "")],
    ),
    (
        "Nghị quyết số 30a/2008/NQ-CP ngày 27 tháng 12 năm 2008 của Chính phủ",
        [("Nghị quyết", "30a/2008/NQ-CP", "30a", "2008", "NQ", "CP", "2008-12-27", "Chính phủ")],
    ),
    # Technical standards (BC-dinh-ky-VLNCN-nam-2025.docx, CV-6791 PDF, and QA's examples): the prefix is the
    # kind code, the number is printed without its spaces.
    (
        "thuộc thẩm quyền quản lý của Bộ Công Thương; Quy chuẩn kỹ thuật quốc gia QCVN 01:2019/BCT của Bộ Công Thương.",
        [("Quy chuẩn", "QCVN01:2019/BCT", "01", "2019", "QCVN", "BCT", "", "Bộ Công Thương")],
    ),
    (
        "trong đó thay thế QCVN 40:2011/BTNMT (đã hết hiệu lực) bằng QCVN 40:2025/BTNMT - Quy chuẩn kỹ thuật quốc "
        "gia về nước thải công nghiệp.",
        [
            ("Quy chuẩn", "QCVN40:2011/BTNMT", "40", "2011", "QCVN", "BTNMT", "", ""),
            ("Quy chuẩn", "QCVN40:2025/BTNMT", "40", "2025", "QCVN", "BTNMT", "", ""),
        ],
    ),
    (
        "áp dụng TCVN 5507:2002, QCVN 05:2013/BTNMT và TCCS.01:2017/ĐCKS",
        [
            ("Tiêu chuẩn", "TCVN5507:2002", "5507", "2002", "TCVN", "", "", ""),
            ("Quy chuẩn", "QCVN05:2013/BTNMT", "05", "2013", "QCVN", "BTNMT", "", ""),
            ("Tiêu chuẩn", "TCCS.01:2017/ĐCKS", "01", "2017", "TCCS", "ĐCKS", "", ""),
        ],
    ),
    # Older and construction standards: the year after a hyphen, QCXDVN/TCXDVN prefixes.
    (
        "thiết kế theo QCXDVN 01:2008/BXD, TCXDVN 356:2005 và TCVN 5937-2005",
        [
            ("Quy chuẩn", "QCXDVN01:2008/BXD", "01", "2008", "QCXDVN", "BXD", "", ""),
            ("Tiêu chuẩn", "TCXDVN356:2005", "356", "2005", "TCXDVN", "", "", ""),
            ("Tiêu chuẩn", "TCVN5937-2005", "5937", "2005", "TCVN", "", "", ""),
        ],
    ),
    # 3367-TTr-SNV: a clause after a colon opens with its date in lower case; the subject is no issuer.
    (
        "(3) Hội Bảo vệ thiên nhiên và môi trường: ngày 14/8/2024, Sở Tài nguyên và Môi trường có Công văn số "
        "4321/STNMT-CCBVMT đề xuất giải thể Hội Bảo vệ thiên nhiên và môi trường.",
        [("Công văn", "4321/STNMT-CCBVMT", "4321", "", "", "STNMT-CCBVMT", "2024-08-14", "")],
    ),
    # BC-UBND-QLNN-khoang-san-nam-2025: a remark in brackets between the date and "của"; a sentence's opening
    # date reaches a văn bản after "có ý kiến tại".
    (
        "Năm 2025, ngành thuế tiếp nhận Văn bản số 343/KSVN-KHTCKT ngày 18/02/2025 (Cục Thuế tỉnh Lào Cai trước "
        "sáp nhập); Văn bản số 422/KSVN-KHTCKT ngày 25/02/2025 (Cục Thuế tỉnh Yên Bái trước sáp nhập) của Cục "
        "Khoáng sản Việt Nam về việc đề nghị ra thông báo nộp tiền cấp quyền khai thác khoáng sản",
        [
            ("Văn bản", "343/KSVN-KHTCKT", "343", "", "", "KSVN-KHTCKT", "2025-02-18", ""),
            ("Văn bản", "422/KSVN-KHTCKT", "422", "", "", "KSVN-KHTCKT", "2025-02-25", "Cục Khoáng sản Việt Nam"),
        ],
    ),
    (
        "Ngày 08/12/2023, Văn phòng Chính phủ có ý kiến tại Văn bản số 9611/VPCP-CN. Ngày 30/12/2023, UBND tỉnh "
        "Yên Bái đã có Văn bản số 4516/UBND-TNMT báo cáo giải trình",
        [
            ("Văn bản", "9611/VPCP-CN", "9611", "", "", "VPCP-CN", "2023-12-08", ""),
            ("Văn bản", "4516/UBND-TNMT", "4516", "", "", "UBND-TNMT", "2023-12-30", ""),
        ],
    ),
    # CV-tu-choi-TKCS: lower-case syllables of a company's name.
    (
        "Tờ trình số 1710/TTr-NCNC ngày 17/10/2025 của Công ty cổ phần quốc tế khoáng chất Công nghiệp Việt Nam.",
        [
            ("Tờ trình", "1710/TTr-NCNC", "1710", "", "TTr", "NCNC", "2025-10-17",
             "Công ty cổ phần quốc tế khoáng chất Công nghiệp Việt Nam"),
        ],
    ),
    # 3367-TTr-SNV: a known body's name printed with a lower-case tail after "và".
    (
        "Công văn số 3354/SGTVT-VP ngày 29/10/2024 của Sở Giao Thông Vận Tải; Công văn số 3454/SNN-VP ngày "
        "29/10/2024 của Sở Nông nghiệp và phát triển nông thôn.",
        [
            ("Công văn", "3354/SGTVT-VP", "3354", "", "", "SGTVT-VP", "2024-10-29", "Sở Giao Thông Vận Tải"),
            ("Công văn", "3454/SNN-VP", "3454", "", "", "SNN-VP", "2024-10-29", "Sở Nông nghiệp và phát triển nông thôn"),
        ],
    ),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[1][0][1] or c[1][0][0] for c in CASES])
def test_sentences(sentence, expected):
    found = find_citations(sentence)
    keys = ("kind", "number", "seq", "year", "kind_code", "issuer_code", "date", "issuer")
    assert [_fields(c) for c in found] == [dict(zip(keys, row)) for row in expected]
    for c in found:
        assert sentence[c.start : c.end] == c.snippet
        assert c.prov is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ngay sau khi có các Nghị định của Chính phủ, Quyết định của Thủ tướng Chính phủ, văn bản quy định",
        "Kế hoạch thực hiện Chương trình 03 năm 2024 - 2026¹",
        "trình UBND tỉnh kế hoạch 5 năm, giao kế hoạch hàng năm",
        "tổng số 24 biên chế; Công ty CP ĐTXD số 9 Bắc Giang",
        "đã được thông qua tại kỳ họp thứ 5 của HĐND tỉnh khoá 196.",
        "Ngày 23-24/11/2023 Đoàn công tác của Ủy ban Dân tộc ban hành các văn bản hướng dẫn",
        "theo Mẫu số 03-SHTT ban hành kèm theo Thông tư này; lập biên bản theo Mẫu biên bản số 22",
        "giải ngân 369.780/671.874 triệu đồng; 114/171 xã; ngày 14/10/2021",
        # A number left blank in a draft or a form identifies no document (here, as usual, the document's own).
        "(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 của UBND tỉnh Lào Cai)",
        "Căn cứ Nghị quyết số …./2026/NQ-CP ngày ... tháng ... năm.... của Chính phủ quy định về cắt giảm",
    ],
)
def test_not_citations(sentence):
    assert find_citations(sentence) == []


def test_snippet_spans_and_whitespace():
    text = "Thực hiện Kế hoạch\nsố 511/KH-UBND ngày 15/10/2021 của UBND tỉnh"
    [c] = find_citations(text)
    assert (c.start, c.end, c.snippet) == (10, 63, "Kế hoạch\nsố 511/KH-UBND ngày 15/10/2021 của UBND tỉnh")


def test_titles():
    text = (
        "¹¹ Công văn số 675/BDT-CSDT&ĐB ngày 14/8/2023 về việc kiểm tra tiến độ thực hiện kế hoạch số 511/KH-UBND "
        "ngày 15/10/2021 của UBND tỉnh; Quyết định số 1484/QĐ-UBND ngày 21/12/2021 của UBND tỉnh về việc giao kế "
        "hoạch đầu tư công năm 2022 tỉnh Bắc Giang. Kế hoạch số 35/KH-UBND ngày 19/7/2023 của UBND tỉnh Bắc Giang;"
    )
    assert [c.title for c in find_citations(text)] == [
        "về việc kiểm tra tiến độ thực hiện",
        "",
        "về việc giao kế hoạch đầu tư công năm 2022 tỉnh Bắc Giang",
        "",
    ]


@pytest.mark.parametrize(
    "number, parts",
    [
        ("1719/QĐ-TTg", ("1719", "", "QĐ", "TTg")),
        ("01/2022/NQ-HĐND", ("01", "2022", "NQ", "HĐND")),
        ("34-CT/TW", ("34", "", "CT", "TW")),
        ("34/CT-TW", ("34", "", "CT", "TW")),
        ("3976/KHUBND", ("3976", "", "KH", "UBND")),
        ("579/BĐT-CSDT&ĐB", ("579", "", "", "BĐT-CSDT&ĐB")),
        ("66.19/2026/NQ-CP", ("66.19", "2026", "NQ", "CP")),
        ("1234/BGDĐT-VP", ("1234", "", "", "BGDĐT-VP")),
        ("3110/UBND-KGVX", ("3110", "", "", "UBND-KGVX")),
        ("80/2015/QH13", ("80", "2015", "", "QH13")),
        ("01/VBHN-BTC", ("01", "", "VBHN", "BTC")),
        ("15-NQ/TU", ("15", "", "NQ", "TU")),
        ("45/25010/NĐ-CP", ("45", "", "NĐ", "CP")),
        ("08/2022/NĐCP", ("08", "2022", "NĐ", "CP")),
        ("144/2002/QĐ/BTC", ("144", "2002", "QĐ", "BTC")),
        ("3332/SGDDT-TCCB-QLCLGD", ("3332", "", "", "SGDDT-TCCB-QLCLGD")),
        ("68", ("68", "", "", "")),
        ("QCVN01:2019/BCT", ("01", "2019", "QCVN", "BCT")),
        ("TCVN5507:2002", ("5507", "2002", "TCVN", "")),
        ("TCCS.01:2017/ĐCKS", ("01", "2017", "TCCS", "ĐCKS")),
        ("QCVN07-5:2016/BXD", ("07-5", "2016", "QCVN", "BXD")),
    ],
)
def test_parse_number(number, parts):
    assert parse_number(number) == parts


def test_throughput(seed_text):
    # The pipeline aims at 10 MB/s through segmentation and extraction; citations must stay well clear of it
    # even on a loaded machine (measured about 15-20 MB/s on the seed text, one core).
    big = seed_text * 20
    start = time.perf_counter()
    find_citations(big)
    assert len(big.encode()) / (time.perf_counter() - start) > 2e6


def test_so_and_number_never_cross_a_paragraph_break():
    # QĐ 1696's table cells: "Thông tư số" in one cell, "2, loại 3" in the next paragraph.
    text = "Cấp điều chỉnh Giấy phép vận chuyển\n\nThông tư số\n\n2, loại 3, loại 4, loại 9 theo quy định"
    assert find_citations(text) == []
    found = find_citations("theo Thông tư số\n15/2026/TT-BCT của Bộ Công Thương")
    assert [(c.kind, c.number) for c in found] == [("Thông tư", "15/2026/TT-BCT")]


def test_scan_words_finds_what_finditer_finds(seed_text):
    # The str.find shortcut must give exactly the regex scan's matches, overlaps and all.
    rules = _rules()
    text = "Ngày 1/2/2024, " + seed_text + " QCVN 01:2019/BCT và TCVN 5507:2002; số số 5/QĐ-UBND: ngày 3/4/2024"
    for pattern, words in ((rules.so, rules.number_words), (rules.standard, rules.standard_heads)):
        assert [m.span() for m in scan_words(text, pattern, words)] == [m.span() for m in pattern.finditer(text)]


def test_one_anchor_scan_finds_what_each_pattern_finds(seed_text):
    # The candidates' single scan of anchor words must give each pattern's own finditer matches: the "số", the
    # standards, the dated openings, and every kind word a bare number follows.
    rules = _rules()
    text = ("Ngày 1/2/2024, " + seed_text + " QCVN 01:2019/BCT và TCVN 5507:2002; số số 5/QĐ-UBND: ngày 3/4/2024"
            " theo Nghị quyết liên tịch 12 và Nghị định 68, Thong tu 5")
    found, dated = _candidates(text)
    places = {pattern: [at for at, _, p, _ in found if p is pattern] for pattern in (rules.number, rules.standard, rules.bare)}
    assert places[rules.number] == [m.start() for m in rules.so.finditer(text)]
    assert places[rules.standard] == [m.start() for m in rules.standard.finditer(text)]
    assert [at for at in dated if rules.dated_start.match(text, at)] == [m.start() for m in rules.dated_start.finditer(text)]
    bare = [m.start() for m in regex.finditer(rf"(?<![\p{{L}}\d/\-–&])(?:{'|'.join(rules.bare_kinds)}){rules.bare.pattern}", text)]
    assert places[rules.bare] == bare
    assert [text[at : at + 12] for at in bare[-3:]] == ["Nghị quyết l", "Nghị định 68", "Thong tu 5"]


def test_anchor_words_never_hide_one_another():
    # One non-overlapping scan finds every anchor that may open a citation: a word may begin inside another
    # only right after one of its letters, where no anchor may open (each wants no letter before it); so neither
    # a word read nor one whose test of what follows fails (the scan then goes on inside it) hides another.
    role = _rules().anchor_role
    for a in role:
        for b in role:
            if a != b and a.startswith(b):  # the longer is read: "Nghị quyết liên tịch" is "Nghị quyết" too
                assert role[a] == role[b] == "bare", (a, b)
            for i in range(1, len(a)):
                if b.startswith(a[i:]) or a.startswith(b, i):
                    assert a[i - 1].isalpha(), (a, b)


def test_alternation_trie_matches_as_the_flat_longest_first_list(seed_text):
    # The trie must pick what "|".join(longest first) picks, forwards and read backwards with (?r): read
    # backwards, "án" sorts before "đề án" and must still come after it.
    phrases = [*_rules().kinds, "bộ luật", "luật", "thông tư", "tư", "án", "quy định", "quyết định"]
    flat = "|".join(r"\s+".join(map(regex.escape, p.split())) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))
    text = seed_text + " Bộ  luật, bộ\nluật số 5; quyết định số 3 và thông tư liên tịch số 7, đề án số 9"
    forward = [regex.compile(rf"(?i:{a})(?P<end>\s+số)?") for a in (flat, alternation(phrases))]
    assert [m.span() for m in forward[0].finditer(text)] == [m.span() for m in forward[1].finditer(text)]
    backward = [regex.compile(rf"(?r)(?i:{a})(?P<gap>(?:\s+\w+){{0,3}}?)\s+") for a in (flat, alternation(phrases, reverse=True))]
    ends = [m.start() for m in regex.finditer(r"số", text)]
    assert [backward[0].match(text, 0, e) and backward[0].match(text, 0, e).span() for e in ends] == [
        backward[1].match(text, 0, e) and backward[1].match(text, 0, e).span() for e in ends
    ]
