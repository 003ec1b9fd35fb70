"""extractor.audit on the seed report (every issue the seed is known to hold) and on reports built to fail."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from extractor.audit import audit
from extractor.audit.catalogue import number_key
from extractor.audit.checks_arithmetic import Figure, _read
from extractor.cli import main
from extractor.run import run

from .conftest import REAL, ROOT, SEED, needs_shared

CATALOGUE = ROOT / "corpus" / "catalogue-sample.csv"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed report run through the pipeline once, then audited against the sample catalogue."""
    run_dir = tmp_path_factory.mktemp("seed-run")
    run([SEED / "seed-report.txt"], run_dir, quiet=True)
    return run_dir, audit(run_dir, catalogue=CATALOGUE, out=tmp_path_factory.mktemp("seed-audit"))


def _details(findings, code):
    rows = findings[findings["code"] == code]
    return [(r.severity, json.loads(r.details_json), json.loads(r.evidence_json)) for r in rows.itertuples()]


def _audit_text(tmp_path, body: str, date: str = "ngày 10 tháng 3 năm 2023"):
    """Audit a small report with the seed's header shape and the given body paragraphs."""
    path = tmp_path / "report.txt"
    path.write_text(f"Số: 15/BC-UBND\n\nHà Giang, {date}\n\nBÁO CÁO\n\nKết quả năm 2022\n\n{body}\n",
                    encoding="utf-8")
    run([path], tmp_path / "run", quiet=True)
    return audit(tmp_path / "run").findings


# ---------------------------------------------------------------------------------------------------------
# Citations on the seed
# ---------------------------------------------------------------------------------------------------------

def test_seed_511_cited_with_two_dates(seed):
    [(severity, details, evidence)] = _details(seed[1].findings, "CIT_DATE_CONFLICT")
    assert severity == "error"
    assert details["number"] == "511/KH-UBND"
    assert details["dates"] == ["2021-10-15 ×3", "2023-10-15 ×1"]
    assert [e["in_footnote"] for e in evidence] == [11, 12, 12, 12]
    assert "15/10/2023" in evidence[2]["snippet"]


def test_seed_footnote_8_date_against_its_sentence(seed):
    [(severity, details, evidence)] = _details(seed[1].findings, "CIT_FOOTNOTE_BODY_DATE")
    assert severity == "error"
    assert details == {"footnote": 8, "number": "788/BDT-CSDT&ĐB", "note_date": "2022-12-28",
                       "body_date": "2021-12-28"}
    assert evidence[0]["snippet"].startswith("Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn")
    assert evidence[1]["snippet"] == "Công văn số 788/BDT-CSDT&ĐB ngày 28/12/2022"


def test_seed_malformed_and_variant_numbers(seed):
    findings = seed[1].findings
    [(_, missing, _)] = _details(findings, "CIT_NUMBER_MISSING_SEPARATOR")
    assert (missing["number"], missing["expected"]) == ("3976/KHUBND", "3976/KH-UBND")
    [(_, variant, evidence)] = _details(findings, "CIT_ISSUER_CODE_VARIANT")
    assert (variant["variant"], variant["usual"], evidence[0]["in_footnote"]) == ("BĐT", "BDT", 4)
    [(_, party, evidence)] = _details(findings, "CIT_PARTY_STATE_FORM")
    assert (party["number"], party["expected"], evidence[0]["char_start"]) == ("34/CT-TW", "34-CT/TW", 3011)


def test_seed_date_without_ngay_is_a_low_severity_style_finding(seed):
    [(severity, details, _)] = _details(seed[1].findings, "CIT_MISSING_NGAY")
    assert (severity, details["number"], details["raw_date"]) == ("info", "412/QĐ-UBND", "20/4/2023")


def test_seed_has_no_other_citation_alarm(seed):
    findings = seed[1].findings
    alarms = findings[(findings["severity"] != "ok") & (findings["check"] != "catalogue")]
    assert sorted(alarms["code"]) == sorted([
        "CIT_DATE_CONFLICT", "CIT_FOOTNOTE_BODY_DATE", "CIT_NUMBER_MISSING_SEPARATOR",
        "CIT_ISSUER_CODE_VARIANT", "CIT_PARTY_STATE_FORM", "CIT_MISSING_NGAY"])
    assert set(findings[findings["code"] == "CIT_FOOTNOTE_BODY_DATE_OK"]["explanation_en"].str[:11]) <= {
        "Footnote 1 ", "Footnote 2 ", "Footnote 7 ", "Footnote 9 ", "Footnote 11", "Footnote 12"}


def test_seed_cited_documents_merge_spellings_and_split_years(seed):
    cited = seed[1].cited_documents.set_index("cited_id")
    party = cited[cited["spellings"].str.contains("34-CT/TW")].iloc[0]
    assert party["spellings"] == "34/CT-TW (1); 34-CT/TW (1)" and party["mentions"] == 2
    plans = cited[cited["number"] == "511/KH-UBND"].sort_values("year")
    assert list(plans["year"]) == ["2021", "2023"]
    assert list(plans["mentions"]) == [6, 1]  # the two undated mentions join the plan of 2021
    assert plans.iloc[0]["dates_seen"] == "2021-10-15 (3)"


def test_number_key_ignores_printed_form():
    assert number_key("34/CT-TW") == number_key("34-CT/TW") == "34||CT|TW"
    assert number_key("01/2022/NQ-HĐND") == "1|2022|NQ|HDND"
    assert number_key("68", "Nghị định") != number_key("68", "Thông tư")


# ---------------------------------------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------------------------------------

def test_catalogue_mismatches_and_unknowns(seed):
    findings, cited = seed[1].findings, seed[1].cited_documents
    got = {(json.loads(r.details_json)["number"], r.code, json.loads(r.details_json)["catalogue"])
           for r in findings[findings["code"].str.match("CAT_.*_MISMATCH")].itertuples()}
    assert got == {("379/KH-UBND", "CAT_DATE_MISMATCH", "2022-06-12"),
                   ("119/QĐ-BDT", "CAT_ISSUER_MISMATCH", "UBND tỉnh Bắc Giang"),
                   ("661/KH-BDT", "CAT_KIND_MISMATCH", "Thông báo"),
                   ("511/KH-UBND", "CAT_DATE_MISMATCH", "2021-10-15")}
    unknown = findings[findings["code"] == "CAT_UNKNOWN"]
    assert "Document 3976/KHUBND is not in the reference catalogue." in set(unknown["explanation_en"])
    status = dict(zip(cited["number"], cited["catalogue_status"]))
    assert status["1719/QĐ-TTg"] == "matched" and status["34/CT-TW"] == "matched"
    assert status["579/BĐT-CSDT&ĐB"] == "unknown"


# ---------------------------------------------------------------------------------------------------------
# Arithmetic on the seed
# ---------------------------------------------------------------------------------------------------------

def test_seed_arithmetic_checks_that_hold_are_recorded(seed):
    findings = seed[1].findings
    sums = {(d["total"], " + ".join(d["parts"])) for _, d, _ in _details(findings, "ARITH_SUM_OK")}
    assert {("748.684 triệu đồng", "663.684 + 85.000"), ("663.684 triệu đồng", "349.021 + 314.663"),
            ("122 công trình", "61 + 19 + 25 + 11 + 6"), ("75 công trình", "37 + 13 + 19 + 06"),
            ("56 công trình", "28 + 7 + 17 + 4")} <= sums
    ratios = {(d["numerator"], d["denominator"], d["stated"]) for _, d, _ in _details(findings, "ARITH_RATIO_OK")}
    assert ratios == {("369.780", "671.874", "55"), ("300.871", "429.021", "70,1"),
                      ("68.909", "242.853", "28,4"), ("91.006", "150.000", "60,67")}
    assert not findings["code"].str.contains("MISMATCH").any() or \
        set(findings[findings["code"].str.contains("MISMATCH")]["check"]) == {"catalogue"}


def test_seed_sum_evidence_points_at_the_text(seed):
    run_dir, result = seed
    text = (run_dir / "text" / "seed-report.txt.txt").read_text(encoding="utf-8")
    f = result.findings
    row = f[(f["code"] == "ARITH_SUM_OK") & f["explanation_en"].str.startswith("The total 122")].iloc[0]
    evidence = json.loads(row["evidence_json"])
    assert [e["mention_id"] for e in evidence[1:]] == ["q26", "q27", "q28", "q29", "q30", "q31"]
    for e in evidence:
        assert text[e["char_start"] : e["char_end"]] == e["snippet"]


def test_reading_with_sub_lists():
    values = [_figure(v) for v in (663684, 349021, 314663, 85000, 80000, 5000, 36557)]
    assert _read(values, Decimal(748684), Decimal(0)) == [(0, [(1, None), (2, None)]), (3, [(4, None), (5, None)])]
    # 61 = 19 + 25 + 11 + 6 by chance; the flat reading is the one that reaches the total.
    flat = [_figure(v) for v in (61, 19, 25, 11, 6)]
    assert _read(flat, Decimal(122), Decimal(0)) == [(i, None) for i in range(5)]
    assert _read(flat, Decimal(123), Decimal(0)) is None


def _figure(value: int) -> Figure:
    return Figure({}, "count", Decimal(value), "x", 0, 0, str(value), Decimal(1), 0)


# ---------------------------------------------------------------------------------------------------------
# Constructed reports that must fail
# ---------------------------------------------------------------------------------------------------------

def test_constructed_citation_errors(tmp_path):
    findings = _audit_text(tmp_path, (
        "Căn cứ Quyết định số 12/NQ-HĐND ngày 05/01/2023 của HĐND tỉnh; Nghị quyết số 05/2021/NQ-HĐND ngày "
        "12/3/2022 của HĐND tỉnh; Kế hoạch số 20/KH-UBND ngày 31/02/2023 của UBND tỉnh; Công văn số 45/UBND-VP "
        "ngày 20/5/2023 của UBND tỉnh."))
    got = {r.code: (r.severity, json.loads(r.details_json)) for r in findings.itertuples()}
    assert got["CIT_KIND_CODE_MISMATCH"][1]["kind_code"] == "NQ"
    assert got["CIT_NORMATIVE_YEAR_MISMATCH"] == ("error", {"number": "05/2021/NQ-HĐND", "year": "2021",
                                                            "date": "2022-03-12"})
    assert got["CIT_INVALID_DATE"] == ("error", {"number": "20/KH-UBND", "raw_date": "ngày 31/02/2023"})
    assert got["CIT_DATE_AFTER_REPORT"] == ("error", {"number": "45/UBND-VP", "date": "2023-05-20",
                                                      "report_date": "2023-03-10"})


def test_constructed_date_conflict_in_the_same_year_is_an_error(tmp_path):
    findings = _audit_text(tmp_path, (
        "Thực hiện Kế hoạch số 7/KH-UBND ngày 05/01/2022 của UBND tỉnh. Theo Kế hoạch số 7/KH-UBND ngày "
        "15/01/2022 của UBND tỉnh, các huyện đã triển khai."))
    [(severity, details, _)] = _details(findings, "CIT_DATE_CONFLICT")
    assert severity == "error" and details["dates"] == ["2022-01-05 ×1", "2022-01-15 ×1"]


def test_constructed_wrong_totals_and_ratio(tmp_path):
    findings = _audit_text(tmp_path, (
        "Toàn tỉnh đã xây dựng 123 công trình (trong đó giao thông 61 công trình, thủy lợi: 19 công trình, "
        "nhà văn hóa: 25 công trình, trường học 11 công trình; 6 trạm y tế xã). Giải ngân 300.871/429.021 "
        "triệu đồng, bằng 75,1% kế hoạch. Tổng vốn 500 triệu đồng (vốn tỉnh 300 triệu đồng, vốn huyện 250 "
        "triệu đồng)."))
    sums = {d["total"]: (s, d["computed"]) for s, d, _ in _details(findings, "ARITH_SUM_MISMATCH")}
    assert sums == {"123 công trình": ("warning", "122"), "500 triệu đồng": ("error", "550")}
    [(severity, ratio, _)] = _details(findings, "ARITH_RATIO_MISMATCH")
    assert severity == "error" and (ratio["exact"], ratio["stated"]) == ("70,13", "75,1")


def test_partial_breakdown_after_a_cue_word_is_not_an_alarm(tmp_path):
    findings = _audit_text(tmp_path, "Toàn tỉnh có 100 hộ nghèo, trong đó 30 hộ dân tộc Tày, 20 hộ dân tộc Nùng.")
    assert not (findings["severity"].isin(["error", "warning"])).any()


# ---------------------------------------------------------------------------------------------------------
# Command line and report
# ---------------------------------------------------------------------------------------------------------

def test_cli_writes_tables_and_a_self_contained_page(seed, tmp_path, capsys):
    run_dir, _ = seed
    assert main(["audit", str(run_dir), "--catalogue", str(CATALOGUE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# Audit of {run_dir}") and "CIT_DATE_CONFLICT" in out
    for name in ("cited_documents", "findings"):
        assert (tmp_path / f"{name}.csv").is_file() and (tmp_path / f"{name}.parquet").is_file()
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.replace('lang="vi"', "")
    assert "CSDT&amp;ĐB" in page and "CSDT&ĐB" not in page  # every text escaped
    assert main(["audit", str(tmp_path / "nowhere")]) == 2


@needs_shared
def test_real_report_aside_is_not_a_total(tmp_path):
    # "(xã Xuân Ái, 12 ha) ... (đã giải phóng mặt bằng 4,7 ha; ...)": the 12 ha belongs to the first aside.
    run([REAL / "sct-laocai-skills" / "bao-cao-vp-ubnd.docx"], tmp_path / "run", quiet=True)
    findings = audit(tmp_path / "run").findings
    assert not findings["code"].str.contains("MISMATCH").any()
    oks = {d["total"] for _, d, _ in _details(findings, "ARITH_SUM_OK")}
    assert {"15,25 tỷ đồng", "12 ha"} <= oks
