"""Money amounts: values in đồng (exact integers), raw text as printed, spans into the text."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from extractor.extract.amounts import find_amounts, label_before

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "seed-report.txt"
SEED_GOLD = ROOT / "corpus" / "gold" / "seed"


def f1(gold: list, predicted: list) -> float:
    """Multiset F1 of two lists of keys."""
    matched = sum((Counter(gold) & Counter(predicted)).values())
    if not gold and not predicted:
        return 1.0
    p, r = matched / len(predicted) if predicted else 0.0, matched / len(gold) if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def seed_text():
    # Layout turns the seed's flattened footnote mark "khoá 196" back into "khoá 19⁶".
    return SEED_TEXT.read_text(encoding="utf-8").replace("khoá 196", "khoá 19⁶")


def test_seed_amounts_match_gold_exactly(seed_text):
    with (SEED_GOLD / "amounts.csv").open(encoding="utf-8") as fh:
        gold = [(r["raw"], int(r["value_vnd"])) for r in csv.DictReader(fh)]
    found = find_amounts(seed_text)
    assert f1([v for _, v in gold], [a.value_vnd for a in found]) == 1.0
    assert [(a.raw, a.value_vnd) for a in found] == gold  # same order, same raw
    assert all(seed_text[a.start:a.end] == a.raw for a in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vốn ngân sách trung ương và vốn đối ứng từ ngân sách tỉnh: 748.684 triệu đồng.",
         [("748.684 triệu đồng", 748_684_000_000)]),
        ("đến 15/11/2023, giải ngân 369.780/671.874 triệu đồng vốn đã phân bổ",
         [("369.780/671.874 triệu đồng", 369_780_000_000), ("369.780/671.874 triệu đồng", 671_874_000_000)]),
        ("các cụm công nghiệp là 332,01 tỷ đồng.", [("332,01 tỷ đồng", 332_010_000_000)]),
        ("mức hỗ trợ 400.000đồng/1 học sinh, sinh viên/tháng", [("400.000đồng", 400_000)]),
        ("Tính riêng năm 2022 tổng kinh phí huy động trên 2.000 triệu đồng tập trung",
         [("2.000 triệu đồng", 2_000_000_000)]),
        ("với số tiền 5.373,4/5.373,4 triệu đồng, đạt 100%",
         [("5.373,4/5.373,4 triệu đồng", 5_373_400_000), ("5.373,4/5.373,4 triệu đồng", 5_373_400_000)]),
        ("đạt được: 291.881.108.667 đồng.", [("291.881.108.667 đồng", 291_881_108_667)]),
        ("Hạ tầng đã đầu tư 15,25 tỷ đồng (NSNN 7,3 tỷ; doanh nghiệp 7,95 tỷ); vốn",
         [("15,25 tỷ đồng", 15_250_000_000), ("7,3 tỷ", 7_300_000_000), ("7,95 tỷ", 7_950_000_000)]),
        ("tổng mức đầu tư 1 tỷ 200 triệu đồng", [("1 tỷ 200 triệu đồng", 1_200_000_000)]),
        ("từ 5 đến 10 triệu đồng", [("5 đến 10 triệu đồng", 5_000_000), ("5 đến 10 triệu đồng", 10_000_000)]),
        ("dự toán 2 nghìn tỷ đồng", [("2 nghìn tỷ đồng", 2_000_000_000_000)]),
        ("phí 50 tr.đ", [("50 tr.đ", 50_000_000)]),
        ("giá 1.000.000 VNĐ", [("1.000.000 VNĐ", 1_000_000)]),
        # not money
        ("17 đồng chí có trình độ cao cấp", []),
        ("chiến thắng năm 2023 đồng thời", []),
        ("(FDI Hàn Quốc, 3 ha, 9 triệu USD)", []),
        ("hơn 2 triệu người", []),
        ("MẪU SỐ 5đ. NGƯỜI ĐỨNG ĐẦU", []),
        ("Đồng Vương, huyện Yên Thế", []),
    ],
)
def test_amounts(text, expected):
    found = find_amounts(text)
    assert [(a.raw, a.value_vnd) for a in found] == expected
    assert all(text[a.start:a.end] == a.raw for a in found)
    assert all(isinstance(a.value_vnd, int) for a in found)


@pytest.mark.parametrize(
    "text, label",
    [
        ("(vốn đầu tư phát triển: 80.000 triệu đồng", "vốn đầu tư phát triển"),
        ("trong đó ngân sách tỉnh là 150.000 triệu đồng", "ngân sách tỉnh"),
        ("tổng kinh phí huy động trên 2.000 triệu đồng", "kinh phí huy động"),
        ("27.000 triệu đồng và nguồn vốn sự nghiệp 10.000 triệu đồng", "vốn sự nghiệp"),
    ],
)
def test_labels(text, label):
    assert label_before(text, find_amounts(text)[-1].start) == label
