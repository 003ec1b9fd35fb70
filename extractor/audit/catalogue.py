"""The ``cited_documents`` table (one row per distinct cited document) and matching it to a reference catalogue."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import regex

from ..extract.citations import parse_number
from ..rules import load
from ..runfolder import read_csv
from .findings import Finding, make
from .inputs import evidence

COLUMNS = ["cited_id", "number", "kind", "year", "date", "issuer", "spellings", "dates_seen", "issuers_seen",
           "kinds_seen", "mentions", "citing_docs", "mention_ids", "catalogue_status", "catalogue_number",
           "catalogue_date", "catalogue_issuer", "catalogue_title"]

_NOT_CODE = regex.compile(r"[^\p{L}\d]")


def fold(code: str) -> str:
    """A code compared loosely: letters and digits only, Đ as D, upper case ("BĐT-CSDT&ĐB" -> "BDTCSDTDB")."""
    return _NOT_CODE.sub("", code or "").replace("Đ", "D").replace("đ", "d").upper()


def number_key(number: str, kind: str = "", seq: str = "", year: str = "", kind_code: str = "",
               issuer_code: str = "") -> str:
    """The identity of a document number whatever its printed form: 34/CT-TW and 34-CT/TW share one key.

    A number without a type code keeps the kind word in its key, so "Nghị định 68" and "Thông tư 68" differ.
    """
    if number and not (seq or kind_code or issuer_code):
        seq, year, kind_code, issuer_code = parse_number(number)
    seq = seq.lstrip("0") or seq
    kind_part = fold(kind_code) or (fold(kind) if not issuer_code else "")
    return "|".join((seq, year or "", kind_part, fold(issuer_code)))


@lru_cache(maxsize=4096)
def issuer_norm(issuer: str) -> str:
    """An issuer name for comparison: abbreviations expanded ("UBND" -> "ủy ban nhân dân"), lower case."""
    text = issuer or ""
    for short, full in load("audit")["issuer_abbreviations"].items():
        text = regex.sub(rf"(?<!\p{{L}}){regex.escape(short)}(?!\p{{L}})", full, text)
    return " ".join(text.lower().split())


def issuers_agree(a: str, b: str) -> bool:
    """Whether two printed issuers can name the same body ("UBND tỉnh" and "UBND tỉnh Bắc Giang" can)."""
    x, y = issuer_norm(a), issuer_norm(b)
    return not x or not y or x.startswith(y) or y.startswith(x) or x in y or y in x


@dataclass
class CitedDocument:
    """One distinct document the run's reports cite, with every mention that names it."""

    cited_id: str
    key: str
    year: str
    mentions: list[dict] = field(default_factory=list)

    def most(self, column: str) -> str:
        """The most frequent non-empty value of ``column`` among the mentions (first seen wins ties)."""
        counts = Counter(m[column] for m in self.mentions if m.get(column))
        return counts.most_common(1)[0][0] if counts else ""

    def seen(self, column: str) -> str:
        """Every value of ``column`` with its count: "2021-10-15 (3); 2023-10-15 (1)"."""
        counts = Counter(m[column] for m in self.mentions if m.get(column))
        return "; ".join(f"{v} ({n})" for v, n in counts.items())

    @property
    def kind(self) -> str:
        """The kind most mentions give, preferring a specific kind word over the generic "Văn bản"."""
        loose = set(load("audit")["citations"]["loose_kinds"])
        counts = Counter(m["kind"] for m in self.mentions if m.get("kind") and m["kind"] not in loose)
        return counts.most_common(1)[0][0] if counts else self.most("kind")


def _year(row: dict) -> str:
    return row.get("year") or (row.get("date") or "")[:4]


def cited_documents(citations: list[dict]) -> list[CitedDocument]:
    """Group citation rows that have a number into distinct documents keyed on number, kind, year and issuer.

    Numbers restart every year, so a number printed with two different years gives two documents; a mention
    without date joins the dated document its own report cites most, else the run's most cited one.
    """
    by_key: dict[str, list[dict]] = defaultdict(list)
    for row in citations:
        if row.get("number"):
            by_key[number_key(row["number"], row.get("kind") or "", row.get("seq") or "", row.get("year") or "",
                              row.get("kind_code") or "", row.get("issuer_code") or "")].append(row)
    docs: list[CitedDocument] = []
    for key, rows in by_key.items():
        groups: list[CitedDocument] = []
        for row in (r for r in rows if _year(r)):
            home = next((g for g in groups if g.year == _year(row) and all(
                issuers_agree(row.get("issuer") or "", m.get("issuer") or "") for m in g.mentions)), None)
            if home is None:
                home = CitedDocument("", key, _year(row))
                groups.append(home)
            home.mentions.append(row)
        for row in (r for r in rows if not _year(r)):
            if not groups:
                groups.append(CitedDocument("", key, ""))
            same_doc = lambda g: sum(m["doc_id"] == row["doc_id"] for m in g.mentions)  # noqa: E731
            max(groups, key=lambda g: (same_doc(g), len(g.mentions))).mentions.append(row)
        docs.extend(groups)
    docs.sort(key=lambda d: min((m["doc_id"], m["char_start"] or 0) for m in d.mentions))
    for i, doc in enumerate(docs, 1):
        doc.cited_id = f"d{i}"
    return docs


def cited_frame(docs: list[CitedDocument], matches: dict[str, dict] | None = None) -> pd.DataFrame:
    """The ``cited_documents`` table, with the catalogue columns filled where a catalogue was given."""
    rows = []
    for d in docs:
        match = (matches or {}).get(d.cited_id, {})
        citing = Counter(m["doc_id"] for m in d.mentions)
        rows.append({
            "cited_id": d.cited_id, "number": d.most("number"), "kind": d.kind, "year": d.year,
            "date": d.most("date"), "issuer": d.most("issuer"), "spellings": d.seen("number"),
            "dates_seen": d.seen("date"), "issuers_seen": d.seen("issuer"), "kinds_seen": d.seen("kind"),
            "mentions": len(d.mentions), "citing_docs": "; ".join(f"{k} ({n})" for k, n in citing.items()),
            "mention_ids": "; ".join(f"{m['doc_id']}:{m['mention_id']}" for m in d.mentions),
            "catalogue_status": match.get("status", ""), "catalogue_number": match.get("number", ""),
            "catalogue_date": match.get("date", ""), "catalogue_issuer": match.get("issuer", ""),
            "catalogue_title": match.get("title", ""),
        })
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["mentions"] = df["mentions"].astype("Int64")
    return df.astype({c: "string" for c in COLUMNS if c != "mentions"})


def read_catalogue(path: str | Path) -> list[dict]:
    """A reference catalogue CSV (number, kind, date, issuer, title; more columns are ignored)."""
    df = read_csv(path)
    missing = {"number", "kind", "date", "issuer", "title"} - set(df.columns)
    if missing:
        raise ValueError(f"catalogue {path} lacks the columns {', '.join(sorted(missing))}")
    rows = df.to_dict("records")
    for row in rows:
        row["number"] = "".join(row["number"].split())
        row["key"] = number_key(row["number"], row["kind"])
    return rows


def match_catalogue(docs: list[CitedDocument], catalogue: list[dict]) -> tuple[dict[str, dict], list[Finding]]:
    """Each cited document's catalogue entry and status, and findings for unknown documents and mismatches."""
    by_key: dict[str, list[dict]] = defaultdict(list)
    for row in catalogue:
        by_key[row["key"]].append(row)
    matches: dict[str, dict] = {}
    findings: list[Finding] = []
    loose = set(load("audit")["citations"]["loose_kinds"])
    for d in docs:
        number = d.most("number")
        ev = [evidence(m) for m in d.mentions[:3]]
        candidates = by_key.get(d.key, [])
        same_year = [c for c in candidates if not d.year or c["date"][:4] == d.year or not c["date"]]
        entry = (same_year or (candidates if len(candidates) == 1 else []))[:1]
        if not entry:
            matches[d.cited_id] = {"status": "unknown"}
            findings.append(make("CAT_UNKNOWN", "catalogue", ev, cited_id=d.cited_id, number=number))
            continue
        entry = entry[0]
        problems = []
        date = d.most("date")
        if date and entry["date"] and date != entry["date"]:
            problems.append(("CAT_DATE_MISMATCH", date, entry["date"]))
        issuer = d.most("issuer")
        if issuer and entry["issuer"] and not issuers_agree(issuer, entry["issuer"]):
            problems.append(("CAT_ISSUER_MISMATCH", issuer, entry["issuer"]))
        if d.kind and d.kind not in loose and entry["kind"] and entry["kind"] not in loose and d.kind != entry["kind"]:
            problems.append(("CAT_KIND_MISMATCH", d.kind, entry["kind"]))
        for code, cited, listed in problems:
            findings.append(make(code, "catalogue", ev, cited_id=d.cited_id, number=number, cited=cited,
                                 catalogue=listed))
        matches[d.cited_id] = {"status": "mismatch" if problems else "matched", **{
            k: entry[k] for k in ("number", "date", "issuer", "title")}}
    return matches, findings
