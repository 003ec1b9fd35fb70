"""Ruled tables in digital PDFs: cells found from the drawn rules, lines cut at cell borders, one paragraph per cell."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

from extractor import extract
from extractor.ingest.pdf import (Char, _pdfium_paths, _ruled, _View, build_page, open_pdf, read_page, read_pdf,
                                  table_cells)
from extractor.layout.positioned import to_blocks
from extractor.models import Source

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
QD1696 = "QD-1696-QD-UBND-uy-quyen-15-5-2026.pdf"


def real(name: str) -> Path:
    path = next(REAL.glob(f"*/{name}"), None)
    if path is None:
        pytest.skip(f"real corpus file {name} not available")
    return path


@lru_cache(maxsize=None)
def qd1696():
    return extract(real(QD1696))


def _cells_of(doc, page: int) -> list[str]:
    return [doc.text.text[p.start:p.end] for p in doc.text.paragraphs if p.kind == "table" and p.page == page]


def test_citation_in_a_cell_keeps_its_full_number():
    doc = qd1696()
    found = [c for c in doc.citations if c.number == "105/2025/NĐ-CP" and c.prov.page == 3]
    assert [doc.text.text[c.start:c.end] for c in found] == ["Nghị định số 105/2025/NĐ-CP của Chính phủ"]
    assert doc.text.paragraph_at(found[0].start).kind == "table"
    assert not [c for c in doc.citations if c.number == "105/2025/NĐ"]
    basis = [c for c in doc.citations if c.number == "15/2026/TT-BCT" and c.prov.page == 3]
    assert [(doc.text.text[c.start:c.end], c.date) for c in basis] == [
        ("Thông tư số 15/2026/TT-BCT ngày 25/3/2026 của Bộ Công Thương", "2026-03-25")]


def test_each_cell_reads_as_one_paragraph_row_by_row():
    cells = _cells_of(qd1696(), 3)
    assert cells[:11] == ["STT", "NỘI DUNG NHIỆM VỤ ỦY QUYỀN", "CĂN CỨ PHÁP LÝ", "DANH MỤC TTHC ĐÃ CÔNG BỐ",
                          "GHI CHÚ", "TÊN TTHC", "LĨNH VỰC CÔNG BỐ", "MÃ TTHC", "I.",
                          "Lĩnh vực Vận chuyển hàng hóa nguy hiểm", "1"]
    # The merged cell of row 1 spans three rows and 16 printed lines: one paragraph, hyphen glued.
    assert cells[11] == ("Cấp, cấp điều chỉnh, cấp lại, thu hồi giấy phép vận chuyển hàng hóa nguy hiểm đối với "
                         "loại 1 (trừ vật liệu nổ công nghiệp, tiền chất thuốc nổ), loại 2, loại 3, loại 4, loại 9 "
                         "theo quy định tại điểm b, điểm e khoản 4, khoản 6 Điều 44 Nghị định số 105/2025/NĐ-CP "
                         "của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Phòng cháy, chữa "
                         "cháy và cứu nạn, cứu hộ")
    assert cells[12:15] == ["Khoản 2 Điều 3 Thông tư số 15/2026/TT-BCT ngày 25/3/2026 của Bộ Công Thương",
                            "Cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 1 (trừ vật liệu nổ công nghiệp, "
                            "tiền chất thuốc nổ), 2, 3, 4, 9",
                            "Vận chuyển hàng hóa nguy hiểm"]
    assert len(cells) == 33


def test_text_before_the_table_stays_body():
    doc = qd1696()
    text = doc.text.text
    title = text.index("(Kèm theo Quyết định số 1696")
    assert doc.text.paragraph_at(title).kind == "body"
    assert text[title:text.index("\n\n", title)] == ("(Kèm theo Quyết định số 1696 /QĐ-UBND ngày 15 / 5 /2026 "
                                                      "của UBND tỉnh Lào Cai)")


def test_highlight_boxes_behind_words_are_not_tables():
    # Pages 1-2 of QD-1696 and CV-UBND-... carry filled highlight rectangles that pdfplumber's finder
    # would take for grids; they are not rules.
    doc = open_pdf(real(QD1696))
    assert [sum(1 for line in read_page(doc, i).lines if line.cell) for i in range(3)] == [0, 0, 68]
    other = open_pdf(real("CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf"))
    assert not any(line.cell for i in range(len(other)) for line in read_page(other, i).lines)


def test_no_line_spans_two_cells():
    page = read_page(open_pdf(real(QD1696)), 2)
    line = next(l for l in page.lines if l.text == "Điều 44 Nghị định số 105/2025/NĐ-")
    assert line.cell == (0, 3, 1)
    assert next(l for l in page.lines if l.text == "3, 4, 9").cell == (0, 4, 3)


def test_cells_equal_pdfplumbers_own_lines_strategy():
    # The rules are handed to pdfplumber's finder as explicit lines; its "lines" strategy on the parsed page
    # (filled highlights left out) gives the same cells, within the half line width pdfium's bounds add.
    path = real(QD1696)
    page = open_pdf(path)[2]
    boxes = _pdfium_paths(page, _View(page))
    assert _ruled(boxes)
    mine = table_cells(boxes)
    with pdfplumber.open(path) as pdf:
        pp = pdf.pages[2]
        rules = pp.filter(lambda o: o["object_type"] == "line"
                          or o["object_type"] == "rect" and min(o["width"], o["height"]) <= 2)
        ref = [((0, r, c), box) for r, row in enumerate(rules.find_tables()[0].rows)
               for c, box in enumerate(row.cells) if box]
        dx, dy = pp.cropbox[0], pp.cropbox[1]
    assert [k for k, _ in mine] == [k for k, _ in ref]
    assert all(abs(a - b) <= 1.5 for (_, m), (_, (x0, t, x1, b_)) in zip(mine, ref)
               for a, b in zip(m, (x0 - dx, t - dy, x1 - dx, b_ - dy)))


def test_both_engines_give_the_same_cells():
    path = real(QD1696)
    texts = []
    for engine in ("pdfium", "pdfplumber"):
        source = Source(path=str(path), doc_id=path.name, format="pdf", sha256="")
        read_pdf(path, source, engine=engine)
        texts.append([b.text for b in to_blocks(source.positioned) if b.kind == "table"])
    assert texts[0] == texts[1] and len(texts[0]) == 33


def test_footnote_rule_and_title_underline_alone_do_not_open_the_finder():
    assert not _ruled([(100, 700, 250, 700.5, False), (200, 120, 400, 120.5, False)])
    assert _ruled([(50, 100, 50.5, 200, False), (300, 100, 300.5, 200, False),
                   (50, 100, 300, 100.5, False), (50, 200, 300, 200.5, False)])


def _row(text: str, x: float, base: float) -> list[Char]:
    return [Char(ch, x + 6 * i, x + 6 * i + 5, base, 12.0, False, "Times") for i, ch in enumerate(text)]


def test_a_row_is_cut_at_the_cell_border_even_without_a_gap():
    # "105/2025/NĐ-" ends right at the border where the next cell's "3, 4" starts: one baseline, two cells.
    chars = _row("NĐ-", 100, 300) + _row("3, 4", 120, 300) + _row("Căn cứ", 100, 100)
    cells = [((0, 0, 0), (90.0, 280.0, 119.0, 320.0)), ((0, 0, 1), (119.0, 280.0, 200.0, 320.0))]
    page = build_page(1, 595, 842, chars, cells=cells)
    assert [(line.text, line.cell) for line in page.lines] == [("Căn cứ", None), ("NĐ-", (0, 0, 0)),
                                                               ("3, 4", (0, 0, 1))]
