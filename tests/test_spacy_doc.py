"""to_spacy: the mentions as spaCy entities on a Doc whose text is the document text."""

from __future__ import annotations

from spacy import displacy

from extractor import to_spacy


def test_entities_are_the_mentions(seed_docs):
    doc = seed_docs["txt"]
    sdoc = to_spacy(doc)
    assert sdoc.text == doc.text.text
    by_label = {}
    for ent in sdoc.ents:
        by_label.setdefault(ent.label_, []).append(ent)
    assert len(by_label["CITATION"]) == len(doc.citations)
    # "369.780/671.874 triệu đồng" is two amount rows over one span: one entity.
    assert len(by_label["MONEY"]) == len({(a.start, a.end) for a in doc.amounts})
    assert sum(len(by_label[k]) for k in ("QUANTITY", "PERCENT")) == len({(q.start, q.end) for q in doc.quantities})
    first = doc.citations[0]
    ent = next(e for e in sdoc.ents if e.start_char == first.start)
    assert ent.text == "Kế hoạch số 186/KH-UBND ngày 09/11/2023 của UBND tỉnh Bắc Giang"
    percent = next(e for e in sdoc.ents if e.label_ == "PERCENT")
    assert percent.text == "5,2%/năm"


def test_displacy_renders(seed_docs):
    html = displacy.render(to_spacy(seed_docs["docx"]), style="ent", page=False)
    assert "1719/QĐ-TTg" in html and "CITATION" in html
