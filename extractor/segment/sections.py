"""Numbered headings as a tree: I. / 1. / 2.1. / 2.1.1. / a), and Chương / Điều / khoản / điểm."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..models import Paragraph, Section, Text
from ..rules import load
from .signature import Lines, is_caps, read_lines

_ROMAN = regex.compile(r"^(?=[IVXL])(?P<l>L?)(?P<x>XL|X{0,3})(?P<u>IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50}
# A quotation of another document that stays open longer than this many paragraphs is a stray quote mark.
_QUOTE_SPAN = 60
_TITLE_MAX = 250
_AFTER_COLON = regex.compile(r":\s*\Z")
_DIGITS = regex.compile(r"\d+")


@dataclass(slots=True)
class _Candidate:
    kind: str
    number: str  # as printed, without the trailing dot ("2.1.4", "IV", "a", "5" for Điều 5)
    paragraph: Paragraph
    start: int  # offset of the heading's first character
    rest: int  # offset where the heading text begins


@lru_cache(maxsize=None)
def _rules() -> dict:
    rules = load("segment")["sections"]
    heading = rules["heading"]
    # Most paragraphs open with no numbering at all: one match of every style at once says so, and the group
    # named for its kind says which style it is.
    any_style = regex.compile("|".join(f"(?P<{s['kind']}>{s['pattern']})" for s in rules["style"]))
    return {
        "styles": [(s["kind"], regex.compile(s["pattern"])) for s in rules["style"]],
        "any_style": any_style,
        "opener": _Openers(any_style),
        "kind_groups": [(any_style.groupindex[kind], kind) for kind in dict.fromkeys(s["kind"] for s in rules["style"])],
        # The regex module numbers same-named groups as one: every style's "num" is this group.
        "num_group": any_style.groupindex["num"],
        # The letter after each one ("b" after "a"): the last has none.
        "next_letter": dict(itertools.pairwise(rules["letters"].split())),
        # Styles whose label is a word and the number ("Điều 5", "Chương II", "Phụ lục I", "Phụ lục").
        "labels": {s["kind"]: s["label"] for s in rules["style"] if "label" in s},
        "short": heading["short"],
        "skip": heading["max_skip"],
        "title_end": regex.compile(heading["title_end"]),
    }


class _Openers(dict):
    """Whether a paragraph that starts with a character can open with a numbering, worked out at its first sight."""

    def __init__(self, pattern: regex.Pattern):
        super().__init__()
        self.pattern = pattern

    def __missing__(self, first: str) -> bool:
        # A partial match says whether some text that starts with ``first`` can match: most paragraphs start
        # with a character no numbering starts with, known from one dict lookup.
        self[first] = self.pattern.match(first, partial=True) is not None
        return self[first]


@lru_cache(maxsize=1024)  # a document asks for the same few numerals again and again
def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral up to 89, or None if it is not one."""
    if not _ROMAN.match(numeral):
        return None
    values = [_ROMAN_VALUE[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _opens_quotation(body: str, opens: int, closes: int) -> bool:
    """True when ``body`` leaves open a quotation that runs on into the next paragraphs.

    A paragraph that begins with the quote does; one that opens it inside its text does only when the quote
    follows a colon ("Điều 5 quy định: “1. ..."). A quote left open after other words ("với hành vi “Không
    thực hiện ..., với số tiền ...") is a stray mark whose closing quote was never typed.
    """
    if body[:1] == '"':
        return body.count('"') % 2 == 1
    if opens <= closes:
        return False
    return body[:1] in "“‘" or _AFTER_COLON.search(body[: _last_open(body)]) is not None


def _last_open(body: str) -> int:
    """The offset of the opening quote that is still open at the end of ``body`` (0 if none is)."""
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        if body[i] == "”":
            depth += 1
        elif body[i] == "“":
            if depth == 0:
                return i
            depth -= 1
    return 0


class _Quotation:
    """Whether body paragraphs, taken in order, stand inside a quotation of another document."""

    def __init__(self):
        self.left = 0  # paragraphs an open quotation may still run for

    def step(self, body: str) -> tuple[bool, bool]:
        """Take the next paragraph: (quoted, running), running when an earlier paragraph's quotation goes on
        through this one without closing in it."""
        opens, closes = body.count("“"), body.count("”")
        running = self.left > 0 and closes <= opens
        quoted = self.left > 0 or body[:1] in "“\"'‘"
        if self.left > 0:
            self.left = 0 if closes > opens else self.left - 1
        elif _opens_quotation(body, opens, closes):
            self.left = _QUOTE_SPAN
        return quoted, running

    def end(self, body: str) -> None:
        """The quotation ended before ``body``, which may open a new one."""
        self.left = _QUOTE_SPAN if _opens_quotation(body, body.count("“"), body.count("”")) else 0


def _candidate(hit: regex.Match, body: str, para: Paragraph) -> _Candidate | None:
    """The numbering that ``body``, the text of ``para``, opens with, given the match ``hit`` of any style there."""
    rules = _rules()
    spans = hit.regs  # by group number: many times faster than asking each group by name
    for group, kind in rules["kind_groups"]:
        if spans[group][0] >= 0:
            break
    at, to = spans[rules["num_group"]]
    number = body[at:to]  # "" when the style matched no number ("PHỤ LỤC")
    if kind != "roman" or roman_value(number):
        return _Candidate(kind, number, para, para.start, para.start + hit.end())
    # Not a numeral after all ("IIII."): a later style may still read the paragraph.
    for kind, pattern in rules["styles"]:
        hit = pattern.match(body)
        if hit and (kind != "roman" or roman_value(hit["num"])):
            return _Candidate(kind, hit["num"] or "", para, para.start, para.start + hit.end())
    return None


def _resumes(tree: _Tree, cand: _Candidate) -> bool:
    """True when a heading inside a running quotation continues the document's own outline instead.

    Only numbers that name their place are trusted: a "Phụ lục", a Roman heading or a decimal with its parent's
    prefix ("7.4." after "7.3." under "7."), each the very next number. A quoted "2." or "b)" may well follow the
    report's own "1." or "a)" (tờ trình 3367 quotes khoản 2 and its điểm a-c of a decree under its own "1.").
    """
    if cand.kind == "appendix":
        return True
    if cand.kind not in ("roman", "decimal") or (cand.kind == "decimal" and "." not in cand.number):
        return False
    placed = _place(tree, cand)
    if placed is None:
        return False
    _, _, counter, value = placed
    return value == (tree.last.get(counter) or 0) + 1


class _Tree:
    """The open chain of headings and the last number used under each parent, per numbering style."""

    def __init__(self, text: Text):
        self.end = len(text.text)
        self.sections: list[Section] = []
        self.stack: list[tuple[Section, str]] = []  # (section, style kind)
        self.last: dict[tuple[str, str], object] = {}
        self.ids: set[str] = set()
        self.appendix: Section | None = None  # the open "Phụ lục": everything after it sits one level deeper

    def open_below(self, level: int) -> Section | None:
        """The deepest open heading with a level under ``level``."""
        for section, _ in reversed(self.stack):
            if section.level < level:
                return section
        return None

    def open_kind(self, level: int) -> str | None:
        """The numbering style of the deepest open heading with a level under ``level``."""
        for section, kind in reversed(self.stack):
            if section.level < level:
                return kind
        return None

    def add(self, cand: _Candidate, level: int, parent: Section | None, title: str) -> None:
        """Open a heading, ending the open headings of its level and deeper where it starts."""
        stack = self.stack
        while stack and stack[-1][0].level >= level:
            stack.pop()[0].end = cand.start
        word = _rules()["labels"].get(cand.kind)
        label = f"{word} {cand.number}".strip() if word else cand.number
        base = f"{parent.section_id}/{label}" if parent else label
        section_id, n = base, 1
        while section_id in self.ids:
            n += 1
            section_id = f"{base}~{n}"
        self.ids.add(section_id)
        section = Section(section_id, label, level, title, parent.section_id if parent else "",
                          cand.paragraph.page, cand.start, self.end)  # open to the end for now
        self.sections.append(section)
        stack.append((section, cand.kind))
        if cand.kind == "appendix":
            self.appendix = section


def _follows(last: int | None, value: int, headlike: bool) -> bool:
    """True when ``value`` continues a numbering whose last value was ``last``."""
    expected = (last or 0) + 1
    return value == expected or (headlike and expected < value <= expected + _rules()["skip"])


def _title(whole: str, cand: _Candidate, following: Paragraph | None) -> str:
    """The heading text after its number, cut where running text begins."""
    start, end = cand.rest, cand.paragraph.end
    if cand.kind in ("chapter", "appendix") and following is not None and not whole[start:end].strip():
        # "Chương I" / "PHỤ LỤC I" stand alone; the title is the next line, in capitals (but for a note in
        # brackets after it: "ĐỒNG PHỤC ... KIỂM LÂM (Kèm theo Nghị định số ...)") or bold like them.
        nxt = whole[following.start:following.end].strip()
        head = nxt if is_caps(nxt) else nxt.partition(" (")[0]
        rest = head if is_caps(head) else nxt if cand.paragraph.bold and following.bold else ""
        cut = _rules()["title_end"].search(rest)
        return _shortened(rest[: cut.start()] if cut else rest)
    # Searched in place: a body paragraph may run long after its heading. The paragraph ends stripped, and
    # _shortened strips the title's start.
    cut = _rules()["title_end"].search(whole, start, end)
    return _shortened(whole[start : cut.start() if cut else end])


def _shortened(title: str) -> str:
    """The title with spaces collapsed, stripped of dashes, dots and colons, and cut at a word near _TITLE_MAX."""
    if not title.isprintable() or "  " in title:  # nearly every title holds single spaces only: nothing to collapse
        title = " ".join(title.split())  # str.split collapses spaces many times faster than a regex
    title = title.strip(" -–.:")
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0]
    return title


def _place(tree: _Tree, cand: _Candidate) -> tuple[int, Section | None, tuple[str, str], object] | None:
    """The level, parent, numbering counter and value of a candidate heading; None if it is not one."""
    if cand.kind == "appendix":
        return 1, None, ("", "appendix"), cand.number
    root = tree.appendix
    shift, rid = (1, root.section_id) if root else (0, "")
    if cand.kind in ("chapter", "roman"):
        value = roman_value(cand.number) or (int(cand.number) if cand.number.isdigit() else 0)
        last = tree.last.get((rid, cand.kind))
        if last is None or value == 1 or value > last:
            return 1 + shift, root, (rid, cand.kind), value
        return None
    if cand.kind == "article":
        parent = tree.open_below(2 + shift)
        value = int(_DIGITS.match(cand.number)[0])
        last = tree.last.get((rid, "article"))  # articles number on through chapters
        if last is None or value == 1 or _follows(last, value, True):
            return 2 + shift, parent, (rid, "article"), value
        return None
    if cand.kind == "letter":
        parent = None
        for section, kind in reversed(tree.stack):  # a loop: a generator costs more than its few steps
            if kind != "letter":
                parent = section
                break
        level = parent.level + 1 if parent else 1
        pid = parent.section_id if parent else ""
        last = tree.last.get((pid, "letter"))
        expected = "a" if last is None else _rules()["next_letter"].get(last)
        if cand.number == expected or {cand.number, expected} == {"d", "đ"}:
            return level, parent, (pid, "letter"), expected
        return None
    parts = cand.number.split(".")
    if len(parts) == 1:
        level = (3 if tree.open_kind(3 + shift) == "article" else 2) + shift
        parent = tree.open_below(level)
    else:
        level = len(parts) + 1 + shift
        prefix = ".".join(str(int(p)) for p in parts[:-1])
        same = [s for s, k in tree.stack if s.level == level - 1 and k == "decimal"]
        if same and same[-1].number != prefix:
            return None  # "2.1" while "1." is open: a list, or a heading this reader missed
        parent = same[-1] if same else tree.open_below(level)
    counter = (parent.section_id if parent else "", f"d{level}")
    para = cand.paragraph
    headlike = para.bold or para.end - para.start <= _rules()["short"]
    value = int(parts[-1])
    if _follows(tree.last.get(counter), value, headlike):
        return level, parent, counter, value
    return None


def find_sections(text: Text, read: Lines | None = None) -> list[Section]:
    """The numbered headings of the body as a tree, in document order.

    Levels: Roman "I." and "Chương I" 1; "1." 2; "2.1." 3; "2.1.1." 4; "Điều 5." 2 and its khoản "1." 3;
    a lettered "a)" one below its parent. ``section_id`` is the path of printed numbers from the top
    ("II/2/2.1/2.1.4", "Chương I/Điều 5/1/a"), with "~2" added if a path repeats. ``end`` is the start of the
    next heading of the same or a higher level, the "Nơi nhận" block, or the end of the text, without the blank
    lines before it.

    Appendices: a paragraph that is only "PHỤ LỤC I" / "Phụ lục 1" / "Phụ lục số 01:" / "PHỤ LỤC" (with at most
    a title in capitals) is a level-1 heading numbered "Phụ lục I", "Phụ lục 1", "Phụ lục" (its title the next
    line when that is in capitals or bold like it). An appendix is part of the document, also after the
    signature, so its numbered headings are headings of the document, but they number afresh: every heading
    after a "Phụ lục" sits one level deeper than it would in the body (its "I." 2, "1." 3, "a)" one below its
    parent) under that appendix ("Phụ lục II/I/1/a"), until the next "Phụ lục".

    Quotations of another document hide the numbered clauses they hold (see ``_Quotation``); a quotation
    whose closing mark was never typed ends where the document's own outline goes on (see ``_resumes``).
    Paragraph spans are stripped (layout guarantees it), so a numbering is read at the paragraph's start.
    ``read`` is the text's ``read_lines`` when the caller has it already.
    """
    tree = _Tree(text)
    quotation = _Quotation()
    numbered, opener = _rules()["any_style"].match, _rules()["opener"]
    whole = text.text
    # The next quote mark of each kind at or after a paragraph's start: most paragraphs hold none, known without
    # a search of their own.
    curly, straight = whole.find("“"), whole.find('"')
    none = len(whole)
    curly, straight = none if curly < 0 else curly, none if straight < 0 else straight
    body = [p for p in text.paragraphs if p.kind == "body"]
    for i, para in enumerate(body):
        start, end = para.start, para.end
        first = whole[start] if start < end else ""
        if curly < start:
            curly = whole.find("“", start)
            curly = none if curly < 0 else curly
        if straight < start:
            straight = whole.find('"', start)
            straight = none if straight < 0 else straight
        if quotation.left or first in "'‘" or curly < end or straight < end:
            quoted, running = quotation.step(whole[start:end])
        else:  # most paragraphs hold no quote mark at all
            quoted = running = False
        if not opener[first]:
            continue
        chunk = whole[start:end]
        hit = numbered(chunk)
        if hit is None:  # most paragraphs open with no numbering at all
            continue
        cand = _candidate(hit, chunk, para)
        if cand is None:
            continue
        if quoted:
            if not (running and _resumes(tree, cand)):
                continue
            quotation.end(chunk)
        placed = _place(tree, cand)
        if placed is None:
            continue
        level, parent, counter, value = placed
        tree.last[counter] = value
        tree.add(cand, level, parent, _title(whole, cand, body[i + 1] if i + 1 < len(body) else None))
    read = read_lines(text) if read is None else read
    # The body ends at the line that opens the "Nơi nhận" block.
    closing = len(whole) if read.label is None else read.lines[read.label].start
    for section in tree.sections:
        limit = closing if section.start < closing else len(whole)
        section.end = _trimmed(whole, min(section.end, limit))
    return tree.sections


def _trimmed(text: str, end: int) -> int:
    """``end`` moved back over the whitespace before it."""
    while end and text[end - 1].isspace():
        end -= 1
    return end
