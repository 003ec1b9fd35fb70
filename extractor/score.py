"""Precision, recall and F1 of a run's tables against a gold folder (GOLD-SCHEMA.md format)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .runfolder import read_csv


@dataclass
class Score:
    """Multiset agreement of one table: matched rows, gold rows, predicted rows."""

    table: str
    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        """Share of predicted rows that are in the gold."""
        return self.matched / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        """Share of gold rows that were predicted."""
        return self.matched / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _number(value) -> str:
    # 70.1, "70.10" and 70.100000001-free floats all compare equal as normalised decimals.
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def _key_citations(df):
    # GOLD-SCHEMA counts only references with a number or a date; named laws and "Quyết định nêu trên"
    # rows without either are not scored.
    return [(r.kind, r.number, r.date) for r in df.itertuples() if r.number or r.date]


def _key_amounts(df):
    return [_number(v) for v in df.value_vnd]


def _key_quantities(df):
    return [(r.kind, _number(r.value)) for r in df.itertuples()]


def _key_sections(df):
    return [(str(r.number), int(r.level)) for r in df.itertuples()]


def _key_footnotes(df):
    return [int(n) for n in df.number]


_KEYS = {"citations": _key_citations, "amounts": _key_amounts, "quantities": _key_quantities,
         "sections": _key_sections, "footnotes": _key_footnotes}


def _compare(table: str, gold: pd.DataFrame, run: pd.DataFrame) -> Score:
    g, p = Counter(_KEYS[table](gold)), Counter(_KEYS[table](run))
    return Score(table, sum((g & p).values()), sum(g.values()), sum(p.values()))


def linked_footnotes(gold: pd.DataFrame, run: pd.DataFrame) -> tuple[int, int]:
    """Footnotes whose marker was found where the gold says: (linked, gold total)."""
    ours = {int(r.number): r.anchor_context for r in run.itertuples() if r.anchor_offset != ""}
    linked = 0
    for r in gold.itertuples():
        words = r.anchor_before.split()[-3:]
        context = ours.get(int(r.number))
        if context is not None and words and context.split()[-len(words):] == words:
            linked += 1
    return linked, len(gold)


def header_matches(gold: pd.DataFrame, documents_row: pd.Series) -> dict[str, bool]:
    """For each gold header field, whether the run's documents row has exactly that value."""
    return {r.field: documents_row.get(r.field, "") == r.value for r in gold.itertuples()}


def score(gold_dir: str | Path, run_dir: str | Path, doc_id: str) -> dict:
    """Scores of every table for one document; keys are table names plus 'header' and 'linked'."""
    gold_dir, run_dir = Path(gold_dir), Path(run_dir)
    if not any((gold_dir / f"{name}.csv").is_file() for name in (*_KEYS, "header")):
        raise FileNotFoundError(f"no gold tables (citations.csv, amounts.csv, ...) in {gold_dir}")
    if not (run_dir / "documents.csv").is_file():
        raise FileNotFoundError(f"{run_dir / 'documents.csv'} missing: is {run_dir} the --out folder of a run?")
    result: dict = {}
    for table in _KEYS:
        gold_file, run_file = gold_dir / f"{table}.csv", run_dir / f"{table}.csv"
        if not gold_file.exists():
            continue
        if not run_file.exists():
            raise FileNotFoundError(f"{run_file} missing: is {run_dir} the --out folder of a run?")
        run = read_csv(run_file)
        run = run[run.doc_id == doc_id]
        gold = read_csv(gold_file)
        result[table] = _compare(table, gold, run)
        if table == "footnotes":
            result["linked"] = linked_footnotes(gold, run)
    documents = read_csv(run_dir / "documents.csv")
    rows = documents[documents.doc_id == doc_id]
    if rows.empty:
        raise KeyError(f"doc_id {doc_id!r} not in {run_dir / 'documents.csv'}")
    if (gold_dir / "header.csv").exists():
        result["header"] = header_matches(read_csv(gold_dir / "header.csv"), rows.iloc[0])
    return result


def format_report(result: dict) -> str:
    """A plain-text table of the scores."""
    lines = [f"{'table':<12} {'P':>6} {'R':>6} {'F1':>6} {'match':>6} {'gold':>6} {'pred':>6}"]
    for value in result.values():
        if isinstance(value, Score):
            lines.append(f"{value.table:<12} {value.precision:6.3f} {value.recall:6.3f} {value.f1:6.3f} "
                         f"{value.matched:6d} {value.gold:6d} {value.predicted:6d}")
    if "linked" in result:
        lines.append(f"footnotes linked: {result['linked'][0]}/{result['linked'][1]}")
    if "header" in result:
        ok = [f for f, good in result["header"].items() if good]
        bad = [f for f, good in result["header"].items() if not good]
        lines.append(f"header fields exact: {len(ok)}/{len(result['header'])}" + (f" (wrong: {', '.join(bad)})" if bad else ""))
    return "\n".join(lines)
