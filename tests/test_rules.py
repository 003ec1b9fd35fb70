"""Rules are data: a user's $EXTRACTOR_RULES folder extends the packaged lists, and the stages use what it adds."""

from __future__ import annotations

import pytest
import regex

from extractor import rules
from extractor.extract import resolve
from extractor.models import Header, Text
from extractor.pipeline import find_all_citations
from extractor.segment import signature

from .test_header import text_of

# Every cache built from rules files: cleared when the user's folder comes and goes.
_CACHES = [rules.load, resolve._rules, signature._rules]


@pytest.fixture
def user_rules(tmp_path, monkeypatch):
    """Write ``{name: toml}`` into a user rules folder and make it the one $EXTRACTOR_RULES names."""

    def use(files: dict[str, str]) -> None:
        for name, toml in files.items():
            (tmp_path / f"{name}.toml").write_text(toml, encoding="utf-8")
        monkeypatch.setenv("EXTRACTOR_RULES", str(tmp_path))
        for cache in _CACHES:
            cache.cache_clear()

    yield use
    monkeypatch.delenv("EXTRACTOR_RULES", raising=False)
    for cache in _CACHES:
        cache.cache_clear()


def test_user_list_is_appended_to_the_packaged_one(user_rules):
    user_rules({"citations": '[pointers]\nback = ["đã dẫn"]\n'})
    assert rules.load("citations")["pointers"]["back"] == ["nêu trên", "nói trên", "kể trên", "trên đây", "đã dẫn"]
    assert rules.load("citations")["number_words"] == ["số", "Số", "SỐ", "so"]  # untouched keys stay


# The seed report's decision, then a pointer back to it.
_POINTED = "Thực hiện Quyết định số 742/QĐ-UBND ngày 27/7/2022 của UBND tỉnh. Theo Quyết định {} thì"


def test_packaged_pointer_words():
    rows = find_all_citations(Text(_POINTED.format("nêu trên,")), Header(kind="BÁO CÁO"))
    assert [(c.snippet, c.resolved) for c in rows][-1] == ("Quyết định nêu trên", 0)


def test_user_pointer_word_resolves(user_rules):
    text = Text(_POINTED.format("đã dẫn,"))
    assert len(find_all_citations(text, Header(kind="BÁO CÁO"))) == 1
    user_rules({"citations": '[pointers]\nback = ["đã dẫn"]\n'})
    rows = find_all_citations(text, Header(kind="BÁO CÁO"))
    assert [(c.snippet, c.number, c.date, c.resolved) for c in rows][-1] == ("Quyết định đã dẫn", "", "", 0)


def test_user_archive_word_closes_the_recipients_list(user_rules):
    # "Lưu" typed without its diacritics on an ASCII keyboard; the dashed line after it is the body's, read on.
    text = text_of("Nơi nhận:", "- Như trên;", "- Luu: VT, TH.", "- Số liệu chi tiết tại Phụ lục kèm theo.")
    assert signature.find_recipients(text) == ["Như trên", "Luu: VT, TH", "Số liệu chi tiết tại Phụ lục kèm theo"]
    user_rules({"segment": '[signature]\nfiled = ["Luu"]\n'})
    assert signature.find_recipients(text) == ["Như trên", "Luu: VT, TH"]


@pytest.mark.parametrize("words, text, found", [
    (["m", "km", "m2"], "8 km", "km"),  # longest first: "km" is no "k" + "m"
    (["hộ", "hộ gia đình"], "hộ\u00a0 gia đình", "hộ\u00a0 gia đình"),  # any run of spaces inside a phrase
    (["-", "+", "•"], "+ Tăng", "+"),  # punctuation is escaped
])
def test_phrases_as_a_pattern(words, text, found):
    assert regex.compile(rules.phrases(words)).search(text).group() == found


def test_trie_takes_its_space_and_reads_backwards():
    assert rules.trie(["Nghị quyết", "Nghị định"], r"\s+") == r"Nghị\s+(?:quyết|định)"
    backwards = regex.compile(rf"(?r)(?:{rules.trie(['tư', 'Thông tư'], ' ', reverse=True)})\Z")
    assert backwards.search("theo Thông tư").group() == "Thông tư"
