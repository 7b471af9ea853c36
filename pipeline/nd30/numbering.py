"""Number the body outline from its nesting (ND30 Phụ lục I II.6.đ).

Level 1 is "I." with the heading in capitals, level 2 "1.", then either
"a)" (``chu``) or "1.1." / "1.1.1." before "a)" (``thap_phan``); "-" and "+"
items are unnumbered. Numbers count numbered siblings only.
"""

from __future__ import annotations

from pipeline import vn

MAX_DEPTH = {"chu": 3, "thap_phan": 5}


def label(numbers: tuple[int, ...], style: str) -> str:
    """Return the label of a numbered element from the numbers of its ancestors and itself.

    >>> label((2,), "chu"), label((1, 3), "chu"), label((1, 3, 5), "chu")
    ('II.', '3.', 'đ)')
    >>> label((1, 2, 2), "thap_phan"), label((1, 2, 2, 1), "thap_phan"), label((3, 2, 2, 3, 1), "thap_phan")
    ('2.2.', '2.2.1.', 'a)')
    """
    depth = len(numbers)
    if depth > MAX_DEPTH[style]:
        raise ValueError(depth)
    if depth == 1:
        return vn.format_roman(numbers[0]) + "."
    if depth == 2 or (style == "thap_phan" and depth <= 4):
        return ".".join(map(str, numbers[1:])) + "."
    return vn.format_letter(numbers[-1]) + ")"
