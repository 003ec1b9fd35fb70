"""Layout on the seed report: page-break joins, footnote notes and marks, NFC, the assembled Text."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
import regex

from extractor.ingest import read
from extractor.layout import build
from extractor.layout.marks import from_superscript, superscript
from extractor.models import Block, Marker, Source

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
SHARED = ROOT.parent / "shared"
BODY = SHARED / "corpus" / "seed" / "seed-report.body.txt"
NOTES = SHARED / "corpus" / "seed" / "seed-report.footnotes.txt"
MARKS = regex.compile("[⁰¹²³⁴-⁹]+")
needs_truth = pytest.mark.skipif(not BODY.is_file(), reason="../shared/corpus/seed is not beside the checkout")


def _txt(*paragraphs: str) -> Source:
    return Source(path="t.txt", doc_id="t.txt", format="txt", sha256="", blocks=[Block(p) for p in paragraphs])


def _paragraphs(text, kind="body"):
    return [text.text[p.start : p.end] for p in text.paragraphs if p.kind == kind]


@pytest.fixture(scope="module")
def seed():
    return build(read(SEED / "seed-report.txt"))


@needs_truth
def test_seed_body_paragraphs_are_the_rendered_body(seed):
    body = BODY.read_text(encoding="utf-8").splitlines()
    assert [MARKS.sub("", p) for p in _paragraphs(seed)] == body
    assert len(body) == 86


@needs_truth
def test_seed_notes_are_the_rendered_footnotes(seed):
    truth = [line.split("\t", 1) for line in NOTES.read_text(encoding="utf-8").splitlines()]
    notes = _paragraphs(seed, "footnote")
    assert notes == [f"{superscript(int(n))} {t}" for n, t in truth]
    assert [p.footnote for p in seed.paragraphs if p.kind == "footnote"] == list(range(1, 15))
    body = "\n".join(_paragraphs(seed))
    assert not [t for _, t in truth if t[:80] in body]  # no note text left inside the body


def test_seed_page_breaks_rejoined(seed):
    assert "Nghị quyết số 44/NQ-HĐND ngày 09/12/2022" in seed.text
    assert "đầu tư xây dựng các công trình ngầm, cầu dân sinh được phê duyệt năm 2022⁸; đồng thời" in seed.text
    assert "114/171 xã vùng dân tộc thiểu số và miền núi đạt tiêu chí" in seed.text
    assert "thúc đẩy phát triển kinh tế xã hội vùng đồng bào DTTS&MN" in seed.text
    # The joined paragraph comes first, then the notes that stood between its halves.
    assert seed.text.index("được phê duyệt năm 2022⁸") < seed.text.index("² Quyết định số 119/QĐ-BDT")


def test_seed_marks(seed):
    assert "tại kỳ họp thứ 5 của HĐND tỉnh khoá 19⁶." in seed.text
    assert "khoá 196" not in seed.text
    assert [m.number for m in seed.markers] == list(range(1, 15))
    for m in seed.markers:
        mark = superscript(m.number)
        assert seed.text[m.offset : m.offset + len(mark)] == mark
        assert seed.paragraph_at(m.offset).kind == "body"
    before = {m.number: seed.text[m.offset - 30 : m.offset] for m in seed.markers}
    assert before[7].endswith("cầu dân sinh năm 2022")
    assert before[11].endswith("kiểm tra thực tế") and before[13].endswith("điều chỉnh, bổ sung")


def test_seed_text_shape(seed):
    assert unicodedata.is_normalized("NFC", seed.text)
    assert len(seed.paragraphs) == 100
    for a, b in zip(seed.paragraphs, seed.paragraphs[1:]):
        assert seed.text[a.end : b.start] == "\n\n"
    assert all("\n\n" not in seed.text[p.start : p.end] for p in seed.paragraphs)
    assert seed.text[seed.paragraphs[0].start : seed.paragraphs[0].end] == "Số /BC-BDT"
    assert seed.text.endswith("TRƯỞNG BAN\n\nVi Thanh Quyền")


def test_flattened_marks_recovered_from_the_sequence(seed, tmp_path):
    # The same report as pdftotext gives it: every mark an ordinary digit glued on, notes opened by "1 ".
    raw = (SEED / "seed-report.txt").read_text(encoding="utf-8")
    flat = MARKS.sub(lambda m: str(from_superscript(m.group())), raw)
    flat = regex.sub(r"(?m)^(\d+)(?=\p{Lu})", r"\1 ", flat)
    assert "năm 20227; thứ tự" in flat and "\n\n1 Kế hoạch số 35/KH-UBND" in flat
    path = tmp_path / "flat.txt"
    path.write_text(flat, encoding="utf-8")
    assert build(read(path)).text == seed.text


def test_glued_year_is_a_mark_only_with_a_note_for_it():
    body = "Giao kế hoạch chi tiết năm 2022⁶; đầu tư năm 20227; thứ tự ưu tiên."
    note = "7 Quyết định số 1484/QĐ-UBND ngày 21/12/2021 của UBND tỉnh"
    with_note = build(_txt(body, "⁶ Nghị quyết số 49/NQ-HĐND ngày 10/12/2021;", note))
    assert "đầu tư năm 2022⁷; thứ tự" in with_note.text
    assert [(m.number, m.offset) for m in with_note.markers] == [(6, 31), (7, 49)]
    assert with_note.text[31] == "⁶" and with_note.text[49] == "⁷"
    assert [p.footnote for p in with_note.paragraphs] == [None, 6, 7]
    alone = build(_txt(body))
    assert "năm 20227;" in alone.text and [m.number for m in alone.markers] == [6]


def test_numbered_lines_are_not_notes():
    text = build(_txt(
        "1. Công tác lãnh đạo, chỉ đạo",
        "2.1.4 Kết quả thực hiện Chương trình",
        "56 công trình ngầm, cầu hoàn thành trong năm 2022-2023 được đưa vào sử dụng.",
        "2 Quyết định số 119/QĐ-BDT ngày 08/11/2021",  # no note 1 before it and no mark 2 in the body
        "Diện tích 120 m² và 35 m³ bê tông.",
    ))
    assert all(p.kind == "body" for p in text.paragraphs)
    assert not text.markers and "120 m² và 35 m³" in text.text


def test_wrapped_lines_and_list_items():
    recipients = build(_txt("Nơi nhận:", "- Sở Lao động Thương binh và Xã hội;\n- Lãnh đạo Ban;\n- Lưu: VT, HCTH."))
    assert _paragraphs(recipients) == [
        "Nơi nhận:", "- Sở Lao động Thương binh và Xã hội;", "- Lãnh đạo Ban;", "- Lưu: VT, HCTH."]
    # pdftotext wraps lines; a wrapped line opening with a number is not a note.
    wrapped = build(_txt("Tổ chức 09 hội thảo chia sẻ kinh nghiệm và tổ chức\n04 Đoàn cán bộ đi học tập kinh nghiệm."))
    assert _paragraphs(wrapped) == [
        "Tổ chức 09 hội thảo chia sẻ kinh nghiệm và tổ chức 04 Đoàn cán bộ đi học tập kinh nghiệm."]


def test_join_keeps_markers_and_lettered_items():
    source = Source(path="d.docx", doc_id="d.docx", format="docx", sha256="", blocks=[
        Block("cầu dân sinh", markers=[Marker(3, 7)]),
        Block("Quyết định số 1484/QĐ-UBND", kind="footnote", footnote=7),
        Block("được phê duyệt năm 2022; đồng thời", markers=[Marker(23, 8)]),
        Block("a) Kết quả đạt được"),
        Block("b) tồn tại, hạn chế"),
    ])
    text = build(source)
    assert _paragraphs(text) == [
        "cầu⁷ dân sinh được phê duyệt năm 2022⁸; đồng thời", "a) Kết quả đạt được", "b) tồn tại, hạn chế"]
    assert _paragraphs(text, "footnote") == ["⁷ Quyết định số 1484/QĐ-UBND"]
    assert [text.text[m.offset] for m in text.markers] == ["⁷", "⁸"]


def test_nfc_moves_markers():
    decomposed = unicodedata.normalize("NFD", "Triển khai Kế hoạch")
    source = Source(path="d.docx", doc_id="d.docx", format="docx", sha256="",
                    blocks=[Block(decomposed, markers=[Marker(len(decomposed), 1)])])
    text = build(source)
    assert text.text == "Triển khai Kế hoạch¹"
    assert text.markers[0].offset == len("Triển khai Kế hoạch")


def test_speed(seed):
    raw = (SEED / "seed-report.txt").read_text(encoding="utf-8")
    source = _txt(*[p for p in regex.split(r"\n\s*\n", raw * 40) if p.strip()])
    size = len((raw * 40).encode())
    began = time.perf_counter()
    text = build(source)
    rate = size / (time.perf_counter() - began) / 1e6
    assert len(text.markers) == 14 * 40
    assert rate > 5, f"{rate:.1f} MB/s"  # about 20 MB/s on an idle core; the target is 10


@needs_truth
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_seed_other_formats_give_the_same_body_and_notes(fmt, seed):
    text = build(read(SEED / f"seed-report.{fmt}"))
    # Header and signature cells are table paragraphs in these formats; together with the body they are
    # the rendered body in reading order.
    shown = [MARKS.sub("", text.text[p.start : p.end]) for p in text.paragraphs if p.kind != "footnote"]
    assert shown == BODY.read_text(encoding="utf-8").splitlines()
    assert _paragraphs(text, "footnote") == _paragraphs(seed, "footnote")
    assert [m.number for m in text.markers] == list(range(1, 15))
    assert "khoá 19⁶." in text.text and "cầu dân sinh được phê duyệt năm 2022⁸;" in text.text
