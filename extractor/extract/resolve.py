"""Short forms resolved to the full citation they repeat, as eyecite resolves "id." and short cites.

A citation whose number repeats an earlier one without its date ("Công văn số 2769/UBND-NCKSTTHC" after
"Công văn số 2769/UBND-NCKSTTHC ngày 24/7/2024 của UBND tỉnh"), a bare sequence ("QĐ 742" after "Quyết định
số 742/QĐ-UBND"), a law named again ("Luật Chăn nuôi" after "Luật Chăn nuôi số 32/2018/QH14") or a phrase
that points back ("Quyết định nêu trên", "Kế hoạch trên", "Nghị định này" inside a quotation of that decree)
gets ``resolved`` = the index in the citation list of the first full citation of the same document.

Decisions:
- Phrases without a number ("Quyết định nêu trên", "Nghị định này") are added as citation rows with empty
  number and date when they resolve, so the link has a row to stand on (the gold counts only rows with a
  number or a date, so these never count against scoring). "QĐ 742" keeps its printed sequence as number.
- "<kind> này" names the document itself when the kind is the document's own kind (``own_kind``, the
  header's kind) and it stands outside a quotation: that is no citation of another document, so it gets
  no row. Inside a quotation it names the quoted document; in a report ("Nghị quyết này quy định ...")
  it names the last cited document of that kind. With the own kind unknown it is left alone.
- Ambiguous cases stay unresolved: one number cited earlier with two different dates, a bare sequence or
  a name that fits two documents, a "nêu trên" right after a list of two documents of its kind, a plural
  ("các Quyết định nêu trên").
- A citation that prints its own date is a full citation and is not resolved.
"""

from __future__ import annotations

import bisect
import itertools
from functools import lru_cache

import regex

from ..models import Citation
from ..rules import load
from .citations import alternation  # longest phrase first, any whitespace between words
from .roles import sentence_start
from .scan import word_starts

# A bare "Kế hoạch trên" points back only before a punctuation mark: "Kế hoạch trên địa bàn" does not.
_AFTER_BARE = regex.compile(r"\s*(?:[,.;:)]|$)")
_QUOTE_SPAN = 6000  # a quotation left open longer than this is a stray mark


class _Rules:
    """Kind words and abbreviations of rules/kinds.toml and the pointer words of rules/citations.toml as
    short-form patterns, compiled once."""

    def __init__(self) -> None:
        kinds = load("kinds")["kind"]
        phrases = load("citations")
        pointers = phrases["pointers"]
        self.kind_of: dict[str, str] = {}
        for k in kinds:
            self.kind_of[k["name"].casefold()] = k["name"]
            for abbreviation in k.get("abbreviations", []):
                self.kind_of[abbreviation.casefold()] = k["name"]
        names = [k["name"] for k in kinds]
        abbreviations = [a for k in kinds for a in k.get("abbreviations", [])]
        capitalised = alternation(names)
        lower = alternation(n.lower() for n in names)
        back, bare, this = (alternation(pointers[group], reverse=True) for group in ("back", "bare", "this"))
        self.pointer = regex.compile(
            rf"(?r)(?<![\p{{L}}])(?:(?P<kind>{capitalised}|{lower})\s+(?:{back})"
            rf"|(?P<kind>{capitalised})\s+(?:{bare})(?P<bare>)|(?P<this>{capitalised})\s+(?:{this}))"
        )
        # A pointer is found from the first of its words that ends some pointer ("trên" of "nêu trên" and of "trên
        # đây"), as far as its end, and its kind word is read backwards from there: many times faster than trying
        # every kind word at every position, and cheaper than finding every "đây" or every "n" of "nêu", "nói".
        every = [p.split() for group in ("back", "bare", "this") for p in pointers[group]]
        ends = {words[-1] for words in every}
        opens = [next(i for i, w in enumerate(words) if w in ends) for words in every]  # where each tail opens
        tails = {" ".join(words[i:]) for words, i in zip(every, opens)}
        self.anchor_words = sorted({tail.split()[0] for tail in tails})
        # The word a tail may follow: a pointer's own word ("nêu" of "nêu trên") or a kind's last word ("định"),
        # looked up before the backward match of the pointer, which most "này" and "trên" fail.
        self.before_tail = {words[i - 1] for words, i in zip(every, opens) if i} | {
            word for n in names for word in (n.split()[-1], n.lower().split()[-1])
        }
        self.anchor = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(tails)})(?![\p{{L}}])")
        self.plural = regex.compile(rf"(?r)(?<![\p{{L}}])(?:{alternation(pointers['plural'], reverse=True)})\s+$")
        self.number_word = regex.compile(rf"\s+(?:{alternation(phrases['number_words'])})\b")
        # Kinds cited with their own name before "số" ("Luật Chăn nuôi số 32/2018/QH14"): a later "Luật Chăn nuôi"
        # repeats them.
        self.long_names = {k["name"] for k in kinds if k.get("long_name")}
        # "QĐ 742", "Quyết định 742": a kind with a bare sequence and nothing after it that continues a number.
        self.bare = regex.compile(
            rf"(?<![\p{{L}}\d])(?P<kind>{alternation(abbreviations)}|{capitalised})\ (?P<number>\d+)"
            r"(?![\p{L}\d]|[.,]\d|\s?[/\-–])"
        )
        # The printed forms of each kind, so that only kinds with something to repeat are looked for.
        self.forms: dict[str, list[str]] = {}
        for k in kinds:
            self.forms[k["name"]] = [k["name"], *k.get("abbreviations", [])]

    def kind(self, word: str) -> str:
        return self.kind_of[" ".join(word.split()).casefold()]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def resolve_short_forms(text: str, citations: list[Citation], own_kind: str = "") -> None:
    """Set ``resolved`` on short forms, adding rows for those that have none; ``citations`` stays in text order."""
    added = _pointer_rows(text, citations, own_kind)
    points_to = {id(row): target for row, target in added}
    citations.extend(row for row, _ in added)
    citations.sort(key=lambda c: c.start)
    index = {id(c): i for i, c in enumerate(citations)}
    full: dict[str, list[Citation]] = {}  # earlier unresolved citations under each key a short form may repeat
    for c in citations:
        target = points_to[id(c)] if id(c) in points_to else _antecedent(c, full)
        if target is not None:
            root = citations[target.resolved] if target.resolved is not None else target
            c.resolved = index[id(root)]
        else:
            for key in _keys(c):
                full.setdefault(key, []).append(c)


def _pointer_rows(text: str, citations: list[Citation], own_kind: str) -> list[tuple[Citation, Citation]]:
    """(new row, the earlier citation it points to) for "Quyết định nêu trên", "Nghị định này", "QĐ 742"."""
    rules = _rules()
    quotes = _Spans(_quotations(text))
    taken = _Spans([(c.start, c.end) for c in citations])
    added = []
    for at in word_starts(text, rules.anchor_words):
        # No anchor word opens inside another's match, so each is read alone (as scan_words would read them).
        lo = max(0, at - 40)
        word = _word_before(text, lo, at)
        if word is not None and word not in rules.before_tail:
            continue
        anchor = rules.anchor.match(text, at)
        m = anchor and rules.pointer.match(text, lo, anchor.end())
        if not m or (m["bare"] is not None and not _AFTER_BARE.match(text, m.end())):
            continue
        if taken.at(m.start()) or rules.plural.search(text, max(0, m.start() - 12), m.start()):
            continue
        kind = rules.kind(m["kind"] or m["this"])
        before = m.start()
        if m["this"]:
            quote = quotes.at(m.start())
            if quote:
                before = quote[0]
            elif not own_kind or kind.casefold() == own_kind.casefold():
                continue  # the document itself, or unknown: not a citation of another document
        target = _last_of_kind(text, citations, kind, before)
        if target is not None:
            added.append((_row(text, kind, "", m.start(), m.end()), target))
    by_seq: dict[tuple[str, str], list[Citation]] = {}  # the full numbers a bare sequence may repeat
    for c in citations:
        if c.seq and c.number != c.seq:
            by_seq.setdefault((c.kind, c.seq), []).append(c)
    forms = [form for kind in {kind for kind, _ in by_seq} for form in rules.forms.get(kind, [])]
    taken_until = 0
    for at in word_starts(text, forms):
        # Most forms found stand inside a citation's number ("742/QĐ-UBND"): those are passed over unread.
        m = rules.bare.match(text, at) if at >= taken_until and not taken.at(at) else None
        if not m:
            continue
        taken_until = m.end()
        kind = rules.kind(m["kind"])
        fits = {c.number: c for c in by_seq.get((kind, m["number"]), []) if c.start < m.start()}
        if len(fits) == 1:
            added.append((_row(text, kind, m["number"], m.start(), m.end()), next(iter(fits.values()))))
    return added


def _word_before(text: str, lo: int, at: int) -> str | None:
    """The last run of letters in ``text[lo:at]``, or None if it may go on before ``lo``."""
    end = at
    while end > lo and not text[end - 1].isalpha():
        end -= 1
    start = end
    while start > lo and text[start - 1].isalpha():
        start -= 1
    return text[start:end] if start > lo or lo == 0 else None


def _row(text: str, kind: str, number: str, start: int, end: int) -> Citation:
    return Citation(kind, number, number, "", "", "", "", "", "", text[start:end], start, end)


def _last_of_kind(text: str, citations: list[Citation], kind: str, before: int) -> Citation | None:
    # The latest earlier citation of the kind, unless it closes a list of two documents of that kind.
    earlier = [c for c in citations if c.end <= before and c.kind == kind and (c.number or c.date or c.title)]
    if not earlier:
        return None
    last = earlier[-1]
    for other in reversed(earlier[:-1]):
        if sentence_start(text, other.start) != sentence_start(text, last.start):
            break
        if _identity(other) != _identity(last):
            return None
    return last


def _identity(c: Citation) -> str:
    return c.number or c.title.casefold()


def _antecedent(c: Citation, full: dict[str, list[Citation]]) -> Citation | None:
    """The first full citation ``c`` repeats, if exactly one document fits; None for a full or new citation."""
    key = _key(c)
    if c.date or not key:
        return None
    fits = full.get(key, [])
    if c.year and not c.number:  # "Luật Khoáng sản năm 2010" repeats only a law of that name and year
        fits = [e for e in fits if (e.date[:4] or e.year) == c.year]
    dates = {e.date for e in fits if e.date}
    years = {e.date[:4] or e.year for e in fits if e.date or e.year}
    numbers = {e.number for e in fits if e.number}
    if not fits or len(dates) > 1 or len(years) > 1 or len(numbers) > 1:
        return None
    return next((e for e in fits if e.date), next((e for e in fits if e.number), fits[0]))


def _key(c: Citation) -> str:
    # What a short form repeats: its number, its bare sequence with its kind, or a law's name.
    if c.number:
        number = _normal(c.number)
        return f"{c.kind}#{number}" if number.isdigit() else number
    return f"{c.kind}@{c.title.casefold()}" if c.title else ""


def _keys(c: Citation) -> set[str]:
    """Every key under which a later short form may repeat ``c``."""
    keys = set()
    if c.number:
        keys.add(_normal(c.number))
        if c.seq and not c.seq == c.number:
            keys.add(f"{c.kind}#{c.seq}")
    name = _name(c)
    if name:
        keys.add(f"{c.kind}@{name}")
    return keys


def _normal(number: str) -> str:
    return "".join(number.split()).replace("–", "-").upper()


def _name(c: Citation) -> str:
    # A law's name: its title when named without a number, else what its snippet prints before "số"
    # ("Luật Chăn nuôi số 32/2018/QH14").
    if not c.number:
        return c.title.casefold()
    rules = _rules()
    if c.kind not in rules.long_names:
        return ""
    head = rules.number_word.split(c.snippet, maxsplit=1)[0]
    name = " ".join(head.split())
    return name.casefold() if len(name) > len(c.kind) + 1 else ""


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of text between “ and the next ”; an unclosed “ runs to its paragraph's end."""
    spans = []
    at = text.find("“")
    while at >= 0:
        close = text.find("”", at + 1, at + _QUOTE_SPAN)
        if close < 0:
            p = text.find("\n\n", at)
            close = len(text) if p < 0 else p
        spans.append((at, close + 1))
        at = text.find("“", close + 1)
    return spans


class _Spans:
    """Spans sorted by start, asked which is the first one holding an offset."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end up to each span

    def at(self, offset: int) -> tuple[int, int] | None:
        """The first span with start <= offset < end, or None."""
        first = bisect.bisect_right(self.reach, offset)  # the first span that ends after offset
        if first < len(self.spans) and self.starts[first] <= offset:
            return self.spans[first]
        return None
