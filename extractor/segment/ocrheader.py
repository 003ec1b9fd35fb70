"""A view of a laid-out text for the header finder: OCR misreadings of header and signature lines repaired.

Tesseract reads the header block of a scan with its words slightly wrong ("QUYÉT ĐỊNH", "Só:", "W/v",
"KHUYÊN HỌC TÍNH", "Xới nhận:"), with handwriting as junk ("Số: Éđã /HC-CNHC") and, lacking bold, with two
header lines joined into one paragraph ("BỘ CÔNG THƯƠNG CỤC HÓA CHẤT"). ``header_view`` returns a copy of
the Text in which only OCR'd paragraphs (confidence < 1) of the header block (first page, before the body)
and of the signature block are repaired, by bounded fuzzy matching of the phrases in rules/ocr_header.toml
anchored at a line start or on a whole line, so running text is never touched. The view's offsets differ
from the original's where a paragraph changed: it is for ``find_header``, which returns strings only.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

import regex

from ..models import Marker, Paragraph, Text
from ..rules import load, phrases
from .signature import is_caps

_SPACES = regex.compile(r"\s+")
_TWO_LETTERS = regex.compile(r"\p{L}{2}")
_LETTERS = regex.compile(r"\p{L}+")
_DIGIT = regex.compile(r"\d")
_DAY_OR_MONTH = regex.compile(r"\d{1,2}")
# The tokens of a line (as str.split cuts them: \s and \x1c-\x1f) that are capitals, maybe with a dot or comma.
_CAPS_TOKENS = regex.compile(r"(?<![^\s\x1c-\x1f])\p{Lu}+[.,]?(?![^\s\x1c-\x1f])")
_NUMBER_SLASH = regex.compile(r"([^/]*?)\s*(/\S.*)$")
# A label found inside a line ends on one of these or one character after it ("Nơi nhận:", "TM.").
_LABEL_MARKS = ":;./"
_MARKS = frozenset(_LABEL_MARKS)
# A name read with a seal's stroke glued before it (">s==Hoäñg Văn Thuân").
_NAME_JUNK = regex.compile(r"^\p{L}{1,2}[^\p{L}\s]+(?=\p{Lu}\p{Ll})")
# Vietnamese letters grouped by their bare Latin letter, to match a word whatever its diacritics.
_VOWELS = "AĂÂEÊIOÔƠUƯY"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


@lru_cache(maxsize=None)
def _rules() -> dict:
    rules = load("ocr_header")
    words = rules["words"]
    labels: dict[str, list] = {"header": [], "signature": []}
    inside: dict[str, list] = {"header": [], "signature": []}
    signature: dict[str, list] = {"opens": [], "ends": [], "pieces": []}
    for lab in rules["label"]:
        zone = "signature" if lab.get("signature") else "header"
        pattern = _label_pattern(lab)
        opening = rf"(?:{pattern})(?={lab['follow']})"
        labels[zone].append((regex.compile(f"(?b){opening}"), lab["label"]))
        # Inside a paragraph a label counts only with its colon or slash, after a space.
        found = rf"(?<=\s)(?:{pattern})(?<=[{_LABEL_MARKS}]\S?)(?={lab['follow']})"
        inside[zone].append(regex.compile(f"(?b){found}"))
        if zone == "signature":
            signature["opens"].append(opening)
            signature["ends"].append(found)
            signature["pieces"].append(_label_pieces(lab))
    # A label given as a pattern has no pieces to look for: then every line may hold one.
    pieces = [] if None in signature["pieces"] else [p for label in signature["pieces"] for p in label]
    codes = phrases([c for k in load("kinds")["kind"] for c in k.get("codes", [])])
    return {
        "zone": rules["zone"],
        "body": regex.compile(rules["zone"]["body_start"]),
        "junk": regex.compile(rules["lines"]["leading_junk"]),
        "dash": regex.compile(rules["lines"]["list_dash"]),
        "edits": rules["lines"]["title_edits"],
        "labels": labels,
        "inside": inside,
        # Whether a signature label opens a paragraph, and whether one can end it (reverse, anchored at its end and
        # the spaces str.strip takes): one match each, where the signature zone is looked for in every paragraph.
        "signature_opens": regex.compile(rf"(?b){_either(signature['opens'])}"),
        "signature_ends": regex.compile(rf"(?rb){_either(signature['ends'])}[\s\x1c-\x1f]*"),
        # Where a signature label can stand at all: a piece of its phrase printed whole (near the start, to open a
        # line); the standard ``re`` tells most lines have none several times faster than the fuzzy patterns.
        "signature_head": re.compile("|".join(rf"[\s\S]{{0,{at}}}{re.escape(p)}" for p, at in pieces) if pieces else ""),
        "signature_piece": re.compile("|".join(re.escape(p) for p, _ in pieces) if pieces else ""),
        # The same pieces one by one, for the search of a whole text: each a literal the engine skips to, where
        # their alternation is tried at every character, twice as slow in all.
        "signature_pieces": [regex.compile(regex.escape(p)) for p in dict.fromkeys(p for p, _ in pieces)],
        "motto": [(m["phrase"], regex.compile(rf"(?b)(?:{regex.escape(m['phrase'])}){{e<={m['edits']}}}(?!\p{{L}})"),
                   _pieces(m["phrase"], m["edits"] + 1)) for m in rules["motto"]],
        "kinds": load("segment")["header"]["kinds"],
        "signers": rules["signer"]["titles"],
        "glued_code": regex.compile(rf"^(\d+)({codes})(?=[-–])"),
        "words": [(w, regex.compile(rf"(?<!\p{{L}}){_blind(w)}(?!\p{{L}})"), _bare(w))
                  for w in sorted(words["repair"], key=len, reverse=True)],
        "heads": _by_first(sorted((h.split() for h in words["split_before"]), key=len, reverse=True)),
        "not_after": set(words["not_after"]),
        "not_before": set(words["not_before"]),
        "name": regex.compile(load("segment")["signature"]["name"]),
        "date": regex.compile(rules["date"]["line"]),
        "lookalikes": str.maketrans(rules["date"]["lookalikes"]),
    }


def _either(patterns: list[str]) -> str:
    """One pattern for any of ``patterns``; one that never matches for none."""
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" if patterns else "(?!)"


def _label_pattern(label: dict) -> str:
    """A label's pattern: as given, or any of its phrases with at most its edits, then what follows them."""
    if "pattern" in label:
        return label["pattern"]
    edits = f"{{e<={label['edits']}}}" if label.get("edits") else ""
    return f"(?:{'|'.join(map(regex.escape, label['phrases']))}){edits}{label.get('then', '')}"


def _label_pieces(label: dict) -> list[tuple[str, int]] | None:
    """Pieces of a label's phrases, one of which a printed label holds whole, each with the farthest it can stand
    from the label's start; None for a label given as a pattern."""
    if "pattern" in label:
        return None
    edits, out = label.get("edits", 0), []
    for phrase in label["phrases"]:
        offset = 0
        for piece in _pieces(phrase, edits + 1):
            out.append((piece, offset + edits))
            offset += len(piece)
    return out


def _may_open(text: str, start: int, end: int) -> bool:
    """Whether a signature label can open ``text[start:end]`` (an exact test, before the fuzzy patterns)."""
    return _rules()["signature_head"].match(text, start, end) is not None


def _may_end(text: str, start: int, end: int) -> bool:
    """Whether a signature label can end ``text[start:end]``: a label mark at its end, and a piece printed in it."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return not _MARKS.isdisjoint(text[max(start, end - 2) : end]) and _rules()["signature_piece"].search(
        text, start, end) is not None


def _pieces(phrase: str, count: int) -> list[str]:
    """``phrase`` cut into ``count`` pieces: one fewer edits than pieces leave one of them printed whole."""
    cuts = [len(phrase) * i // count for i in range(count + 1)]
    return [phrase[a:b] for a, b in zip(cuts, cuts[1:])]


def _near(line: str, pieces: list[str]) -> tuple[int, int] | None:
    """Where in ``line`` the phrase cut into ``pieces`` can stand, with fewer edits than pieces; None: nowhere."""
    edits, starts, offset = len(pieces) - 1, [], 0
    for piece in pieces:
        at = line.find(piece)
        while at >= 0:
            starts.append(at - offset)  # where the phrase starts if this piece is whole, give or take the edits
            at = line.find(piece, at + 1)
        offset += len(piece)
    if not starts:
        return None
    # One character past the farthest end, so that what follows a match reads as in the whole line.
    return max(0, min(starts) - edits), min(len(line), max(starts) + offset + 2 * edits + 1)


@lru_cache(maxsize=None)
def _bare_letters() -> dict[str, str]:
    # Each capital vowel with any diacritics, and D and Đ, mapped to its bare Latin letter ("Ỉ" → "I", "Đ" → "D").
    bare_of = {}
    for letter in [*_VOWELS, "D", "Đ"]:
        for tone in _TONES if letter in _VOWELS else ("",):
            char = unicodedata.normalize("NFC", letter + tone)
            bare_of[char] = unicodedata.normalize("NFD", char)[0].replace("Đ", "D")
    return bare_of


@lru_cache(maxsize=None)
def _letter_classes() -> dict[str, str]:
    groups: dict[str, set[str]] = {}
    for char, bare in _bare_letters().items():
        groups.setdefault(bare, set()).add(char)
    return {bare: "[" + "".join(sorted(chars)) + "]" for bare, chars in groups.items()}


def _bare(line: str) -> str:
    """``line`` with its capital vowels and Đ bare and its spaces single: where ``_blind(phrase)`` matches in a
    line, ``_bare(line)`` holds ``_bare(phrase)``."""
    return " ".join(line.split()).translate(_bare_table())


@lru_cache(maxsize=None)
def _bare_table() -> dict[int, str]:
    return str.maketrans(_bare_letters())


def _blind(phrase: str) -> str:
    """A pattern for ``phrase`` in capitals with any diacritics on its vowels and D for Đ."""
    classes = _letter_classes()
    out = []
    for char in phrase:
        bare = unicodedata.normalize("NFD", char)[0].replace("Đ", "D")
        out.append(r"\s+" if char.isspace() else classes.get(bare, regex.escape(char)))
    return "".join(out)


def header_view(text: Text) -> Text:
    """``text`` with OCR'd header and signature lines repaired; ``text`` itself when nothing is OCR'd or changed.

    A repaired paragraph may hold several lines joined by "\\n" (header lines OCR had joined); junk
    paragraphs of the signature zone (seal, handwriting) are left out. Offsets of the view are its own.
    """
    if all(p.confidence >= 1.0 for p in text.paragraphs):
        return text
    head = _header_zone(text)
    new: dict[int, list[str]] = {}
    state = {"kind": False, "anchor": False}
    for i in head:
        new[i] = _header_lines(text.text[text.paragraphs[i].start : text.paragraphs[i].end], state)
    for i in _signature_zone(text, head):
        para = text.paragraphs[i]
        new[i] = _signature_lines(text.text[para.start : para.end], para.confidence)
    return _rebuild(text, new)


def _ocr(text: Text, i: int) -> bool:
    para = text.paragraphs[i]
    return para.confidence < 1.0 and para.kind in ("body", "table")


def _header_zone(text: Text) -> list[int]:
    """The OCR'd paragraphs of the header block: the first page's paragraphs before the body starts."""
    zone = _rules()["zone"]
    if not text.paragraphs:
        return []
    first_page = text.paragraphs[0].page
    out = []
    for i, para in enumerate(text.paragraphs[: zone["header_paragraphs"]]):
        body = text.text[para.start : para.end]
        if para.page != first_page or len(body) > zone["body_length"] or _rules()["body"].search(body):
            break
        if _ocr(text, i):
            out.append(i)
    return out


def _signature_zone(text: Text, head: list[int]) -> list[int]:
    """The OCR'd paragraphs near the "Nơi nhận" label and at the end of the document, outside the header."""
    rules = _rules()
    zone = rules["zone"]
    count = len(text.paragraphs)
    picked = set(range(max(0, count - zone["signature_paragraphs"]), count))
    whole = text.text
    for i in _holding_pieces(text):
        para = text.paragraphs[i]
        opens, ends = _may_open(whole, para.start, para.end), _may_end(whole, para.start, para.end)
        if not (opens or ends):
            continue
        line = whole[para.start : para.end]
        if (opens and rules["signature_opens"].match(line)) or (
            ends and rules["signature_ends"].match(line) and len(_split_labels(line, "signature")) > 1
        ):
            picked.update(range(max(0, i - zone["before_recipients"]), min(count, i + zone["after_recipients"])))
    start = head[-1] + 1 if head else 0
    return sorted(i for i in picked if i >= start and _ocr(text, i))


def _holding_pieces(text: Text) -> list[int]:
    """The paragraphs that hold a piece of a signature label, the only ones a label can open or end; all of them
    where a label has no pieces."""
    if not _rules()["signature_piece"].pattern:
        return list(range(len(text.paragraphs)))
    # Searches of the whole text: a few paragraphs in a hundred hold a piece. A piece holds no line end, so each
    # found stands inside one paragraph (or between two, which only costs a test).
    starts = [p.start for p in text.paragraphs]
    return sorted({bisect.bisect_right(starts, m.start()) - 1 for piece in _rules()["signature_pieces"]
                   for m in piece.finditer(text.text)} - {-1})


# ---------------------------------------------------------------------------
# lines
# ---------------------------------------------------------------------------


def _strip_junk(line: str) -> str:
    """The line without the marks OCR put before it; a list item's dash stays."""
    rules = _rules()
    if rules["dash"].match(line):
        return line.strip()
    return rules["junk"].sub("", line).strip()


def _split_labels(line: str, zone: str = "header") -> list[str]:
    """The line cut before each label of ``zone`` inside it ("HỘI ĐỒNG ... Số: 01/NQ", "... kèm). Nơi nhận:")."""
    rules = _rules()
    if zone == "header":
        # A label found inside holds a label mark (see ``_rules``): a line without one, most, spares the searches.
        cuts = set() if _MARKS.isdisjoint(line) else {
            m.start() for pattern in rules["inside"][zone] for m in pattern.finditer(line)}
        # The motto's two lines, one or both joined to a line beside them; the fuzzy search only near a piece of
        # the phrase as printed.
        cuts |= {m.start() for _, pattern, pieces in rules["motto"] for window in [_near(line, pieces)] if window
                 for m in [pattern.search(line, *window)] if m and m.start()}
    elif _may_end(line, 0, len(line)) and rules["signature_ends"].match(line):
        # Here a label cuts only where it ends the line: the test above spares the fuzzy search on nearly every line.
        found = [m for pattern in rules["inside"][zone] for m in pattern.finditer(line)]
        cuts = {m.start() for m in found if not line[m.end() :].strip()}
    else:
        cuts = set()
    cuts = sorted(cuts)
    pieces = [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)])]
    return [piece for piece in pieces if piece]


def _label(line: str, zone: str = "header") -> tuple[str, bool]:
    """The line with its opening label of ``zone`` written right ("Só:465" → "Số: 465"), and whether it has one."""
    if zone == "signature" and not _may_open(line, 0, len(line)):
        return line, False
    for pattern, label in _rules()["labels"][zone]:
        hit = pattern.match(line)
        if hit:
            word = label.format(_LETTERS.match(hit.group()).group()) if "{0}" in label else label
            rest = line[hit.end() :].strip()
            return (f"{word} {rest}" if rest else word), True
    if zone != "header":
        return line, False
    for phrase, pattern, pieces in _rules()["motto"]:
        # Fuzzy matched only where a piece of the phrase printed whole lets it start the line.
        window = _near(line, pieces)
        hit = window and window[0] == 0 and pattern.match(line)
        if hit and not line[hit.end() :].strip():
            return phrase, True
    return line, False


def _number(line: str) -> str:
    """A "Số:" line with a handwritten sequence number read as junk dropped ("Số: Éđã /HC-CNHC" → "Số: /HC-CNHC")."""
    if not line.startswith("Số:"):
        return line
    rest = line[3:].strip()
    # The slash lost between the number and a kind code: "01NQ-HĐQLQ".
    rest = _rules()["glued_code"].sub(r"\1/\2", rest)
    hit = _NUMBER_SLASH.match(rest)
    if hit and hit[1] and not _DIGIT.search(hit[1]):
        rest = hit[2]
    return f"Số: {rest}"


def _date(line: str) -> str:
    """A place and date line with the day or month that handwriting filled left blank ("ngày0) tháng)")."""
    rules = _rules()
    hit = rules["date"].match(line)
    if not hit:
        return line
    parts = []
    for name in ("day", "month"):
        value = _SPACES.sub("", hit[name]).translate(rules["lookalikes"])
        parts.append(value if _DAY_OR_MONTH.fullmatch(value) else "")
    day, month = parts
    fixed = f"{hit['place']}, ngày {day} tháng {month} năm {hit['year']}"
    return _SPACES.sub(" ", fixed + line[hit.end() :])


def _title(line: str, titles: str = "kinds") -> str | None:
    """The kind title (or signer title) a whole capital line stands for ("QUYÉT ĐỊNH" → "QUYẾT ĐỊNH"), or None."""
    bare = line.rstrip(" :")
    if not is_caps(bare):
        return None
    best = None
    for kind in _titles_of_length(titles, len(bare)):
        if not any(piece in bare for _, piece in _title_pieces(kind)):
            continue
        hit = _fuzzy(kind, "e", "").fullmatch(bare)
        if hit and (best is None or sum(hit.fuzzy_counts) < best[0]):
            best = (sum(hit.fuzzy_counts), kind)
    return best[1] + line[len(bare) :] if best else None


@lru_cache(maxsize=None)
def _titles_of_length(titles: str, length: int) -> list[str]:
    """The titles (in their order) a line of ``length`` characters can stand for."""
    # Each edit changes the length by one at most: a line too long or too short for a title is none.
    return [kind for kind in _rules()[titles] if abs(length - len(kind)) <= _edits(kind)]


def _kind_first(line: str) -> list[str] | None:
    """A capital line that opens with a kind title, as two lines ("NGHỊ QUYẾT CỦA HỘI ĐỒNG ..."), or None."""
    if not is_caps(line):
        return None
    for kind in _rules()["kinds"]:
        # Substitutions keep the length and the pieces' places: a kind opens the line only where a space follows as
        # many characters, and one of its pieces stands in its place.
        if not line[len(kind) : len(kind) + 1].isspace() or not any(
                line.startswith(piece, at) for at, piece in _title_pieces(kind)):
            continue
        hit = _fuzzy(kind, "s", r"(?=\s+\p{Lu})").match(line)
        if hit:
            return [kind, line[hit.end() :].strip()]
    return None


@lru_cache(maxsize=None)
def _title_pieces(phrase: str) -> list[tuple[int, str]]:
    """``phrase`` cut into one more pieces than its edits, each with its offset: a match holds one of them whole,
    which a str test tells many times faster than the fuzzy pattern."""
    pieces = _pieces(phrase, _edits(phrase) + 1)
    return [(sum(map(len, pieces[:i])), piece) for i, piece in enumerate(pieces)]


@lru_cache(maxsize=None)
def _fuzzy(phrase: str, errors: str, after: str) -> regex.Pattern:
    # ``phrase`` with up to ``_edits`` errors of the kind ``errors`` ("e" any, "s" substitutions), then ``after``.
    return regex.compile(rf"(?b)(?:{regex.escape(phrase)}){{{errors}<={_edits(phrase)}}}{after}")


@lru_cache(maxsize=None)
def _edits(phrase: str) -> int:
    letters = sum(c.isalpha() for c in phrase)
    return next(edits for least, edits in _rules()["edits"] if letters >= least)


def _words(line: str) -> str:
    """Capital words of issuer and signer lines that differ only in diacritics written right ("TÍNH" → "TỈNH")."""
    # A str search of the bare line tells where a word cannot stand, many times faster than its pattern. A repair
    # leaves the line's bare form as it was, so one serves for all the words.
    bare = _bare(line)
    for word, pattern, letters in _rules()["words"]:
        if letters in bare:
            line = pattern.sub(word, line)
    return line


def _by_first(heads: list[list[str]]) -> dict[str, list[list[str]]]:
    """``heads`` (in their order) by their first word: a line's word is tried only against those it can open."""
    out: dict[str, list[list[str]]] = {}
    for head in heads:
        out.setdefault(head[0], []).append(head)
    return out


def _split_heads(line: str) -> list[str]:
    """A capital line cut before each word that opens another issuing body ("BỘ CÔNG THƯƠNG" | "CỤC HÓA CHẤT")."""
    rules = _rules()
    tokens = line.split()
    lines, current, j = [], [], 0
    while j < len(tokens):
        head = next((h for h in rules["heads"].get(tokens[j], ()) if tokens[j : j + len(h)] == h), None)
        after = tokens[j + len(head)] if head and j + len(head) < len(tokens) else ""
        if head and current and current[-1] not in rules["not_after"] and after not in rules["not_before"]:
            lines.append(" ".join(current))
            current = []
        step = len(head) if head else 1
        current += tokens[j : j + step]
        j += step
    return [*lines, " ".join(current)] if current else lines


def _header_lines(paragraph: str, state: dict) -> list[str]:
    """The repaired lines of one header paragraph; ``state`` says whether the kind title or the number,
    motto or date lines were met already (issuer lines stand before them, the title after)."""
    out: list[str] = []
    for piece in _split_labels(_strip_junk(paragraph)):
        line, labelled = _label(_strip_junk(piece))
        line = _date(_number(line))
        dated = bool(_rules()["date"].match(line))
        title = None if state["kind"] else _title(line)
        if title:
            state["kind"] = True
            out.append(title)
            continue
        split = None if state["kind"] or not state["anchor"] else _kind_first(line)
        if split:
            state["kind"] = True
            out += split
        elif not state["kind"] and not labelled and is_caps(line):
            out += _split_heads(_words(line))
        else:
            out.append(line)
        state["anchor"] = state["anchor"] or labelled or dated
    return [line for line in out if _TWO_LETTERS.search(line)]


def _caps_cleaned(line: str) -> str:
    """A mostly-capital signature line without the stray lower-case or digit tokens a seal left in it."""
    if len(line) > 80:
        return line
    caps = _CAPS_TOKENS.findall(line)
    if not caps or 3 * len(caps) < 2 * len(line.split()):
        return line
    cleaned = _words(" ".join(caps))
    return _title(cleaned, "signers") or cleaned


def _signature_lines(paragraph: str, confidence: float) -> list[str]:
    """The repaired lines of one signature-zone paragraph; none for a seal or signature read as letters."""
    zone = _rules()["zone"]
    short = len(paragraph) <= zone["junk_length"]
    if short and (confidence < zone["junk_confidence"] or not _TWO_LETTERS.search(paragraph)):
        return []
    out = []
    for piece in _split_labels(_strip_junk(paragraph), "signature"):
        line, _ = _label(_strip_junk(piece), "signature")
        unglued = _NAME_JUNK.sub("", line)
        if unglued != line and _rules()["name"].match(unglued):
            line = unglued
        out.append(_caps_cleaned(line))
    return out


# ---------------------------------------------------------------------------
# the view
# ---------------------------------------------------------------------------


def _rebuild(text: Text, new: dict[int, list[str]]) -> Text:
    """A Text with the paragraphs in ``new`` written as their lines (none: left out), others as they were."""
    changed = {
        i: body for i, lines in new.items()
        if (body := "\n".join(lines)) != text.text[text.paragraphs[i].start : text.paragraphs[i].end]
        and not any(text.paragraphs[i].start <= m.offset < text.paragraphs[i].end for m in text.markers)
    }
    if not changed:
        return text
    # Paragraphs are apart by "\n\n" (see layout), so each run of unchanged ones is copied in one slice and
    # moved by one shift; a long scan's few changed paragraphs cost no work per paragraph but a copy.
    pieces, paragraphs, at = [], [], 0
    shifts: list[int | None] = [None] * len(text.paragraphs)
    first = 0
    for i in [*sorted(changed), len(text.paragraphs)]:
        if first < i:
            run, start = text.paragraphs[first:i], text.paragraphs[first].start
            shifts[first:i] = [at - start] * (i - first)
            paragraphs += [_placed(p, p.start + at - start, p.end + at - start) for p in run]
            pieces.append(text.text[start : run[-1].end])
            at += run[-1].end - start + 2
        first = i + 1
        if i < len(text.paragraphs) and changed[i]:
            para = text.paragraphs[i]
            shifts[i] = at - para.start
            paragraphs.append(_placed(para, at, at + len(changed[i])))
            pieces.append(changed[i])
            at += len(changed[i]) + 2
    return Text("\n\n".join(pieces), paragraphs, _moved_markers(text, shifts))


def _placed(para: Paragraph, start: int, end: int) -> Paragraph:
    """A copy of ``para`` spanning ``start``..``end`` of the view."""
    # Its fields copied as they are, in a copy of its __dict__: the constructor, dataclasses.replace or an update
    # with keywords cost twice as much or more, paid for each paragraph of a long scan.
    placed = object.__new__(Paragraph)
    fields = para.__dict__.copy()
    fields["start"], fields["end"] = start, end
    placed.__dict__ = fields
    return placed


def _moved_markers(text: Text, shifts: list[int | None]) -> list[Marker]:
    """The markers of ``text`` moved as their paragraph moved (``shifts``, None: left out); none between."""
    if not text.markers:
        return []
    starts = [p.start for p in text.paragraphs]
    out = []
    for m in text.markers:
        i = bisect.bisect_right(starts, m.offset) - 1
        if i >= 0 and m.offset < text.paragraphs[i].end and shifts[i] is not None:
            out.append(Marker(m.offset + shifts[i], m.number))
    return out
