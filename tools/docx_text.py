"""Read a DOCX back as text a person can review: the golden-file format.

One line per paragraph in reading order (table cells included), prefixed by
its effective layout: alignment, size, bold (B), italic (I), first-line
indent; runs formatted differently from their paragraph are marked inline with
``**bold**`` and ``*italic*``; border rules show their length. Formatting is
resolved through the style chain and document defaults, as Word does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.nd30.layout import TWIPS_PER_MM


def _style_value(paragraph: Paragraph, getter) -> object:
    style = paragraph.style
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _own_or_style(paragraph: Paragraph, getter) -> object:
    """Return a paragraph format value set on the paragraph, else inherited (0 is a value)."""
    own = getter(paragraph.paragraph_format)
    return own if own is not None else _style_value(paragraph, lambda s: getter(s.paragraph_format))


def _run_value(run, paragraph: Paragraph, name: str) -> object:
    value = getattr(run.font, name)
    return value if value is not None else _style_value(paragraph, lambda s: getattr(s.font, name))


def _default_size(document: Document) -> float:
    size = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(size.get(qn("w:val"))) / 2 if size is not None else 11.0


def _marks(paragraph: Paragraph, default_size: float) -> tuple[str, list[tuple[str, bool, bool]]]:
    """Return the paragraph's layout label and its runs as (text, bold, italic)."""
    align = _own_or_style(paragraph, lambda f: f.alignment)
    indent = _own_or_style(paragraph, lambda f: f.first_line_indent)
    runs = [(r.text, bool(_run_value(r, paragraph, "bold")), bool(_run_value(r, paragraph, "italic"))) for r in paragraph.runs if r.text]
    sizes = {_run_value(r, paragraph, "size") for r in paragraph.runs if r.text} or {_style_value(paragraph, lambda s: s.font.size)}
    size = next(iter(sizes))
    label = [str(align).split(".")[-1].split(" ")[0].lower() if align is not None else "left"]
    label.append(f"{size.pt:g}" if size else f"{default_size:g}")
    label += ["B"] if runs and all(b for _, b, _ in runs) else []
    label += ["I"] if runs and all(i for _, _, i in runs) else []
    label += ["indent"] if indent else []
    return " ".join(label), runs


def _rule(paragraph: Paragraph, width: int) -> str | None:
    ppr = paragraph._p.pPr
    style_border = paragraph.style is not None and paragraph.style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    if not style_border and (ppr is None or ppr.find(qn("w:pBdr")) is None):
        return None
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    sides = [int(ind.get(qn(f"w:{s}"), 0)) for s in ("left", "right")] if ind is not None else [0, 0]
    return f"[rule {(width - sum(sides)) / TWIPS_PER_MM:.1f} mm]"


def paragraph_line(paragraph: Paragraph, default_size: float, width: int) -> str:
    """Return one paragraph as a golden line."""
    rule = _rule(paragraph, width)
    if rule and not paragraph.text:
        return rule
    label, runs = _marks(paragraph, default_size)
    marks = label.split()
    text = "".join(_emphasise(t, b and "B" not in marks, i and "I" not in marks) for t, b, i in runs)
    return f"[{label}] {text}" if text else f"[{label}]"


def _emphasise(text: str, bold: bool, italic: bool) -> str:
    text = f"*{text}*" if italic else text
    return f"**{text}**" if bold else text


def lines(document: Document, container=None, width: int | None = None, indent: str = "") -> Iterator[str]:
    """Yield the golden lines of a container (the body, or a table cell)."""
    default_size = _default_size(document)
    section = document.sections[0]
    width = width or int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
    for block in (container or document).iter_inner_content():
        if isinstance(block, Paragraph):
            yield indent + paragraph_line(block, default_size, width)
        elif isinstance(block, Table):
            yield from _table(document, block, indent)


def _table(document: Document, table: Table, indent: str) -> Iterator[str]:
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    yield indent + "table [" + " | ".join(f"{w / TWIPS_PER_MM:.1f} mm" for w in grid) + "]"
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row.cells, 1):
            yield f"{indent}  cell {r}.{c}"
            yield from lines(document, cell, grid[c - 1] if c - 1 < len(grid) else None, indent + "    ")


def _header_lines(document: Document) -> Iterator[str]:
    section = document.sections[0]
    yield f"page header: different first page = {section.different_first_page_header_footer}"
    for kind, header in (("first", section.first_page_header), ("default", section.header)):
        xml = header._element.xml
        shown = [paragraph_line(p, _default_size(document), 0) for p in header.paragraphs if p.text or "PAGE" in p._p.xml]
        shown = [line + (" {PAGE}" if "PAGE" in xml else "") for line in shown]
        yield f"  {kind}: " + (" / ".join(shown) or "(empty)")


def _open(source: bytes | Path) -> Document:
    return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def dump(source: bytes | Path) -> str:
    """Return the golden text of a DOCX (bytes or path)."""
    document = _open(source)
    return "\n".join([*_header_lines(document), *lines(document)]) + "\n"


_LABEL = re.compile(r"^\s*(\[[^\]]*\] ?|table \[.*\]$|cell \d+\.\d+$)")


def reading_lines(source: bytes | Path) -> list[str]:
    """Return the text in reading order: one line per non-empty paragraph (table cells
    included) or per line of it where the clerk chose a line break, white space collapsed, runs emphasised
    inside a paragraph marked ``**``/``*``."""
    plain = (" ".join(part.split()) for line in lines(_open(source)) if "[rule " not in line for part in _LABEL.sub("", line).split("\n"))
    return [line for line in plain if line]
