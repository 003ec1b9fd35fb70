"""Hand-made gold of real reports (tests/gold/<name>/): per-table F1 floors and exact rows.

The two DOCX drafts are bundled in corpus/real-sample/; the e-signed PDF Tờ trình is read from ../shared/.
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
}
TABLES = ("citations", "amounts", "quantities", "sections", "footnotes")
# F1 floors per document and table (1.0 where every row matched).
FLOORS = {
    "ccn": dict.fromkeys(TABLES, 1.0),
    "vlncn": {**dict.fromkeys(TABLES, 1.0), "citations": 0.9},  # QCVN 01:2019/BCT is not found
    "tt3367": {**dict.fromkeys(TABLES, 1.0), "citations": 0.95},  # "ngày 14/8/2024, Sở ... có Công văn số 4321/..." loses its date
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
