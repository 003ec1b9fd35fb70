"""Judge a PDF page's text layer: real Vietnamese text, or a page that must be OCR'd instead."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..models import Page
from ..rules import load

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# A token is a run of letters, digits and the symbols that mojibake and bad OCR put inside words
# ("7+ѬѪ1*", "Tg'do", "S6:"), so that such junk is judged as one word.
_TOKEN = regex.compile(r"[\p{L}\p{M}\d'’+*&@#$%^|~\\]+")
_ACRONYM = regex.compile(r"[A-ZĐ]+")


@dataclass
class TextStats:
    """Counts behind a text layer's quality score."""

    words: int = 0  # tokens with a letter, acronyms excluded
    valid: int = 0  # of which valid Vietnamese syllables
    marked: int = 0  # of the valid ones, those with a Vietnamese diacritic
    letters: int = 0


@lru_cache(maxsize=None)
def _rules() -> dict:
    rules = load("ocr")
    syl = rules["syllable"]
    return {
        "onsets": sorted(syl["onsets"], key=len, reverse=True),
        "rhymes": frozenset(syl["rhymes"]),
        "front": tuple(syl["front_vowels"]),
        "not_front": frozenset(syl["not_before_front"]),
        "only_front": frozenset(syl["only_before_front"]),
        "checked": tuple(syl["checked_codas"]),
        "checked_tones": frozenset(syl["checked_tones"]),
        "acronym_len": syl["max_acronym_len"],
        "quality": rules["quality"],
        "signature": regex.compile("|".join(rules["quality"]["signature_lines"]), regex.I | regex.M),
    }


@lru_cache(maxsize=1 << 16)  # a page repeats a few hundred syllables; every PDF page is judged
def is_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable (onset + rhyme + an allowed tone), any case."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # "ceNG", "cHU": case changing inside a word is OCR noise
    rules = _rules()
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    for onset in [*rules["onsets"], ""]:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset):]
        if rhyme not in rules["rhymes"] and not (onset == "gi" and _gi_rhyme(rhyme, rules)):
            continue
        front = rhyme.startswith(rules["front"])
        if (onset in rules["not_front"] and front) or (onset in rules["only_front"] and not front):
            continue
        if rhyme.endswith(rules["checked"]) and not (tones and tones[0] in rules["checked_tones"]):
            continue
        return True
    return False


def _gi_rhyme(rhyme: str, rules: dict) -> bool:
    # "gi" swallows the i of its rhyme: "giữa" = gi + ưa, but also "gìn" = gi + (i)n, "giêng" = gi + (i)êng.
    return rhyme == "" or ("i" + rhyme) in rules["rhymes"]


def text_stats(text: str) -> TextStats:
    """Counts of words, valid syllables and diacritic-bearing syllables in a text."""
    stats = TextStats(letters=sum(map(str.isalpha, text)))
    text = unicodedata.normalize("NFC", text)
    for token in _TOKEN.findall(text):
        word, valid, marked = _judge(token)
        stats.words += word
        stats.valid += valid
        stats.marked += marked
    return stats


@lru_cache(maxsize=1 << 16)
def _judge(token: str) -> tuple[int, int, int]:
    # (a word, a valid syllable, a marked syllable) as 0/1 counts for one token.
    if not any(c.isalpha() for c in token):
        return 0, 0, 0
    valid = is_syllable(token)
    if len(token) <= _rules()["acronym_len"] and _ACRONYM.fullmatch(token) and not valid:
        return 0, 0, 0  # UBND, HĐND, DTTS: codes are neither evidence for nor against
    return 1, int(valid), int(valid and not token.isascii())


def text_layer_quality(text: str) -> float:
    """Share of valid Vietnamese syllables among a text's words, scaled down when diacritics are missing (0..1)."""
    stats = text_stats(text)
    if not stats.words:
        return 0.0
    expected = _rules()["quality"]["expected_diacritic_share"]
    marked_share = stats.marked / stats.valid if stats.valid else 0.0
    return stats.valid / stats.words * min(1.0, marked_share / expected)


def strip_signature(text: str) -> str:
    """The text without the lines of an e-signature stamp ("Ký bởi: ...", "Thời gian ký: ...")."""
    signature = _rules()["signature"]
    return "\n".join(line for line in text.splitlines() if not signature.search(line))


def text_needs_ocr(text: str) -> bool:
    """Whether a page whose text layer reads ``text`` should be OCR'd: no text, a signature stamp only, or garbage."""
    rules = _rules()["quality"]
    own = strip_signature(text)
    if sum(map(str.isalpha, own)) < rules["min_letters"]:
        return True
    return text_layer_quality(own) < rules["min_quality"]


def page_needs_ocr(page: Page) -> bool:
    """Whether a text-layer page should be OCR'd instead (see ``text_needs_ocr``)."""
    return text_needs_ocr("\n".join(line.text for line in page.lines))
