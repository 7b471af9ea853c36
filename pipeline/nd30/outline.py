"""Turn the body outline of the data into blocks the template prints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline import vn
from pipeline.data.schema import Bang, Cong, Gach, Muc, TieuDe
from pipeline.data.text import Expander, Run, Runs
from pipeline.nd30.layout import TEXT_WIDTH
from pipeline.nd30.numbering import MAX_DEPTH, label


@dataclass(frozen=True)
class Cell:
    """One table cell: text, paragraph style and alignment."""

    text: str
    kieu: str = "TableText"
    can: str = "left"


@dataclass(frozen=True)
class Block:
    """One body element: a styled paragraph ('muc', 'khoan', 'diem', 'dieu', 'doan') or a table ('bang').

    ``cuoi`` marks the last paragraph of the body, kept on the page of the signature block."""

    kieu: str
    runs: Runs = Runs()
    cot_rong: tuple[int, ...] = ()
    hang: tuple[tuple[Cell, ...], ...] = ()
    cuoi: bool = False


def _letters(style: str, numbers: tuple[int, ...], lettered: int, paragraph: bool = False) -> str:
    """Return the label of a numbered element; ``lettered`` is the depth from which a parent asked for a), b).
    A numbered paragraph at the top (a công văn's points) is "1.": Roman numerals number headings in capitals."""
    if lettered and len(numbers) > lettered:
        raise ValueError(len(numbers))  # one level of points under the level that asked for them
    if lettered and len(numbers) == lettered:
        return vn.format_letter(numbers[-1]) + ")"
    if paragraph and len(numbers) == 1:
        return f"{numbers[0]}."
    return label(numbers, style)


def _counter(numbers: tuple[int, ...]):
    """Return a function giving the number of each numbered element among its siblings. At the top, headings
    (I., II.) and numbered paragraphs (1., 2.) count apart, as they print apart; below, siblings count together."""
    counts: dict[str, int] = {}

    def number(node: Any) -> int:
        kind = "muc" if not numbers and isinstance(node, Muc) else "all"
        counts[kind] = counts.get(kind, 0) + 1
        return counts[kind]

    return number


@dataclass(frozen=True)
class Place:
    """An element of the outline where it stands: its path in the data, the numbers of its ancestors and itself,
    and its label ('' for an element with no number, None for one nested too deep to be numbered)."""

    node: Any
    path: tuple
    numbers: tuple[int, ...]
    label: str | None
    lettered: int


def places(style: str, nodes: list[Any], path: tuple, numbers: tuple[int, ...] = (), lettered: int = 0) -> Iterator[Place]:
    """Yield every element of an outline in document order, numbered: the one walk that both the citations of
    numbers ({{ so.<ma> }}) and the printed blocks read. ``lettered`` is the depth from which a parent asked for a), b)."""
    number = _counter(numbers)
    for i, node in enumerate(nodes):
        here = path + (i,)
        if not isinstance(node, (TieuDe, Muc)):
            yield Place(node, here, numbers, "", lettered)
            continue
        mine = numbers + (number(node),)
        try:
            text: str | None = _letters(style, mine, lettered, isinstance(node, Muc))
        except ValueError:
            text = None
        yield Place(node, here, mine, text, lettered)
        below = len(mine) + 1 if node.danh_so == "chu" and not lettered else lettered
        yield from places(style, node.noi_dung, here + ("noi_dung",), mine, below)


def labels(style: str, outlines: list[tuple[list[Any], tuple, tuple[int, ...]]]) -> tuple[dict[str, str], list[tuple[tuple, tuple]]]:
    """Return the label of every numbered element that has a ``ma``, as the text cites it ('1.2', 'II', 'a'), and the
    paths of the elements whose ``ma`` was already used, each with the path of its first use. Each outline is
    (nodes, path, numbers above them).

    >>> from pipeline.data.schema import TieuDe, Muc
    >>> body = [TieuDe(tieu_de="A", noi_dung=[TieuDe(tieu_de="B", ma="b", danh_so="chu", noi_dung=[Muc(muc="x", ma="x")])])]
    >>> labels("thap_phan", [(body, ("noi_dung",), ())])
    ({'b': '1', 'x': 'a'}, [])
    """
    found: dict[str, str] = {}
    first: dict[str, tuple] = {}
    again: list[tuple[tuple, tuple]] = []
    for nodes, path, numbers in outlines:
        for place in places(style, nodes, path, numbers):
            ma = getattr(place.node, "ma", None)
            if not place.label or not ma:
                continue
            if ma in found:
                again.append((place.path + ("ma",), first[ma]))
            else:
                found[ma], first[ma] = place.label.rstrip(".)"), place.path + ("ma",)
    return found, again


class Outline:
    """Walk the outline, numbering as it goes; tables by name come from ``tables`` (a list of blocks, or the
    reason the document cannot have that table)."""

    def __init__(self, style: str, text: Expander, tables: dict[str, Any]):
        self.style, self.text, self.tables, self.blocks = style, text, tables, []

    def walk(self, nodes: list[Any], path: tuple, numbers: tuple[int, ...] = ()) -> list[Block]:
        """Append the blocks of nodes under the given ancestor numbers; return all blocks."""
        for place in places(self.style, nodes, path, numbers):
            if place.label == "":
                self._plain(place.node, place.path)
            else:
                self._numbered(place)
        return self.blocks

    def _numbered(self, place: Place) -> None:
        node, path, numbers = place.node, place.path, place.numbers
        if place.label is None:
            if place.lettered:
                why = "dưới các điểm a), b) không đánh số thêm được; hãy viết các ý này bằng gach ('-')"
            elif path[:1] == ("dieu",):
                why = "trong một điều chỉ có khoản (1.) và điểm (a)); hãy viết các ý sâu hơn bằng gach ('-')"
            else:
                why = f"quá nhiều cấp đánh số (tối đa {MAX_DEPTH[self.style]} cấp với danh_so: {self.style})"
            self.text.problems.append(self.text.locate(path, why))
        prefix = f"{place.label} " if place.label else ""
        if isinstance(node, TieuDe):
            runs = self.text.runs(node.tieu_de, path + ("tieu_de",), prefix=prefix)
            if len(numbers) == 1:  # "I. MỤC ĐÍCH, YÊU CẦU": capitals after placeholders are filled
                runs = Runs(Run(vn.upper_vi(r.text), r.bold, r.italic) for r in runs)
            # a heading is bold, but a điểm a) is upright (ND30 Phụ lục I II.6.đ)
            self.blocks.append(Block("muc" if len(numbers) == 1 else "diem" if prefix.endswith(") ") else "khoan", runs))
        else:
            runs = self.text.runs(node.muc, path + ("muc",), prefix=prefix)
            if len(runs) > 1 and runs[1].bold and prefix:  # "1. **Năm 2019:** …": the number is part of the bold label
                runs = Runs((Run(runs[0].text + runs[1].text, True, runs[1].italic), *runs[2:]))
            self.blocks.append(Block("doan", runs))

    def _plain(self, node: Any, path: tuple) -> None:
        if isinstance(node, str):
            self.blocks.append(Block("doan", self.text.runs(node, path)))
        elif isinstance(node, Gach):
            self.blocks.append(Block("doan", self.text.runs(node.gach, path + ("gach",), prefix="- ")))
            for j, item in enumerate(node.cong):
                self.blocks.append(Block("doan", self.text.runs(item, path + ("cong", j), prefix="+ ")))
        elif isinstance(node, Cong):
            self.blocks.append(Block("doan", self.text.runs(node.cong, path + ("cong",), prefix="+ ")))
        elif isinstance(node, Bang) and isinstance(node.bang, str):
            table = self.tables.get(node.bang)
            if isinstance(table, list):
                self.blocks += table
            else:
                self.text.problems.append(self.text.locate(path + ("bang",), f"bảng {node.bang}: {table}"))
        elif isinstance(node, Bang):  # rows of the wrong width are refused by the schema
            self.blocks.append(self._typed_table(node.bang, path + ("bang",)))

    def _typed_table(self, table: Any, path: tuple) -> Block:
        """Return a table typed in the data (placeholders filled): header row bold, columns of equal width,
        figures centred."""
        width = TEXT_WIDTH // len(table.cot)
        head = tuple(Cell(self.text.plain(c, path + ("cot", j)), "TableHead", "center") for j, c in enumerate(table.cot))
        rows = []
        for i, row in enumerate(table.dong):
            cells = [self.text.plain(v, path + ("dong", i, j)) for j, v in enumerate(row)]
            rows.append(tuple(Cell(c, can="center" if _FIGURE.fullmatch(c) else "left") for c in cells))
        return Block("bang", cot_rong=(width,) * len(table.cot), hang=(head, *rows))


_FIGURE = re.compile(r"[-+]?\d[\d.,]*%?")
