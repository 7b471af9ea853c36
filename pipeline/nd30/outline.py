"""Turn the body outline of the data into blocks the template prints."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline import vn
from pipeline.nd30.layout import TEXT_WIDTH
from pipeline.nd30.numbering import MAX_DEPTH, label
from pipeline.data.schema import Bang, Cong, Gach, Muc, TieuDe
from pipeline.data.text import Expander, Run, Runs


@dataclass(frozen=True)
class Cell:
    """One table cell: text, paragraph style and alignment."""

    text: str
    kieu: str = "TableText"
    can: str = "left"


@dataclass(frozen=True)
class Block:
    """One body element: a styled paragraph ('muc', 'khoan', 'doan') or a table ('bang')."""

    kieu: str
    runs: Runs = Runs()
    cot_rong: tuple[int, ...] = ()
    hang: tuple[tuple[Cell, ...], ...] = ()


class Outline:
    """Walk the outline, numbering as it goes; tables by name come from ``tables``."""

    def __init__(self, style: str, text: Expander, tables: dict[str, Block]):
        self.style, self.text, self.tables, self.blocks = style, text, tables, []

    def walk(self, nodes: list[Any], path: tuple, numbers: tuple[int, ...] = ()) -> list[Block]:
        """Append the blocks of nodes under the given ancestor numbers; return all blocks."""
        count = 0
        for i, node in enumerate(nodes):
            if isinstance(node, (TieuDe, Muc)):
                count += 1
                self._numbered(node, path + (i,), numbers + (count,))
            else:
                self._plain(node, path + (i,))
        return self.blocks

    def _numbered(self, node: TieuDe | Muc, path: tuple, numbers: tuple[int, ...]) -> None:
        try:
            prefix = label(numbers, self.style) + " "
        except ValueError:
            self.text.problems.append(self.text.locate(path, f"quá nhiều cấp đánh số (tối đa {MAX_DEPTH[self.style]} cấp với danh_so: {self.style})"))
            prefix = ""
        if isinstance(node, TieuDe):
            runs = self.text.runs(node.tieu_de, path + ("tieu_de",), prefix=prefix)
            if len(numbers) == 1:  # "I. MỤC ĐÍCH, YÊU CẦU": capitals after placeholders are filled
                runs = Runs(Run(vn.upper_vi(r.text), r.bold, r.italic) for r in runs)
            self.blocks.append(Block("muc" if len(numbers) == 1 else "khoan", runs))
        else:
            self.blocks.append(Block("doan", self.text.runs(node.muc, path + ("muc",), prefix=prefix)))
        self.walk(node.noi_dung, path + ("noi_dung",), numbers)

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
            self.blocks.append(self.tables[node.bang])
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
