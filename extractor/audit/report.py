"""The audit's readable report: a Markdown summary for the terminal and a self-contained audit.html."""

from __future__ import annotations

import json
from collections import Counter
from html import escape

import pandas as pd

from .findings import SEVERITIES, Evidence

_COLOURS = {"error": "#b00020", "warning": "#a15c00", "info": "#33589e", "ok": "#2e7d32"}


def _counts(findings: pd.DataFrame) -> Counter:
    return Counter(findings["severity"]) if len(findings) else Counter()


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(run_dir: str, findings: pd.DataFrame, cited: pd.DataFrame, documents: int) -> str:
    """A Markdown summary: counts, then every error, warning and info, then the checks that held."""
    n = _counts(findings)
    lines = [f"# Audit of {run_dir}", "",
             f"{documents} documents, {len(cited)} distinct cited documents. Findings: {n['error']} errors, "
             f"{n['warning']} warnings, {n['info']} info, {n['ok']} checks passed.", ""]
    for severity, title in (("error", "Errors"), ("warning", "Warnings"), ("info", "Info"), ("ok", "Passed checks")):
        rows = findings[findings["severity"] == severity]
        if not len(rows):
            continue
        lines += [f"## {title} ({len(rows)})", "", "| id | code | where | explanation |", "|---|---|---|---|"]
        for r in rows.itertuples():
            items = json.loads(r.evidence_json)
            first = Evidence(**items[0]).where() if items else r.doc_ids
            lines.append(f"| {r.finding_id} | {r.code} | {_cell(first)} | {_cell(r.explanation_en)} |")
        lines.append("")
    return "\n".join(lines)


def html(run_dir: str, findings: pd.DataFrame, cited: pd.DataFrame, documents: int) -> str:
    """audit.html: one self-contained page (inline style, no script, no network), every text escaped."""
    n = _counts(findings)
    badges = " ".join(f'<span class="sev {s}">{n[s]} {s}</span>' for s in SEVERITIES)
    rows = []
    for r in findings.itertuples():
        evidence = "".join(
            f"<li><code>{escape(Evidence(**e).where())}</code> {escape(e['snippet'])}</li>" for e in json.loads(r.evidence_json))
        rows.append(
            f'<tr class="{escape(r.severity)}"><td>{escape(r.finding_id)}</td>'
            f'<td><span class="sev {escape(r.severity)}">{escape(r.severity)}</span></td>'
            f"<td><code>{escape(r.code)}</code></td>"
            f'<td><p lang="vi">{escape(r.explanation_vi)}</p><p lang="en">{escape(r.explanation_en)}</p></td>'
            f"<td><ul>{evidence}</ul></td></tr>")
    cited_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(getattr(r, c)))}</td>" for c in
                         ("cited_id", "number", "kind", "date", "issuer", "spellings", "dates_seen", "citing_docs",
                          "catalogue_status")) + "</tr>"
        for r in cited.itertuples())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Audit {escape(run_dir)}</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
td, th {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; font-size: 14px; }}
th {{ background: #eee; text-align: left; }}
p {{ margin: 0 0 4px 0; }} p[lang=en] {{ color: #555; }}
ul {{ margin: 0; padding-left: 1.2em; }}
.sev {{ color: #fff; padding: 1px 6px; border-radius: 3px; white-space: nowrap; }}
{"".join(f".sev.{s} {{ background: {c}; }} " for s, c in _COLOURS.items())}
</style></head><body>
<h1>Audit of {escape(run_dir)}</h1>
<p>{documents} documents, {len(cited)} distinct cited documents. {badges}</p>
<h2>Findings</h2>
<table><tr><th>id</th><th>severity</th><th>code</th><th>explanation</th><th>evidence</th></tr>
{"".join(rows)}
</table>
<h2>Cited documents</h2>
<table><tr><th>id</th><th>number</th><th>kind</th><th>date</th><th>issuer</th><th>spellings</th><th>dates seen</th>
<th>cited by</th><th>catalogue</th></tr>
{cited_rows}
</table>
</body></html>
"""

