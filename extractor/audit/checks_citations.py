"""Checks on cited documents: conflicting dates, malformed or variant numbers, impossible dates."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

import regex

from ..extract.citations import parse_number
from ..extract.dates import DATE_PATTERN, find_dates, iso_date
from ..rules import load
from .catalogue import CitedDocument, fold, issuers_agree
from .findings import Evidence, Finding, make
from .inputs import RunTables, evidence

# Where a clause starts: a paragraph, or after a sentence or clause end (the anchor's own clause only).
_CLAUSE_BREAK = regex.compile(r"\n|[.;!?](?=\s)")
_JUST_SPACE = regex.compile(r"[\s,]*")


@lru_cache(maxsize=None)
def _kind_codes() -> tuple[dict[str, set[str]], dict[str, str]]:
    # kind name -> folded codes it may carry; folded code -> the kind it names
    by_kind: dict[str, set[str]] = defaultdict(set)
    by_code: dict[str, str] = {}
    for row in load("kinds")["kind"]:
        for code in row.get("codes", []):
            by_kind[row["name"]].add(fold(code))
            by_code.setdefault(fold(code), row["name"])
    for name, codes in load("audit")["citations"]["also_accept"].items():
        by_kind[name] |= {fold(c) for c in codes}
    return by_kind, by_code


def check_citations(run: RunTables, docs: list[CitedDocument]) -> list[Finding]:
    """Every citation check over a run: per mention, per cited document, per footnote."""
    findings = date_conflicts(docs)
    findings += issuer_code_variants(run.tables["citations"])
    texts = {doc_id: run.text(doc_id) for doc_id in run.by_doc("citations")}
    for row in run.tables["citations"]:
        text = texts.get(row["doc_id"], "")
        report_date = (run.documents.get(row["doc_id"]) or {}).get("date") or ""
        findings += number_form(row) + kind_code(row) + dates(row, text, report_date)
    for doc_id, notes in run.by_doc("footnotes").items():
        findings += footnote_dates(notes, run.by_doc("citations").get(doc_id, []), run.text(doc_id))
    return findings


def date_conflicts(docs: list[CitedDocument]) -> list[Finding]:
    """One finding per document number cited with more than one issue date by the same issuer."""
    by_key: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by_key[d.key].extend(m for m in d.mentions if m.get("date"))
    findings = []
    for mentions in by_key.values():
        clusters: list[list[dict]] = []
        for m in mentions:
            home = next((c for c in clusters if all(issuers_agree(m.get("issuer") or "", o.get("issuer") or "")
                                                    for o in c)), None)
            if home is None:
                clusters.append(home := [])
            home.append(m)
        for cluster in clusters:
            counts = Counter(m["date"] for m in cluster)
            if len(counts) < 2:
                continue
            ranked = [d for d, _ in counts.most_common()]
            usual, other = ranked[0], ranked[1]
            slip = usual[:4] == other[:4] or usual[5:] == other[5:]
            cited = next((d.cited_id for d in docs if cluster[0] in d.mentions), "")
            cluster.sort(key=lambda m: (m["doc_id"], m.get("char_start") or 0))
            findings.append(make(
                "CIT_DATE_CONFLICT", "citation", [evidence(m) for m in cluster], "slip" if slip else "other",
                cited_id=cited, number=cluster[0]["number"],
                dates=[f"{d} ×{n}" for d, n in counts.most_common()]))
    return findings


def issuer_code_variants(citations: list[dict]) -> list[Finding]:
    """Mentions whose issuer code is a minority spelling of a code the run writes otherwise ("BĐT" vs "BDT")."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    for row in citations:
        for part in _issuer_parts(row):
            spellings[fold(part)][part] += 1
    findings = []
    for row in citations:
        for part in _issuer_parts(row):
            counts = spellings[fold(part)]
            usual, usual_count = counts.most_common(1)[0]
            if part != usual and counts[part] < usual_count:
                findings.append(make("CIT_ISSUER_CODE_VARIANT", "citation", [evidence(row)], number=row["number"],
                                     variant=part, usual=usual, usual_count=usual_count))
    return findings


def _issuer_parts(row: dict) -> list[str]:
    return [p for p in regex.split(r"[-–]", row.get("issuer_code") or "") if p]


def number_form(row: dict) -> list[Finding]:
    """A number whose hyphen is lost ("3976/KHUBND") or a Party number in the state form ("34/CT-TW")."""
    number = (row.get("number") or "").replace("–", "-")
    if not number:
        return []
    seq, year, kind_code, issuer_code = parse_number(number)
    if not (kind_code and issuer_code):
        return []
    head = f"{seq}/{year}/" if year else f"{seq}/"
    state, party = f"{head}{kind_code}-{issuer_code}", f"{seq}-{kind_code}/{issuer_code}"
    is_party = issuer_code.split("-")[0] in load("audit")["citations"]["party_issuers"]
    expected = party if is_party else state
    if number == f"{head}{kind_code}{issuer_code}":
        return [make("CIT_NUMBER_MISSING_SEPARATOR", "citation", [evidence(row)], number=number, expected=expected)]
    if is_party and number == state:
        return [make("CIT_PARTY_STATE_FORM", "citation", [evidence(row)], number=number, expected=party)]
    return []


def kind_code(row: dict) -> list[Finding]:
    """A kind word that disagrees with the type code of its number ("Quyết định số 12/NQ-HĐND")."""
    kind, number = row.get("kind") or "", row.get("number") or ""
    # A mention that runs across paragraphs took its kind word from elsewhere ("... quy định\n\n15/2026/TT-BCT").
    if not number or kind in load("audit")["citations"]["loose_kinds"] or "\n" in (row.get("snippet") or ""):
        return []
    code = parse_number(number)[2]
    by_kind, by_code = _kind_codes()
    if not code or kind not in by_kind or fold(code) in by_kind[kind] or fold(code) not in by_code:
        return []
    return [make("CIT_KIND_CODE_MISMATCH", "citation", [evidence(row)], number=number, kind=kind, kind_code=code,
                 code_kind=by_code[fold(code)])]


def dates(row: dict, text: str, report_date: str) -> list[Finding]:
    """Date checks on one mention: invalid calendar date, year against the number, after the report, no "ngày"."""
    number = row.get("number") or row.get("snippet") or ""
    found = []
    printed = _printed_date(row, text)
    if printed is not None:
        iso = iso_date(printed["day"], printed["month"], printed["year"])
        raw = printed.group(0)
        ev = [evidence(row)]
        if iso is None:
            found.append(make("CIT_INVALID_DATE", "citation", ev, number=number, raw_date=raw))
        elif row.get("number") and not regex.match(r"(?i)ngày", raw):
            found.append(make("CIT_MISSING_NGAY", "citation", ev, number=number, raw_date=raw))
    date = row.get("date") or ""
    if not date:
        return found
    year = parse_number(row["number"])[1] if row.get("number") else ""
    if year and year != date[:4]:
        found.append(make("CIT_NORMATIVE_YEAR_MISMATCH", "citation", [evidence(row)], number=number, year=year,
                          date=date))
    min_year = load("audit")["citations"]["min_year"]
    if int(date[:4]) < min_year:
        found.append(make("CIT_IMPLAUSIBLE_DATE", "citation", [evidence(row)], number=number, date=date,
                          min_year=min_year))
    if report_date and date > report_date:
        found.append(make("CIT_DATE_AFTER_REPORT", "citation", [evidence(row)], number=number, date=date,
                          report_date=report_date))
    return found


def _printed_date(row: dict, text: str) -> regex.Match | None:
    """The issue date as printed after the mention's number, valid or not (the parser drops invalid ones)."""
    start, end = row.get("char_start"), row.get("char_end")
    if text and start is not None and end is not None:
        window, length = text[start : end + 30], end - start
    else:
        window = row.get("snippet") or ""
        length = len(window)
    number = row.get("number") or ""
    pos = window.find(number) + len(number) if number and number in window else 0
    m = DATE_PATTERN.search(window, pos)
    if m is None:
        return None
    gap = window[pos : m.start()]
    # Beyond the mention a date belongs to it only when nothing but spaces or a comma lies between.
    if regex.search(r"\d", gap) or (m.start() >= length and not _JUST_SPACE.fullmatch(gap)):
        return None
    return m


def footnote_dates(notes: list[dict], citations: list[dict], text: str) -> list[Finding]:
    """A footnote's cited document against the date the annotated body clause states for the same act."""
    if not text:
        return []
    verbs = load("audit")["citations"]["issue_verbs"]
    verb = regex.compile(rf"(?i)(?<!\p{{L}})(?:{'|'.join(map(regex.escape, verbs))})(?!\p{{L}})")
    numbered = [(c["char_start"], c["char_end"]) for c in citations
                if c.get("number") and not c.get("in_footnote") and c.get("char_start") is not None]
    findings = []
    for note in notes:
        anchor = note.get("anchor_offset")
        if anchor is None:
            continue
        dated = [c for c in citations if c.get("in_footnote") == note["number"] and c.get("date") and c.get("number")]
        if not dated:
            continue
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, anchor - 600), anchor)]
        start = breaks[-1] if breaks else max(0, anchor - 600)
        clause = text[start:anchor]
        if not verb.search(clause):
            continue
        body = [(start + s, start + e, iso) for s, e, iso in find_dates(clause)
                if not any(a <= start + s < b for a, b in numbered)]
        if not body:
            continue
        note_dates = {c["date"] for c in dated}
        s, e, body_date = body[0]
        ev = [Evidence(doc_id=note["doc_id"], mention_id=f"fn{note['number']}", snippet=text[s:anchor].strip(),
                       page=note.get("page"), section_id=note.get("anchor_section_id") or "",
                       char_start=s, char_end=anchor)] + [evidence(c) for c in dated]
        if any(iso in note_dates for _, _, iso in body):
            findings.append(make("CIT_FOOTNOTE_BODY_DATE_OK", "citation", ev, footnote=note["number"],
                                 body_date=body_date))
        elif len(note_dates) == 1:
            findings.append(make("CIT_FOOTNOTE_BODY_DATE", "citation", ev, footnote=note["number"],
                                 number=dated[0]["number"], note_date=dated[0]["date"], body_date=body_date))
    return findings
