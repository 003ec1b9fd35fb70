"""Pinpoints: the article, clause and point a citation names, on real sentences."""

from __future__ import annotations

import pytest

from extractor.models import Header, Text
from extractor.pipeline import find_all_citations

from .conftest import REAL, needs_shared


def pinpoints(text: str) -> list[tuple[str, str]]:
    return [(c.snippet, c.pinpoint) for c in find_all_citations(Text(text), Header(kind="TỜ TRÌNH"))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 3367/TTr-SNV (Bình Thuận, 2024)
        ("a) Khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP quy định:",
         [("Nghị định số 126/2024/NĐ-CP", "Điều 15 khoản 3")]),
        ("b)Điểm b, c khoản 4 Điều 19 Nghị định số 126/2024/NĐ-CP quy định:",
         [("Nghị định số 126/2024/NĐ-CP", "Điều 19 khoản 4 điểm b, c")]),
        ("d)Khoản 2 và 3 Điều 35 Nghị định số 126/2024/NĐ-CP quy định:",
         [("Nghị định số 126/2024/NĐ-CP", "Điều 35 khoản 2, 3")]),
        ("Căn cứ quy định tại điểm c khoản 2 Điều 30 Nghị định số 126/2024/NĐ-CP, Sở Nội vụ",
         [("Nghị định số 126/2024/NĐ-CP", "Điều 30 khoản 2 điểm c")]),
        # NQ-66.19/2026/NQ-CP: one law, three provisions; an inserted article; a law named in full
        ("quy định tại khoản 2 Điều 41, Điều 46, khoản 1 và khoản 2 Điều 47 Luật Thú y số 79/2015/QH13",
         [("Luật Thú y số 79/2015/QH13", "Điều 41 khoản 2; Điều 46; Điều 47 khoản 1, 2")]),
        ("Điều 8b Nghị định số 13/2020/NĐ-CP hướng dẫn chi tiết Luật Chăn nuôi",
         [("Nghị định số 13/2020/NĐ-CP", "Điều 8b"), ("Luật Chăn nuôi", "")]),
        ("các khoản 1, 2 và 3 Điều 21 Thông tư số 03/2026/TT-BNNMT",
         [("Thông tư số 03/2026/TT-BNNMT", "Điều 21 khoản 1, 2, 3")]),
        pytest.param(
            "theo quy định tại khoản 11 Điều 68 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15",
            [("Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15", "Điều 68 khoản 11")],
        ),
        # BC-UBND-QLNN-khoang-san: commas between the levels; a law named with its year
        ("Tại điểm c, điểm d, khoản 2, Điều 100, Luật Địa chất và khoáng sản năm 2024 quy định",
         [("Luật Địa chất và khoáng sản năm 2024", "Điều 100 khoản 2 điểm c, d")]),
        # bao-cao-vp-ubnd: two articles
        ("theo Điều 36, Điều 37 Nghị định số 32/2024/NĐ-CP", [("Nghị định số 32/2024/NĐ-CP", "Điều 36; Điều 37")]),
        # no provision: a citation right after an article heading is not pinpointed
        ("Điều 2. Quyết định số 1522/QĐ-UBND ngày 04/5/2026", [("Quyết định số 1522/QĐ-UBND ngày 04/5/2026", "")]),
    ],
)
def test_pinpoints(text, expected):
    assert pinpoints(text) == expected


@needs_shared
def test_decree_126_in_the_binh_thuan_submission():
    # The tờ trình cites Nghị định số 126/2024/NĐ-CP nine times, and inside its quotations "Nghị định này".
    from extractor import extract

    doc = extract(REAL / "vbai-binhthuan" / "3367-TTr-SNV-2024-bao-cao-de-xuat-xu-ly-hoi.signed.pdf")
    decree = [c.pinpoint for c in doc.citations if c.number == "126/2024/NĐ-CP"]
    assert decree == ["", "Điều 15 khoản 3", "Điều 19 khoản 4 điểm b, c", "Điều 30 khoản 2", "Điều 35 khoản 2, 3",
                      "Điều 35", "Điều 30 khoản 2 điểm c", "Điều 35", "Điều 30 khoản 2"]
    quoted = [c.pinpoint for c in doc.citations if c.snippet == "Nghị định này"]
    assert quoted == ["Điều 15 khoản 2, 3, 4", "Điều 15 khoản 2, 3, 4", "Điều 30 khoản 2 điểm c",
                      "Điều 19 khoản 4 điểm c", "Điều 30 khoản 2", "Điều 15 khoản 2, 3, 4", "Điều 15 khoản 2, 3, 4"]
