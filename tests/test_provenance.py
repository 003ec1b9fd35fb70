"""Sentence spans: underthesea's sent_tokenize rules, as spans, on the seed's paragraphs and edge cases."""

from __future__ import annotations

import pytest
from underthesea import sent_tokenize

from extractor.extract.provenance import sentence_spans

from .conftest import SEED


def _underthesea(chunk: str) -> list[str]:
    return sent_tokenize(chunk)


def test_seed_paragraphs_split_as_underthesea_splits_them():
    text = (SEED / "seed-report.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert len(paragraphs) > 100
    for para in paragraphs:
        assert [para[a:b] for a, b in sentence_spans(para)] == _underthesea(para)


@pytest.mark.parametrize(
    "chunk",
    [
        "Tổng kinh phí 1.500.000 đồng. Đã giải ngân 70,1%.",  # a dot inside a number ends nothing
        "Theo ý kiến của TP. Hồ Chí Minh và ThS. Nguyễn Văn A. Xong!",  # abbreviations
        "Các nội dung... và khác... Tiếp theo",  # ellipsis before a lower-case word and a capital
        "  Câu hỏi?! Trả lời.  ",
        "Không có dấu chấm",
        "...",
        " \n ",
    ],
)
def test_edge_cases_agree_with_underthesea(chunk):
    assert [chunk[a:b] for a, b in sentence_spans(chunk)] == _underthesea(chunk)


def test_offsets_shift_by_the_paragraph_start():
    chunk = "Kế hoạch số 120/KH-UBND. Báo cáo số 45/BC-UBND."
    assert sentence_spans(chunk, 100) == [(100, 124), (125, 147)]


def test_find_all_gives_every_start_in_order():
    from extractor.extract.scan import find_all

    text = "Số 12. Ngày 3/4? Xong! Hết..."
    assert find_all(text, ".?!") == [5, 15, 21, 26, 27, 28]
    assert find_all("ngày ngàyngày", ["ngày"]) == [0, 5, 9]
