"""Pinpoints: the provision a citation names, "khoản 3 Điều 15 Nghị định số ..." -> "Điều 15 khoản 3"."""

from __future__ import annotations

import regex

from ..models import Citation

_LETTER = r"[a-zđ](?![\p{L}\d])"
_NUMBER = r"\d+[a-zđ]?(?![\p{L}\d])"  # "Điều 8b" is an article inserted after Điều 8
_LIST = r"\s*(?:,|và|;)\s*"
# Each point and clause captured: a provision's items are read from its match, not parsed again.
_POINTS = rf"(?:các\s+)?(?i:điểm)\s+(?P<point>{_LETTER})(?:{_LIST}(?:(?i:điểm)\s+)?(?P<point>{_LETTER}))*"
_CLAUSES = rf"(?:các\s+)?(?i:khoản)\s+(?P<clause>{_NUMBER})(?:{_LIST}(?:(?i:khoản)\s+)?(?P<clause>{_NUMBER}))*"
_ARTICLE = rf"(?i:điều)\s+(?P<article>{_NUMBER})"
# One provision: "điểm b, c khoản 4 Điều 19", "khoản 26, Điều 1", "Điều 8".
_PROVISION = rf"(?:(?P<points>{_POINTS})\s*,?\s+)?(?:(?P<clauses>{_CLAUSES})\s*,?\s+)?{_ARTICLE}"
# Provisions of one document, then the document: "khoản 2 Điều 41, Điều 46, khoản 1 và khoản 2 Điều 47 Luật
# Thú y số 79/2015/QH13", "Điều 5 của Quyết định số ...". Read backwards from the citation's start.
# It only finds where the run starts: its groups are plain, as captures slow it.
_UNCAPTURED = regex.sub(r"\(\?P<\w+>", "(?:", _PROVISION)
_BEFORE = regex.compile(rf"(?r)(?<![\p{{L}}\d])(?:{_UNCAPTURED})(?:{_LIST}(?:{_UNCAPTURED}))*\s*,?\s*(?:của\s+)?")
_ONE = regex.compile(_PROVISION)

_WINDOW = 300  # the longest run of provisions before one citation in the corpus is about 60 characters


def find_pinpoints(text: str, citations: list[Citation]) -> None:
    """Set ``pinpoint`` ("Điều 15 khoản 3 điểm a") on each citation a provision list stands right before."""
    for c in citations:
        if not _article_number_before(text, c.start):
            continue
        m = _BEFORE.match(text, max(0, c.start - _WINDOW), c.start)
        if m:
            c.pinpoint = "; ".join(_normalised(p) for p in _ONE.finditer(text, m.start(), m.end()))


def _article_number_before(text: str, at: int) -> bool:
    """True when an article's number ("15", "8b") may end right before ``at`` (after ", " or "của ")."""
    # A cheap test that spares most citations the backward match of _BEFORE.
    head = text[max(0, at - _WINDOW) : at].rstrip()
    if head.endswith("của"):
        head = head[:-3].rstrip()
    head = head.removesuffix(",").rstrip()
    return head[-1:].isdigit() or (head[-2:-1].isdigit() and head[-1:].islower())


def _normalised(provision: regex.Match) -> str:
    # Article first, then clause, then point, as the hierarchy reads: "Điều 19 khoản 4 điểm b, c".
    parts = [f"Điều {provision['article']}"]
    for word, group, item in (("khoản", "clauses", "clause"), ("điểm", "points", "point")):
        if provision[group]:
            parts.append(f"{word} {', '.join(provision.captures(item))}")
    return " ".join(parts)
