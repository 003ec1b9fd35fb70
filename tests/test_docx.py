"""DOCX ingest: body and table text in order, real footnotes with exact markers, no text-box leaks, hostile XML."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from extractor import layout
from extractor.errors import ExtractorError
from extractor.ingest.docx import read_docx
from extractor.models import Source

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "seed-report.docx"
SHARED = ROOT.parent / "shared" / "corpus"
BODY = SHARED / "seed" / "seed-report.body.txt"
NOTES = SHARED / "seed" / "seed-report.footnotes.txt"
KHOANG_SAN = SHARED / "real" / "sct-laocai-skills" / "BC-UBND-QLNN-khoang-san-nam-2025.docx"
needs_shared = pytest.mark.skipif(not BODY.is_file(), reason="../shared/corpus is not beside the checkout")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _read(path: Path) -> Source:
    source = Source(path=str(path), doc_id=path.name, format="docx", sha256="")
    read_docx(path, source)
    return source


def _docx(tmp_path: Path, body: str, footnotes: str = "", document: str | None = None) -> Path:
    """A minimal .docx with the given w:body content and w:footnote elements."""
    path = tmp_path / "made.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        z.writestr("_rels/.rels", f"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
                   f"<Relationship Id='r1' Type='{RELS}/officeDocument' Target='word/document.xml'/></Relationships>")
        z.writestr("word/_rels/document.xml.rels",
                   f"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
                   f"<Relationship Id='r2' Type='{RELS}/footnotes' Target='footnotes.xml'/></Relationships>")
        z.writestr("word/document.xml", document or f"<w:document {W} {MC} {WPS}><w:body>{body}</w:body></w:document>")
        z.writestr("word/footnotes.xml", f"<w:footnotes {W}>{footnotes}</w:footnotes>")
    return path


def _p(*runs: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _note(nid: str, text: str, kind: str = "") -> str:
    typ = f' w:type="{kind}"' if kind else ""
    return (f'<w:footnote w:id="{nid}"{typ}><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


def _ref(nid: str) -> str:
    return f'<w:r><w:footnoteReference w:id="{nid}"/></w:r>'


@needs_shared
def test_seed_body_and_footnotes_match_ground_truth():
    source = _read(SEED)
    body = [b.text for b in source.blocks if b.kind != "footnote"]
    assert body == BODY.read_text(encoding="utf-8").splitlines()
    notes = [f"{b.footnote}\t{b.text}" for b in source.blocks if b.kind == "footnote"]
    assert notes == NOTES.read_text(encoding="utf-8").splitlines()


def test_seed_markers_stand_after_their_words():
    source = _read(SEED)
    before = {m.number: b.text[: m.offset] for b in source.blocks for m in b.markers}
    assert sorted(before) == list(range(1, 15))
    assert before[1].endswith("Kế hoạch thực hiện Chương trình 03 năm 2024 - 2026")
    assert before[6].endswith("kỳ họp thứ 5 của HĐND tỉnh khoá 19")
    assert before[8].endswith("được phê duyệt năm 2022")
    assert before[14].endswith("giai đoạn 2022-2024")
    # Each note follows the block that cites it, in number order.
    kinds = [(b.kind, b.footnote) for b in source.blocks]
    cited = next(i for i, b in enumerate(source.blocks) if any(m.number == 6 for m in b.markers))
    cited_numbers = [m.number for m in source.blocks[cited].markers]
    assert kinds[cited + 1: cited + 1 + len(cited_numbers)] == [("footnote", n) for n in cited_numbers]
    assert cited_numbers == [4, 5, 6]
    assert [n for k, n in kinds if k == "footnote"] == list(range(1, 15))


def test_seed_formats_and_tables():
    blocks = _read(SEED).blocks
    assert [(b.text, b.kind) for b in blocks[:2]] == [("Số /BC-BDT", "table"),
                                                      ("Bắc Giang, ngày 30 tháng 11 năm 2023", "table")]
    title = blocks[2]
    assert (title.text, title.bold, title.centered, title.size) == ("BÁO CÁO", True, True, 15.0)
    heading = next(b for b in blocks if b.text == "I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert (heading.bold, heading.centered, heading.size) == (True, False, 14.0)
    assert [b.text for b in blocks if b.kind == "table"][-2:] == ["TRƯỞNG BAN", "Vi Thanh Quyền"]


@needs_shared
def test_real_report_with_footnotes_and_decomposed_marks():
    source = _read(KHOANG_SAN)
    notes = {b.footnote: b.text for b in source.blocks if b.kind == "footnote"}
    assert sorted(notes) == list(range(1, 13))
    assert notes[2] == "Kết luận số 10/KL-TT ngày 09/9/2025 và Kết luận số 17/KL-TT ngày 05/11/2025."
    assert notes[3] == "Kết luận số 02/KL-TT ngày 10/02/2025."
    texts = [b.text for b in source.blocks]
    # The file's 29 decomposed marks (Triển with U+0309) come out composed.
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert not any(unicodedata.combining(c) for t in texts for c in t)
    # The header: table cells, no shapes' text and no page-number field from the page header part.
    assert texts[:6] == ["UỶ BAN NHÂN DÂN", "TỈNH LÀO CAI", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: /BC-UBND", "Lào Cai, ngày tháng năm 2026"]
    assert "15" not in texts
    assert len(texts) == len(set(texts)) or all(a != b for a, b in zip(texts, texts[1:]))
    marked = next(b for b in source.blocks if any(m.number == 2 for m in b.markers))
    offsets = {m.number: m.offset for m in marked.markers}
    assert marked.text[: offsets[2]].endswith("hóa chất Lào Cai ban hành 02 Kết luận")
    assert source.pages == 15


def test_text_boxes_fallbacks_and_hidden_text_do_not_leak(tmp_path):
    box = ("<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
           + _p(_r("DỰ THẢO")) + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
           + "<w:txbxContent>" + _p(_r("DỰ THẢO")) + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    body = _p(_r("Số: 12/BC-UBND"), box, _r(" ẩn", "<w:vanish/>"))
    body += _p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', _r("2"),
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert [b.text for b in _read(_docx(tmp_path, body)).blocks] == ["Số: 12/BC-UBND", "2"]


def test_runs_tabs_breaks_symbols_and_hyphens(tmp_path):
    body = _p(_r("Điều\u00a01."), "<w:r><w:tab/><w:t>Phạm</w:t><w:br/><w:t>vi</w:t></w:r>",
              "<w:r><w:t>điều</w:t><w:softHyphen/><w:t>chỉnh</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r>",
              '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>', _r(" 5%"))
    assert _read(_docx(tmp_path, body)).blocks[0].text == "Điều 1. Phạm viđiềuchỉnh-x³ 5%"


def test_footnotes_numbered_by_reference_order_and_placed_after_their_block(tmp_path):
    cell = "<w:tbl><w:tr><w:tc>" + _p(_r("Ô bảng"), _ref("7")) + "</w:tc></w:tr></w:tbl>"
    body = _p(_r("Theo Kế hoạch số 35/KH-UBND"), _ref("9"), _r(" và Quyết định số 70/QĐ-UBND"), _ref("8")) + cell
    body += _p(_r("Tiêu đề", "<w:b/><w:sz w:val='30'/>"), ppr='<w:jc w:val="center"/>')
    notes = (_note("0", "", "separator") + _note("1", "", "continuationSeparator")
             + _note("7", "Chú thích ô.") + _note("8", "Quyết định 70.") + _note("9", "Kế hoạch 35."))
    blocks = _read(_docx(tmp_path, body, notes)).blocks
    assert [(b.kind, b.footnote, b.text) for b in blocks] == [
        ("body", None, "Theo Kế hoạch số 35/KH-UBND và Quyết định số 70/QĐ-UBND"),
        ("footnote", 1, "Kế hoạch 35."),
        ("footnote", 2, "Quyết định 70."),
        ("table", None, "Ô bảng"),
        ("footnote", 3, "Chú thích ô."),
        ("body", None, "Tiêu đề"),
    ]
    assert [(m.offset, m.number) for m in blocks[0].markers] == [(27, 1), (55, 2)]
    assert [(m.offset, m.number) for m in blocks[3].markers] == [(6, 3)]
    assert (blocks[-1].bold, blocks[-1].centered, blocks[-1].size) == (True, True, 15.0)


def test_legacy_docx_converted_with_markers(tmp_path):
    # A .VnTime document whose bytes are TCVN3: converted, and the marker still follows "1998".
    # LibreOffice writes the ư byte (0xAD) as w:softHyphen; a .VnTimeH run prints in capitals: the text keeps
    # the typed letters (as the viparse transcripts do) and the run's span is kept for segmentation.
    body = _p(_r("NghÞ ®Þnh sè 94/1998"), _ref("2"), _r(" cña ChÝnh phñ")) + _p(_r("vÒ thuÕ nhËp khÈu"))
    body += _p(_r("QuyÕt ®Þnh cña "), '<w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr>'
               "<w:t>bé tr</w:t><w:softHyphen/><w:t>ëng bé tµi chÝnh</w:t></w:r>", _ref("3"))
    source = _read(_docx(tmp_path, body, _note("2", "Bé Tµi chÝnh") + _note("3", "Ghi chó")))
    assert [b.text for b in source.blocks] == ["Nghị định số 94/1998 của Chính phủ", "Bộ Tài chính", "về thuế nhập khẩu",
                                              "Quyết định của bộ trưởng bộ tài chính", "Ghi chú"]
    assert [(m.offset, m.number) for m in source.blocks[0].markers] == [(20, 1)]
    assert [b.capitals for b in source.blocks] == [(), (), (), ((15, 37),), ()]
    assert source.warnings == ["legacy encoding: tcvn3"]
    text = layout.build(source)
    assert text.text.endswith("Quyết định của bộ trưởng bộ tài chính²\n\n² Ghi chú")
    assert text.printed().endswith("Quyết định của BỘ TRƯỞNG BỘ TÀI CHÍNH²\n\n² Ghi chú")
    assert len(text.printed()) == len(text.text)


def test_billion_laughs_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>'
            f"<w:document {W}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(ExtractorError, match="hostile XML"):
        _read(_docx(tmp_path, "", document=bomb))


def test_external_entity_refused(tmp_path):
    xxe = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(ExtractorError, match="hostile XML"):
        _read(_docx(tmp_path, "", document=xxe))


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ExtractorError, match="not a DOCX"):
        _read(path)


def test_broken_zip(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ExtractorError, match="not a readable DOCX"):
        _read(path)
