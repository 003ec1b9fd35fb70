"""The review pages in Debian's headless Chromium (selenium + the system chromedriver)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from extractor.review import page_name, write_review
from extractor.run import run

from .test_review import seed_review  # noqa: F401  (the seed run's review pages, shared fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not CHROMIUM or not Path(CHROMEDRIVER).is_file():
    pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

DOC = "seed-report.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile, driven through /usr/bin/chromedriver."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(browser, folder: Path, doc_id: str) -> None:
    browser.get((folder / page_name(doc_id)).as_uri())
    browser.find_element(By.ID, "text")


def test_every_citation_of_the_seed_is_highlighted_over_its_own_words(browser, seed_review):
    review, out = seed_review
    citations = pd.read_parquet(out / "citations.parquet")
    rows = citations[citations["doc_id"] == DOC]
    text = (out / "text" / f"{DOC}.txt").read_text(encoding="utf-8")
    _open(browser, review, DOC)
    assert browser.execute_script("return document.querySelectorAll('#text mark.citation[id]').length") == len(rows) > 60
    # The pieces of each highlight (one unless it crosses another element) spell exactly its span of the text.
    shown = browser.execute_script("""
        const out = {};
        document.querySelectorAll('#text mark.citation').forEach(m => { out[m.dataset.m] = (out[m.dataset.m] || '') + m.textContent; });
        return out;""")
    expected = {r.mention_id: text[r.char_start:r.char_end] for r in rows.itertuples()}
    assert shown == expected
    assert shown["c1"] == "Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang"


def test_clicking_a_citation_shows_its_normalised_values(browser, seed_review):
    review, _ = seed_review
    _open(browser, review, DOC)
    browser.find_element(By.ID, "m-c1").click()
    panel = browser.find_element(By.ID, "details")
    assert panel.is_displayed()
    values = dict(tuple(td.text for td in tr.find_elements(By.TAG_NAME, "td")) for tr in panel.find_elements(By.TAG_NAME, "tr"))
    assert values["number"] == "186/KH-UBND" and values["seq"] == "186" and values["kind_code"] == "KH"
    assert values["date"] == "2023-11-09" and values["issuer"] == "UBND tỉnh Bắc Giang"


def test_footnote_mark_6_scrolls_to_footnote_6_and_back(browser, seed_review, tmp_path):
    review, _ = seed_review
    _open(browser, review, DOC)
    browser.find_element(By.ID, "fnref-6").click()
    assert browser.execute_script("return location.hash") == "#fn-6"
    visible = """
        const el = document.getElementById(arguments[0]);
        const r = el.getClientRects()[0];  // the first line box: where the eye lands
        const hit = document.elementFromPoint(r.left + 2, r.top + r.height / 2);
        return [r.top, window.innerHeight, el.contains(hit) || hit === el];"""
    top, height, on_top = browser.execute_script(visible, "fn-6")
    assert 0 < top < height and on_top  # in the viewport and not under the sticky header
    assert browser.find_element(By.ID, "fn-6").text.startswith("Nghị quyết số 49/NQ-HĐND ngày 10/12/2021")
    browser.save_screenshot(str(tmp_path / "review-seed-fn6.png"))
    assert (tmp_path / "review-seed-fn6.png").stat().st_size > 20_000
    browser.find_element(By.CSS_SELECTOR, 'a.fn-back[href="#fnref-6"]').click()
    assert browser.execute_script("return location.hash") == "#fnref-6"
    top, height, on_top = browser.execute_script(visible, "fnref-6")
    assert 0 < top < height and on_top


def test_a_document_holding_script_tags_runs_no_script(browser, tmp_path):
    corpus = tmp_path / "corpus" / "sub"
    corpus.mkdir(parents=True)
    hostile = ("BÁO CÁO\n\nThực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2024 <script>window.__pwned = 1; alert(1)</script>"
               ' với 20 tỷ đồng <img src=x onerror="window.__pwned = 2"> và "</script><script>window.__pwned = 3</script>".\n')
    (corpus / "evil <b>.txt").write_text(hostile, encoding="utf-8")
    run([tmp_path / "corpus"], tmp_path / "run", quiet=True)
    write_review(tmp_path / "run", tmp_path / "review")
    _open(browser, tmp_path / "review", "sub/evil <b>.txt")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    shown = browser.find_element(By.ID, "text").text
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown and '<img src=x onerror="window.__pwned = 2">' in shown
    assert browser.execute_script("return document.querySelectorAll('#text script, #text img').length") == 0
    browser.save_screenshot(str(tmp_path / "review-hostile.png"))
