"""Plain-text ingest: encodings (UTF-8/BOM, UTF-16, Windows-1258, NFD, TCVN3, VNI), blocks, garbage refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.errors import ExtractorError
from extractor.ingest.text import decode, read_text, split_blocks
from extractor.models import Source

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "seed-report.txt"

# Real sentences of the seed report (no footnote marks: Windows-1258 has no superscript digits).
SENTENCES = [
    "Số /BC-BDT",
    "Bắc Giang, ngày 30 tháng 11 năm 2023",
    "Sơ kết Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025",
    "Hội đồng nhân dân tỉnh khóa XIX, kỳ họp thứ 7 đã ban hành Nghị quyết số 09/NQ-HĐND ngày 12/7/2022",
    "Ngân sách huyện, xã đối ứng để thực hiện Chương trình là: 55.289 triệu đồng.",
    "Triển khai, Ủy ban, hỗ trợ, kỷ niệm, Điện Biên Phủ",
]
TEXT = "\n\n".join(SENTENCES) + "\n"


def _read(tmp_path: Path, data: bytes) -> Source:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    source = Source(path=str(path), doc_id="in.txt", format="txt", sha256="")
    read_text(path, source)
    return source


def _cp1258(text: str) -> bytes:
    # How Vietnamese Windows saves text: base letters from the code page, tone marks as separate bytes.
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[0] + "".join(c for c in parts[1:] if c in "\u0302\u0306\u031b"))
            out += base.encode("cp1258") + "".join(c for c in parts[1:] if c not in "\u0302\u0306\u031b").encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("name", "data", "warning"),
    [
        ("utf-8", TEXT.encode("utf-8"), []),
        ("utf-8 BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), []),
        ("utf-16 BOM", TEXT.encode("utf-16"), ["text encoding: utf-16"]),
        ("utf-16-le no BOM", TEXT.encode("utf-16-le"), ["text encoding: utf-16-le"]),
        ("utf-16-be no BOM", TEXT.encode("utf-16-be"), ["text encoding: utf-16-be"]),
        ("NFD", unicodedata.normalize("NFD", TEXT).encode("utf-8"), []),
        ("cp1258", _cp1258(TEXT), ["text encoding: cp1258"]),
        ("CRLF", TEXT.replace("\n", "\r\n").encode("utf-8"), []),
    ],
)
def test_encodings_give_the_same_blocks(tmp_path, name, data, warning):
    source = _read(tmp_path, data)
    assert [b.text for b in source.blocks] == SENTENCES
    assert source.warnings == warning
    joined = "".join(b.text for b in source.blocks)
    assert "\u0309" not in joined and "\u0323" not in joined and "\ufeff" not in joined


def test_cp1258_really_has_decomposed_marks():
    assert _cp1258("Triển") == b"Tri\xea\xd2n"


def test_seed_blocks(tmp_path):
    source = _read(tmp_path, SEED.read_bytes())
    texts = [b.text for b in source.blocks]
    assert len(texts) == 106
    assert texts[:3] == ["Số /BC-BDT", "Bắc Giang, ngày 30 tháng 11 năm 2023", "BÁO CÁO"]
    # Footnote marks stay as the seed has them; the layout stage reads them.
    assert texts[20].endswith("Kế hoạch thực hiện Chương trình 03 năm 2024 - 2026¹")
    assert "¹ Kế hoạch số 35/KH-UBND ngày 19/7/2023 của UBND tỉnh Bắc Giang;" in texts
    assert sum("khoá 196." in t for t in texts) == 1
    # The recipient list is the only block whose lines the seed keeps apart.
    assert [t for t in texts if "\n" in t] == [
        "- Sở Lao động Thương binh và Xã hội;\n- Lãnh đạo Ban;\n- Các phòng chuyên môn, đơn vị;\n- Lưu: VT, HCTH."]
    assert {b.page for b in source.blocks} == {1} and source.pages == 1


def test_form_feed_starts_a_page():
    blocks = split_blocks("Trang một\n\ncòn tiếp\fTrang hai\n  \ncuối")
    assert [(b.text, b.page) for b in blocks] == [("Trang một", 1), ("còn tiếp", 1), ("Trang hai", 2), ("cuối", 2)]


def test_lines_inside_a_block_are_kept():
    assert [b.text for b in split_blocks("\n\nNơi nhận:\n- Như trên;  \n- Lưu: VT.\n\n\n\nTRƯỞNG BAN\n")] == [
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.", "TRƯỞNG BAN"]


def test_tcvn3_text_file(tmp_path):
    # A .txt saved from a .VnTime document: TCVN3 bytes, not Unicode.
    legacy = "Quy ®Þnh chi tiÕt thi hµnh LuËt söa ®æi, bæ sung mét\n\nsè ®iÒu cña LuËt ThuÕ xuÊt khÈu, thuÕ nhËp khÈu"
    source = _read(tmp_path, legacy.encode("cp1252"))
    assert [b.text for b in source.blocks] == [
        "Quy định chi tiết thi hành Luật sửa đổi, bổ sung một",
        "số điều của Luật Thuế xuất khẩu, thuế nhập khẩu",
    ]
    assert source.warnings == ["text encoding: cp1252", "legacy encoding: tcvn3"]


def test_vni_text_in_utf8(tmp_path):
    # VNI text that went through a Unicode editor: the same Latin-1 letters, now as UTF-8.
    source = _read(tmp_path, "QUYEÁT ÑÒNH\n\nVeà vieäc pheâ duyeät Keá hoaïch".encode("utf-8"))
    assert [b.text for b in source.blocks] == ["QUYẾT ĐỊNH", "Về việc phê duyệt Kế hoạch"]
    assert source.warnings == ["legacy encoding: vni"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 40, "binary file, not text"),
        (bytes(range(256)) * 20, "binary file, not text"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 65]) * 100, "binary file, not text"),
        ("§¶×÷±°·¬«»¤¦¡¿".encode("utf-8") * 50, "not text"),
    ],
)
def test_garbage_refused(data, message):
    with pytest.raises(ExtractorError, match=message):
        decode(data)
