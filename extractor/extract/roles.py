"""Citation roles: what this document does with each document it cites (basis, implements, amends ...)."""

from __future__ import annotations

import bisect
from functools import lru_cache
from itertools import accumulate

import regex

from ..models import Citation
from ..rules import load
from .citations import alternation  # longest phrase first, any whitespace between words

# A sentence ends at a full stop before a capital or an opening quote ("... như sau. Thực hiện ...").
_SENTENCE_END_AT = regex.compile(r"[.!?]\s+(?=[\p{Lu}“\"])")
_SENTENCE_OR_PARAGRAPH_END = regex.compile(r"[.!?]\s+(?=[\p{Lu}“\"])|\n\n")


def paragraph_start(text: str, at: int) -> int:
    """Start of the paragraph holding offset ``at`` (paragraphs are separated by a blank line)."""
    p = text.rfind("\n\n", 0, at)
    return 0 if p < 0 else p + 2


def sentence_start(text: str, at: int) -> int:
    """Start of the sentence holding offset ``at``: its paragraph's start or just after the last full stop."""
    start = paragraph_start(text, at)
    return _last_sentence_end(text, start, at) or start


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Where the last sentence ended in ``text[lo:hi]`` (after its full stop and spaces), or 0 for none."""
    # str.rfind jumps back to each mark far faster than a reverse pattern walks there; usually the first closes.
    # The three marks are kept in names, not a list, as this runs for every citation.
    dot, bang, ask = text.rfind(".", lo, hi), text.rfind("!", lo, hi), text.rfind("?", lo, hi)
    while True:
        at = max(dot, bang, ask)
        if at < 0:
            return 0
        m = _SENTENCE_END_AT.match(text, at, hi)
        if m:
            return m.end()
        if dot == at:
            dot = text.rfind(".", lo, at)
        elif bang == at:
            bang = text.rfind("!", lo, at)
        else:
            ask = text.rfind("?", lo, at)


def sentence_starts(text: str, offsets: list[int]) -> list[int]:
    """``sentence_start`` of each of the ascending ``offsets``, each paragraph read backwards only once."""
    out: list[int] = []
    previous = paragraph = -1
    for at in offsets:
        if at < previous:
            previous = paragraph = -1
        # A paragraph break before the previous offset was seen for it: look back only as far as that offset
        # (a long paragraph holds many citations).
        p = text.rfind("\n\n", max(previous - 1, 0), at)
        start = p + 2 if p >= 0 else paragraph if previous >= 0 else 0
        if start != paragraph:
            out.append(_last_sentence_end(text, start, at) or start)
        else:
            # Only a sentence end after the previous offset can move the start, or one that ends right at it
            # (its capital was out of reach for the previous offset): read back from the spaces before it.
            back = previous
            while back > start and text[back - 1].isspace():
                back -= 1
            out.append(_last_sentence_end(text, max(start, back - 1), at) or out[-1])
        previous, paragraph = at, start
    return out


def _sentence_tail(text: str, at: int) -> tuple[int, int]:
    """(last offset with the same sentence end, end of the sentence holding ``at``: its full stop or paragraph end)."""
    # One search stops at whichever comes first, so a long paragraph is not walked to its end for each citation.
    m = _SENTENCE_OR_PARAGRAPH_END.search(text, at)
    if not m:
        return len(text), len(text)
    end = m.start()
    if text[end] != "\n":
        p = text.find("\n\n", end, m.end())  # the paragraph ends before the capital: no sentence end in it
        if p < 0:
            return end, end + 1
        end = p
    return end, end


class _Rules:
    """The phrase lists of rules/roles.toml compiled once."""

    def __init__(self) -> None:
        r = load("roles")
        ch = r["changes"]
        kinds = [k["name"] for k in load("kinds")["kind"]]
        labels = rf"(?:{'|'.join(r['clause_labels'])})*"
        self.label = regex.compile(labels)
        self.preamble_end = regex.compile(rf"(?:{'|'.join(r['preamble_ends'])})")  # at a line's start
        # The opener after a sentence's labels, its role the group's name; the labels read as far as they go
        # (possessive), as one match of ``label`` reads them. Past the preamble no opener makes a basis.
        openers = {role: rf"(?P<{role}>(?:{alternation(r[role + '_openers'])})(?![\p{{L}}]))"
                   for role in ("basis", "proposal", "implements")}
        self.opener = regex.compile(rf"{labels}+(?:{'|'.join(openers.values())})")
        self.later_opener = regex.compile(rf"{labels}+(?:{openers['proposal']}|{openers['implements']})")
        self.max_lead = r["max_lead_chars"]
        self.first_link = regex.compile(rf"(?:^|\s)(?:{alternation(r['links'])})\s*$")
        self.join = regex.compile(rf"\s*(?:{alternation(r['joins'])})?\s*")
        verbs = "|".join(rf"(?P<{role}>(?i:{alternation(ch[role])}))" for role in ("amends", "replaces", "repeals"))
        self.verbs = regex.compile(rf"(?<![\p{{L}}])(?:{verbs})(?![\p{{L}}])")
        heads = {phrase.split()[0] for role in ("amends", "replaces", "repeals") for phrase in ch[role]}
        self.verb_heads = sorted({head.casefold() for head in heads})
        self.passive = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(ch['passive'])})\s+$")
        self.max_object = ch["max_object_chars"]
        self.object_stop = regex.compile(rf"(?<![\p{{L}}])(?i:{alternation(ch['object_stops'])})(?![\p{{L}}])")
        self.repeal_after = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(ch['repeal_after'])})(?![\p{{L}}])")
        self.repeal_words = sorted({phrase.split()[-1] for phrase in ch["repeal_after"]})
        this = alternation(load("citations")["pointers"]["this"])  # "Quyết định này": the document itself
        self.this_document = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(kinds)})\s+(?:{this})(?![\p{{L}}])")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def assign_roles(text: str, citations: list[Citation]) -> None:
    """Set ``role`` on each citation: basis, proposal, implements, amends, replaces, repeals or mention."""
    rules = _rules()
    preamble_end = _preamble_end(text)
    sentences = sentence_starts(text, [c.start for c in citations])
    for start, group in _by_sentence(citations, sentences):
        m = (rules.opener if start < preamble_end else rules.later_opener).match(text, start)
        if m:
            _chain(text, group, m.end(), m.lastgroup)
    changes = _Changes(text, citations, sentences)
    for i, c in enumerate(citations):
        if c.role == "mention":
            c.role = changes.role(i)


def _preamble_end(text: str) -> int:
    """Start of the first line that opens the operative part ("QUYẾT ĐỊNH:", "Điều 1", "I. ..."), or the text's end."""
    # Jumping from one line start to the next beats the engine trying the pattern at every offset.
    rules = _rules()
    at = 0
    while not rules.preamble_end.match(text, at):
        at = text.find("\n", at) + 1
        if not at:
            return len(text)
    return at


def _by_sentence(citations: list[Citation], sentences: list[int]):
    """(sentence start, its citations in order) for each sentence that holds citations."""
    group: list[Citation] = []
    start = -1
    for c, s in zip(citations, sentences):
        if s != start and group:
            yield start, group
            group = []
        start = s
        group.append(c)
    if group:
        yield start, group


def _chain(text: str, group: list[Citation], lead_end: int, role: str) -> None:
    # The opener's first citation takes the role, then each citation joined to a role-holder ("... và Nghị
    # định số ...") or opening a new ";" item of the list; any other citation belongs to a title or a new clause.
    rules = _rules()
    previous: Citation | None = None
    held = False
    for c in group:
        if c.start < lead_end:
            continue
        if previous is None:
            lead = text[lead_end : c.start]
            if ";" in lead or not (_linked(lead) or ("," not in lead and len(lead) <= rules.max_lead)):
                return
            held = True
        else:
            gap = text[previous.end : c.start]
            item = gap.rsplit(";", 1)
            joined = rules.join.fullmatch(gap) or (_linked(gap) and ";" not in gap)
            held = (held and bool(joined)) or (len(item) == 2 and bool(rules.join.fullmatch(item[1])))
        if held:
            c.role = role
        previous = c


def _linked(gap: str) -> bool:
    # "... tại Công văn số 06/KHBT ... và Giám đốc Sở Nội vụ tại Công văn số 437/SNV-TCCC": a short phrase
    # that ends with "tại" leads to a citation of the same clause.
    rules = _rules()
    return len(gap) <= rules.max_lead and bool(rules.first_link.search(gap))


def _verbs(text: str, spans: dict[int, int]) -> dict[int, list[regex.Match]]:
    """The change verbs in each of the ``spans`` (start -> end), by span start."""
    # The caseless alternation of verbs crawls over every offset: so each verb's first word is looked for, over
    # the spans joined (one search rather than one per span), and the verbs are read only where one stands.
    rules = _rules()
    starts, offsets, pieces, at = list(spans), [], [], 0
    for start, end in spans.items():
        offsets.append(at)
        pieces.append(text[start:end])
        at += end - start + 1
    joined = "\n".join(pieces)
    heads: dict[int, set[int]] = {}
    for at in _head_offsets(joined, rules.verb_heads):
        i = bisect.bisect_right(offsets, at) - 1
        heads.setdefault(starts[i], set()).add(starts[i] + at - offsets[i])
    verbs: dict[int, list[regex.Match]] = {start: [] for start in starts}
    for start, found in heads.items():
        read = start  # as finditer reads them: none overlapping
        for at in sorted(found):
            m = rules.verbs.match(text, at, spans[start]) if at >= read else None
            if m:
                verbs[start].append(m)
                read = m.end()
    return verbs


def _head_offsets(text: str, heads: list[str]):
    """Each offset where one of the case-folded ``heads`` starts in ``text``, ignoring case."""
    # str.find over the case-folded text finds a word several times faster than the engine ignoring case. Folding
    # must keep every character one character long for the offsets to stay put; then each character the engine
    # takes for a head's letter folds to that letter (tests/test_roles.py checks it over all of Unicode).
    folded = text.casefold()
    if len(folded) != len(text):  # "ß", "İ" fold to two characters
        yield from (m.start() for head in heads for m in regex.finditer(rf"(?i:{regex.escape(head)})", text))
        return
    for head in heads:
        at = folded.find(head)
        while at >= 0:
            yield at
            at = folded.find(head, at + len(head))  # none overlapping, as the engine's finditer reads them


class _Changes:
    """Change verbs whose subject is this document, read once per clause for all its citations."""

    def __init__(self, text: str, citations: list[Citation], sentences: list[int]):
        self.text, self.citations, self.rules = text, citations, _rules()  # kept: role() runs for most citations
        self.starts = [c.start for c in citations]
        # The clause of each citation: its sentence from the last ";" before it.
        self.clauses = [max(s, text.rfind(";", s, c.start) + 1) for s, c in zip(sentences, citations)]
        reach: dict[int, int] = {}
        for clause, c in zip(self.clauses, citations):
            reach[clause] = max(reach.get(clause, clause), c.start)
        # Every verb of a clause up to its last citation; a citation sees those that end before it.
        self.verbs = _verbs(text, reach)
        # The furthest end among the citations before each index.
        self.max_end = list(accumulate((c.end for c in citations), max, initial=0))
        # The citations of one sentence share its end and the repeal phrase after them: both are kept, with the
        # offsets from which they were read and up to which they hold.
        self._tail = (0, -1, 0)  # (from, until, sentence end)
        self._after: tuple[int, int, int, regex.Match | None] = (0, 0, -1, None)  # (sentence end, from, until, phrase)

    def role(self, i: int) -> str:
        """A change verb's role for citation ``i``: the verb opens the clause, or "<kind> này" stands before it."""
        rules, text, citations, c, clause = self.rules, self.text, self.citations, self.citations[i], self.clauses[i]
        verbs = self.verbs[clause]
        k = len(verbs)
        while k and verbs[k - 1].end() > c.start:
            k -= 1
        if not k:
            return self._repealed_after(c)
        verb = verbs[k - 1]
        role = verb.lastgroup
        if self.max_end[i] > verb.end():  # a list after one verb: "Bãi bỏ Quyết định số 1 ... và Quyết định số 2 ..."
            j = i - 1
            while citations[j].end <= verb.end():
                j -= 1
            last = citations[j]
            return role if last.role == role and rules.join.fullmatch(text, last.end, c.start) else "mention"
        obj = text[verb.end() : c.start]
        if len(obj) > rules.max_object or rules.object_stop.search(obj):
            return "mention"
        if rules.passive.search(text, max(0, verb.start() - 20), verb.start()):
            return "mention"
        subject_start = rules.label.match(text, clause).end()
        if subject_start >= verb.start():
            return role
        first = bisect.bisect_left(self.starts, clause, 0, i)
        cited_before = first < i and self.starts[first] < verb.start()
        return role if not cited_before and rules.this_document.search(text, clause, verb.start()) else "mention"

    def _repealed_after(self, c: Citation) -> str:
        # "Quyết định số 12/2020/QĐ-UBND ... hết hiệu lực kể từ ngày Quyết định này có hiệu lực"; every document
        # listed before the phrase ends: "Nghị định số 119/2006/NĐ-CP ...; Quyết định số 44/2016/QĐ-TTg ... hết
        # hiệu lực thi hành kể từ ngày Nghị định này có hiệu lực".
        rules, text = self.rules, self.text
        since, until, end = self._tail
        if not since <= c.end <= until:
            until, end = _sentence_tail(text, c.end)
            self._tail = (c.end, until, end)
        read_end, since, until, after = self._after
        if read_end != end or not since <= c.end <= until:
            # str.find rules out most sentences far faster than the engine walks them: a phrase stands only where
            # its last word does (rarer than a leading "được" or "bị").
            after = None
            for word in rules.repeal_words:
                if text.find(word, c.end, end) >= 0:
                    after = rules.repeal_after.search(text, c.end, end)
                    break
            self._after = (end, c.end, after.start() if after else end, after)
        if after and rules.this_document.search(text, after.end(), end):
            return "repeals"
        return "mention"
