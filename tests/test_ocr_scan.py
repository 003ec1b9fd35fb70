"""The whole pipeline on a mixed PDF: seed scan pages 1, 10, 11 (OCR) around the digital page 9 (text layer).

Three OCR'd pages keep this under ~15 s; the full 16-page scan is scored by benchmarks/bench_ocr.py.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from extractor import extract

from .conftest import SEED, SHARED, needs_shared

SCAN = SHARED / "corpus" / "seed" / "seed-report-scan.pdf"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The extracted document of [scan p1, digital p9, scan p10, scan p11]."""
    path = tmp_path_factory.mktemp("ocr") / "mixed.pdf"
    out = pdfium.PdfDocument.new()
    for source, index in [(SCAN, 0), (SEED / "seed-report.pdf", 8), (SCAN, 9), (SCAN, 10)]:
        pdf = pdfium.PdfDocument(str(source))
        out.import_pages(pdf, [index])
        pdf.close()
    out.save(str(path))
    return extract(path)


@needs_shared
def test_only_image_pages_are_ocrd(mixed):
    assert mixed.status == "ok" and (mixed.pages, mixed.ocr_pages) == (4, 3)
    assert [w for w in mixed.warnings if "OCR" in w] == [f"page {n}: no text layer, read by OCR" for n in (1, 3, 4)]


@needs_shared
def test_header_from_the_scanned_first_page(mixed):
    h = mixed.header
    assert (h.number, h.place, h.date, h.kind) == ("/BC-BDT", "Bắc Giang", "2023-11-30", "BÁO CÁO")
    assert h.title == "Sơ kết Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025"


@needs_shared
def test_footnote_marks_recovered_on_ocr_pages(mixed):
    # Tesseract read the marks as "?", "”", "/", "'\"" or lost them; all 11 notes of the scanned pages 10
    # and 11 are linked right after the word the mark follows, as are notes 2 and 3 of the digital page.
    anchors = {f.number: (f.page, f.anchor_context.split()[-3:]) for f in mixed.footnotes}
    assert anchors == {
        2: (2, ["2022", "-", "2024"]), 3: (2, ["của", "UBND", "tỉnh"]), 4: (3, ["các", "dự", "án"]),
        5: (3, ["đúng", "quy", "định"]), 6: (3, ["tỉnh", "khoá", "19"]), 7: (3, ["sinh", "năm", "2022"]),
        8: (3, ["duyệt", "năm", "2022"]), 9: (3, ["trình", "năm", "2022"]), 10: (3, ["sinh", "năm", "2023"]),
        11: (3, ["tra", "thực", "tế"]), 12: (4, ["sung", "Kế", "hoạch"]), 13: (4, ["chỉnh,", "bổ", "sung"]),
        14: (4, ["giai", "đoạn", "2022-2024"]),
    }
    notes = {f.number: f.text for f in mixed.footnotes}
    assert notes[11] == ("Công văn số 675/BDT-CSDT&ĐB ngày 14/8/2023 về việc kiểm tra tiến độ thực hiện kế hoạch "
                         "số 511/KH-UBND ngày 15/10/2021 của UBND tỉnh;")


@needs_shared
def test_mentions_carry_ocr_confidence(mixed):
    by_page: dict[int, set[float]] = {}
    for mention in (*mixed.citations, *mixed.amounts, *mixed.quantities):
        by_page.setdefault(mention.prov.page, set()).add(mention.prov.confidence)
    assert by_page[2] == {1.0}  # the text layer page
    assert all(0.8 < c < 1.0 for page in (1, 3, 4) for c in by_page[page])
    cited = [(c.kind, c.number, c.date, c.prov.in_footnote) for c in mixed.citations if c.prov.page == 4]
    assert cited[:3] == [("Tờ trình", "14/TTr-BDT", "2023-06-07", 12), ("Kế hoạch", "511/KH-UBND", "2021-10-15", 12),
                         ("Tờ trình", "22/TTr-BDT", "2023-08-10", 12)]
    assert [a.value_vnd for a in mixed.amounts][:4] == [165500000000, 150000000000, 91006000000, 150000000000]
