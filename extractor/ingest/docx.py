"""Read a .docx: body paragraphs and table cells in order, real footnotes after the paragraph citing them."""

from __future__ import annotations

import posixpath
import unicodedata
import zipfile
from collections import Counter
from dataclasses import astuple, dataclass, field
from pathlib import Path

import regex
from lxml import etree

from ..errors import ExtractorError
from ..models import Block, Marker, Source
from . import legacy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_OFFICE = "/officeDocument"
_REL_FOOTNOTES = "/footnotes"
_MAX_PART = 200 * 1024 * 1024  # an uncompressed XML part larger than this is a zip bomb, not a report
_MARK = "\ue000"  # stands for a footnote reference while the text is normalised, then removed
_CAPS = ("\ue001", "\ue002")  # around text in a TCVN3 capitals font (.VnTimeH): Block.capitals once converted
_SENTINELS = regex.compile("([\ue000-\ue002])")
_REFERENCES = regex.compile(f"({_MARK})")
_CAPS_FONT = regex.compile(r"^\.Vn.*H$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Elements whose content is never part of the reading text: deleted or hidden revisions, field codes,
# floating shapes and text boxes (page numbers, "DỰ THẢO" stamps, duplicated header blocks), and the
# Fallback copy of mc:AlternateContent, which repeats the Choice.
_SKIP = {_w("del"), _w("delText"), _w("instrText"), _w("drawing"), _w("pict"), _w("object"),
         _w("txbxContent"), _w("footnoteRef"), _w("endnoteRef"), _w("commentReference"),
         f"{{{MC}}}Fallback", _w("rPr"), _w("pPr"), _w("sectPr"), _w("tblPr"), _w("trPr"), _w("tcPr")}
_SPACES = {_w("tab"): " ", _w("br"): " ", _w("cr"): " ", _w("noBreakHyphen"): "-", _w("ptab"): " "}


@dataclass
class _Style:
    bold: bool | None = None
    size: float | None = None
    centered: bool | None = None
    hidden: bool | None = None


@dataclass
class _Para:
    """A paragraph being read: text pieces with run formats, and the footnote ids it references."""

    pieces: list[tuple[str, bool, float | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    centered: bool = False
    page: int = 1


def read_docx(path: Path, source: Source) -> None:
    """Fill ``source.blocks`` from a .docx: body and table text, footnotes with exact marker offsets."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractorError(f"not a readable DOCX (zip) file: {exc}") from None
    with archive:
        main = _main_part(archive)
        rels = _rels(archive, main)
        doc = _parse(archive, main)
        styles = _styles(archive, posixpath.join(posixpath.dirname(main), "styles.xml"))
        notes_part = next((t for kind, t in rels.items() if kind.endswith(_REL_FOOTNOTES)), None)
        notes_xml = _parse(archive, notes_part) if notes_part and notes_part in archive.namelist() else None

    body = doc.find(_w("body"))
    if body is None:
        raise ExtractorError(f"{main} has no w:body: not a Word document")
    # Word records where it last broke pages; when it did, those marks are the pages a reader saw.
    rendered = next(body.iter(_w("lastRenderedPageBreak")), None) is not None
    reader = _Reader(styles, rendered)
    reader.walk(body, kind="body")
    notes = _footnote_paragraphs(notes_xml, reader) if notes_xml is not None else {}

    blocks: list[Block] = []
    numbers: dict[str, int] = {}
    for para, kind in reader.paragraphs:
        block, offsets = _block(para, kind)
        if block is None:
            continue
        # Word numbers footnotes in the order their references appear in the body.
        for note_id in para.notes:
            numbers.setdefault(note_id, len(numbers) + 1)
        block.markers = [Marker(offset, numbers[n]) for offset, n in zip(offsets, para.notes)]
        blocks.append(block)
        for note_id in dict.fromkeys(para.notes):
            if note_id in notes:
                text = notes.pop(note_id)
                blocks.append(Block(text=text, page=block.page, kind="footnote", footnote=numbers[note_id]))
    _finish(blocks, source)
    source.blocks = blocks
    source.pages = max((b.page for b in blocks), default=1)


def _main_part(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        for kind, target in _rels(archive, "").items():
            if kind.endswith(_REL_OFFICE) and target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ExtractorError("zip archive without word/document.xml: not a DOCX file")


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    # Relationship type -> target part name, resolved against the part's folder.
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {}
    out = {}
    for rel in _parse(archive, rels_name):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(rel.get("Type", ""), resolved)
    return out


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element:
    info = archive.getinfo(name)
    if info.file_size > _MAX_PART:
        raise ExtractorError(f"DOCX part {name} unpacks to {info.file_size} bytes: refused as a zip bomb")
    data = archive.read(name)
    # Office never writes a DTD; one in a part is an entity attack (billion laughs, external entities).
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ExtractorError(f"DOCX part {name} declares a DTD or entities: refused as hostile XML")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractorError(f"DOCX part {name} is not well-formed XML: {exc}") from None


def _on(el: etree._Element | None) -> bool | None:
    # A toggle property: present means on unless its value says off.
    if el is None:
        return None
    return el.get(_w("val"), "true") not in ("0", "false", "off", "none")


def _props(ppr: etree._Element | None, rpr: etree._Element | None) -> _Style:
    style = _Style()
    if rpr is not None:
        style.bold = _on(rpr.find(_w("b")))
        style.hidden = _on(rpr.find(_w("vanish")))
        sz = rpr.find(_w("sz"))
        if sz is not None and (sz.get(_w("val")) or "").isdigit():
            style.size = int(sz.get(_w("val"))) / 2
    if ppr is not None:
        jc = ppr.find(_w("jc"))
        if jc is not None:
            style.centered = jc.get(_w("val")) == "center"
    return style


def _merge(base: _Style, top: _Style) -> _Style:
    # The upper layer's formats win where it sets them.
    return _Style(*(t if t is not None else b for b, t in zip(astuple(base), astuple(top))))


def _styles(archive: zipfile.ZipFile, name: str) -> dict[str, _Style]:
    """Paragraph and character styles by id, with basedOn chains and document defaults applied."""
    if name not in archive.namelist():
        return {"": _Style()}
    root = _parse(archive, name)
    defaults = root.find(f"{_w('docDefaults')}")
    default = _Style()
    if defaults is not None:
        default = _props(defaults.find(f".//{_w('pPr')}"), defaults.find(f".//{_w('rPr')}"))
    own, parent, character = {}, {}, set()
    for st in root.iter(_w("style")):
        sid = st.get(_w("styleId"), "")
        if st.get(_w("type")) == "character":
            character.add(sid)
        own[sid] = _props(st.find(_w("pPr")), st.find(_w("rPr")))
        based = st.find(_w("basedOn"))
        parent[sid] = based.get(_w("val")) if based is not None else None

    resolved: dict[str, _Style] = {"": default}

    def resolve(sid: str, depth: int = 0) -> _Style:
        if sid in resolved:
            return resolved[sid]
        up = parent.get(sid)
        # A character style is laid over the paragraph's formats, so it must not carry the defaults.
        base = resolve(up, depth + 1) if up and up in own and depth < 20 else (
            _Style() if sid in character else default)
        resolved[sid] = _merge(base, own.get(sid, _Style()))
        return resolved[sid]

    for sid in own:
        resolve(sid)
    # A paragraph without w:pStyle has the default paragraph style ("Normal"), not bare defaults.
    normal = next((st.get(_w("styleId")) for st in root.iter(_w("style"))
                   if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true", "on")), None)
    if normal in resolved:
        resolved[""] = resolved[normal]
    return resolved


class _Reader:
    """Walks w:body in reading order and collects paragraphs with their kind (body or table)."""

    def __init__(self, styles: dict[str, _Style], rendered: bool = False):
        self.styles = styles
        self.paragraphs: list[tuple[_Para, str]] = []
        self.page = 1
        self.rendered = rendered
        self.kind = "body"
        self.row_broke = False

    def walk(self, parent: etree._Element, kind: str) -> None:
        for child in parent:
            if child.tag in _SKIP:
                continue
            if child.tag == _w("p"):
                self.kind = kind
                self.paragraphs.append((self.paragraph(child), kind))
            elif child.tag == _w("tbl"):
                self.walk(child, "table")
            elif child.tag == _w("tr"):
                self.row_broke = False
                self.walk(child, kind)
            else:  # tr, tc, sdt, sdtContent, customXml, AlternateContent/Choice ...
                self.walk(child, kind)

    def paragraph(self, p: etree._Element) -> _Para:
        ppr = p.find(_w("pPr"))
        pstyle = self.styles.get(_style_id(ppr, "pStyle"), self.styles[""])
        para_style = _merge(pstyle, _props(ppr, None))
        para = _Para(centered=bool(para_style.centered))
        if ppr is not None and _on(ppr.find(_w("pageBreakBefore"))) and self._explicit_breaks():
            self.page += 1
        para.page = self.page
        self.runs(p, para, pstyle)
        return para

    def _explicit_breaks(self) -> bool:
        # Without rendered marks, explicit breaks count, except in table cells where Word ignores them.
        return not self.rendered and self.kind != "table"

    def runs(self, parent: etree._Element, para: _Para, pstyle: _Style) -> None:
        for child in parent:
            if child.tag in _SKIP:
                continue
            if child.tag == _w("r"):
                self.run(child, para, pstyle)
            elif child.tag != _w("p"):  # hyperlink, ins, smartTag, fldSimple, sdt, AlternateContent ...
                self.runs(child, para, pstyle)

    def run(self, r: etree._Element, para: _Para, pstyle: _Style) -> None:
        rpr = r.find(_w("rPr"))
        rstyle = _style_id(rpr, "rStyle")
        fmt = _merge(_merge(pstyle, self.styles.get(rstyle, _Style()) if rstyle else _Style()), _props(None, rpr))
        if fmt.hidden:
            return
        fonts = rpr.find(_w("rFonts")) if rpr is not None else None
        font = (fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")) or "") if fonts is not None else ""
        caps = _CAPS if _CAPS_FONT.match(font) else ("", "")
        for el in r:
            tag = el.tag
            if tag in _SKIP:
                continue
            if tag == _w("t"):
                para.pieces.append((caps[0] + (el.text or "") + caps[1], bool(fmt.bold), fmt.size))
            elif tag in _SPACES:
                if tag == _w("br") and el.get(_w("type")) == "page" and self._explicit_breaks():
                    self.page += 1
                para.pieces.append((_SPACES[tag], bool(fmt.bold), fmt.size))
            elif tag == _w("sym"):
                para.pieces.append((_symbol(el.get(_w("char"), "")), bool(fmt.bold), fmt.size))
            elif tag == _w("softHyphen"):
                # An optional hyphen, dropped later; LibreOffice also writes TCVN3's ư byte (0xAD) this way.
                para.pieces.append((caps[0] + "\u00ad" + caps[1], bool(fmt.bold), fmt.size))
            elif tag == _w("footnoteReference"):
                para.pieces.append((_MARK, bool(fmt.bold), None))
                para.notes.append(el.get(_w("id"), ""))
            elif tag == _w("lastRenderedPageBreak") and self.rendered:
                # A table row that crosses a page marks the break once in each of its cells.
                if self.kind != "table" or not self.row_broke:
                    self.page += 1
                self.row_broke = self.kind == "table"
            # everything else adds no text


def _style_id(props: etree._Element | None, tag: str) -> str:
    el = props.find(_w(tag)) if props is not None else None
    return el.get(_w("val"), "") if el is not None else ""


def _symbol(code: str) -> str:
    # w:sym holds a hex code in the font's own table; Symbol fonts sit at U+F0xx, whose low byte is
    # the WinAnsi-like code the glyph stands at.
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value)


def _clean(text: str) -> str:
    # Runs of spaces from tabs and breaks become one space; the ends are trimmed.
    out = unicodedata.normalize("NFC", text.replace("\u00a0", " "))
    while "  " in out:
        out = out.replace("  ", " ")
    return out.strip()


def _unmark(text: str, sentinels: regex.Pattern = _SENTINELS) -> tuple[str, list[int], tuple[tuple[int, int], ...]]:
    # The text without its sentinels: where each reference stood, and the capitals-font spans (touching runs
    # made one). Spaces that only a capitals sentinel kept apart become one, as _clean made all others.
    out, offsets, capitals = [], [], []
    pos = opened = 0
    after_caps = False
    for piece in sentinels.split(text):
        if piece == _MARK:
            offsets.append(pos)
        elif piece in _CAPS:
            if piece == _CAPS[0]:
                opened = pos
            elif capitals and capitals[-1][1] == opened:
                capitals[-1] = (capitals[-1][0], pos)
            elif pos > opened:
                capitals.append((opened, pos))
            after_caps = True
            continue
        elif piece:
            if after_caps and piece[0] == " " and (not out or out[-1][-1] == " "):
                piece = piece[1:]
            if piece:
                out.append(piece)
                pos += len(piece)
        after_caps = False
    text = "".join(out)
    if text.endswith(" "):
        text = text.rstrip()
        offsets = [min(o, len(text)) for o in offsets]
        capitals = [(s, min(e, len(text))) for s, e in capitals if s < len(text)]
    return text, offsets, tuple(capitals)


def _block(para: _Para, kind: str) -> tuple[Block | None, list[int]]:
    text = _clean("".join(t for t, _, _ in para.pieces))
    if not regex.sub("[\ue000-\ue002\u00ad]", "", text).strip():
        return None, []
    text, offsets, _ = _unmark(text, _REFERENCES)  # capitals sentinels stay until the text is converted
    visible = [(t, b, s) for t, b, s in para.pieces if regex.sub("[\ue000-\ue002\u00ad]", "", t).strip()]
    sizes = Counter()
    for t, _, s in visible:
        if s:
            sizes[s] += len(t)
    block = Block(text=text, page=para.page, kind=kind, bold=bool(visible) and all(b for _, b, _ in visible),
                  centered=para.centered, size=sizes.most_common(1)[0][0] if sizes else None)
    return block, offsets


def _footnote_paragraphs(root: etree._Element, reader: _Reader) -> dict[str, str]:
    """Footnote id -> its text (paragraphs joined by a space); separators and continuations skipped."""
    notes = {}
    for note in root.iter(_w("footnote")):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = []
        for p in note.iter(_w("p")):
            para = _Para()
            reader.runs(p, para, reader.styles.get(_style_id(p.find(_w("pPr")), "pStyle"), reader.styles[""]))
            texts.append(_clean("".join(t for t, _, _ in para.pieces).replace(_MARK, "")))
        notes[note.get(_w("id"), "")] = " ".join(t for t in texts if t)
    return notes


def _finish(blocks: list[Block], source: Source) -> None:
    """Convert legacy-encoded text, apply capitals fonts, drop optional hyphens, keeping marker offsets."""
    # The encoding is decided on the whole document (a short paragraph is too little evidence), then each
    # block that is not already Unicode Vietnamese is converted.
    plain = regex.sub("[\ue001\ue002]", "", "\n".join(b.text for b in blocks))
    _, encoding = legacy.fix(plain)
    if encoding:
        source.warnings.append(f"legacy encoding: {encoding}")
    for block in blocks:
        ordered = sorted(block.markers, key=lambda m: m.offset)
        marked = block.text
        for m in reversed(ordered):
            marked = marked[: m.offset] + _MARK + marked[m.offset:]
        if encoding:
            marked = legacy.convert(marked, encoding)
        # Only TCVN3 text draws capitals from lower-case codes; a Unicode run in a .VnTimeH font prints as typed.
        dropped = "[\ue001\ue002\u00ad]" if encoding != "tcvn3" else "\u00ad"
        block.text, offsets, block.capitals = _unmark(_clean(regex.sub(dropped, "", marked)))
        for marker, offset in zip(ordered, offsets):
            marker.offset = offset
