"""Checks on a report's own arithmetic: stated totals against their parts, stated percentages against A/B."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import regex

from ..extract.numbers import parse_number
from ..rules import load, phrases
from .findings import Evidence, Finding, make
from .inputs import RunTables, evidence

_NUMBER = regex.compile(r"\d[\d.,]*\d|\d")
_SENTENCE_END = regex.compile(r"\n|[.!?]\s+(?=\p{Lu})")
_DIGIT = regex.compile(r"\d")
_BUDGET = 20_000  # search steps per list: a runaway list of many small parts is left unchecked


@dataclass
class Figure:
    """A number the report prints: money, count, percent or measure, with its role in an "A/B" fraction."""

    row: dict
    family: str  # money | count | percent | measure
    value: Decimal
    unit: str
    start: int
    end: int
    printed: str  # the digits as printed ("748.684")
    scale: Decimal  # value of one printed unit ("triệu" -> 10**6)
    decimals: int
    fraction: int = 0  # 0: a plain figure, 1: numerator, 2: denominator of "A/B"

    @property
    def unit_size(self) -> Decimal:
        """The value of one unit of the last printed digit."""
        return self.scale * Decimal(10) ** -self.decimals


def figures(run: RunTables) -> dict[str, list[Figure]]:
    """Every amount and quantity of the run as Figures, per document in text order."""
    out: dict[str, list[Figure]] = defaultdict(list)
    for table in ("amounts", "quantities"):
        seen: dict[tuple, int] = defaultdict(int)
        for row in run.tables[table]:
            if row.get("char_start") is None:
                continue
            span = (row["doc_id"], row["char_start"], row["char_end"])
            index = seen[span]
            seen[span] += 1
            numbers = _NUMBER.findall(row["raw"] or "")
            printed = numbers[min(index, len(numbers) - 1)] if numbers else ""
            parsed = parse_number(printed, strict=False) if printed else None
            if table == "amounts":
                value, unit, fam = Decimal(int(row["value_vnd"])), "đồng", "money"
            else:
                value, unit, fam = Decimal(str(row["value"])), row.get("unit") or "", row.get("kind") or "count"
            scale = value / parsed if parsed else Decimal(1)
            decimals = len(printed.rpartition(",")[2]) if "," in printed else 0
            out[row["doc_id"]].append(Figure(row, fam, value, unit, row["char_start"], row["char_end"], printed,
                                             scale, decimals))
    for figs in out.values():
        # Mention ids number the rows in order ("a9" before "a10"), so a fraction's numerator comes first.
        figs.sort(key=lambda f: (f.start, int(f.row["mention_id"][1:] or 0)))
        by_span: dict[tuple, list[Figure]] = defaultdict(list)
        for f in figs:
            by_span[(f.start, f.end)].append(f)
        for group in by_span.values():
            if len(group) == 2:
                group[0].fraction, group[1].fraction = 1, 2
    return out


def check_arithmetic(run: RunTables) -> list[Finding]:
    """Sum and ratio checks over every document of a run; checks that hold come back with severity ok."""
    findings: list[Finding] = []
    for doc_id, figs in figures(run).items():
        text = run.text(doc_id)
        if text:
            findings += SumChecker(text, figs).run() + ratios(text, figs)
    return findings


# ---------------------------------------------------------------------------------------------------------
# Totals and parts
# ---------------------------------------------------------------------------------------------------------

class SumChecker:
    """Finds "total (parts)", "Name (N unit), Name (N unit)" chains and "total, gồm: parts" in one document."""

    def __init__(self, text: str, figs: list[Figure]):
        rules = load("audit")["sum"]
        self.text, self.rules = text, rules
        self.figs = [f for f in figs if f.family in ("money", "count", "measure")]
        self.cue = regex.compile(rf"[\s,:(]*(?i:{phrases(rules['cues'])})(?!\p{{L}})[\s,:]*")
        self.done: set[tuple] = set()
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        """All sum findings of the document."""
        groups = list(_paren_groups(self.text))
        singles = []
        for start, end, closed in groups:
            inside = [f for f in self.figs if start < f.start < end]
            if len(inside) == 1 and closed and self.text[start + 1 : end].strip() == inside[0].row["raw"]:
                singles.append((start, end, inside[0]))
                continue
            total = self._total_before(start, inside)
            if total is not None:
                self.check(total, [f for f in inside if f.family == total.family and not f.fraction], bounded=closed)
        self._chains(sorted(singles, key=lambda s: s[0]))
        self._cue_lists()
        return self.findings

    def _total_before(self, at: int, exclude: list[Figure]) -> Figure | None:
        # The nearest figure before the parenthesis; it must be a plain figure in the same sentence, close by.
        before = [f for f in self.figs if f.end <= at and f not in exclude]
        if not before:
            return None
        total = before[-1]
        gap = self.text[total.end : at]
        # A parenthesis in the gap means the figure belongs to another aside ("(xã Xuân Ái, 12 ha) ... (").
        if total.fraction or len(gap) > self.rules["max_gap"] or _SENTENCE_END.search(gap) or "(" in gap \
                or ")" in gap:
            return None
        return total

    def _chains(self, singles: list[tuple[int, int, Figure]]) -> None:
        # "Sơn Động (37 công trình), Lục Ngạn (13 công trình); ...": consecutive one-figure parentheses.
        chains: list[list[tuple[int, int, Figure]]] = []
        for item in singles:
            if chains:
                prev = chains[-1][-1]
                between = self.text[prev[1] + 1 : item[0]]
                if (prev[2].family, prev[2].unit) == (item[2].family, item[2].unit) and len(between) <= 60 \
                        and not _DIGIT.search(between) and not _SENTENCE_END.search(between):
                    chains[-1].append(item)
                    continue
            chains.append([item])
        for chain in chains:
            if len(chain) < self.rules["min_parts"]:
                continue
            parts = [f for _, _, f in chain]
            head = chain[0][0]
            starts = [m.end() for m in _SENTENCE_END.finditer(self.text, 0, head)]
            clause_start = starts[-1] if starts else 0
            candidates = [f for f in self.figs if clause_start <= f.start and f.end <= head and not f.fraction
                          and (f.family, f.unit) == (parts[0].family, parts[0].unit)]
            target = sum(p.value for p in parts)
            exact = [c for c in candidates if c.value == target]
            if exact:
                self.check(exact[-1], parts, bounded=True)
            else:
                cued = [c for c in candidates if self.cue.match(self.text, c.end)]
                if cued:
                    self.check(cued[0], parts, bounded=True)

    def _cue_lists(self) -> None:
        # "75 công trình, gồm: 67 ..., 08 ...": the list may be partial, so only a sum that holds is recorded.
        for total in self.figs:
            if total.fraction:
                continue
            cue = self.cue.match(self.text, total.end)
            if not cue:
                continue
            end = _SENTENCE_END.search(self.text, cue.end())
            stop = end.start() if end else len(self.text)
            parts = [f for f in self.figs if cue.end() <= f.start < stop and f.family == total.family
                     and not f.fraction]
            self.check(total, parts, bounded=False)

    def check(self, total: Figure, parts: list[Figure], bounded: bool) -> None:
        """Record whether ``total`` is the sum of ``parts`` (read with sub-lists); a failure only when bounded."""
        same_unit = [p for p in parts if p.unit == total.unit]
        readings = [same_unit, parts] if total.family == "count" and len(same_unit) != len(parts) else [same_unit]
        readings = [r[: self.rules["max_parts"]] for r in readings if len(r) >= self.rules["min_parts"]]
        if not readings:
            return
        tol = self.rules["tolerance_units"] * max(f.unit_size for f in [total, *parts])
        for reading in readings:
            items = _read(reading, total.value, tol)
            if items is not None:
                self._ok(total, reading, items, tol)
                return
        if not bounded:
            return
        # Report the reading closest to the total: flat, or with the sub-lists a greedy read finds.
        top = min((t for r in readings for t in (r, _flat(r))), key=lambda t: abs(sum(p.value for p in t) - total.value))
        computed = sum(p.value for p in top)
        if (total.row["mention_id"], tuple(p.row["mention_id"] for p in top)) in self.done:
            return
        self.done.add((total.row["mention_id"], tuple(p.row["mention_id"] for p in top)))
        self.findings.append(make(
            "ARITH_SUM_MISMATCH", "arithmetic", self._evidence(total, top), "over" if computed > total.value
            else "short", total=_show(total), parts=[p.printed for p in top],
            computed=_fmt(computed / total.scale), unit=total.unit))

    def _ok(self, total: Figure, reading: list[Figure], items: list, tol: Decimal) -> None:
        # ``items`` index ``reading``; an item with a sub-reading is a total of its own that held too.
        children = [reading[i] for i, _ in items]
        key = (total.row["mention_id"], tuple(p.row["mention_id"] for p in children))
        if key not in self.done:
            self.done.add(key)
            self.findings.append(make("ARITH_SUM_OK", "arithmetic", self._evidence(total, children),
                                      total=_show(total), parts=[p.printed for p in children]))
        for i, sub in items:
            if sub:
                self._ok(reading[i], reading, sub, tol)

    def _evidence(self, total: Figure, parts: list[Figure]) -> list[Evidence]:
        first = evidence(total.row, "raw")
        end = max(p.end for p in parts)
        span = self.text[total.start : end]
        context = Evidence(first.doc_id, "", span if len(span) <= 400 else span[:200] + " … " + span[-180:],
                           first.page, first.section_id, first.in_footnote, total.start, end)
        return [context, first, *(evidence(p.row, "raw") for p in parts)]


def _paren_groups(text: str):
    """(start, end, closed) of every parenthesis within a paragraph; an unclosed one runs to the paragraph end."""
    stack: list[int] = []
    for m in regex.finditer(r"[()]|\n\n", text):
        if m.group() == "(":
            stack.append(m.start())
        elif m.group() == ")" and stack:
            yield stack.pop(), m.start(), True
        elif m.group() == "\n\n":
            while stack:
                yield stack.pop(), m.start(), False
    while stack:
        yield stack.pop(), len(text), False


def _read(values: list[Figure], target: Decimal, tol: Decimal):
    """A reading of a prefix of ``values`` as >= 2 items adding up to ``target``, or None.

    Each item may be followed by its own parts ("663.684 triệu đồng, vốn đầu tư phát triển: 349.021 ...;
    vốn sự nghiệp: 314.663 ..."): the result is [(index, sub-reading or None), ...], every index into ``values``.
    A reading with sub-lists is tried first, so the structure an auditor sees is the fullest one.
    """
    steps = [0]

    def splits(i: int, goal: Decimal, depth: int):
        def walk(k: int, total: Decimal, items: list):
            steps[0] += 1
            if steps[0] > _BUDGET:
                return
            if len(items) >= 2 and abs(total - goal) <= tol:
                yield k, items
                return
            if k >= len(values) or total > goal + tol:
                return
            v = values[k].value
            if depth < 3:
                for end, sub in splits(k + 1, v, depth + 1):
                    yield from walk(end, total + v, [*items, (k, sub)])
            yield from walk(k + 1, total + v, [*items, (k, None)])

        yield from walk(i, Decimal(0), [])

    for _, items in splits(0, target, 0):
        return items
    return None


def _flat(values: list[Figure]) -> list[Figure]:
    """The top-level items of a list read greedily: an item followed by parts that add up to it keeps them."""
    top, k = [], 0
    while k < len(values):
        top.append(values[k])
        j, run = k + 1, Decimal(0)
        while j < len(values) and run < values[k].value:
            run += values[j].value
            j += 1
        k = j if run == values[k].value and j - k > 2 else k + 1
    return top


# ---------------------------------------------------------------------------------------------------------
# Ratios
# ---------------------------------------------------------------------------------------------------------

def ratios(text: str, figs: list[Figure]) -> list[Finding]:
    """"A/B ... bằng X%": the printed percentage against the exact ratio, under the rounding rules."""
    rules = load("audit")["ratio"]
    cue_end = regex.compile(rf"(?i:(?<!\p{{L}})(?:{phrases(rules['cues'])}))\s*$")
    findings = []
    for i, num in enumerate(figs):
        if num.fraction != 1 or i + 2 >= len(figs) or figs[i + 1].fraction != 2:
            continue
        den, pct = figs[i + 1], figs[i + 2]
        gap = text[den.end : pct.start]
        if pct.family != "percent" or len(gap) > rules["max_gap"] or _DIGIT.search(gap) \
                or _SENTENCE_END.search(gap) or not cue_end.search(gap) or not den.value:
            continue
        exact = num.value / den.value * 100
        step = Decimal(10) ** -pct.decimals
        slack = Decimal(str(rules["slack_points"]))
        held = any(
            (mode == "round" and abs(exact - pct.value) <= step / 2 + slack)
            or (mode == "truncate" and pct.value - slack <= exact < pct.value + step + slack)
            for mode in rules["rounding"])
        span = text[num.start : pct.end]
        ev = [Evidence(num.row["doc_id"], "", span, num.row.get("page"), num.row.get("section_id") or "",
                       num.row.get("in_footnote"), num.start, pct.end),
              evidence(num.row, "raw"), evidence(pct.row, "raw")]
        findings.append(make("ARITH_RATIO_OK" if held else "ARITH_RATIO_MISMATCH", "arithmetic", ev,
                             numerator=num.printed, denominator=den.printed, stated=pct.printed,
                             exact=_fmt(exact.quantize(step / 100))))
    return findings


def _fmt(value: Decimal) -> str:
    """A number printed the Vietnamese way: "." between thousands, "," before decimals."""
    whole, _, frac = f"{value.normalize():f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = ".".join(digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)[::-1])
    return sign + groups + ("," + frac if frac else "")


def _show(f: Figure) -> str:
    return f.row.get("raw") if not f.fraction else f"{f.printed} {f.unit}"
