"""HTML review pages: one per document (text with highlighted mentions, footnotes, outline, findings) and an index."""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib.resources import files

import pandas as pd
import regex

from ..layout.marks import SUPERSCRIPT_CLASS
from .load import Finding, RunData, cell_text as _text
from .markup import Span, attributes, markup

_ASSETS = files(__package__)
CSS = _ASSETS.joinpath("review.css").read_text(encoding="utf-8")
JS = _ASSETS.joinpath("review.js").read_text(encoding="utf-8")

# The three mention tables, the CSS class of their highlights and their label in the details panel.
MENTION_TABLES = {"citations": ("citation", "Citation"), "amounts": ("amount", "Money"),
                  "quantities": ("quantity", "Quantity")}
_HIDDEN_FIELDS = {"doc_id", "mention_id", "sentence", "char_start", "char_end"}
_SUPERSCRIPT = regex.compile(f"{SUPERSCRIPT_CLASS}+")
_UNSAFE = regex.compile(r"[^A-Za-z0-9._-]+")
_FLAG = {"error": "⚑", "warning": "⚑", "info": "ℹ", "ok": "✓"}


def page_name(doc_id: str) -> str:
    """A file name for the document's page that is safe for any doc_id (slashes, dots, non-ASCII) and unique."""
    stem = _UNSAFE.sub("_", doc_id).strip("._")[:60] or "document"
    return f"{stem}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}.html"


def render_document(run: RunData, doc_id: str, index_href: str = "index.html") -> str:
    """The review page of one document as a self-contained HTML string."""
    doc = run.rows("documents", doc_id).iloc[0]
    text = run.text(doc_id)
    findings = run.findings_for(doc_id)
    spans: list[Span] = []
    inserts: dict[int, list[str]] = {}
    problems: list[str] = []
    rows = []  # (table, row, start, end) of the mentions whose span lies in the text
    for table in MENTION_TABLES:
        for row in run.rows(table, doc_id).to_dict("records"):
            start, end = _int(row["char_start"]), _int(row["char_end"])
            if start is None or end is None or not 0 <= start < end <= len(text):
                problems.append(f"{_text(row['mention_id'])}: span [{start}, {end}) is outside the text; not highlighted")
                continue
            rows.append((table, row, start, end))
    shown = {_text(row["mention_id"]): end for _, row, _, end in rows}
    flagged = _place_findings(findings, shown, text, spans, inserts)

    mentions: dict[str, dict] = {}
    for table, row, start, end in rows:
        css, label = MENTION_TABLES[table]
        mid = _text(row["mention_id"])
        mentions[mid] = {"label": label, "fields": _fields(row), "findings": [f.finding_id for f in flagged.get(mid, [])]}
        classes = f"{css} percent" if table == "quantities" and row["kind"] == "percent" else css
        if any(f.severity not in ("ok", "info") for f in flagged.get(mid, [])):
            classes += " flagged"
        spans.append(Span(start, end, "mark", {"class": classes, "id": f"m-{mid}", "data-m": mid,
                                               "title": _tooltip(table, row)},
                          cont={"class": classes + " cont", "data-m": mid}, order=1))
    outline = _sections(run.rows("sections", doc_id), text, spans, inserts)
    problems += _footnotes(run.rows("footnotes", doc_id), text, spans, inserts)

    data = {"mentions": mentions,
            "findings": {f.finding_id: {"code": f.code, "severity": f.severity, "explanation": " / ".join(f.explanation)}
                         for f in findings}}
    counts = {table: len(run.rows(table, doc_id)) for table in ("sections", "footnotes", *MENTION_TABLES)}
    title = " ".join(_text(doc[c]) for c in ("kind", "number") if _text(doc[c])) or doc_id
    body = f"""
<header class="top">
  <h1><a href="{_e(index_href)}">◂ index</a> · {_e(title)} <small>{_e(_text(doc['title']))}</small></h1>
  <div class="meta">{_meta(doc)}</div>
</header>
<main class="layout">
  <nav class="side">
    <h2>Highlights</h2>
    <div class="legend">{_legend(counts, findings)}</div>
    {_status_block(doc)}
    <h2>Outline ({counts['sections']} sections)</h2>
    <ul class="outline">{outline}</ul>
    {_findings_block(findings, mentions)}
    {_problems_block(problems)}
  </nav>
  <article class="doc" id="text" lang="vi">{markup(text, spans, inserts)}</article>
</main>
<aside id="details" hidden><button type="button" title="close (Esc)">×</button><div class="body"></div></aside>
<script type="application/json" id="review-data">{_json(data)}</script>
"""
    return _page(f"{title} — {doc_id}", body, script=JS)


def render_index(run: RunData, pages: dict[str, str]) -> str:
    """The index page: every document with its status, error message, rows per table and findings."""
    docs = run.tables["documents"]
    counts = {t: run.tables[t]["doc_id"].value_counts() for t in ("sections", "footnotes", *MENTION_TABLES)}
    severities = ("error", "warning", "info", "ok")
    rows = []
    for doc in docs.to_dict("records"):
        doc_id = _text(doc["doc_id"])
        name = pages.get(doc_id)
        link = f'<a href="{_e(name)}">{_e(doc_id)}</a>' if name else _e(doc_id)
        status = _text(doc["status"]) or "ok"
        by_sev = pd.Series([f.severity for f in run.findings_for(doc_id)], dtype="object").value_counts()
        cells = [link, _e(_text(doc["format"])), _num(doc["pages"]), _num(doc["ocr_pages"]),
                 f'<span class="status-{_e(status)}">{_e(status)}</span>',
                 _e(" ".join(_text(doc[c]) for c in ("kind", "number"))), _e(_text(doc["date"])),
                 _e(_text(doc["title"]))]
        cells += [_num(counts[t].get(doc_id, 0)) for t in counts]
        if run.findings is not None:
            cells.append(" ".join(f'<a class="flag sev-{s}">{int(by_sev[s])} {s}</a>' for s in severities
                                  if s in by_sev))
        cells.append(f'<span class="error-msg">{_e(_text(doc["error"]))}</span>{_warnings(_text(doc.get("warnings")))}')
        numeric = {2, 3, *range(8, 8 + len(counts))}
        tds = "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells))
        rows.append(f'<tr class="{_e(status)}">{tds}</tr>')
    heads = ["document", "format", "pages", "OCR pages", "status", "kind and number", "date", "title",
             *counts, *(["audit findings"] if run.findings is not None else []), "error / warnings"]
    errors = int((docs["status"] == "error").sum())
    body = f"""
<header class="top"><h1>Review of {_e(str(run.folder))}</h1>
<div class="meta"><span>{len(docs)} documents</span><span>{errors} errors</span>
{''.join(f'<span>{len(run.tables[t])} {t}</span>' for t in counts)}
<span>{'audit findings shown' if run.findings is not None else 'no audit findings (run `extractor audit` first to see them)'}</span></div></header>
<table class="runs"><thead><tr>{''.join(f'<th>{_e(h)}</th>' for h in heads)}</tr></thead>
<tbody>{''.join(rows)}</tbody></table>
"""
    return _page(f"Review — {run.folder.name}", body, script=None)


def _warnings(joined: str) -> str:
    # The run joins a document's warnings with " | "; a scan has one per page, so they fold away.
    items = [w for w in joined.split(" | ") if w]
    if not items:
        return ""
    return (f"<details><summary>{len(items)} warning{'s' if len(items) > 1 else ''}</summary><ul>"
            + "".join(f"<li>{_e(w)}</li>" for w in items) + "</ul></details>")


def _page(title: str, body: str, script: str | None) -> str:
    # The policy allows only this page's own style and script (by hash) and no fetches at all: a page that
    # somehow held injected markup could still run nothing and reach nothing.
    policy = (f"default-src 'none'; style-src '{_sha(CSS)}'; img-src data:; base-uri 'none'; form-action 'none'; "
              f"script-src '{_sha(script) if script else 'none'}'")
    tail = f"<script>{script}</script>" if script else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS}</style></head>
<body>{body}{tail}</body></html>
"""


def _sha(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _sections(rows: pd.DataFrame, text: str, spans: list[Span], inserts: dict[int, list[str]]) -> str:
    # Each heading gets an anchor and bold type up to its paragraph's end; the outline links to the anchors.
    items = []
    for i, row in enumerate(rows.to_dict("records")):
        start = _int(row["char_start"])
        label = f"{_text(row['number'])}. {_text(row['title'])}"
        level = _int(row["level"]) or 1
        if start is None or not 0 <= start < len(text):
            items.append(f'<li class="lvl-{level}">{_e(label)}</li>')
            continue
        inserts.setdefault(start, []).append(f'<span class="sec" id="sec-{i}"></span>')
        end = text.find("\n\n", start)
        spans.append(Span(start, len(text) if end < 0 else end, "span", {"class": "heading"}, {"class": "heading"}))
        items.append(f'<li class="lvl-{level}"><a href="#sec-{i}">{_e(label)}</a></li>')
    return "".join(items)


def _footnotes(rows: pd.DataFrame, text: str, spans: list[Span], inserts: dict[int, list[str]]) -> list[str]:
    # The mark links to its note and the note back to its mark; a note whose mark was not found says so.
    problems = []
    for row in rows.to_dict("records"):
        n = _int(row["number"])
        start, end, anchor = _int(row["char_start"]), _int(row["char_end"]), _int(row["anchor_offset"])
        note = _text(row["text"])
        has_note = start is not None and end is not None and 0 <= start < end <= len(text)
        if has_note:
            spans.append(Span(start, end, "span", {"class": "fn-note", "id": f"fn-{n}"}, {"class": "fn-note"}))
        else:
            problems.append(f"footnote {n}: its text is not in the document text")
        if anchor is None or not 0 <= anchor <= len(text):
            problems.append(f"footnote {n}: no marker found in the body")
            continue
        ref = {"class": "fn-ref", "id": f"fnref-{n}", "href": f"#fn-{n}", "title": f"{n} {note}"}
        mark = _SUPERSCRIPT.match(text, anchor)
        if mark:
            spans.append(Span(anchor, mark.end(), "a", ref, {"class": "fn-ref", "href": f"#fn-{n}"}, order=2))
        else:  # the text has no mark there: show a visibly inserted one rather than lose the link
            ref["class"] += " inserted"
            inserts.setdefault(anchor, []).append(f"<a{attributes(ref)}>{n}</a>")
        if has_note:
            inserts.setdefault(end, []).append(f'<a class="fn-back" href="#fnref-{n}" title="back to mark {n}">↩</a>')
    return problems


def _place_findings(findings: list[Finding], shown: dict[str, int], text: str, spans: list[Span],
                    inserts: dict[int, list[str]]) -> dict[str, list[Finding]]:
    # Evidence that names a shown mention flags that mention; other evidence with a span (a body sentence, a
    # list a sum was read from) is marked itself. A problem puts a flag after each piece of its evidence, a
    # passed check (ok, info) one flag after its first, so verified sums do not crowd the text.
    flagged: dict[str, list[Finding]] = {}
    for f in findings:
        places: list[int] = []
        for mid, start, end in f.evidence_items:
            if mid in shown:
                flagged.setdefault(mid, []).append(f)
                at = shown[mid]
            elif start is not None and end is not None and 0 <= start < end <= len(text):
                cls = f"evidence sev-{f.severity}"
                spans.append(Span(start, end, "mark", {"class": cls, "title": f"{f.code}: {' / '.join(f.explanation)}"},
                                  {"class": cls}))
                at = end
            else:
                continue
            places.append(at)
        tip = f"{f.severity} {f.code}: " + " / ".join(f.explanation)
        flag = (f'<a class="flag sev-{_e(f.severity)}" href="#finding-{_e(f.finding_id)}" title="{_e(tip)}">'
                f'{_FLAG.get(f.severity, "⚑")}</a>')
        for at in dict.fromkeys(places[:1] if f.severity in ("ok", "info") else places):
            inserts.setdefault(at, []).append(flag)
    return flagged


def _evidence_link(mid: str, mentions: dict[str, dict]) -> str:
    if mid in mentions:
        return f'<a href="#m-{_e(mid)}">{_e(mid)}</a>'
    note = regex.fullmatch(r"fn(\d+)", mid)  # the audit names a footnote as "fn8"
    return f'<a href="#fn-{note[1]}">{_e(mid)}</a>' if note else _e(mid)


def _findings_block(findings: list[Finding], mentions: dict[str, dict]) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        links = " ".join(_evidence_link(m, mentions) for m in f.mention_ids)
        expl = "".join(f"<div>{_e(x)}</div>" for x in f.explanation)
        items.append(f'<li id="finding-{_e(f.finding_id)}" class="sev-{_e(f.severity)}"><span class="code">'
                     f'{_e(f.code)}</span> · {_e(f.severity)} {links}{expl}<div class="ev">{_e(f.evidence)}</div></li>')
    return f'<h2>Audit findings ({len(findings)})</h2><ul class="findings">{"".join(items)}</ul>'


def _problems_block(problems: list[str]) -> str:
    if not problems:
        return ""
    return f'<h2>Not shown ({len(problems)})</h2><ul class="problems">{"".join(f"<li>{_e(p)}</li>" for p in problems)}</ul>'


def _status_block(doc) -> str:
    if _text(doc["status"]) != "error":
        return ""
    return f'<h2>Error</h2><p class="error-msg">{_e(_text(doc["error"]))}</p>'


def _meta(doc) -> str:
    parts = [("doc_id", doc["doc_id"]), ("source", doc["source"]), ("format", doc["format"]),
             ("pages", doc["pages"]), ("OCR pages", doc["ocr_pages"]), ("status", doc["status"]),
             ("place", doc["place"]), ("date", doc["date"]), ("signed", f"{_text(doc['signer_title'])} {_text(doc['signer_name'])}")]
    return "".join(f"<span>{_e(k)}: <b>{_e(_text(v))}</b></span>" for k, v in parts if _text(v).strip())


def _legend(counts: dict[str, int], findings: list[Finding]) -> str:
    boxes = [f'<label><input type="checkbox" checked data-hide="{css}"> <mark class="{css}">{_e(label)}</mark> '
             f'{counts[table]}</label>' for table, (css, label) in MENTION_TABLES.items()]
    boxes.append(f"<label>footnotes {counts['footnotes']}</label>")
    if findings:
        boxes.append('<label><input type="checkbox" checked data-hide="ok"> passed checks '
                     f'{sum(f.severity == "ok" for f in findings)}</label>')
        boxes.append(f"<label>findings {sum(f.severity != 'ok' for f in findings)}</label>")
    boxes.append('<label class="hint">hover a highlight for a summary, click it for all its values</label>')
    return "".join(boxes)


def _fields(row: dict) -> list[list[str]]:
    # Every column the table has (so added columns show too), nulls dropped, the span shown as one field.
    fields = []
    for name, value in row.items():
        shown = _text(value)
        if name in _HIDDEN_FIELDS or not shown:
            continue
        if name == "value_vnd":
            shown = f"{int(value):,}".replace(",", ".") + " đồng"
        elif name in ("value", "confidence"):
            shown = f"{float(value):g}"
        fields.append([name, shown])
    fields.append(["span", f"[{_text(row['char_start'])}, {_text(row['char_end'])})"])
    return fields


def _tooltip(table: str, row: dict) -> str:
    if table == "citations":
        parts = [" ".join(x for x in (_text(row["kind"]), _text(row["number"])) if x), _text(row["date"]),
                 _text(row["issuer"])]
    elif table == "amounts":
        parts = [f"{int(row['value_vnd']):,}".replace(",", ".") + " đồng" if _int(row["value_vnd"]) is not None else ""]
    else:
        value = f"{float(row['value']):g}" if _text(row["value"]) else ""
        parts = [f"{value} {_text(row['unit'])}".strip(), _text(row["kind"])]
    return " · ".join(p for p in parts if p)


def _json(data: dict) -> str:
    # Inside a <script> element only "</script" could end it; escaping <, > and & leaves nothing to break out.
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _int(value) -> int | None:
    return None if _text(value) == "" else int(value)


def _num(value) -> str:
    return _e(_text(value))
