"""Footnote marks and heading numbers recovered on OCR'd lines (as Tesseract read the seed scan's page 9-13)."""

from __future__ import annotations

from extractor.layout.ocrmarks import mark_body, number_notes, renumber_headings
from extractor.layout.positioned import _marked_text
from extractor.models import Block, Line, Run


def _line(words: str, top: float, x0: float = 85, size: float = 14, low: dict[str, float] | None = None) -> Line:
    runs, x = [], x0
    for word in words.split():
        width = 0.5 * size * len(word)
        runs.append(Run(word + " ", x, x + width, top, top + size, size, confidence=(low or {}).get(word, 0.96)))
        x += width + 0.3 * size
    runs[-1].text = runs[-1].text.rstrip()
    return Line(runs, runs[0].x0, runs[-1].x1, top, top + size)


def _marks(lines: list[Line]) -> list[tuple[str, int]]:
    out = []
    for line in lines:
        text, markers = _marked_text(line)
        out.extend((text[: m.offset].split()[-1], m.number) for m in markers)
    return out


def test_glued_glyph_and_lost_mark_before_punctuation():
    body = [_line("đồng bào dân tộc thiểu số và miền núi tỉnh Bắc Giang, giai đoạn 2022 - 2024? do", 100),
            _line("lý chỉ đạo thực hiện Kế hoạch số 511/KH-UBND của UBND tỉnh.", 118, low={"tỉnh.": 0.36})]
    marked = mark_body(body, [2, 3])
    assert _marks(marked) == [("2024", 2), ("tỉnh", 3)]
    assert _marked_text(marked[1])[0].endswith("của UBND tỉnh.")


def test_a_closing_quote_that_closes_is_printed_not_a_mark():
    body = [_line("thể hiện tinh thần đoàn kết “tương thân tương ái”, tạo sự gắn kết", 100),
            _line("công trình ngầm, cầu dân sinh năm 2022”; thứ tự ưu tiên", 118),
            _line("họp thứ 5 của HĐND tỉnh khoá 19/.", 136)]
    assert _marks(mark_body(body, [6, 7])) == [("2022", 6), ("19", 7)]


def test_year_with_glued_digit_mark():
    body = [_line("cầu dân sinh được phê duyệt năm 20228; đồng thời", 100)]
    assert _marks(mark_body(body, [8])) == [("2022", 8)]


def test_note_starts_numbered_in_sequence():
    size = 10
    raised = Run("? ", 81, 84, 713, 717, size, confidence=0.64)  # a superscript "2" read as "?"
    first = _line("Quyết định số 119/QĐ-BDT ngày 08/11/2021 của Trưởng Ban Dân tộc về việc", 713, 86, size)
    first = Line([raised, *first.runs], 81, first.x1, 713, first.bottom)
    lines = [first,
             _line("đầu tư xây dựng công trình giai đoạn 2022 - 2024;", 725, 81, size),
             _line("Công văn số 675/BDT-CSDT&ĐB ngày 14/8/2023 về việc kiểm tra", 737, 93, size)]  # mark lost
    numbered = number_notes(lines, 1)
    assert [(line.runs[0].text, line.runs[0].size < size) for line in numbered] == [
        ("2", True), ("đầu ", False), ("3", True)]


def test_heading_number_read_as_a_letter():
    blocks = [Block("4. Công tác phát hiện, bồi dưỡng", page=13), Block("Thông qua Hội nghị", page=13),
              Block("o. Công tác kiểm tra, giám sát thực hiện Phong trào thi đua", page=13),
              Block("6. Công tác khen thưởng", page=13), Block("o. Công tác ở trang chữ", page=2),
              Block("B. NỘI DUNG KIỂM TRA", page=13), Block("1, Về hồ sơ pháp lý", page=13)]
    fixed = renumber_headings(blocks, {13})
    # "B." is a lettered part: it restarts the numbering, so "1, " after it is heading "1. ".
    assert [b.text[:3] for b in fixed] == ["4. ", "Thô", "5. ", "6. ", "o. ", "B. ", "1. "]
