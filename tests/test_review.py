"""`extractor review`: self-contained HTML pages per document, escaped text, footnote links, audit findings."""

from __future__ import annotations

import json
import shutil

import lxml.html
import pandas as pd
import pytest

from extractor.cli import main
from extractor.review import load_run, page_name, render_document, write_review
from extractor.review.markup import Span, markup
from extractor.run import run

DOC = "seed-report.txt"


@pytest.fixture(scope="module")
def seed_review(seed_run, tmp_path_factory):
    """The seed run's review folder and run folder."""
    out, _ = seed_run
    review = tmp_path_factory.mktemp("review")
    write_review(out, review)
    return review, out


def _page(review, doc_id):
    return lxml.html.fromstring((review / page_name(doc_id)).read_text(encoding="utf-8"))


def test_page_names_are_safe_and_distinct():
    names = {d: page_name(d) for d in ("seed-report.txt", "a/b.txt", "a_b.txt", "../x.pdf", "Báo cáo 12/2023.docx")}
    assert names["seed-report.txt"].startswith("seed-report.txt-") and names["seed-report.txt"].endswith(".html")
    assert len(set(names.values())) == 5
    assert all("/" not in n and not n.startswith(".") and n.isascii() for n in names.values())


def test_crossing_spans_stay_nested_and_text_is_escaped():
    text = "Quyết định số 12/QĐ-UBND <b>ngày</b> 05/01/2024"
    spans = [Span(0, 24, "mark", {"id": "m-c1"}, {"class": "cont"}), Span(14, 28, "mark", {"id": "m-q1"}, {"class": "cont"})]
    html = markup(text, spans, {len(text): ["<a>↩</a>"]})
    assert html == ('<mark id="m-c1">Quyết định số <mark id="m-q1">12/QĐ-UBND</mark></mark><mark class="cont"> &lt;b&gt;'
                    "</mark>ngày&lt;/b&gt; 05/01/2024<a>↩</a>")


def test_seed_page_highlights_every_row_and_links_footnotes_both_ways(seed_review):
    review, out = seed_review
    page = _page(review, DOC)
    text = (out / "text" / f"{DOC}.txt").read_text(encoding="utf-8")
    for table, css in (("citations", "citation"), ("amounts", "amount"), ("quantities", "quantity")):
        rows = pd.read_parquet(out / f"{table}.parquet").query("doc_id == @DOC")
        marks = page.xpath(f'//article[@id="text"]//mark[contains(concat(" ", @class, " "), " {css} ") and @id]')
        assert len(marks) == len(rows) > 0
    assert page.get_element_by_id("m-c1").text_content() == "Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang"
    assert page.get_element_by_id("m-c1").get("title") == "Kế hoạch 186/KH-UBND · 2023-11-09 · UBND tỉnh Bắc Giang"
    money = page.xpath('//mark[@data-m and starts-with(text(), "748.684 triệu đồng")]')[0]
    assert money.get("title") == "748.684.000.000 đồng"
    for n in range(1, 15):
        ref, note = page.get_element_by_id(f"fnref-{n}"), page.get_element_by_id(f"fn-{n}")
        assert ref.get("href") == f"#fn-{n}" and ref.text_content() == "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(n))
        assert note.getnext().get("href") == f"#fnref-{n}"
    assert page.get_element_by_id("fn-6").text_content().startswith("Nghị quyết số 49/NQ-HĐND ngày 10/12/2021")
    outline = page.xpath('//ul[@class="outline"]//a')
    assert len(outline) == 20 and outline[0].text == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    assert page.get_element_by_id(outline[0].get("href")[1:]).getnext().text_content() == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    # The article's text is the document's text: highlights wrap it and add nothing but the ↩ back links.
    assert page.get_element_by_id("text").text_content().replace("↩", "") == text


def test_details_data_hold_the_normalised_values(seed_review):
    review, _ = seed_review
    data = json.loads(_page(review, DOC).get_element_by_id("review-data").text)
    c1 = dict(data["mentions"]["c1"]["fields"])
    assert (c1["number"], c1["seq"], c1["kind_code"], c1["issuer_code"], c1["date"]) == (
        "186/KH-UBND", "186", "KH", "UBND", "2023-11-09")
    amounts = [dict(m["fields"]) for m in data["mentions"].values() if m["label"] == "Money"]
    assert {"raw": "748.684 triệu đồng", "value_vnd": "748.684.000.000 đồng"}.items() <= amounts[0].items() or any(
        a["raw"] == "748.684 triệu đồng" and a["value_vnd"] == "748.684.000.000 đồng" for a in amounts)
    percent = next(dict(m["fields"]) for m in data["mentions"].values() if dict(m["fields"]).get("raw") == "70,1%")
    assert (percent["kind"], percent["value"], percent["unit"]) == ("percent", "70.1", "%")


def test_pages_are_self_contained(seed_review):
    review, _ = seed_review
    for path in review.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        page = lxml.html.fromstring(html)
        assert not page.xpath("//script[@src] | //link | //img | //iframe")
        assert "http://" not in html and "https://" not in html
        policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
        assert policy.startswith("default-src 'none'; style-src 'sha256-")


@pytest.fixture(scope="module")
def odd_run(tmp_path_factory):
    """A run over a hostile text in a subfolder and a file that is no PDF: (run folder, review folder)."""
    root = tmp_path_factory.mktemp("odd")
    (root / "in" / "sub").mkdir(parents=True)
    (root / "in" / "sub" / "a&b.txt").write_text(
        "BÁO CÁO\n\nTheo Quyết định số 12/QĐ-UBND ngày 05/01/2024 </script><script>alert(1)</script> chi 20 tỷ đồng.\n",
        encoding="utf-8")
    (root / "in" / "broken.pdf").write_text("<html><body>not a pdf <script>alert(2)</script></body></html>")
    run([root / "in"], root / "run", quiet=True)
    write_review(root / "run", root / "review")
    return root / "run", root / "review"


def test_hostile_text_is_shown_as_text(odd_run):
    _, review = odd_run
    html = (review / page_name("sub/a&b.txt")).read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    assert len(page.xpath("//script")) == 2  # the page's data block and its own script, nothing else
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "</script><script>alert(1)" not in html
    assert "</script><script>alert(1)</script>" in page.get_element_by_id("text").text_content()
    data = page.get_element_by_id("review-data").text
    assert "<" not in data and json.loads(data)["mentions"]["a1"]["fields"][0] == ["raw", "20 tỷ đồng"]


def test_index_lists_status_counts_and_errors(odd_run):
    run_dir, review = odd_run
    index = lxml.html.fromstring((review / "index.html").read_text(encoding="utf-8"))
    rows = {tr.xpath("td[1]")[0].text_content(): tr for tr in index.xpath("//tbody/tr")}
    assert set(rows) == {"broken.pdf", "sub/a&b.txt"}
    broken = rows["broken.pdf"]
    assert broken.get("class") == "error" and broken.xpath("td[5]")[0].text_content() == "error"
    error = pd.read_parquet(run_dir / "documents.parquet").set_index("doc_id").loc["broken.pdf", "error"]
    assert error and broken.xpath('.//span[@class="error-msg"]')[0].text_content() == error
    good = rows["sub/a&b.txt"]
    assert good.xpath("td[1]/a/@href") == [page_name("sub/a&b.txt")]
    assert [td.text_content() for td in good.xpath("td[9]|td[10]|td[11]|td[12]|td[13]")] == ["0", "0", "1", "1", "0"]
    assert not index.xpath("//script")


def test_findings_show_inline_when_the_audit_wrote_them(seed_run, tmp_path):
    out, _ = seed_run
    shutil.copytree(out, tmp_path / "run", ignore=shutil.ignore_patterns(".parts"))
    citations = pd.read_parquet(out / "citations.parquet").query("doc_id == @DOC")
    c51 = citations[citations["number"] == "788/BDT-CSDT&ĐB"].iloc[0]
    body = (24029, 24190)  # "Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn ..." in the body
    evidence = [{"doc_id": DOC, "mention_id": "fn8", "snippet": "", "char_start": body[0], "char_end": body[1]},
                {"doc_id": DOC, "mention_id": c51["mention_id"], "snippet": c51["snippet"],
                 "char_start": int(c51["char_start"]), "char_end": int(c51["char_end"])},
                {"doc_id": "seed-report.pdf", "mention_id": "c1", "snippet": ""}]
    pd.DataFrame([
        {"finding_id": "f4", "code": "CIT_FOOTNOTE_BODY_DATE", "severity": "error", "doc_ids": f"{DOC}; seed-report.pdf",
         "mention_ids": f"fn8; {c51['mention_id']}", "evidence": "fn8 | c51",
         "explanation_vi": "Chú thích 8 dẫn ngày 28/12/2022, câu chứa chú thích ghi 28/12/2021.",
         "explanation_en": "Footnote 8 cites 2022-12-28, the sentence states 2021-12-28.",
         "evidence_json": json.dumps(evidence, ensure_ascii=False)},
        {"finding_id": "f9", "code": "ARITH_SUM_OK", "severity": "ok", "doc_ids": DOC, "mention_ids": "q2; q3; q4",
         "evidence": "", "explanation_vi": "", "explanation_en": "24 = 21 + 03", "evidence_json": ""},
        {"finding_id": "f10", "code": "OTHER", "severity": "warning", "doc_ids": "seed-report.docx", "mention_ids": "c1",
         "evidence": "", "explanation_vi": "", "explanation_en": "not this document", "evidence_json": ""},
    ]).astype("string").to_parquet(tmp_path / "run" / "findings.parquet")

    run_data = load_run(tmp_path / "run")
    page = lxml.html.fromstring(render_document(run_data, DOC))
    items = page.xpath('//ul[@class="findings"]/li')
    assert [li.get("id") for li in items] == ["finding-f4", "finding-f9"]
    assert "Footnote 8 cites 2022-12-28" in items[0].text_content()
    assert items[0].xpath(".//a/@href") == ["#fn-8", f"#m-{c51['mention_id']}"]
    mark = page.get_element_by_id(f"m-{c51['mention_id']}")
    assert "flagged" in mark.get("class").split()
    assert mark.getnext().get("href") == "#finding-f4" and mark.getnext().get("class") == "flag sev-error"
    sentence = page.xpath('//mark[@class="evidence sev-error"]')[0]
    assert sentence.text_content().startswith("Ngày 28/12/2021, Ban Dân tộc đã ban hành văn bản hướng dẫn")
    flags = page.xpath('//article//a[@href="#finding-f9"]')
    assert len(flags) == 1 and flags[0].getprevious().get("id") == "m-q2"  # a passed check: one flag
    assert "passed checks 1" in page.xpath('//div[@class="legend"]')[0].text_content()
    data = json.loads(page.get_element_by_id("review-data").text)
    assert data["mentions"][c51["mention_id"]]["findings"] == ["f4"]
    assert not page.xpath('//a[@href="#finding-f10"]')


def test_cli_review_one_document_and_errors(seed_run, tmp_path, capsys):
    out, _ = seed_run
    assert main(["review", str(out), "--doc", DOC, "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"review pages -> {tmp_path / 'index.html'}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.html", page_name(DOC)])
    assert main(["review", str(out), "--doc", "nope.txt", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("extractor review: no document 'nope.txt' in ")
    assert main(["review", str(tmp_path / "missing")]) == 2
    assert "run folder not found" in capsys.readouterr().err
