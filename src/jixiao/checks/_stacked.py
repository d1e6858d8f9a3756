"""A table flattened to one cell a line with its header stacked above its values (the 三公 table):

    “三公”经费合计 | 因公出国(境)费 | 公务用车购置及运行费 | 公务接待费 | (blank) | 小计 | 公务用车购置费 |
    公务用车运行费 | (blank) | 79 | 0 | 75 | 50 | 25 | 4

The header's cells come first, level by level (a blank row between levels), then one row of values, one
per leaf column. A lower level splits the one upper cell it shares its words with (公务用车购置及运行费 →
小计 · 公务用车购置费 · 公务用车运行费). The leaves are read only when they are exactly as many as the values;
otherwise nothing is said (a layout not understood).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.inputs.document import Table
    from jixiao.inputs.facts import Fact

SUBTOTAL = ("小计", "合计")


def stacked_labels(table: Table, facts: list[Fact]) -> dict[int, str]:
    """{id(fact): its leaf column's name} for a one-column table whose header is stacked above one row of
    values; {} for any other table."""
    texts = [[cell.text.strip() for cell in row] for row in table.rows]
    if any(sum(1 for t in row if t) > 1 for row in texts):
        return {}  # more than one cell filled on a line: a real grid
    lines = [next((t for t in row if t), "") for row in texts]
    values = [i for i, text in enumerate(lines) if text and _number(text)]
    if len(values) < 3 or values != list(range(values[0], values[0] + len(values))):
        return {}
    if any(_number(text) for text in lines[values[-1] + 1 :] if text):
        return {}
    levels: list[list[str]] = [[]]
    for text in lines[: values[0]]:
        if not text:
            if levels[-1]:
                levels.append([])
        elif _number(text):
            return {}
        else:
            levels[-1].append(text)
    levels = [level for level in levels if level]
    if not levels or len(levels) > 2:
        return {}
    leaves = levels[0] if len(levels) == 1 else _split(levels[0], levels[1])
    if leaves is None or len(leaves) != len(values):
        return {}
    by_row = {fact.row: fact for fact in facts if fact.row is not None}
    return {id(by_row[row]): leaf for row, leaf in zip(values, leaves, strict=True) if row in by_row}


def _number(text: str) -> bool:
    return bool(text) and text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def _split(upper: list[str], lower: list[str]) -> list[str] | None:
    """The leaves when ``lower`` splits the one cell of ``upper`` it shares the most words with."""
    named = [text for text in lower if text not in SUBTOTAL]
    if not named:
        return None
    shared = [min(_prefix(cell, text) for text in named) for cell in upper]
    best = max(shared)
    if best < 2 or shared.count(best) != 1:
        return None
    at = shared.index(best)
    parent = upper[at]
    children = [f"{parent}{text}" if text in SUBTOTAL else text for text in lower]
    return [*upper[:at], *children, *upper[at + 1 :]]


def _prefix(a: str, b: str) -> int:
    """How many leading characters two names share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
