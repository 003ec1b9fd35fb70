"""Findings: what an audit check concluded, with the evidence that shows it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..rules import load

SEVERITIES = ("error", "warning", "info", "ok")

COLUMNS = ["finding_id", "code", "severity", "check", "doc_ids", "mention_ids", "cited_id", "evidence",
           "explanation_vi", "explanation_en", "evidence_json", "details_json"]


@dataclass(frozen=True)
class Evidence:
    """One mention (or footnote, or span of text) a finding rests on, with where it stands."""

    doc_id: str
    mention_id: str
    snippet: str
    page: int | None = None
    section_id: str = ""
    in_footnote: int | None = None
    char_start: int | None = None
    char_end: int | None = None

    def where(self) -> str:
        """A short human location: "doc p.3 §II.1 fn12 [120:141]"."""
        parts = [self.doc_id]
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.section_id:
            parts.append(f"§{self.section_id}")
        if self.in_footnote is not None:
            parts.append(f"fn{self.in_footnote}")
        if self.char_start is not None:
            parts.append(f"[{self.char_start}:{self.char_end}]")
        return " ".join(parts)


@dataclass
class Finding:
    """A check's verdict on some mentions: code, severity, evidence and a one-sentence explanation each way."""

    code: str
    severity: str
    check: str  # citation | arithmetic | catalogue
    evidence: list[Evidence]
    explanation_vi: str
    explanation_en: str
    cited_id: str = ""
    details: dict = field(default_factory=dict)

    @property
    def doc_ids(self) -> list[str]:
        """The documents involved, in order of first evidence."""
        return list(dict.fromkeys(e.doc_id for e in self.evidence))


class _Keep(dict):
    # An unknown name stays in the sentence as printed rather than breaking the explanation.
    def __missing__(self, key):
        return "{" + key + "}"


def make(code: str, check: str, evidence: list[Evidence], severity_key: str = "", cited_id: str = "",
         **details) -> Finding:
    """A finding of ``code`` with its severity and explanations filled from rules/audit.toml."""
    spec = load("audit")["codes"][code]
    severity = spec["severity"]
    if isinstance(severity, dict):
        severity = severity[severity_key]
    values = _Keep({k: _show(v) for k, v in details.items()})
    return Finding(code=code, severity=severity, check=check, evidence=evidence, cited_id=cited_id,
                   explanation_vi=spec["vi"].format_map(values), explanation_en=spec["en"].format_map(values),
                   details=details)


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return " + ".join(map(str, value)) if value and not isinstance(value[0], str) else ", ".join(value)
    return str(value)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """The ``findings`` table: one row per finding, most severe first, then in document order."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    ranked = sorted(findings, key=lambda f: (order[f.severity], f.doc_ids[:1],
                                             min((e.char_start or 0) for e in f.evidence) if f.evidence else 0))
    rows = []
    for i, f in enumerate(ranked, 1):
        rows.append({
            "finding_id": f"f{i}", "code": f.code, "severity": f.severity, "check": f.check,
            "doc_ids": "; ".join(f.doc_ids),
            "mention_ids": "; ".join(dict.fromkeys(e.mention_id for e in f.evidence if e.mention_id)),
            "cited_id": f.cited_id,
            "evidence": " | ".join(f"{e.where()} «{e.snippet}»" for e in f.evidence),
            "explanation_vi": f.explanation_vi, "explanation_en": f.explanation_en,
            "evidence_json": json.dumps([asdict(e) for e in f.evidence], ensure_ascii=False),
            "details_json": json.dumps(f.details, ensure_ascii=False, default=str),
        })
    return pd.DataFrame(rows, columns=COLUMNS).astype("string")
