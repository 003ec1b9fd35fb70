"""Escaped text with nested HTML elements over character spans, splitting spans that cross each other."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Span:
    """An element over ``text[start:end]``; ``attrs`` go on its first piece, ``cont`` on pieces after a split."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str]
    cont: dict[str, str] = field(default_factory=dict)
    order: int = 0  # among spans with the same bounds, the lower order is the outer element


def attributes(attrs: dict[str, str]) -> str:
    """HTML attributes with every value escaped, in the given order."""
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attrs.items())


def markup(text: str, spans: list[Span], inserts: dict[int, list[str]] | None = None) -> str:
    """``text`` escaped, wrapped in the spans' elements, with ready-made HTML fragments inserted at offsets.

    Spans outside the text or empty are dropped. Where two spans cross, the one opened later is closed
    at the inner one's end and reopened after it with its ``cont`` attributes, so the HTML stays nested.
    """
    n = len(text)
    inserts = inserts or {}
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        if 0 <= s.start < s.end <= n:
            starting[s.start].append(s)
    bounds = sorted({0, n, *starting, *(s.end for group in starting.values() for s in group),
                     *(p for p in inserts if 0 <= p <= n)})
    out: list[str] = []
    stack: list[Span] = []
    last = 0
    for p in bounds:
        out.append(html.escape(text[last:p], quote=False))
        last = p
        if any(s.end <= p for s in stack):
            reopen = []
            while any(s.end <= p for s in stack):
                s = stack.pop()
                out.append(f"</{s.tag}>")
                if s.end > p:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(f"<{s.tag}{attributes(s.cont)}>")
                stack.append(s)
        out.extend(inserts.get(p, ()))
        for s in sorted(starting.get(p, ()), key=lambda s: (-s.end, s.order)):
            out.append(f"<{s.tag}{attributes(s.attrs)}>")
            stack.append(s)
    return "".join(out)
