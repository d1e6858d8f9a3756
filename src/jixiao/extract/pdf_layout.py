"""A PDF page's text with its table rows rebuilt from where PDFium put each piece of text.

PDFium gives a table cell by cell, each cell's wrapped lines apart (``公用经费控`` / ``制率`` / ``3 3``): read
as prose, a row's label is cut in two and its numbers stand on a line of their own. The PDF child cuts
every line into pieces at the gaps between table cells and sends each piece with its box (left, right,
bottom, top in points, y upwards). In reading order:

- the first piece of a line, right below the cell just read and overlapping it, is that cell wrapped (the
  pieces after it on that line are cells of the row: a one-line cell centred vertically beside it);
- a piece to the right of the cell just read and not wholly below the row is the row's next cell (a
  cell's text may be centred vertically, or stand in a cell merged over several rows);
- anything else starts a new row: left of the cell just read (a table's rows, like a page's lines, start
  again at the left), or below the whole row (the next paragraph, or the next row of a table).

A row of several cells becomes one line, its cells apart by tabs as in the .txt rendering of a table; a
row of one cell (prose, a heading, a label alone) keeps its lines as PDFium gave them, for
``readers.reflow`` to join.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Piece = Sequence[Any]  # text, left, right, bottom, top
# inside a table cell, a space beside a Chinese character is the PDF's autospacing ("126000 页"), which
# would cut the cell in two for the table reader
_AUTOSPACE = re.compile(r"(?<=[\u3000-\u9fff])[ ]+|[ ]+(?=[\u3000-\u9fff])")
SLACK = 0.3  # of a line's height: how far boxes may stray from true alignment
WRAP_GAP = 1.0  # of a line's height: the most a wrapped line's top may stand below the line above it


@dataclass(slots=True)
class _Cell:
    left: float
    right: float
    bottom: float  # of its last line
    height: float
    lines: list[str] = field(default_factory=list)

    def wraps_into(self, left: float, right: float, top: float) -> bool:
        """A piece just below this cell's last line and overlapping it (give or take a character: a first
        line indented by an ideographic space): the cell's text wrapped."""
        below = self.bottom - WRAP_GAP * self.height <= top <= self.bottom + SLACK * self.height
        complete = self.lines[-1].endswith(("：", ":"))  # a label row ("按收入性质分："), the next row below
        return below and not complete and left < self.right + self.height and right > self.left - self.height


def page_text(text: str, pieces: Sequence[Sequence[Piece]] | None) -> str:
    """The page's lines, a table row as one line of tab-separated cells."""
    lines = text.split("\r\n")
    if pieces is None or len(pieces) != len(lines):  # no pieces (a character outside the BMP): as given
        return "\n".join(line.replace("\r", "\n") for line in lines)
    out: list[str] = []
    row: list[_Cell] = []
    row_bottom = 0.0
    for line, line_pieces in zip(lines, pieces, strict=True):
        if not line_pieces:
            _flush(row, out)
            row = []
            out.append(line.replace("\r", ""))
            continue
        for index, (words, left, right, bottom, top) in enumerate(line_pieces):
            height = max(top - bottom, 1.0)
            slack = SLACK * height
            cell = row[-1] if row else None
            if cell is not None and index == 0 and cell.wraps_into(left, right, top):
                cell.lines.append(words)
                cell.bottom = min(cell.bottom, bottom)
                cell.right = max(cell.right, right)
            elif cell is not None and left > cell.right - slack and top > row_bottom - slack:
                row.append(_Cell(left, right, bottom, height, [words]))  # right of it, not below the row
            else:
                _flush(row, out)
                row = [_Cell(left, right, bottom, height, [words])]
                row_bottom = bottom
                continue
            row_bottom = min(row_bottom, bottom)
    _flush(row, out)
    return "\n".join(out)


def _flush(row: list[_Cell], out: list[str]) -> None:
    if len(row) > 1:
        out.append("\t".join(_AUTOSPACE.sub("", "".join(cell.lines)) for cell in row))
    elif row:
        out.extend(row[0].lines)
