"""The header block: number, issuer, place and date, kind and title (trích yếu), plus signer and recipients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import regex

from ..models import Header, Text
from ..rules import load
from .signature import Lines, TextLine, find_closing, is_caps, read_lines

# The kind title stands within the first lines; further down "QUYẾT ĐỊNH:" is the enacting formula.
_KIND_WITHIN = 40
_SPACES = regex.compile(r"\s+")
_TYPED_RULE = regex.compile(r"[-–—_*=]{3,}")
_NUMBER_TOKEN = regex.compile(r"[\w.\-–/&()]+")
_NUMBER_SIGN = regex.compile(r"[\d/\-–]")
# Share of capitals that makes a line a capitals line despite an OCR'd small letter ("HIỆP ĐỊNH VẬN TẢI ĐƯỜNG Bộ").
_MOSTLY_CAPS = 0.9
_LETTERS_WORD = regex.compile(r"(?<![\w/\-–])\p{L}+(?![\w/\-–])")
# An older central document prints its number and date inside its title, after the issuer: "NGHỊ ĐỊNH / CỦA CHÍNH
# PHỦ SỐ 94/1998/NĐ-CP NGÀY 17 THÁNG 11 NĂM 1998 QUY ĐỊNH CHI TIẾT ..." (no "Số:" line of its own).
_TITLE_NUMBER = regex.compile(
    r"^(?i:của)\s[^,;:]{1,80}?\s(?i:số)\s*:?\s*(?P<number>\d[\w.]*(?:\s?[/\-–]\s?[\w.&]+)+)\s*,?\s+(?i:ngày)\s*"
    r"(?P<day>\d{1,2})\s*(?:(?i:tháng)\s*|/)(?P<month>\d{1,2})\s*(?:(?i:năm)\s*|/)(?P<year>\d{4})\s*(?P<rest>.*)$",
    regex.DOTALL,
)


@lru_cache(maxsize=None)
def _rules() -> dict:
    rules = load("segment")["header"]
    # Every kind of rules/kinds.toml is a kind title too ("HIỆP ĐỊNH"), but for the generic "Văn bản" and the
    # technical standards (own_title = false there).
    kinds = [*rules["kinds"], *(k["name"].upper() for k in load("kinds")["kind"] if k.get("own_title", True))]
    alternatives = "|".join(r"\s+".join(map(regex.escape, k.split())) for k in sorted(set(kinds), key=len, reverse=True))
    return {
        "motto": regex.compile("|".join(f"(?:{m})" for m in rules["motto"]), regex.IGNORECASE),
        "number": regex.compile(rules["number_label"]),
        "date": regex.compile(rules["date_line"]),
        "kinds": {k.replace(" ", "") for k in kinds},
        # A kind title with the title itself after it on the same line: "HIỆP ĐỊNH VẬN TẢI ĐƯỜNG BỘ".
        "kind_then_title": regex.compile(rf"^\s*(?P<kind>{alternatives})\s+(?=\p{{Lu}})"),
        "letter": regex.compile(rules["letter_subject"]),
        "letter_kind": rules["letter_kind"],
        "continuations": regex.compile(r"^(?:%s)\b" % "|".join(map(regex.escape, rules["issuer_continuations"]))),
        "stop": regex.compile(rules["title_stop"]),
        "body": regex.compile(rules["body_start"]),
        "enacting": regex.compile(rules["enacting"]),
        "rule": regex.compile(rules["rule"]),
        # In capitals and in small letters, as a title may be printed either way.
        "title_joins": frozenset(w for word in rules["title_joins"] for w in (word.upper(), word.lower())),
    }


def _clean(line: str) -> str:
    """A header line without the motto phrases and typed rules glued to it ("CHÍNH PHỦ-------")."""
    line = _rules()["motto"].sub(" ", line)
    line = _TYPED_RULE.sub(" ", line)
    return _SPACES.sub(" ", line).strip()


def _is_header_cell(line: str) -> bool:
    """True for a line of the header table: the number, the place and date, the motto or a rule."""
    rules = _rules()
    cleaned = _clean(line)
    return bool(
        rules["number"].match(line) or rules["date"].search(line) or not cleaned or rules["rule"].match(cleaned)
    )


def _mostly_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(map(str.isupper, letters)) >= _MOSTLY_CAPS * len(letters)


def _kind_index(lines: Sequence[TextLine]) -> tuple[int | None, int]:
    """The index of the kind title's line and where the title starts on it (0: the next line holds the title)."""
    rules = _rules()
    kinds = rules["kinds"]
    for i in range(min(_KIND_WITHIN, len(lines))):  # by index: the lines after the title are not made
        line = lines[i]
        if is_caps(line.text) and line.text.rstrip(" :").replace(" ", "") in kinds:
            return i, 0
    # No kind on a line of its own: a capitals line of the header that opens with one ("HIỆP ĐỊNH VẬN TẢI ĐƯỜNG
    # BỘ"), before the body, the trích yếu of a letter or the addressee.
    for i in range(min(_KIND_WITHIN, len(lines))):
        text = lines[i].text
        if len(text) > 200 or rules["letter"].match(text) or rules["stop"].match(text):
            break
        hit = rules["kind_then_title"].match(text)
        if hit and _mostly_caps(text):
            return i, hit.end()
    return None, 0


def _top(lines: Sequence[TextLine], kind_at: int | None) -> list[TextLine]:
    """The lines above the kind title; without one, the lines before the body starts."""
    if kind_at is not None:
        return lines[:kind_at]
    rules = _rules()
    top = []
    for i in range(min(_KIND_WITHIN, len(lines))):  # by index: the lines of the body are not made
        line = lines[i]
        if top and len(line.text) > 200:  # the body; the addressee list may stand before the date
            break
        top.append(line)
    return [line for line in top if not rules["stop"].match(line.text) or rules["number"].match(line.text)]


def _number(top: list[TextLine]) -> tuple[str, int | None]:
    """The number printed after "Số" with the blank fill removed, and the index of its line."""
    rules = _rules()
    for i, line in enumerate(top):
        hit = rules["number"].match(line.text)
        if not hit:
            continue
        tokens = line.text[hit.end():].split()
        if i + 1 < len(top) and "/" not in "".join(tokens) and top[i + 1].text.startswith("/"):
            tokens += top[i + 1].text.split()  # "Số: 779" and "/QĐ-UBND" read as two lines
        taken = ""
        for token in tokens:
            # A blank fill or a handwritten digit leaves spaces inside the number ("Số:6 791 /SNNMT-KHTC").
            joins = taken.endswith(("-", "/", "–")) or token.startswith(("-", "/", "–"))
            if not taken or joins or ("/" not in taken and token.isdigit()):
                if _NUMBER_TOKEN.fullmatch(token) and (
                    _NUMBER_SIGN.search(token) or token.isupper()
                ):
                    taken += token
                    continue
            break
        # A rule typed on the same line ("Số: 144 /2002/QĐ/BTC   ------") joins on by its dashes: no part of it.
        return _TYPED_RULE.split(taken, maxsplit=1)[0].rstrip(".,;:"), i
    return "", None


def _issuer(top: list[TextLine], number_at: int | None) -> str:
    """The last issuing body printed at top left: capital lines above "Số", joined where they continue."""
    rules = _rules()
    names: list[str] = []
    for line in top[: number_at if number_at is not None else len(top)]:
        cleaned = _clean(line.text)
        if not is_caps(cleaned) or rules["rule"].match(cleaned) or rules["date"].search(cleaned):
            continue
        if names and rules["continuations"].match(cleaned):
            names[-1] = f"{names[-1]} {cleaned}"
        else:
            names.append(cleaned)
    return names[-1] if names else ""


def _place_date(top: list[TextLine]) -> tuple[str, str]:
    """The place and ISO date of the "<place>, ngày .. tháng .. năm ...." line ("" for a blank day)."""
    joined = _rules()["motto"].sub("\n", "\n".join(line.text for line in top))
    hit = _rules()["date"].search(joined)
    if not hit:
        return "", ""
    place = hit["place"].strip()
    at = hit.start("place")
    if at > 1 and joined[at - 1] in "-/–" and joined[at - 2].isalnum() and " " in place:
        # The number's cell ran into the place's on one line ("Số: 991/QĐ-UBND Đồng Xoài, ngày ..."): the place,
        # read from the codes after the number's last "/" ("QĐ-UBND Đồng Xoài"), opens after its first word (a
        # typed rule before it, "-----Hà Nội", is no code; "Bà Rịa-Vũng Tàu" holds its own dash).
        place = place.split(None, 1)[1]
    if not (hit["day"] and hit["month"]):
        return place, ""
    day, month, year = int(hit["day"].replace(" ", "")), int(hit["month"]), int(hit["year"])
    if month > 12 and month // 10 <= 12:
        month //= 10  # a handwritten fill over the printed digit reads "tháng 54" for "tháng 5"
    return place, _iso(day, month, year)


def _iso(day, month, year) -> str:
    """The ISO date of day, month and year (numbers or digit strings), "" if there is no such day."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _title_lines(lines: Sequence[TextLine], first: int, styled: bool, at: int = 0) -> list[str]:
    """The trích yếu: the line at ``first`` from ``at`` on, and the lines that continue it."""
    rules = _rules()
    head = lines[first]
    title = [head.text[at:]]
    # A title printed after its kind on the kind's line is in capitals as the kind is, an OCR'd letter aside: a
    # word of letters only that OCR read in small letters ("ĐƯỜNG Bộ") is printed in capitals.
    caps = is_caps(head.text)
    if not caps and at > 0 and _mostly_caps(head.text):
        caps = True
        title[0] = _LETTERS_WORD.sub(lambda m: m.group().upper(), title[0])
    for i in range(first + 1, len(lines)):  # by index: the lines after are made only as far as they are read
        line = lines[i]
        text = line.text
        last_word = title[-1].split()[-1:]
        joined = bool(last_word) and last_word[0] in rules["title_joins"]
        if (
            rules["stop"].match(text)
            or rules["body"].match(text)
            or rules["rule"].match(text)
            or rules["date"].search(text)
            or (rules["enacting"].match(text) and not joined)
            or (is_caps(text) and not caps)
        ):
            break
        same_paragraph = line.paragraph is head.paragraph or line.paragraph is lines[first].paragraph
        lower = text[:1].islower()
        centred = styled and line.paragraph.centered
        short = len(text) <= 120 and not title[-1].endswith((".", ":", ";")) and not text.endswith((".", ";"))
        if not (same_paragraph or lower or centred or (caps and is_caps(text)) or (not styled and short)):
            break
        title.append(text)
        head = line
    return title


def find_header(text: Text, read: Lines | None = None) -> Header:
    """The document's own identity: number, issuer, place, date, kind, title, signer and recipients.

    ``number`` is printed after "Số" with spaces removed ("Số:      /BC-UBND" -> "/BC-UBND"); ``issuer``
    is the last body named at top left ("UBND TỈNH BẮC GIANG" / "BAN DÂN TỘC" -> "BAN DÂN TỘC"; a line
    "TỈNH LÀO CAI" continues "ỦY BAN NHÂN DÂN"); ``kind`` is the kind title as printed in capitals, or
    "CÔNG VĂN" for a letter that prints only "V/v ..."; ``title`` is the trích yếu with its lines joined
    by a space ("V/v ..." kept for a công văn); ``signer_title`` keeps every title line of the signature,
    prefixes included, joined by a space ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH") — see ``find_signature``. ``read`` is
    the text's ``read_lines`` when the caller has it already.
    """
    rules = _rules()
    read = read_lines(text) if read is None else read
    lines = read.lines
    header = Header()
    kind_at, title_at = _kind_index(lines)
    top = _top(lines, kind_at)
    if kind_at is not None and not title_at:
        # A reader that orders by height may put the date (or number) cell under the kind title.
        after = kind_at + 1
        while after < len(lines) and _is_header_cell(lines[after].text):
            after += 1
        top += lines[kind_at + 1 : after]
    header.number, number_at = _number(top)
    header.issuer = _issuer(top, number_at)
    header.place, header.date = _place_date(top)
    styled = any(p.centered for p in text.paragraphs)
    if kind_at is not None and title_at:
        header.kind = _SPACES.sub(" ", lines[kind_at].text[:title_at].strip())
        first = kind_at
    elif kind_at is not None:
        header.kind = _SPACES.sub(" ", lines[kind_at].text.rstrip(" :"))
        first = after if after < len(lines) else None
    else:
        first = next((i for i, line in enumerate(lines[: len(top) + 5]) if rules["letter"].match(line.text)), None)
        header.kind = rules["letter_kind"] if first is not None else ""
    if first is not None and not rules["stop"].match(lines[first].text):
        title = _title_lines(lines, first, styled, title_at)
        header.title = _SPACES.sub(" ", " ".join(title)).strip()
        own = None if header.number else _TITLE_NUMBER.match(header.title)
        if own and _iso(own["day"], own["month"], own["year"]):
            header.number = "".join(own["number"].split())
            header.date = header.date or _iso(own["day"], own["month"], own["year"])
            header.title = own["rest"] or header.title
    (header.signer_title, header.signer_name), header.recipients = find_closing(text, read)
    return header
