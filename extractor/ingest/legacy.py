"""Detect and convert pre-Unicode Vietnamese text (TCVN3/ABC, VNI) read as Windows-1252 characters."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from ..rules import load
from .quality import is_syllable

# Word characters for judging: letters plus the Latin-1 symbols and PDF stand-ins that legacy text uses as
# letters ("B¸o", "®Þnh", "b\u2212íc"), so that a legacy word is one token.
_TOKEN = regex.compile(r"[\p{L}\p{M}\u00a1-\u00bf\u00d7\u00f7\u2212\u2219]+")
_TCVN3_CAPITALS = "¡¢£¤¥¦§"
_SOFT_HYPHENS = regex.compile("\u00ad{2,}")
_LOWER = regex.compile("[a-z]")
_ASCII_LETTER = regex.compile("[A-Za-z]")
_UNICODE_VI = regex.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]+")


@lru_cache(maxsize=None)
def _tables() -> dict:
    rules = load("legacy_encodings")
    tcvn3 = rules["tcvn3"]["chars"]
    vni = rules["vni"]
    return {
        "tcvn3": str.maketrans(tcvn3),
        "vni_letters": vni["letters"],
        "vni_marks": vni["marks"],
        "vni_pattern": regex.compile(
            "(?P<base>[aeiouyAEIOUYôöÔÖ])(?P<mark>[" + "".join(vni["marks"]) + "])?"
            "|(?P<letter>[" + "".join(vni["letters"]) + "])"
        ),
    }


def fix(text: str) -> tuple[str, str | None]:
    """The text converted to Unicode NFC if it is TCVN3 or VNI, with the encoding's name (else None)."""
    before = _bad_words(text)
    # Legacy bytes never give Vietnamese letters beyond Latin-1; text that has them is already Unicode.
    if not before or len(_UNICODE_VI.findall(text)) >= before:
        return text, None
    best, best_name, best_bad = text, None, before
    for name, convert in (("tcvn3", to_tcvn3), ("vni", to_vni)):
        converted = convert(text)
        bad = _bad_words(converted)
        if bad < best_bad:
            best, best_name, best_bad = converted, name, bad
    # A reading is kept only if it turns most odd words into Vietnamese ones: ordinary text with a
    # stray "®" or a French word stays as it is.
    if best_name is None or before - best_bad < max(1, before / 2):
        return text, None
    return best, best_name


def convert(text: str, encoding: str) -> str:
    """The text read in ``encoding`` ("tcvn3" or "vni"), unless it already holds Unicode Vietnamese letters."""
    if _UNICODE_VI.search(text):
        return text
    return {"tcvn3": to_tcvn3, "vni": to_vni}[encoding](text)


def to_tcvn3(text: str) -> str:
    """The text read as TCVN3 (ABC) characters, converted to Unicode NFC."""
    # "ưư" is never Vietnamese: a doubled 0xAD is Word's optional hyphen beside an ư.
    text = _SOFT_HYPHENS.sub("\u00ad", text)
    return unicodedata.normalize("NFC", _TOKEN.sub(lambda m: _tcvn3_word(m[0]), text))


@lru_cache(maxsize=1 << 16)  # a legacy PDF converts run by run: the same words come back on every page
def _tcvn3_word(word: str) -> str:
    # TCVN3 has no capitals with tone marks: .VnTimeH draws lower-case codes as capitals. A word whose
    # other letters are all capitals ("QUYÕT", "§ÞNH") was typed in such a font, so its marks are capitals.
    converted = word.translate(_tables()["tcvn3"])
    capitals = sum(("A" <= c <= "Z") or c in _TCVN3_CAPITALS for c in word)
    if capitals >= 2 and not _LOWER.search(word):
        return converted.upper()
    return converted


def to_vni(text: str) -> str:
    """The text read as VNI Windows characters, converted to Unicode NFC."""
    tables = _tables()
    letters, marks = tables["vni_letters"], tables["vni_marks"]

    def one(m: regex.Match) -> str:
        if m["letter"]:
            return letters[m["letter"]]
        base, mark = m["base"], m["mark"]
        if not mark:
            return letters.get(base, base)
        combining = marks[mark]
        low = base.lower()
        # A hat goes only on a/e/o and a breve only on a; anything else is not VNI, keep it.
        if ("\u0302" in combining and low not in "aeo") or ("\u0306" in combining and low != "a"):
            return base + mark
        return letters.get(base, base) + combining

    return unicodedata.normalize("NFC", tables["vni_pattern"].sub(one, text))


def _bad_words(text: str) -> int:
    # Words mixing ASCII letters with other characters that are not a Vietnamese syllable: "B¸o",
    # "Quyeát", "ñònh". A lone symbol ("3 × 4", "§ 2") is no evidence.
    return sum(map(_is_bad, _TOKEN.findall(text)))


@lru_cache(maxsize=1 << 16)  # words repeat: a page's few hundred syllables are judged once each
def _is_bad(word: str) -> bool:
    if word.isascii() or not _ASCII_LETTER.search(word):
        return False
    return not is_syllable(word)
