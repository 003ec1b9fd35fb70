"""Footnote linking on the seed report: note texts, marks in the body, their context and section."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor.ingest import read
from extractor.layout import build
from extractor.layout.marks import superscript
from extractor.models import Section
from extractor.segment.footnotes import link_footnotes

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"


@pytest.fixture(scope="module")
def seed_text():
    return build(read(SEED / "seed-report.txt"))


@pytest.fixture(scope="module")
def gold():
    with (SEED.parent / "gold" / "seed" / "footnotes.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_seed_notes_match_gold(fmt, gold):
    text = build(read(SEED / f"seed-report.{fmt}"))
    notes = link_footnotes(text, [])
    assert [n.number for n in notes] == [int(g["number"]) for g in gold] == list(range(1, 15))
    for note, g in zip(notes, gold):
        assert note.text.startswith(g["text_start"])
        assert text.text[note.start : note.end] == note.text
        head = superscript(note.number) + " "
        assert text.text[note.start - len(head) : note.start] == head
        # Gold gives "the ~5 words before the marker"; both end on the same words.
        ours, theirs = note.anchor_context.split(), g["anchor_before"].split()
        k = min(len(ours), len(theirs))
        assert k >= 4 and ours[-k:] == theirs[-k:], (note.number, note.anchor_context, g["anchor_before"])
    if fmt == "pdf":  # the rendered PDF puts the notes on pages 3, 9, 10 and 11
        assert [n.page for n in notes] == [3, 9, 9] + [10] * 8 + [11] * 3


def test_seed_anchors(seed_text):
    notes = {n.number: n for n in link_footnotes(seed_text, [])}
    assert all(n.anchor_offset is not None for n in notes.values())
    six = notes[6]
    assert seed_text.text[six.anchor_offset - 7 : six.anchor_offset + 2] == "khoá 19⁶."
    assert six.anchor_context == "của HĐND tỉnh khoá 19"
    assert notes[1].anchor_context == "trình 03 năm 2024 - 2026"
    assert notes[8].anchor_context == "được phê duyệt năm 2022"
    assert notes[14].text.endswith("12.000 triệu đồng cho 6 công trình ngầm.")
    assert seed_text.text[notes[10].start - 3 : notes[10].start] == "¹⁰ "
    # Every note follows its mark in the text file's order.
    assert all(n.anchor_offset < n.start for n in notes.values())


def test_anchor_section_is_the_innermost(seed_text):
    notes = {n.number: n for n in link_footnotes(seed_text, [])}
    t = seed_text.text
    s2 = t.index("II. KẾT QUẢ TRIỂN KHAI")
    s21 = t.index("2.1. Tham mưu tổ chức")
    s211 = t.index("2.1.2. Tham mưu UBND tỉnh")  # note 1's mark is in 2.1.1, before this heading
    s3 = t.index("3. Kết quả thực hiện Phong trào")
    end = t.index("IV. ĐÁNH GIÁ CHUNG")
    sections = [
        Section("s2", "II", 1, "KẾT QUẢ", "", 1, s2, end),
        Section("s2.1", "2.1", 3, "Tham mưu", "s2", 1, s21, s3),
        Section("s2.1.2", "2.1.2", 4, "Tham mưu UBND", "s2.1", 1, s211, s3),
        Section("s3", "3", 2, "Kết quả", "s2", 1, s3, end),
    ]
    linked = {n.number: n for n in link_footnotes(seed_text, sections)}
    assert linked[1].anchor_section_id == "s2.1"
    assert linked[6].anchor_section_id == "s3"
    assert {n.anchor_section_id for n in linked.values()} == {"s2.1", "s3"}
    assert notes[6].anchor_section_id == ""
