"""HTML tables → rows of cell texts, merged cells (rowspan / colspan) expanded.

A merged cell stands in every row and column it covers, as a .docx reader repeats a merged cell:
``<td rowspan=4>产出指标</td>`` gives ``产出指标`` at the head of each of its four rows, so the
columns of every row line up with the header and a category name is never read as a value.
"""

from __future__ import annotations

from typing import Any

MAX_SPAN = 100  # a hostile rowspan="100000" must not make rows without end


def span_of(cell: Any, name: str) -> int:
    """The cell's rowspan / colspan as a bounded positive int (1 when absent or not a number)."""
    value = (cell.attributes or {}).get(name) or "1"
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except ValueError:
        return 1


def cell_text(cell: Any) -> str:
    return " ".join(cell.text(separator=" ").split())


def table_rows(table: Any) -> list[list[str]]:
    """The rows of a selectolax ``<table>`` node, each a list of cell texts with spans expanded."""
    return [[text for text, _ in row] for row in table_cells(table)]


def table_cells(table: Any) -> list[list[tuple[str, bool]]]:
    """``table_rows`` with, for each position, whether it is a copy of a merged cell that starts in an
    earlier row or column (``Cell.merged``, as the .docx reader marks them)."""
    rows: list[list[tuple[str, bool]]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still covered)
    for tr in table.css("tr"):
        row: list[tuple[str, bool]] = []
        cells = tr.css("td, th")
        column = 0
        for cell in cells:
            column = fill_pending(row, pending, column)
            text, width, height = cell_text(cell), span_of(cell, "colspan"), span_of(cell, "rowspan")
            for offset in range(width):
                row.append((text, offset > 0))
                if height > 1:
                    pending[column + offset] = (text, height - 1)
            column += width
        while column in pending:
            column = fill_pending(row, pending, column)
        rows.append(row)
    return rows


def fill_pending(row: list[tuple[str, bool]], pending: dict[int, tuple[str, int]], column: int) -> int:
    """Put the cells carried down from rows above at ``column`` onwards (copies); the next free column."""
    while column in pending:
        text, left = pending[column]
        row.append((text, True))
        if left > 1:
            pending[column] = (text, left - 1)
        else:
            del pending[column]
        column += 1
    return column
