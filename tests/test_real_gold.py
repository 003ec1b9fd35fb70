"""Hand-made gold of real reports (tests/gold/<name>/): per-table F1 floors and exact rows.

The two DOCX drafts are bundled in corpus/real-sample/; the other documents are read from ../shared/ (their
tests skip without it).
Floors are the F1 measured when the gold was written, rounded down to 0.05: a drop below them is a
regression on real documents, not on the seed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import REAL, ROOT
from extractor.score import score

SAMPLE = ROOT / "corpus" / "real-sample"
GOLD = ROOT / "tests" / "gold"
DOCS = {
    "ccn": SAMPLE / "bao-cao-tinh-hinh-trien-khai-ccn.docx",
    "vlncn": SAMPLE / "BC-dinh-ky-VLNCN-nam-2025.docx",
    "tt3367": REAL / "vbai-binhthuan" / "3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf",
    "ks2025": REAL / "sct-laocai-skills" / "BC-UBND-QLNN-khoang-san-nam-2025.docx",
    "cv6791": REAL / "sct-laocai-skills" / "CV-6791-SNNMT-17-7-2026-y-kien-tham-dinh-CCN-Bao-Dap.pdf",
    "qd779": REAL / "vbai-binhthuan" / "779-QD-UBND-2022-cong-nhan-dieu-le-quy-khuyen-hoc.signed.pdf",
}
TABLES = ("citations", "amounts", "quantities", "sections", "footnotes")
# F1 floors per document and table (1.0 where every row matched).
FLOORS = {
    "ccn": dict.fromkeys(TABLES, 1.0),
    "vlncn": {**dict.fromkeys(TABLES, 1.0), "citations": 0.9},  # QCVN 01:2019/BCT is not found
    "tt3367": {**dict.fromkeys(TABLES, 1.0), "citations": 0.95},  # "ngày 14/8/2024, Sở ... có Công văn số 4321/..." loses its date
    # Citations: "Ngày 08/12/2023, Văn phòng Chính phủ có ý kiến tại Văn bản số 9611/VPCP-CN" and "Nghị định số
    # 21/2026/NĐ-CP sửa đổi ... đã được ban hành ngày 10/01/2026" lose their dates.
    "ks2025": {**dict.fromkeys(TABLES, 1.0), "citations": 0.95},
    "cv6791": {**dict.fromkeys(TABLES, 1.0), "citations": 0.95},  # QCVN 40:2011/BTNMT, QCVN 40:2025/BTNMT not found
    "qd779": dict.fromkeys(TABLES, 1.0),
}


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """One pipeline run over the gold documents that are present: the out dir."""
    from extractor.run import run

    present = [p for p in DOCS.values() if p.exists()]
    out = tmp_path_factory.mktemp("real-gold")
    run(present, out, quiet=True)
    return out


def _doc(name: str) -> str:
    if not DOCS[name].exists():
        pytest.skip(f"{DOCS[name]} is absent (../shared/ not beside the checkout)")
    return DOCS[name].name


def _rows(out, table: str, name: str) -> pd.DataFrame:
    df = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
    return df[df.doc_id == _doc(name)].reset_index(drop=True)


@pytest.mark.parametrize("name", list(DOCS))
def test_f1_floors(real_run, name):
    result = score(GOLD / name, real_run, _doc(name))
    low = {t: round(result[t].f1, 3) for t in TABLES if result[t].f1 < FLOORS[name][t]}
    assert not low, f"{name}: F1 below floor {low}"


@pytest.mark.parametrize("name", list(DOCS))
def test_header_and_footnote_links_exact(real_run, name):
    result = score(GOLD / name, real_run, _doc(name))
    assert [f for f, ok in result["header"].items() if not ok] == []
    assert result["linked"][0] == result["linked"][1]


def test_ccn_rows(real_run):
    amounts = _rows(real_run, "amounts", "ccn")
    # A bare "tỷ" after a money noun is money: "nguồn vốn đầu tư công (340 tỷ)".
    assert ("340 tỷ", "340000000000") in set(zip(amounts.raw, amounts.value_vnd))
    assert ("332,01 tỷ đồng", "332010000000") in set(zip(amounts.raw, amounts.value_vnd))
    quantities = _rows(real_run, "quantities", "ccn")
    pairs = quantities[quantities.raw == "18/75 ha"]
    assert list(zip(pairs.kind, pairs.value.astype(float), pairs.unit)) == [("measure", 18, "ha"), ("measure", 75, "ha")]
    footnotes = _rows(real_run, "footnotes", "ccn")
    assert footnotes.text[0].startswith("Văn bản số 2887/SCT-CN ngày 21/5/2026 của Sở Công Thương")
    assert footnotes.anchor_context[0].endswith("Nghị định số 32/2024/NĐ-CP")


def test_vlncn_rows(real_run):
    sections = _rows(real_run, "sections", "vlncn")
    # An unclosed quote inside running text ('với hành vi “Không thực hiện ...') does not hide the
    # headings after it.
    assert sections.section_id.tolist() == ["1", "1/a", "1/b", "1/c", "1/d", "1/đ", "1/e", "1/g", "2", "3", "4", "5"]
    citations = _rows(real_run, "citations", "vlncn")
    first = citations.iloc[0]
    assert (first.kind, first.number, first.date, first.issuer) == (
        "Thông tư", "23/2024/TT-BCT", "2024-11-07", "Bộ Công Thương")
    quantities = _rows(real_run, "quantities", "vlncn")
    assert ("9.940.383 kg", 9940383, "kg") in set(zip(quantities.raw, quantities.value.astype(float), quantities.unit))
    # Bare numbers in table cells under a unit header are not quantities.
    assert not (quantities.raw == "40").any()


def test_tt3367_rows(real_run):
    sections = _rows(real_run, "sections", "tt3367")
    # Quoted clauses of Nghị định 126/2024 ("“b) Trước khi ...", "c) Hết thời gian ...") are not sections.
    assert sections.section_id.tolist() == ["1", "1/a", "1/b", "1/c", "1/d", "2", "2/a", "2/b", "3", "3/a", "3/b"]
    citations = _rows(real_run, "citations", "tt3367")
    typo = citations[citations.number == "45/25010/NĐ-CP"].iloc[0]
    assert (typo.date, typo.issuer) == ("2010-04-21", "Chính phủ")
    in_note = citations[citations.in_footnote == "1"]
    assert in_note.number.tolist() == ["5956/STNMT-CCBVMT", "3332/SGDDT-TCCB-QLCLGD", "1862/STTTT-VP",
                                       "2965/SVHTTDL-VP", "3354/SGTVT-VP", "3454/SNN-VP"]


@pytest.mark.parametrize("sentence, expected", [
    ("Ưu tiên bố trí nguồn vốn đầu tư công (340 tỷ) thực hiện giai đoạn 2026-2030", [("340 tỷ", 340_000_000_000)]),
    ("Tổng vốn: 5,5 tỷ; trong đó", [("5,5 tỷ", 5_500_000_000)]),
    ("dân số 1,2 triệu.", []),  # no money noun before it
    ("kinh phí năm 2023 đã giải quyết xong. Dân số 3 triệu", []),  # the noun is in another sentence
    ("có 1,5 triệu lượt khách", []),  # a word follows the scale: a count
])
def test_bare_scale_money(sentence, expected):
    from extractor.extract.amounts import find_amounts

    assert [(a.raw, a.value_vnd) for a in find_amounts(sentence)] == expected


def test_stray_open_quote_keeps_later_headings():
    from extractor.layout import build
    from extractor.models import Block, Source
    from extractor.segment.sections import find_sections

    lines = ["1. Tình hình chung", "Xử phạt với hành vi “Không thực hiện kiểm định, với số tiền 40.000.000 đồng.",
             "2. Các tai nạn, sự cố: Không.", "3. Khoản 2 Điều 35 quy định: “2. Sau khi có kết luận", "3. Sau khi hội hoàn thành.”",
             "4. Đề xuất, kiến nghị"]
    text = build(Source(path="t.docx", doc_id="t.docx", format="docx", sha256="", blocks=[Block(x) for x in lines]))
    # The stray quote of paragraph 2 closes with it; the quotation opened after "quy định:" hides its "3.".
    assert [s.number for s in find_sections(text)] == ["1", "2", "3", "4"]


def test_ks2025_rows(real_run):
    footnotes = _rows(real_run, "footnotes", "ks2025")
    assert footnotes.number.tolist() == [str(n) for n in range(1, 13)]
    assert footnotes.text[1] == "Kết luận số 10/KL-TT ngày 09/9/2025 và Kết luận số 17/KL-TT ngày 05/11/2025."
    amounts = _rows(real_run, "amounts", "ks2025")
    pairs = set(zip(amounts.raw, amounts.value_vnd))
    assert ("291.881.108.667 đồng", "291881108667") in pairs
    # A draft's malformed groups: every dot is read as a thousands separator, as printed.
    assert ("5.378.7000.000 đồng", "53787000000") in pairs
    quantities = _rows(real_run, "quantities", "ks2025")
    # A footnote mark right after the unit ("02 Kết luận²", "01 đơn vị⁶") neither hides nor cuts it.
    assert {"02 Kết luận", "01 đơn vị", "02 văn bản", "01 Doanh nghiệp"} <= set(quantities.raw)
    in_note = quantities[quantities.in_footnote == "8"]
    assert in_note.raw.tolist() == ["03 mỏ", "03 công dân", "21 hộ"]
    citations = _rows(real_run, "citations", "ks2025")
    assert citations[citations.in_footnote == "6"].number.tolist() == ["02/KL-TTr", "501/TTr-NV.IV"]


def test_cv6791_rows(real_run):
    quantities = _rows(real_run, "quantities", "cv6791")
    assert quantities.raw.tolist()[:3] == ["60,0 ha", "20,0 ha", "40,0 ha"]
    assert "2 xã" not in set(quantities.raw)  # "hồ thủy lợi thôn 2 xã Báo Đáp": hamlet 2
    citations = _rows(real_run, "citations", "cv6791")
    permit = citations[citations.number == "1584/GP-BTNMT"].iloc[0]
    assert (permit.kind, permit.date) == ("Giấy phép", "2018-05-18")


def test_qd779_rows(real_run):
    sections = _rows(real_run, "sections", "qd779")
    # The decision's own articles, then the attached charter: Chương / Điều / khoản / điểm.
    assert sections.number.tolist()[:8] == ["Điều 1", "Điều 2", "Điều 3", "Chương I", "Điều 1", "1", "2", "3"]
    assert sections[sections.number.str.startswith("Chương")].shape[0] == 8
    citations = _rows(real_run, "citations", "qd779")
    # "Kèm theo Quyết định số 779 /QĐ-UBND" in the charter is the document itself, not a citation.
    assert "779/QĐ-UBND" not in set(citations.number)
    quantities = _rows(real_run, "quantities", "qd779")
    assert list(zip(quantities.raw, quantities.value.astype(float))) == [
        ("03 thành viên", 3), ("03 đến 05 thành viên", 3), ("03 đến 05 thành viên", 5), ("01 Phó", 1),
        ("03 thành viên", 3), ("5%", 5), ("8 Chương", 8), ("28 Điều", 28)]


@pytest.mark.parametrize("sentence, expected", [
    ("ban hành 02 Kết luận²; Công ty", [("02 Kết luận", 2)]),
    ("đối với 01 đơn vị⁶. Kiến nghị", [("01 đơn vị", 1)]),
    ("Trong số 02 Giấy phép thăm dò còn hiệu lực", [("02 Giấy phép", 2)]),  # "trong số": among, no label
    ("theo Quyết định số 5 hộ nghèo", []),
    ("hồ thủy lợi thôn 2 xã Báo Đáp", []),
    ("gồm Trưởng Ban, 01 Phó Ban và các thành viên", [("01 Phó", 1)]),  # capital after a zero-padded count
    ("Công ty Phú Thịnh 2 Xây dựng", []),  # capital after a plain number: a name
    ("Điều lệ có 8 Chương, 28 Điều và có hiệu lực", [("8 Chương", 8), ("28 Điều", 28)]),
    ("Khoản 2 và 3 Điều 35 Nghị định số 126/2024/NĐ-CP", []),  # "3 Điều 35": an article
    ("(01 giấy phép cấp mới, 02 điều chỉnh)", [("01 giấy phép", 1)]),  # "điều chỉnh" is a verb
    ("mô hình chính quyền địa phương 02 cấp.", [("02 cấp", 2)]),
    ("năm 2024 cấp giấy phép", []),
])
def test_quantity_edges(sentence, expected):
    from extractor.extract.quantities import find_quantities

    assert [(q.raw, q.value) for q in find_quantities(sentence)] == expected


def test_amount_before_footnote_mark():
    from extractor.extract.amounts import find_amounts

    assert [(a.raw, a.value_vnd) for a in find_amounts("tổng số tiền 150 tỷ đồng³; còn lại")] == [
        ("150 tỷ đồng", 150_000_000_000)]
