"""The closing block of a document: the "Nơi nhận" recipients list and the signature (title and name)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter

import regex

from ..models import Paragraph, Text
from ..rules import load


_SPACES = regex.compile(r"\s+")
# A line this long is running text (a legacy file may hold a whole page in one): a signature glued into one line
# ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A") is far shorter, and splitting long lines costs milliseconds.
_GLUED_MAX = 2000
_TITLE_MAX = 80  # a signature title line is short: longer capitals are a heading of the body
_LOWER = regex.compile(r"\p{Ll}")
# Searching the text for the lines that can hold a title or end the body pays over testing each line from this
# many lines on (a few long lines, kept whole as too long for a title, are tested faster one by one).
_SCAN_FROM = 64
# Up to this many line breaks inside paragraphs the lines of the others are made only when asked for.
_FEW_BREAKS = 16
# Runs of line ends but a separator's two ("\n\n"; a paragraph never holds one): they hold every line break
# inside a paragraph, and the paragraph's edge when it opens or ends with one. Spelt for the standard ``re``,
# which finds them twice as fast as ``regex``.
_INNER_BREAKS = re.compile(r"\n(?!\n)(?<!\n\n)|\n\n\n+")


@dataclass(slots=True)
class TextLine:
    """One printed line of a paragraph (paragraphs may hold single newlines) with its span."""

    text: str
    start: int
    end: int
    paragraph: Paragraph


def text_lines(text: Text, kinds: tuple[str, ...] = ("body", "table")) -> Sequence[TextLine]:
    """The non-blank lines of the paragraphs of the given kinds, in text order."""
    whole = text.text
    breaks = whole.count("\n") - 2 * (len(text.paragraphs) - 1)
    if breaks <= _FEW_BREAKS:
        # Paragraphs stand apart by "\n\n", stripped (see layout): each is one line, but for the few holding a line
        # break (a header view's repaired lines, see ocrheader).
        paragraphs = [para for para in text.paragraphs if para.kind in kinds and para.start < para.end]
        return _ParagraphLines(whole, paragraphs, _broken(text, paragraphs) if breaks else [])
    out = []
    for para in text.paragraphs:
        if para.kind not in kinds:
            continue
        chunk = whole[para.start:para.end]
        if "\n" not in chunk and chunk.strip() is chunk:  # most paragraphs: one line, stripped by layout
            if chunk:
                out.append(TextLine(chunk, para.start, para.end, para))
            continue
        out += _lines_of(whole, para)
    return out


def _lines_of(whole: str, para: Paragraph) -> list[TextLine]:
    """The non-blank lines of one paragraph, stripped."""
    out = []
    pos = para.start
    for raw in whole[para.start : para.end].split("\n"):
        left = raw.lstrip()
        if left:
            stripped = left.rstrip()
            start = pos + len(raw) - len(left)
            out.append(TextLine(stripped, start, start + len(stripped), para))
        pos += len(raw) + 1
    return out


def _broken(text: Text, paragraphs: list[Paragraph]) -> list[int]:
    """The indices among ``paragraphs`` (of ``text``, in order) of those that hold a line break."""
    out = []
    for hit in _INNER_BREAKS.finditer(text.text):
        for at in range(hit.start(), hit.end()):
            i = bisect.bisect_right(paragraphs, at, key=attrgetter("start")) - 1
            if i >= 0 and at < paragraphs[i].end and (not out or out[-1] != i):
                out.append(i)
    return out


class _ParagraphLines(Sequence):
    """The lines of paragraphs that are one line each, each made when it is first asked for: the header reads the
    first lines and those around "Nơi nhận", the sections only the "Nơi nhận" line, of thousands."""

    def __init__(self, whole: str, paragraphs: list[Paragraph], broken: list[int]):
        """``broken``: the indices of the paragraphs that hold a line break, whose lines are made at once."""
        self.whole, self.paragraphs = whole, paragraphs
        self.made: list[TextLine | None] = [None] * len(paragraphs)
        self.all_made = False
        self.premade: list[int] = []
        for i in reversed(broken):  # from the end: the indices of those before stay
            lines = _lines_of(whole, paragraphs[i])
            paragraphs[i : i + 1] = [paragraphs[i]] * len(lines)
            self.made[i : i + 1] = lines
            self.premade = [i + n for n in range(len(lines))] + [j + len(lines) - 1 for j in self.premade]

    def __len__(self) -> int:
        return len(self.paragraphs)

    @cached_property
    def starts(self) -> list[int]:
        """Where each line, or its paragraph, starts: a position inside a line falls after it and before the next."""
        starts = [para.start for para in self.paragraphs]
        for i in self.premade:
            starts[i] = self.made[i].start
        return starts

    def __iter__(self) -> Iterator[TextLine]:
        if not self.all_made:
            for i in range(len(self.made)):
                self[i]
            self.all_made = True
        return iter(self.made)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return self.made[at] if self.all_made else [self[i] for i in range(*at.indices(len(self.paragraphs)))]
        line = self.made[at]
        if line is None:
            para = self.paragraphs[at]
            chunk = self.whole[para.start : para.end]
            if chunk.strip() is chunk:
                line = TextLine(chunk, para.start, para.end, para)
            else:
                left = chunk.lstrip()
                start = para.start + len(chunk) - len(left)
                line = TextLine(left.rstrip(), start, start + len(left.rstrip()), para)
            self.made[at] = line
        return line


@dataclass(slots=True)
class Lines:
    """A text's ``text_lines`` and the index of the "Nơi nhận" label line among them (None without one)."""

    lines: Sequence[TextLine]
    label: int | None


def read_lines(text: Text) -> Lines:
    """The body and table lines of ``text`` and its "Nơi nhận" line, read once for the header and the sections."""
    lines = text_lines(text)
    return Lines(lines, _label_index(lines, text.text))


def is_caps(line: str) -> bool:
    """True when every letter of the line is a capital (and it has letters)."""
    if not line.isupper():  # one C pass settles the common case, a line with a small letter
        return False
    # A letter without case (isalpha, not isupper) still makes it no line in capitals; filter and map stay in C.
    letters = list(filter(str.isalpha, line))
    return bool(letters) and all(map(str.isupper, letters))


@lru_cache(maxsize=None)
def _rules() -> dict:
    rules = load("segment")["signature"]
    prefixes = "|".join(regex.escape(p) for p in rules["prefixes"])
    deputy = "|".join(regex.escape(w) for w in rules["deputy"])
    return {
        "label": regex.compile(r"^\s*(?:%s)" % rules["recipients_label"]),
        "label_anywhere": regex.compile(rules["recipients_label"]),
        "item": regex.compile(rules["recipient_item"], regex.MULTILINE),
        "prefix": regex.compile(r"^\s*(?:%s)\s*" % prefixes),
        "between": regex.compile(rules["between"]),
        "name": regex.compile(rules["name"]),
        # Converters that turn line breaks into spaces (or drop them) give one line
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A": split it again before a prefix, before a deputy word ("PHÓ")
        # after capitals, and where a capitalised name follows capitals.
        # Every split point stands before a capitalised word, a deputy word or a prefix: saying so first makes the
        # split several times faster on lines in capitals.
        "glued": regex.compile(
            r"(?=\s*(?:\p{Lu}\p{Ll}|(?:%s)\s|(?:%s)\s))"
            r"(?:(?<=\S)\s*(?=(?:%s)\s)|(?<=\p{Lu})\s*(?=(?:%s)\s)|(?<=\p{Lu}{2}\.?)\s*(?=\p{Lu}\p{Ll}))"
            % (deputy, prefixes, prefixes, deputy)
        ),
        # Every split point above stands after two capitals (a deputy word's included) or before a prefix: a line with
        # neither (most of a body) is one part, known without trying the split at each of its positions.
        "glue_hint": regex.compile(r"%s|\p{Lu}{2}" % prefixes),
        # Where a split puts a part that opens with a prefix or a deputy word (see _may_hold_title). Literal words
        # that the standard ``re`` finds in a long line several times faster ("\s" there also takes \x1c-\x1f: a
        # line it lets through in vain is only split for nothing).
        "opener": re.compile(r"(?:%s)\s" % "|".join(map(re.escape, [*rules["prefixes"], *rules["deputy"]]))),
        # Where a line can hold a title (see _may_titles): a line start with no small letter before two capitals or
        # before the line's end, and the opener words found by their last character, a literal the engine skips to
        # (an alternation of the words is several times slower over a long text).
        "caps_start": regex.compile(r"\n[^\p{Ll}\n]*?(?:\p{Lu}{2}|[^\s\p{Ll}][^\p{Ll}\n]*(?=\n|\Z))"),
        "opener_ends": [
            regex.compile("%s(?<=%s)" % (regex.escape(last), "|".join(map(regex.escape, words))))
            for last, words in _by_last([*rules["prefixes"], *rules["deputy"]]).items()
        ],
        "filed": regex.compile(r"[-–+•]?\s*(?:%s)\b" % "|".join(regex.escape(w) for w in rules["filed"])),
        "closing": tuple(rules["closing_marks"]),
        "before": rules["window_before"],
        "after": rules["window_after"],
    }


def _by_last(words: list[str]) -> dict[str, list[str]]:
    """``words`` by their last character."""
    out: dict[str, list[str]] = {}
    for word in words:
        out.setdefault(word[-1], []).append(word)
    return out


def _label_index(lines: Sequence[TextLine], whole: str) -> int | None:
    """The index of the first line that opens with the "Nơi nhận" label (``whole`` the text the lines are of)."""
    # The document's own list is the first one; appendices (report forms) may carry more.
    first = _rules()["label_anywhere"].search(whole)
    if first is None:
        return None
    # A line opening with the label holds it at its start: the lines that end before its first occurrence do not.
    begin = bisect.bisect_right(lines, first.start(), key=attrgetter("end"))
    label = _rules()["label"]
    return next((i for i in range(begin, len(lines)) if label.match(lines[i].text)), None)


def _recipient_lines(lines: Sequence[TextLine], at: int) -> tuple[list[str], int]:
    """The raw item texts after the label at ``at`` and the index of the first line after the list."""
    rules = _rules()
    rest = rules["label"].sub("", lines[at].text, count=1).strip()
    chunks = [rest] if rest else []
    i = at + 1
    while i < len(lines):
        line = lines[i].text
        starts_item = bool(rules["item"].match(line))
        previous = chunks[-1].rstrip() if chunks else ""
        open_item = bool(previous) and not previous.endswith((";", "."))
        # A wrapped item goes on in the next line; capitals there continue it only if they hold a list
        # ("ĐP2, TCCB, TH,"): a signature title has no commas.
        wraps = open_item and not rules["name"].match(line) and (not is_caps(line) or "," in line)
        if not (starts_item or wraps):
            break
        chunks.append(line)
        i += 1
        if starts_item and rules["filed"].match(line) and line.rstrip().endswith("."):
            break  # "Lưu: VT, ..." closes the list
    return chunks, i


def _recipient_list(lines: Lines) -> tuple[list[str], int]:
    """The raw item texts after the "Nơi nhận" label and the index of the first line after the list; ([], 0)
    when there is no label."""
    return ([], 0) if lines.label is None else _recipient_lines(lines.lines, lines.label)


def find_closing(text: Text, lines: Lines | None = None) -> tuple[tuple[str, str], list[str]]:
    """``find_signature`` and ``find_recipients`` at once, reading the "Nơi nhận" list once."""
    lines = read_lines(text) if lines is None else lines
    chunks, after = _recipient_list(lines)
    return _signature(lines.lines, text.text, lines.label, after), _recipients(chunks)


def find_recipients(text: Text, lines: Lines | None = None) -> list[str]:
    """The items of the "Nơi nhận:" list, without their leading dash and trailing ";" or ".".

    ``lines`` are the text's ``read_lines`` when the caller has them already.
    """
    return _recipients(_recipient_list(read_lines(text) if lines is None else lines)[0])


def _recipients(chunks: list[str]) -> list[str]:
    items: list[str] = []
    for chunk in chunks:
        for n, piece in enumerate(_rules()["item"].split(chunk)):
            piece = piece.strip()
            if not piece:
                continue
            if n == 0 and items and not _rules()["item"].match(chunk):
                items[-1] = f"{items[-1]} {piece}"  # a wrapped item continues on the next line
            else:
                items.append(piece)
    return [_SPACES.sub(" ", item).strip().rstrip(";.,").strip() for item in items if item.strip(" ;.,")]


def _is_title(part: str) -> bool:
    return len(part) <= _TITLE_MAX and is_caps(part)


def _signature_at(lines: list[str], i: int) -> tuple[str, str, int] | None:
    """The (title, name) of a signature block whose first title line is ``lines[i]``, and its end."""
    rules = _rules()
    titles = []
    while i < len(lines) and _is_title(lines[i]):
        titles.append(lines[i])
        i += 1
    if not titles:
        return None
    while i < len(lines) and rules["between"].match(lines[i]):
        i += 1
    if i < len(lines) and rules["name"].match(lines[i]):
        return " ".join(titles), lines[i].strip(), i + 1
    return None


def _split_glued(line: str) -> list[str]:
    if len(line) > _GLUED_MAX:
        return [line]
    if not _rules()["glue_hint"].search(line):
        return [line.strip()] if line.strip() else []
    return [part.strip() for part in _rules()["glued"].split(line) if part.strip()]


def _may_hold_title(line: str) -> bool:
    """False when no part of ``line`` (see ``_split_glued``) can be a title in capitals.

    Only the first part and parts opening with a prefix or "PHÓ" can: every other split stands before a
    capitalised word ("Nguyễn"). The first part is in capitals only if it ends before the line's first small
    letter, so a split is looked for only up to there.
    """
    if len(line) > _GLUED_MAX:
        return False  # kept whole, and too long for a title
    lower = _LOWER.search(line)
    if lower is None or _rules()["glued"].search(line, 0, lower.start() + 1):
        return True
    return _rules()["opener"].search(line) is not None


def _line_starts(lines: Sequence[TextLine]) -> list[int]:
    """Where each line starts, or its paragraph (see ``_ParagraphLines.starts``): the lines are not made."""
    return lines.starts if isinstance(lines, _ParagraphLines) else [line.start for line in lines]


def _at(starts: list[int], position: int) -> int:
    """The index of the line that holds ``position`` if any does (else the one before it)."""
    return bisect.bisect_right(starts, position) - 1


def _may_titles(lines: Sequence[TextLine], whole: str, lo: int, hi: int) -> set[int]:
    """The indices among ``lo``..``hi`` of the lines for which ``_may_hold_title`` can be true (and some others).

    It is true only for a line with no small letter before two capitals or before its end (a glued split stands
    after two capitals), or one holding an opener word: two searches of the whole span find them, where testing
    each line of a long body costs a millisecond.
    """
    if lo >= hi:
        return set()
    rules = _rules()
    starts = _line_starts(lines)
    # The lines are slices of ``whole`` between line ends; the first of the span may have no "\n" before it.
    begin, end = starts[lo], lines[hi - 1].end
    found = {lo}
    found.update(_at(starts, hit.end() - 1) for hit in rules["caps_start"].finditer(whole, begin, end))
    for opener in rules["opener_ends"]:
        found.update(_at(starts, hit.start()) for hit in opener.finditer(whole, begin, end))
    return found


def _closing_line(lines: Sequence[TextLine], whole: str) -> int | None:
    """The index of the first line that ends with a closing mark ("./."); ``whole`` the text the lines are of."""
    marks = _rules()["closing"]
    if not isinstance(lines, _ParagraphLines) or len(lines) <= _SCAN_FROM:
        return next((i for i, line in enumerate(lines) if line.text.endswith(marks)), None)
    # Many lines not made yet cost more to make than a search of the text for the marks: only the lines holding
    # one are made, in text order.
    starts = lines.starts
    best = None
    for mark in marks:
        at = whole.find(mark)
        while at >= 0:
            i = _at(starts, at)
            if best is not None and i >= best:
                break
            if i >= 0 and lines[i].text.endswith(marks):
                best = i
                break
            at = whole.find(mark, at + 1)
    return best


def _blocks(lines: Sequence[TextLine], lo: int, hi: int, may: set[int] | None) -> Iterator[tuple[str, str]]:
    """The (title, name) of each signature block in ``lines[lo:hi]``, in order; ``may`` from ``_may_titles``
    (None: every line may hold a title).

    Lines are split where a converter glued a block into one (``_split_glued``), but splitting every line of a
    long body costs milliseconds, and a block opens with a title: a line that cannot hold one is skipped unless
    a block may run on into it. A block runs on only through titles and "between" lines, so the parts gathered
    are searched, and dropped, as soon as the last one is neither.
    """
    parts: list[str] = []
    for i in range(lo, hi):  # by index: the lines are made only as far as they are read
        if not parts and ((may is not None and i not in may) or not _may_hold_title(lines[i].text)):
            continue
        line = lines[i]
        parts += _split_glued(line.text)
        if parts and not (_is_title(parts[-1]) or _rules()["between"].match(parts[-1])):
            yield from _blocks_in(parts)
            parts = []
    yield from _blocks_in(parts)


def _blocks_in(parts: list[str]) -> Iterator[tuple[str, str]]:
    i = 0
    while i < len(parts):
        hit = _signature_at(parts, i)
        if hit:
            yield hit[:2]
        i = hit[2] if hit else i + 1


def find_signature(text: Text, lines: Lines | None = None) -> tuple[str, str]:
    """The signer's title lines (joined by a space, prefixes kept: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH") and name.

    The block is looked for right after the "Nơi nhận" list, then just before it (a reader that took the
    right column first); without a list, the first block after the body's closing "./.", else the last
    block of the document. ("", "") when there is none. ``lines`` as for ``find_recipients``.
    """
    lines = read_lines(text) if lines is None else lines
    return _signature(lines.lines, text.text, lines.label, _recipient_list(lines)[1])


def _signature(lines: Sequence[TextLine], whole: str, at: int | None, after: int) -> tuple[str, str]:
    """``find_signature`` given the text the lines are of, the index of the "Nơi nhận" label and of the first
    line after its list."""
    if at is not None:
        spans = [(after, min(len(lines), after + _rules()["after"])), (max(0, at - _rules()["before"]), at)]
    else:
        closing = _closing_line(lines, whole)
        spans = [(closing + 1, len(lines))] if closing is not None else []
        spans.append((0, len(lines)))
    for n, (lo, hi) in enumerate(spans):
        last_resort = at is None and n == len(spans) - 1
        found = None
        # Only the last resort reads every line: elsewhere the first block ends the search, most often within a few
        # lines (a search of the whole span for the lines that may hold a title is mostly wasted there).
        may = _may_titles(lines, whole, lo, hi) if last_resort and hi - lo > _SCAN_FROM else None
        for found in _blocks(lines, lo, hi, may):
            if not last_resort:
                break  # the first block will do: the lines after it need no splitting
        if found:
            title, name = found
            if at is not None and n == 0:
                title = " ".join([*_prefix_lines(lines, at), title])
            return title, name
    return "", ""


def _prefix_lines(lines: Sequence[TextLine], at: int) -> list[str]:
    """Authority lines ("TM. CHÍNH PHỦ") that a reader put just above "Nơi nhận", standing level with it."""
    prefix = _rules()["prefix"]
    out: list[str] = []
    for i in range(at - 1, -1, -1):  # by index: the lines above are made only as far as they are read
        line = lines[i]
        if not (prefix.match(line.text) and is_caps(line.text)):
            break
        out.insert(0, line.text)
    return out
