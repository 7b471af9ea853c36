"""Compare two renders of a document: the new DOCX with its differences from the old one
as Word tracked changes (w:ins / w:del), and a short Vietnamese summary of them.

Paragraphs (every w:p in document order, body and table cells) are aligned on their
text; a changed paragraph becomes a diff of words, spaces and punctuation, each token
keeping the run properties of the run it came from:

>>> TOKEN.findall("Lưu: VT, VP, 15/3/2024.")
['Lưu', ':', ' ', 'VT', ',', ' ', 'VP', ',', ' ', '15/3/2024', '.']
"""

from __future__ import annotations

import copy
import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher

from lxml import etree

from pipeline.render.package import pack, unpack

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PART = "word/document.xml"
TOKEN = re.compile(r"\s+|[,.;:!?()“”\"…]|[^\s,.;:!?()“”\"…]+")
SIMILAR = 0.5  # text ratio from which two paragraphs are one paragraph edited, not two
CONTEXT = 3  # tokens (not spaces) shown either side of a change in the summary
SPACE = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
SIMPLE_RUN = {"rPr", "t", "tab", "br", "cr"}  # what the word diff rebuilds; else whole paragraphs
Make = Callable[[str], etree._Element]


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


def _paragraphs(docx: bytes) -> tuple[etree._Element, list[etree._Element]]:
    """Return the root of word/document.xml and all its w:p in document order."""
    root = etree.fromstring(unpack(docx)[PART])
    return root, list(root.iter(w("p")))


def _own_runs(p: etree._Element) -> list[etree._Element]:
    """Return the runs of a paragraph, not those of a paragraph nested in it (text box)."""
    return [r for r in p.iter(w("r")) if next(r.iterancestors(w("p"))) is p]


def _run_text(run: etree._Element) -> str:
    """Return a run's text, a tab as \\t and a break as \\n."""
    marks = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}
    return "".join(c.text or "" if c.tag in (w("t"), w("delText")) else marks.get(c.tag, "") for c in run)


def _text(p: etree._Element) -> str:
    """Return a paragraph's text."""
    return "".join(_run_text(r) for r in _own_runs(p))


def _simple(p: etree._Element) -> bool:
    """Return whether a paragraph is only runs of text, tabs and breaks."""
    return all(c.tag in (w("pPr"), w("r")) for c in p) and all(
        etree.QName(c).localname in SIMPLE_RUN for r in p.iterchildren(w("r")) for c in r
    )


def _similar(a: str, b: str) -> bool:
    """Return whether two paragraph texts are one paragraph edited (cheap bounds first)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return a == b or all(r() >= SIMILAR for r in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio))


def _align(old: list[str], new: list[str]) -> Iterator[tuple[int | None, int | None]]:
    """Yield (old index, new index) in order, None on the side a paragraph is missing from.
    In a run of differing paragraphs, two are paired when similar, or when neither has a
    similar partner further on (a cell whose text was replaced stays one paragraph)."""
    similar = functools.cache(_similar)
    for tag, i, i2, j, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        while tag == "equal" and i < i2:
            yield i, j
            i, j = i + 1, j + 1
        while i < i2 or j < j2:
            later_new = i < i2 and any(similar(old[i], new[k]) for k in range(j + 1, j2))
            later_old = j < j2 and any(similar(old[k], new[j]) for k in range(i + 1, i2))
            if i < i2 and j < j2 and (similar(old[i], new[j]) or not (later_new or later_old)):
                yield i, j
                i, j = i + 1, j + 1
            elif j < j2 and (i == i2 or later_new):
                yield None, j
                j += 1
            else:
                yield i, None
                i += 1


def _marker(root: etree._Element, author: str, when: datetime.datetime) -> Make:
    """Return a maker of w:ins / w:del elements, numbered above every w:id of the document;
    the date is WHEN in UTC with Z if it is aware, as given if naive."""
    aware = when.tzinfo is not None
    when = when.astimezone(datetime.UTC).replace(tzinfo=None) if aware else when
    date = when.replace(microsecond=0).isoformat() + ("Z" if aware else "")
    ids = itertools.count(1 + max((int(v) for v in root.xpath("//@w:id", namespaces={"w": W}) if v.isdigit()), default=0))
    return lambda kind: etree.Element(w(kind), {w("id"): str(next(ids)), w("author"): author, w("date"): date})


def _mark_paragraph(p: etree._Element, mark: etree._Element) -> None:
    """Put MARK (w:ins or w:del) on the paragraph mark: w:pPr/w:rPr, before any sectPr."""
    if p.find(w("pPr")) is None:
        p.insert(0, etree.Element(w("pPr")))
    ppr = p.find(w("pPr"))
    if ppr.find(w("rPr")) is None:
        ppr.append(etree.Element(w("rPr")))
        for later in [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]:
            ppr.append(later)  # these two come after w:rPr
    ppr.find(w("rPr")).insert(0, mark)


def _track_whole(p: etree._Element, kind: str, make: Make) -> etree._Element:
    """Return the paragraph with each of its runs and its mark tracked as KIND (ins or del)."""
    for run in _own_runs(p):
        for text in run.iter(w("t"), w("instrText")) if kind == "del" else ():
            text.tag = w("delText") if text.tag == w("t") else w("delInstrText")
        run.addprevious(make(kind))
        run.getprevious().append(run)
    _mark_paragraph(p, make(kind))
    return p


def _tokens(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """Return the tokens of a simple paragraph, each with its run's w:rPr."""
    return [(tok, r.find(w("rPr"))) for r in p.iterchildren(w("r")) for tok in TOKEN.findall(_run_text(r))]


def _runs(tokens: list[tuple[str, etree._Element | None]], text_tag: str) -> list[etree._Element]:
    """Return one run per stretch of tokens with equal run properties, text in TEXT_TAG."""
    runs = []
    for _, group in itertools.groupby(tokens, key=lambda t: b"" if t[1] is None else etree.tostring(t[1])):
        group = list(group)
        run = etree.Element(w("r"))
        run.extend([copy.deepcopy(group[0][1])] if group[0][1] is not None else [])
        for piece in filter(None, re.split(r"([\t\n])", "".join(t for t, _ in group))):
            if piece in ("\t", "\n"):
                etree.SubElement(run, w("tab" if piece == "\t" else "br"))
            else:
                etree.SubElement(run, w(text_tag), SPACE).text = piece
        runs.append(run)
    return runs


def _rewrite(old: etree._Element, new: etree._Element, make: Make) -> None:
    """Replace the runs of NEW by its word diff against OLD: plain, w:del and w:ins runs."""
    before, after = _tokens(old), _tokens(new)
    for run in new.findall(w("r")):
        new.remove(run)
    matcher = SequenceMatcher(None, [t for t, _ in before], [t for t, _ in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            new.extend(_runs(after[j1:j2], "t"))
        for kind, part, text_tag in (("del", before[i1:i2], "delText"), ("ins", after[j1:j2], "t")):
            if tag != "equal" and part:
                new.append(make(kind))
                new[-1].extend(_runs(part, text_tag))


def _place(gone: etree._Element, container: etree._Element, last: tuple, following: tuple, body: etree._Element) -> None:
    """Put a deleted paragraph back: after the element placed last if both come from the same
    old container, else before the next kept paragraph if that one does, else in the body
    after the block of the element placed last (and after deleted paragraphs put there)."""
    if last[1] is not None and last[0] is container:
        last[1].addnext(gone)
    elif following[1] is not None and following[0] is container:
        following[1].addprevious(gone)
    elif last[1] is not None:
        anchor = next(a for a in itertools.chain([last[1]], last[1].iterancestors()) if a.getparent() is body)
        while anchor.getnext() is not None and anchor.getnext().find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None:
            anchor = anchor.getnext()
        anchor.addnext(gone)
    else:
        body.insert(0, gone)


def _mark_new_rows(root: etree._Element, make: Make) -> None:
    """Mark inserted (w:trPr/w:ins) each table row whose paragraphs are all inserted."""
    for row in root.iter(w("tr")):
        marks = [p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") for p in row.iter(w("p"))]
        if marks and None not in marks:
            if row.find(w("trPr")) is None:
                row.insert(1 if row.find(w("tblPrEx")) is not None else 0, etree.Element(w("trPr")))
            row.find(w("trPr")).append(make("ins"))
            for later in row.find(w("trPr")).findall(w("trPrChange")):
                later.getparent().append(later)  # w:trPrChange comes last


def redline(old: bytes, new: bytes, *, author: str, when: datetime.datetime) -> bytes:
    """Return NEW as a DOCX in which its differences from OLD are tracked changes by AUTHOR at WHEN."""
    parts = unpack(new)
    (_, before), (root, after) = _paragraphs(old), _paragraphs(new)
    make, body = _marker(root, author, when), root.find(w("body"))
    pairs = list(_align([_text(p) for p in before], [_text(p) for p in after]))
    last: tuple = (None, None)  # (old container or None, element placed last in the new tree)
    for k, (i, j) in enumerate(pairs):
        if i is None:
            last = (None, _track_whole(after[j], "ins", make))
            continue
        container = before[i].getparent()
        if j is None:
            gone = _track_whole(copy.deepcopy(before[i]), "del", make)
            for section in gone.iterfind(f"{w('pPr')}/{w('sectPr')}"):
                section.getparent().remove(section)
            following = next(((before[a].getparent(), after[b]) for a, b in pairs[k:] if None not in (a, b)), (None, None))
            _place(gone, container, last, following, body)
            last = (container, gone)
            continue
        if _text(before[i]) != _text(after[j]) and _simple(before[i]) and _simple(after[j]):
            _rewrite(before[i], after[j], make)
        elif _text(before[i]) != _text(after[j]):  # fields, hyperlinks, drawings: delete, then insert
            after[j].addprevious(_track_whole(copy.deepcopy(before[i]), "del", make))
            _track_whole(after[j], "ins", make)
        last = (container, after[j])
    _mark_new_rows(root, make)
    parts[PART] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return pack(parts)


def paragraph_texts(docx: bytes) -> list[str]:
    """Return the text of every paragraph of a DOCX, in document order (table cells included)."""
    return [_text(p) for p in _paragraphs(docx)[1]]


def header_rows(docx: bytes) -> list[str]:
    """Return the text of every table row that repeats at the top of each page the table runs on (w:tblHeader)."""
    root, _ = _paragraphs(docx)
    return [
        "".join(_text(p) for p in row.iter(w("p"))) for row in root.iter(w("tr")) if row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
    ]


def has_changes(old: bytes, new: bytes) -> bool:
    """Return whether the paragraph texts of the two documents differ (what redline marks)."""
    return [_text(p) for p in _paragraphs(old)[1]] != [_text(p) for p in _paragraphs(new)[1]]


def _short(text: str, limit: int = 80) -> str:
    """Return the text on one line, at most LIMIT characters, cut with …."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _window(tokens: list[str], start: int, end: int) -> str:
    """Return tokens[start:end] with CONTEXT tokens either side, and … where the text goes on."""
    shown = [k for k, t in enumerate(tokens) if not t.isspace()]
    left = ([k for k in shown if k < start][-CONTEXT:] or [start])[0]
    right = ([k + 1 for k in shown if k >= end][:CONTEXT] or [end])[-1]
    return ("… " if left else "") + _short("".join(tokens[left:right]), 100) + (" …" if right < len(tokens) else "")


def _edit(old: str, new: str) -> str:
    """Return '"old window" → "new window"' around the tokens that differ."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    n = min(len(a), len(b))
    head = next((k for k in range(n) if a[k] != b[k]), n)
    tail = next((k for k in range(n - head) if a[-1 - k] != b[-1 - k]), n - head)
    return f'"{_window(a, head, len(a) - tail)}" → "{_window(b, head, len(b) - tail)}"'


def summary(old: bytes, new: bytes) -> str:
    """Return one Vietnamese line per changed, added or removed paragraph and a count line, or
    "Không có thay đổi.". "đoạn N" is the Nth w:p (empty ones and table cells included) of the
    new document, of the old one for a removed paragraph."""
    before, after = ([_text(p) for p in _paragraphs(d)[1]] for d in (old, new))
    lines = []
    for i, j in _align(before, after):
        if i is None:
            lines.append(f'Thêm đoạn {j + 1}: "{_short(after[j])}"')
        elif j is None:
            lines.append(f'Xóa đoạn {i + 1}: "{_short(before[i])}"')
        elif before[i] != after[j]:
            lines.append(f"Sửa đoạn {j + 1}: {_edit(before[i], after[j])}")
    return "\n".join([*lines, f"{len(lines)} thay đổi."]) if lines else "Không có thay đổi."
