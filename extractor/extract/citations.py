"""Citations of other documents: "Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..layout.marks import SUPERSCRIPT_DIGITS
from ..models import Citation
from ..rules import load, trie
from .dates import DATE_PATTERN, iso_date
from .ocrfix import repair_text
from .scan import word_starts

# A document number: a sequence (66.19 is a real one), then parts after "/" or "-": a year or other digits,
# or a code. A code starts upper case and holds at most one lower-case letter (TTg, TTr, QĐi, CTr), which keeps
# "- Quyết định" of a next list line out of "12/QĐ-UBND". One space may stand around a separator
# ("2463 /QĐ - UBND"). Superscript footnote marks are not \d, so "511/KH-UBND³" ends before the mark.
_SEQ = r"\d+(?:\.\d+)*[a-z]?"  # "30a/2008/NQ-CP"
_SEP = r"\ ?[/\-–](?:\ |\n[ \t]*)?"  # a line may end after the separator: "126/2024/NĐ-\nCP"
_DIGITS = r"\d{1,5}(?![\p{L}\d])"
_CODE = r"[\p{Lu}][\p{Lu}\d&]*(?:\p{Ll}[\p{Lu}\d&]*)?(?:\.[\p{Lu}][\p{Lu}\d&]*)*(?![\p{L}\d])"  # 16/CGC.BT
# At least one code, so that dates and fractions ("14/10/2021", "369.780/671.874") are never numbers.
CODED_NUMBER = rf"{_SEQ}(?:{_SEP}{_DIGITS})*{_SEP}{_CODE}(?:{_SEP}(?:{_DIGITS}|{_CODE}))*"
_BARE = r"\d+(?:\.\d+)?(?![\p{L}\d]|[.,]\d|\ ?[/\-–]\ ?[\p{L}\d])"
# A technical standard's number: prefix (rules/kinds.toml `prefixes`), number, ":" and year, "/" and issuer:
# "QCVN 01:2019/BCT", "TCVN 5507:2002", "TCCS.01:2017/ĐCKS", "QCVN 07-5:2016/BXD", "TCVN ISO/IEC 17025"; older
# standards put the year after a hyphen ("TCVN 5937-2005").
_STANDARD_YEAR = r"(?:19|20)\d\d(?![\d.\-])"
_STANDARD = (
    r"(?P<prefix>%s)(?:\ ?\.\ ?|\ )?(?:ISO(?:/IEC)?\ ?)?"
    r"(?P<seq>\d+(?:[.\-](?!" + _STANDARD_YEAR + r")\d+)*)(?![\p{L}\d])"
    r"(?:\ ?[:\-]\ ?(?P<year>" + _STANDARD_YEAR + r"))?(?:\ ?/\ ?(?P<issuer>" + _CODE + r"))?"
)

_SPLIT = regex.compile(r"([/\-–])")
_SEPARATORS = "/-–"
_YEAR = regex.compile(r"(?:19|20)\d\d")
_LETTER = regex.compile(r"\p{L}")
_WORD_CHAR = regex.compile(r"[\p{L}\d/\-–&]")
_WORD_CHAR_OR_DOT = regex.compile(r"[\p{L}\d.]")
_LINE_GAP = r"(?:[^\S\n]|\n(?!\n))*"
_DATED_AFTER_COLON = ": ngày"
_SENTENCE_BREAK = regex.compile(r"\n|[.!?]\s+\p{Lu}")
# What stands before a coded number's separator (the lookbehind of code_separator), read by the standard library's
# re over the three characters before it.
_DIGITS_END = re.compile(r"\d[a-z]?\ ?\Z")
# The subject runs to the end of its clause: ";", a full stop (not a decimal point), a paragraph end, a footnote
# mark, or a ")" that closes a bracket opened before the citation.
_TITLE = regex.compile(rf"(?:[^\S\n]|\n(?!\n))*(?P<title>(?:[^;\n.(){SUPERSCRIPT_DIGITS}]+|\n(?!\n)|\.(?=\d)|\([^()\n;]*\))*)")


@dataclass(frozen=True)
class _Kind:
    name: str
    bare_number: bool
    long_name: bool


def alternation(phrases, fold_tail: bool = False, reverse: bool = False) -> str:
    """A regex alternation of phrases, longest first, any whitespace between their words."""
    # Longest first, so "Thông tư liên tịch" wins over "Thông tư"; spaces match any whitespace because a
    # page break may have split "Nghị\n\nquyết". With ``fold_tail`` the words after the first match in any case.
    # Pass ``reverse`` for a pattern read backwards (``(?r)``), so that longer phrases still come first.
    if fold_tail:
        # Phrases sharing a first word are one branch, their tails in the order of the phrases, so the engine
        # reads a first word once where it tried every phrase's. No two first words match at one place unless
        # one is a one-word phrase opening another's first word (the rules hold none), so the order in which
        # phrases are tried at a place, and so the match, stays that of the phrases longest first.
        tails: dict[str, list[str]] = {}
        for p in sorted(set(phrases), key=lambda p: (-len(p), p)):  # ties by text: set order varies by run
            head, *words = p.split()
            tails.setdefault(head, []).append("".join(rf"\s+{regex.escape(w)}" for w in words))
        return "|".join(f"{regex.escape(head)}(?i:{'|'.join(ts)})" for head, ts in tails.items())
    return trie([" ".join(phrase.split()) for phrase in phrases], r"\s+", reverse)


def _key(phrase: str) -> str:
    return " ".join(phrase.split()).lower()


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


class _Rules:
    """Every pattern and lookup table, compiled once from rules/kinds, issuers and citations."""

    def __init__(self) -> None:
        kinds, issuers, words = load("kinds"), load("issuers"), load("citations")
        self.kinds: dict[str, _Kind] = {}
        self.abbreviations: dict[str, _Kind] = {}
        self.by_code: dict[str, str] = {}
        self.official_code: dict[str, str] = {}
        for row in kinds["kind"]:
            kind = _Kind(row["name"], row.get("bare_number", False), row.get("long_name", False))
            for word in [row["name"], *row.get("words", [])]:
                self.kinds[_key(word)] = kind
            for abbreviation in row.get("abbreviations", []):
                self.abbreviations[abbreviation] = kind
            for code in row.get("codes", []):
                self.by_code.setdefault(code, row["name"])
            if row.get("codes"):
                self.official_code[row["name"]] = row["codes"][0]
        self.issuer_codes = set(issuers["codes"])
        self.standard_kind = {p: row["name"] for row in kinds["kind"] for p in row.get("prefixes", [])}
        # Where a standard may open: two letters open every prefix, and two scans of the text cost less than eight.
        self.standard_heads = sorted({p[:2] for p in self.standard_kind})
        prefixes = alternation(self.standard_kind)
        self.standard = regex.compile(rf"(?<![\p{{L}}\d])(?P<number>{_STANDARD % prefixes})")
        self.standard_number = regex.compile(_STANDARD % prefixes)
        self.number_words = words["number_words"]
        number_word = alternation(self.number_words)
        # Read backwards from the number, so their alternations are reversed tries.
        kind_words = (
            rf"(?P<word>(?i:{alternation(self.kinds, reverse=True)}))"
            rf"|(?P<abbr>{alternation(self.abbreviations, reverse=True)})"
        )

        # Candidates are found by three quick scans (a "số" before a digit; a separator between a digit and a
        # code, "/Q" in "1719/QĐ-TTg"; a kind cited with a bare number); the kind word is then read backwards.
        # One alternation of every kind word scanned at every position was ten times slower.
        # "số" and its number may be split by a line end, never by a paragraph break (table cells in PDFs).
        self.so = regex.compile(rf"(?<![\p{{L}}\d.])(?:{number_word}){_LINE_GAP}[:.]?{_LINE_GAP}(?=\d)")
        self.code_separator = regex.compile(r"[/\-–](?<=\d[a-z]?\ ?.)\ ?\p{Lu}")
        self.digits_before = regex.compile(rf"(?r){_SEQ}(?:{_SEP}{_DIGITS})*\ ?")
        self.number = regex.compile(rf"(?P<number>(?P<coded>{CODED_NUMBER})|{_BARE})")
        self.coded = regex.compile(rf"(?P<number>{CODED_NUMBER})")
        bare_kinds = sorted({_capitalised(w) for w, k in self.kinds.items() if k.bare_number}, key=lambda w: (-len(w), w))
        # The kind words that open where the longest one found does, longest first: "Nghị quyết liên tịch" is
        # "Nghị quyết" too.
        self.bare_kinds = {w: [v for v in bare_kinds if w.startswith(v)] for w in bare_kinds}
        # Where a "số", a kind cited with a bare number, a standard's prefix or a dated sentence's "Ngày" may
        # stand, found by one scan: the standard library's re skips in C to the letters that open them, where
        # the regex engine tries the alternation at every position and a str.find per word passes over the text
        # once each. A word begins inside another only after a letter, where none may open (test_citations
        # checks it), so the scan finds every place where one may; longest first, so a kind word's hit is the
        # longest one found there. A lower-case "ngày" opens a dated clause only after a colon, and "n" is too
        # common a letter for the scan: ": ngày" is looked for by itself.
        self.anchor_role = {
            **{w: "bare" for w in bare_kinds},
            **{w: "so" for w in self.number_words},
            **{h: "standard" for h in self.standard_heads},
            "Ngày": "dated",
        }
        # The scan also tests what must follow a "số" (no letter, nor a space and a letter: "số lượng", "một số
        # nội dung") and a kind cited with a bare number (spaces and a digit), so that the many words that fail
        # never reach Python; a word that fails lets the scan go on inside it, where no anchor may open after
        # a space (test_citations checks it). [^\W\d_] is a letter or a numeral such as "²", and no numeral
        # opens a number.
        follows = {"so": r"(?![^\W\d_]|\ [^\W\d_])", "bare": r"(?=\ +\d)"}
        self.anchor = re.compile(
            "|".join(
                re.escape(w) + follows.get(self.anchor_role[w], "")
                for w in sorted(self.anchor_role, key=lambda w: (-len(w), w))
            )
        )
        self.bare = regex.compile(
            rf"\ +(?P<number>{_BARE})(?!\s+(?i:{alternation(words['bare_number_stops'])})(?![\p{{L}}]))"
        )
        # Backwards from "số": the kind word, then at most a few words of description ("Quyết định phê duyệt chủ
        # trương đầu tư số: 615/QĐ-UBND", "QĐ thành lập số 1689/QĐ-UBND"); the lazy gap finds the nearest one.
        # Laws carry long names ("Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân số 87/2015/QH13").
        # Before a number without "số" a gap is a name and must open with a capital ("Luật Giáo dục 123/2025/QH15").
        gap = r"(?P<gap>(?:,?[^\S\n]+[\p{L}(][\p{L}\d)]*){0,%d}?)"
        # A law's name opens with a capital: "pháp luật số 64/2025/QH15" is the tail of "Luật Ban hành ... pháp luật".
        long_names = [form for w, k in self.kinds.items() if k.long_name for form in (_capitalised(w), w.upper())]
        self.law_word = regex.compile(alternation(long_names))
        self.kind_before_so = regex.compile(rf"(?r)(?:{kind_words}){gap % words['max_gap_words']}\s*[:(]?\s*")
        self.law_before_so = regex.compile(rf"(?r)(?P<word>{alternation(long_names, reverse=True)}){gap % words['max_name_words']}\s*:?\s*")
        self.kind_before_number = regex.compile(rf"(?r)(?:{kind_words}){gap % words['max_gap_words']}\s+")
        self.form_before = regex.compile(rf"(?r)(?:{alternation(words['form_words'], reverse=True)})[^\S\n]+")
        joins = alternation(words["item_joins"])
        # The next item right after a reference: "QĐ số 1656 và 1662/QĐ-UBND", "..., số 653/QĐ-TTg".
        self.next_item = regex.compile(
            rf"\s*(?:{joins})\s*(?:(?P<so>{number_word})\s*[:.]?\s*(?P<number>{CODED_NUMBER}|{_BARE})"
            rf"|(?P<number>{CODED_NUMBER}))"
        )
        self.item_context = regex.compile(rf"(?:[;,]|\s(?:{joins}))\s*$")
        self.share_join = regex.compile(r"\s*(?:,\s*(?:và\s+)?|và\s+)")
        # The date after a number, by one match: its lead is atomic, so the date is looked for only where the
        # lead's own match ends, as a match of the lead and then one of the date would look for it.
        date_lead = rf"\s*,?\s*(?:(?:{alternation(words['date_links'])})\s+)?(?=\d|(?i:ngày))"
        self.date_after = regex.compile(rf"(?>{date_lead})(?:{DATE_PATTERN.pattern})", regex.VERBOSE)
        self.same_day = regex.compile(rf"[^\S\n]*(?:{alternation(words['same_day'])})(?![\p{{L}}\d]|\s+\d)")
        # Before a match the engine looks for the phrase's words through the rest of the text: a look at the
        # word that opens the phrase, after the spaces, spares that walk where none stands.
        self.same_day_heads = tuple({phrase.split()[0] for phrase in words["same_day"]})
        self.spaces = regex.compile(r"[^\S\n]*")
        # A remark in brackets may stand before "của": "Văn bản số 422/KSVN-KHTCKT ngày 25/02/2025 (Cục Thuế tỉnh
        # Yên Bái trước sáp nhập) của Cục Khoáng sản Việt Nam".
        # The branch that never matches, (?!), keeps "của" from being a word every match needs: the engine would
        # look for such a word through the rest of the text before each match.
        self.issuer_lead = regex.compile(
            rf"\s*,?\s*(?:\([^()\n]{{1,{words['max_remark_chars']}}}\)\s*)?(?:{alternation(words['issuer_links'])}|(?!))\s+"
        )
        self.space = regex.compile(r"[^\S\n]*\n?[^\S\n]*(?=\S)")

        # Issuer names. Known full names go first: they hold words that would end a name ("Bộ Kế hoạch và Đầu tư").
        # Past their first word they are matched in any case: "Sở Nông nghiệp và phát triển nông thôn".
        names = [n for n in issuers["codes"].values() if "(" not in n and "," not in n] + issuers["names"]
        self.issuer_name = regex.compile(rf"(?:{alternation(names, fold_tail=True)})(?![\p{{L}}\d])")
        self.issuer_head = regex.compile(rf"(?:{alternation(issuers['heads'])})(?![\p{{L}}\d])")
        ends = [*words["name_ends"], *map(_capitalised, self.kinds)]
        name_end = rf"(?:{alternation(ends)})(?![\p{{L}}\d])"
        locality = rf"(?:{alternation(issuers['localities'])})(?![\p{{L}}\d])"
        self.name_syllables = set(issuers["name_syllables"])
        # What stands at a name's next word, read by one match, its kind the group's name: a known name, a word
        # that ends names, a place's name (where one may stand) or any other word, in that order of precedence.
        word = r"(?P<word>[\p{L}][\p{L}\d&]*)"
        self.name_step = regex.compile(rf"(?P<known>{self.issuer_name.pattern})|(?P<end>{name_end})|{word}")
        self.name_or_place_step = regex.compile(
            rf"(?P<known>{self.issuer_name.pattern})|(?P<end>{name_end})|(?P<locality>{locality})|{word}"
        )
        self.parent_place = regex.compile(rf",[^\S\n]+{locality}[^\S\n]+(?=\p{{Lu}})")
        self.name_join = regex.compile(r"[^\S\n]+(?:-|và)[^\S\n]+(?=\p{Lu})|[^\S\n]+|\n(?!\n)")

        # "Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản ...": a sentence that opens with a date; after a colon
        # the clause may open in lower case ("Hội Bảo vệ thiên nhiên và môi trường: ngày 14/8/2024, Sở ... có").
        self.dated_start = regex.compile(r"(?:(?<![\s\S])|(?<=\n|[.;:]\ ))Ngày(?=\s+\d)|(?<=:\ )ngày(?=\s+\d)")
        self.dated_rest = regex.compile(
            rf"\s*,\s+(?:[\p{{L}}\d]+\ ){{1,{words['max_subject_words']}}}?(?:đã\ )?"
            rf"(?:{alternation(words['dated_verbs'])})\ (?:(?:{alternation(words['dated_objects'])})\ )?(?:các\ )?"
            rf"(?P<kind>(?i:{alternation(self.kinds)}))(?![\p{{L}}\d])"
        )

    def kind_before(self, text: str, at: int, so: bool) -> tuple[regex.Match | None, _Kind | None]:
        """The kind word that ends right before ``at`` (a "số" when ``so``, else the number itself)."""
        lo = max(0, at - 300)
        if so:
            m = self.kind_before_so.match(text, lo, at)
            # A lower-case kind word inside a law's name ("pháp luật số 64/2025/QH15") is part of that name.
            if not m or (m["word"] or "")[:1].islower():
                # The backward match tries every gap; a quick search first tells whether a law's name is near.
                law = self.law_word.search(text, lo, at) and self.law_before_so.match(text, lo, at)
                if law and (not m or law.start() < m.start()):
                    m = law
        else:
            m = self.kind_before_number.match(text, lo, at)
            if m and m["gap"] and not m["gap"].lstrip(", \t\xa0")[:1].isupper():
                m = None
        if (
            not m
            or (m.start() and _WORD_CHAR.match(text, m.start() - 1))
            or self.form_before.match(text, max(0, at - 20), at)
        ):
            return None, None
        abbreviation = m.groupdict().get("abbr")
        return m, self.abbreviations[abbreviation] if abbreviation else self.kinds[_key(m["word"])]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


@lru_cache(maxsize=4096)  # a report cites the same numbers again and again
def parse_number(number: str) -> tuple[str, str, str, str]:
    """(seq, year, kind_code, issuer_code) of a document number such as 01/2022/NQ-HĐND or 34-CT/TW."""
    rules = _rules()
    standard = rules.standard_number.fullmatch(number)
    if standard:  # "QCVN01:2019/BCT": the prefix stands for the kind code
        return standard["seq"], standard["year"] or "", standard["prefix"], standard["issuer"] or ""
    parts = _SPLIT.split(number)
    seq, year = parts[0], ""
    rest = parts[2:]  # segment, separator, segment, ...
    if rest and rest[0].isdigit():
        if _YEAR.fullmatch(rest[0]):
            year = rest[0]
        rest = rest[2:]  # a digit part that is no year ("45/25010/NĐ-CP" as printed) is no code either
    if not rest:
        return seq, year, "", ""
    first, tail = rest[0], "".join(rest[1:])
    if first in rules.by_code:
        return seq, year, first, tail[1:]
    # A lost hyphen glues the kind code to the issuer ("3976/KHUBND"): split where both halves are known.
    for i in range(len(first) - 1, 0, -1):
        if first[:i] in rules.by_code and first[i:] in rules.issuer_codes:
            return seq, year, first[:i], first[i:] + tail
    return seq, year, "", first + tail


def scan_words(text: str, pattern: regex.Pattern, words: Iterable[str]):
    """The matches ``pattern.finditer(text)`` gives, for a pattern whose every match opens with one of ``words``.

    Finding the words by ``str.find`` costs far less than the regex engine trying an alternation at every position.
    """
    taken_until = 0
    for start in word_starts(text, words):
        m = pattern.match(text, start) if start >= taken_until else None
        if m:
            taken_until = max(m.end(), start + 1)
            yield m


def _candidates(text: str) -> tuple[list[tuple[int, str | None, regex.Pattern, int]], list[int]]:
    """(place, kind or None, pattern, offset) for each place a citation may stand, in order of the text; and
    where a "Ngày" that may open a dated sentence stands.

    The number is ``pattern.match(text, offset)``, read only where no earlier citation has taken the place.
    A coded number's place is its separator ("/" in "1719/QĐ-TTg") and its offset -1: whether a code follows
    and where its digits open are read only when the place is free (most such numbers follow a "số" already read).
    """
    rules = _rules()
    found, dated = [], []
    so_until = standard_until = 0  # each pattern's matches, as its finditer would give them: none overlapping
    for hit in rules.anchor.finditer(text):
        at, word = hit.start(), hit.group()
        role = rules.anchor_role[word]
        if role == "so":
            m = rules.so.match(text, at) if at >= so_until else None
            if m:
                so_until = max(m.end(), at + 1)
                found.append((at, None, rules.number, m.end()))
        elif role == "bare":
            if not (at and _WORD_CHAR.match(text, at - 1)):
                for kind in rules.bare_kinds[word]:
                    if rules.bare.match(text, at + len(kind)):
                        found.append((at, rules.kinds[_key(kind)].name, rules.bare, at + len(kind)))
        elif role == "standard":
            m = rules.standard.match(text, at) if at >= standard_until else None
            if m:
                standard_until = max(m.end(), at + 1)
                found.append((at, rules.standard_kind[m["prefix"]], rules.standard, at))
        else:
            dated.append(at)
    for at in word_starts(text, _SEPARATORS):
        # A code opens with a capital, and digits stand before the separator: quick looks spare most hyphens
        # ("- Quyết định", "HĐND-UBND" outside citations) and the slashes of dates.
        after = text[at + 1 : at + 3]
        if (after[1:] if after[:1] == " " else after[:1]).isupper() and (
            text[at - 1 : at].isdecimal() or _DIGITS_END.search(text, max(0, at - 3), at)
        ):
            found.append((at, None, rules.coded, -1))
    # No other kind of place stands among a coded number's digits, so its separator orders it as its first digit
    # would; no two places share an offset.
    found.sort(key=lambda h: h[0])
    at = text.find(_DATED_AFTER_COLON)
    while at >= 0:
        dated.append(at + 2)
        at = text.find(_DATED_AFTER_COLON, at + 1)
    return found, sorted(dated)


def _digits_before(text: str, separator: int) -> int | None:
    """Where the digits of a coded number open, read back from its separator; None if no number opens there."""
    rules = _rules()
    digits = rules.digits_before.match(text, max(0, separator - 40), separator)
    if digits and not (digits.start() and _WORD_CHAR_OR_DOT.match(text, digits.start() - 1)):
        return digits.start()
    return None


def find_citations(text: str, ocr_spans: Sequence[tuple[int, int]] = ()) -> list[Citation]:
    """Every mention of another document in ``text``, in order of appearance.

    Inside ``ocr_spans`` (stretches of ``text`` read by OCR) misread kind words, "số", date words and number
    shapes are repaired first: the normalised columns hold the repaired values, ``snippet`` and the offsets
    the text as printed. Outside them nothing is repaired, so clean text costs no precision.

    A number left blank ("Kế hoạch số: /KH-UBND", "Nghị quyết số …./2026/NQ-CP" in a draft or a form) gives no
    row: it identifies no document, and where it is filled in it is nearly always the document's own number,
    which is no citation (GOLD-SCHEMA). The header keeps such a partial number as the document's own.
    """
    if not ocr_spans:
        return _find(text)
    repaired = repair_text(text, ocr_spans)
    found = _find(repaired.text)
    for c in found:
        c.start, c.end = repaired.original(c.start), repaired.original(c.end)
        c.snippet = text[c.start : c.end]
        if any(start <= c.start < end for start, end in ocr_spans):
            _agree_with_kind(c)
    return found


def _agree_with_kind(c: Citation) -> None:
    # An OCR'd type code that is no code, and is the code of the kind word before it with its "Đ" misread, is
    # that code: "Nghị định số 26/2026/NB-CP" is NĐ-CP. Only the Đ, which OCR reads as D, B or O: a Công văn's
    # number opens with its issuer ("597/HC-QLHC"), which may well be one other letter away from "CV".
    rules = _rules()
    code = rules.official_code.get(c.kind, "")
    parts = _SPLIT.split(c.number)
    at = next((i for i in range(0, len(parts), 2) if _LETTER.match(parts[i])), None)
    if at is None or "Đ" not in code or parts[at] in rules.by_code or parts[at] in rules.issuer_codes:
        return
    wrong = [(a, b) for a, b in zip(parts[at], code) if a != b]
    if len(parts[at]) == len(code) and len(wrong) == 1 and wrong[0][1] == "Đ":
        parts[at] = code
        c.number = "".join(parts)
        c.seq, c.year, c.kind_code, c.issuer_code = parse_number(c.number)


def _find(text: str) -> list[Citation]:
    rules = _rules()
    found: list[Citation] = []
    taken_until = 0
    candidates, dated = _candidates(text)
    for at, bare_kind, pattern, offset in candidates:
        if at < taken_until:
            continue
        if offset < 0:
            if not rules.code_separator.match(text, at):
                continue
            at = offset = _digits_before(text, at)
            if at is None or at < taken_until:
                continue
        number = pattern.match(text, offset)
        if not number:
            continue
        if bare_kind:
            start, kind = at, bare_kind
            if pattern is rules.standard:  # "Quy chuẩn kỹ thuật quốc gia QCVN 01:2019/BCT" opens at its kind word
                head, head_kind = rules.kind_before(text, at, so=False)
                if head and head_kind.name == kind:
                    start = head.start()
        else:
            so = at < number.start()
            coded = not so or number["coded"] is not None  # a coded number holds a letter, a bare one none
            head, head_kind = rules.kind_before(text, at, so=so)
            if head and not coded and rules.form_before.match(text, max(0, head.start() - 20), head.start()):
                continue  # "Mẫu biên bản số 22" is a form; "Phụ lục Nghị định số 59/2017/NĐ-CP" is the decree
            if head and (coded or not head["gap"]):
                start, kind = head.start(), _head_kind(head, head_kind, number["number"], so)
            elif so and coded and not rules.form_before.match(text, max(0, at - 20), at):
                start, kind = at, _orphan_kind(text, number, found)
            else:
                continue
        found.append(_complete(text, kind, start, number.start("number"), number.end("number")))
        taken_until = _next_items(text, found)
    _dated(text, found, dated)
    _share_dates(text, found)
    for i, c in enumerate(found):
        c.title = _title_at(text, c.end, found[i + 1].start if i + 1 < len(found) else len(text))
    return found


def _complete(text: str, kind: str, start: int, number_start: int, number_end: int) -> Citation:
    # The number's parts, then what follows it: date, issuer, and a date printed after the issuer.
    number = "".join(text[number_start:number_end].split())
    seq, year, kind_code, issuer_code = parse_number(number)
    date, end = _date_at(text, number_end)
    issuer, end = _issuer_at(text, end, dated=bool(date))
    if issuer and not date:
        date, end = _date_at(text, end)
    return Citation(kind, number, seq, year, kind_code, issuer_code, date, issuer, "", text[start:end], start, end)


def _date_at(text: str, pos: int) -> tuple[str, int]:
    match = _rules().date_after.match(text, pos)
    iso = match and iso_date(match["day"], match["month"], match["year"])
    return (iso, match.end()) if iso else ("", pos)


def _issuer_at(text: str, pos: int, dated: bool) -> tuple[str, int]:
    # After "của" any name is the issuer; right after a date only a name that opens like a body's name
    # ("ngày 15/5/2016 Bộ Chính trị"), since there the subject usually follows ("ngày 21/6/2022 triển khai").
    rules = _rules()
    lead = rules.issuer_lead.match(text, pos)
    if lead:
        end = _name_end(text, lead.end())
        if end > lead.end():
            return " ".join(text[lead.end() : end].split()), end
    if dated:
        space = rules.space.match(text, pos)
        if space and space.end() > pos and (rules.issuer_head.match(text, space.end()) or rules.issuer_name.match(text, space.end())):
            end = _name_end(text, space.end())
            if end > space.end():
                return " ".join(text[space.end() : end].split()), end
    return "", pos


def _name_end(text: str, pos: int, place: bool = False) -> int:
    """End of an issuing body's name starting at ``pos`` ("UBND huyện Sơn Động"), or ``pos`` if none.

    With ``place`` the name is a place's own name, the words after "tỉnh" ("Lào Cai").
    """
    rules = _rules()
    end = i = pos
    local = False  # the name holds a place: "UBND xã Yên Thành"
    # place: after "tỉnh", "huyện"... only the place's own capitalised name may follow
    # A capitalised syllable that opens a word may take one lower-case syllable of any kind ("Tổng cục Địa chất",
    # "Ủy ban Pháp luật"); inside a proper name ("Lào Cai", "Bắc Giang") it may not.
    opens_word = False
    previous_upper = False
    while True:
        step = (rules.name_step if i == pos or place else rules.name_or_place_step).match(text, i)
        if not step or step.lastgroup == "end":
            break
        if step.lastgroup == "known":
            opens_word = previous_upper = False
        elif step.lastgroup == "locality":
            place, local, opens_word, previous_upper = True, True, False, False
        else:
            w = step.group()
            if w[0].isupper():
                opens_word, previous_upper = not previous_upper, True
            elif i == pos or place or not (opens_word or w in rules.name_syllables):
                break
            else:
                opens_word = previous_upper = False
        i = step.end()
        end = i
        join = rules.name_join.match(text, i)
        if not join:
            break
        if join.group().strip() in {"-", "và"}:
            place = False  # "UBND tỉnh và UBND huyện ...": a second body starts
        i = join.end()
    # "UBND xã Yên Thành, tỉnh Lào Cai": the place above a local body's place, after a comma, is part of its name.
    parent = rules.parent_place.match(text, end) if local else None
    if parent:
        tail = _name_end(text, parent.end(), place=True)
        if tail > parent.end():
            end = tail
    return end


def _title_at(text: str, pos: int, stop: int) -> str:
    # What follows the reference up to the end of its clause, unless a comma or bracket closes it first.
    m = _TITLE.match(text, pos, stop)
    title = m["title"].strip()
    if title[:1] == "," or title.split(" ", 1)[0] == "và":
        return ""
    return title.rstrip(" ,:")


def _head_kind(head: regex.Match, kind: _Kind, number: str, so: bool) -> str:
    # Without "số", a lower-case kind word may be a verb or common noun ("theo quy định 15/2026/TT-BCT"):
    # there the number's own type code names the kind.
    if so or not head["word"] or not head["word"][0].islower():
        return kind.name
    return _rules().by_code.get(parse_number("".join(number.split()))[2], kind.name)


def _orphan_kind(text: str, m: regex.Match, found: list[Citation]) -> str:
    # "số 743/QĐ-UBND" with no kind word: a later item of a list takes the list's kind; otherwise the number's
    # type code names the kind ("chủ trương đầu tư số 1364/QĐ-UBND"), and a code-less number is a văn bản.
    if found and _same_list(text, found[-1], m.start()):
        return found[-1].kind
    return _rules().by_code.get(parse_number("".join(m.group().split()))[2], "Văn bản")


def _same_list(text: str, previous: Citation, at: int) -> bool:
    # The item follows the previous reference in the same sentence, after ";", "," or "và".
    return not _SENTENCE_BREAK.search(text, previous.end, at) and bool(
        _rules().item_context.search(text, max(previous.end, at - 8), at)
    )


def _next_items(text: str, found: list[Citation]) -> int:
    # Items chained right after a reference share its kind: "QĐ số 1656 và 1662/QĐ-UBND", "..., số 653/QĐ-TTg".
    rules = _rules()
    previous = found[-1]
    while m := rules.next_item.match(text, previous.end):
        start = m.start("so") if m["so"] else m.start("number")
        previous = _complete(text, previous.kind, start, m.start("number"), m.end("number"))
        found.append(previous)
    return previous.end


def _dated(text: str, found: list[Citation], openings: list[int]) -> None:
    # "Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn": the sentence's opening date is the issue
    # date of the document it names; with a number and no date of its own the date goes to that reference.
    rules = _rules()
    for at in openings:
        opening = rules.dated_start.match(text, at)
        date = opening and DATE_PATTERN.match(text, at)
        iso = date and iso_date(date["day"], date["month"], date["year"])
        rest = iso and rules.dated_rest.match(text, date.end())
        if not rest:
            continue
        starts = [c.start for c in found]
        at = bisect.bisect_left(starts, rest.start("kind"))
        if at < len(found) and found[at].start == rest.start("kind"):
            found[at].date = found[at].date or iso
            continue
        kind = rules.kinds[_key(rest["kind"])].name
        start, end = opening.start(), rest.end()
        found.insert(bisect.bisect_left(starts, start), Citation(kind, "", "", "", "", "", iso, "", "", text[start:end], start, end))


def _share_dates(text: str, found: list[Citation]) -> None:
    # "văn bản số 270/BDT-KHTT và văn bản số 271/BDT-KHTT ngày 30/11/2021": the date after the last of
    # references joined by "và" or "," belongs to each of them, and so does its issuer.
    rules = _rules()
    for i in range(len(found) - 2, -1, -1):
        c, n = found[i], found[i + 1]
        if not c.date and n.date and not c.issuer and rules.share_join.fullmatch(text, c.end, n.start):
            c.date, c.issuer = n.date, n.issuer
    # "Chỉ thị số 20/CT-TTg ngày 12/6/2023 và Chỉ thị số 21/CT-TTg cùng ngày": the date of the reference before.
    for previous, c in zip(found, found[1:]):
        if (
            not c.date
            and c.number
            and previous.date
            and text.startswith(rules.same_day_heads, rules.spaces.match(text, c.end).end())
            and (m := rules.same_day.match(text, c.end))
        ):
            c.issuer, c.end = _issuer_at(text, m.end(), dated=True)
            c.date = previous.date
            c.snippet = text[c.start : c.end]
