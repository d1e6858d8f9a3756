"""A PDF's text with its table rows rebuilt from where PDFium put each piece of text.

PDFium gives a table cell by cell, each cell's wrapped lines apart (``公用经费控`` / ``制率`` / ``3 3``): read
as prose, a row's label is cut in two and its numbers stand on a line of their own. The PDF child cuts
every line into pieces at the gaps between table cells and sends each piece with its box (left, right,
bottom, top in points, y upwards). In reading order:

- the first piece of a line, right below the cell just read and overlapping it, is that cell wrapped (the
  pieces after it on that line are cells of the row: a one-line cell centred vertically beside it);
- a piece to the right of the cell just read and not wholly below the row is the row's next cell (a
  cell's text may be centred vertically, or stand in a cell merged over several rows);
- anything else starts a new row: left of the cell just read (a table's rows, like a page's lines, start
  again at the left), or below the whole row (the next paragraph, or the next row of a table);
- a row broken by a page break: the text pieces at the top of the next page that stand under the text
  cells of the last row of the page before, left to right, finish those cells.

A row of several cells becomes one line, its cells apart by tabs as in the .txt rendering of a table; a
row of one cell (prose, a heading, a label alone) keeps its lines as PDFium gave them, for
:func:`reflow` to join.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jixiao.ocr.layout import Edges

Piece = Sequence[Any]  # text, left, right, bottom, top
# inside a table cell, a space beside a Chinese character is the PDF's autospacing ("126000 页"), which
# would cut the cell in two for the table reader
_AUTOSPACE = re.compile(r"(?<=[\u3000-\u9fff])[ ]+|[ ]+(?=[\u3000-\u9fff])")
_PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:第\s*)?\d+\s*页?\s*(?:[/共]\s*\d+\s*页?)?[-—－\s]*$")
_NUMBER = re.compile(r"^[-+]?[\d,.]+%?$")
_HEADER_WORD = re.compile(r"指标$|指标值$|完成值$|^分值$|^得分$|^项目$|预算数$|执行数$|^执行率$")
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
        return below and not complete and self.overlaps(left, right)

    def overlaps(self, left: float, right: float) -> bool:
        return left < self.right + self.height and right > self.left - self.height

    def add(self, words: str, right: float, bottom: float) -> None:
        """A line more (wrapped, or the rest of the cell on the next page): the cell's last line now."""
        self.lines.append(words)
        self.bottom = bottom
        self.right = max(self.right, right)


Row = list[_Cell]  # an empty row is a blank line


@dataclass(slots=True)
class _Carry:
    """The last row of a page, which the pieces at the top of the next page may finish."""

    row: Row
    column: int = -1  # the cell the last piece finished
    columns: int = 0  # how many cells pieces finished

    def takes(self, words: str, left: float, right: float, top: float) -> _Cell | None:
        """The text cell of the row this piece stands under, to the right of the last one finished (or, while
        only one cell is being finished, that cell just below the piece before): None when the piece starts
        the page's own rows (beside a finished cell, a piece below it is the next row's)."""
        if _NUMBER.match(words) or _HEADER_WORD.search(words):
            return None
        for index, cell in enumerate(self.row):
            if not cell.overlaps(left, right) or _NUMBER.match(cell.lines[-1]):
                continue
            if index > self.column:
                self.column, self.columns = index, self.columns + 1
                return cell
            if index == self.column and self.columns == 1 and cell.wraps_into(left, right, top):
                return cell
        return None


def document_text(pages: Sequence[str], pieces: Sequence[Sequence[Sequence[Piece]] | None]) -> str:
    """The text of every page, table rows rebuilt, a row broken by a page break joined."""
    rows: list[Row | str] = []  # a str: a line as PDFium gave it (a page without pieces)
    carry: _Carry | None = None
    for text, page_pieces in zip(pages, pieces, strict=True):
        lines = text.split("\r\n")
        if page_pieces is None or len(page_pieces) != len(lines):  # a character outside the BMP
            rows.extend(line.replace("\r", "\n") for line in lines)
            carry = None
            continue
        page_rows = _rows(page_pieces, _finish(carry, page_pieces) if carry else 0)
        carry = _last_row(page_rows)
        rows.extend(page_rows)
    return "\n".join(_render(rows))


def _finish(carry: _Carry, pieces: Sequence[Sequence[Piece]]) -> int:
    """Finish the cells of the last row of the page before with the pieces at the top of this page that
    stand under them; how many pieces that took. When the piece after them is a number level with them,
    they were a row of their own (``资产管理安`` / ``全性`` / ``3 3``) and take nothing."""
    flat = [piece for line in pieces for piece in line]
    before = [(cell, len(cell.lines), cell.bottom, cell.right) for cell in carry.row]
    taken, lowest = 0, float("inf")
    for words, left, right, bottom, top in flat:
        cell = carry.takes(words, left, right, top)
        if cell is None:
            break
        cell.add(words, right, bottom)
        taken, lowest = taken + 1, min(lowest, bottom)
    if 0 < taken < len(flat):
        words, _, _, bottom, top = flat[taken]
        if _NUMBER.match(words) and top > lowest - SLACK * (top - bottom):
            for cell, lines, last_bottom, right in before:  # numbers level with them: a row of their own
                del cell.lines[lines:]
                cell.bottom, cell.right = last_bottom, right
            return 0
    return taken


def _rows(pieces: Sequence[Sequence[Piece]], skip: int) -> list[Row]:
    """The page's rows (an empty one for a blank line), the first ``skip`` pieces left out."""
    rows: list[Row] = []
    row: Row = []
    row_bottom = 0.0
    for line_pieces in pieces:
        if not line_pieces:
            rows.extend([row, []] if row else [[]])
            row = []
            continue
        for index, (words, left, right, bottom, top) in enumerate(line_pieces):
            if skip:
                skip -= 1
                continue
            height = max(top - bottom, 1.0)
            slack = SLACK * height
            cell = row[-1] if row else None
            if cell is not None and index == 0 and cell.wraps_into(left, right, top):
                cell.add(words, right, bottom)
            elif cell is not None and left > cell.right - slack and top > row_bottom - slack:
                row.append(_Cell(left, right, bottom, height, [words]))  # right of it, not below the row
            else:
                if row:
                    rows.append(row)
                row = [_Cell(left, right, bottom, height, [words])]
                row_bottom = bottom
                continue
            row_bottom = min(row_bottom, bottom)
    if row:
        rows.append(row)
    return rows


def _last_row(rows: list[Row]) -> _Carry | None:
    """The page's last table row, when only page numbers follow it."""
    for row in reversed(rows):
        if len(row) > 1:
            return _Carry(row)
        if len(row) != 1 or len(row[0].lines) != 1 or not _PAGE_NUMBER.match(row[0].lines[0]):
            return None
    return None


def _render(rows: list[Row | str]) -> list[str]:
    out: list[str] = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
        elif len(row) > 1:
            out.append("\t".join(_AUTOSPACE.sub("", "".join(cell.lines)) for cell in row))
        elif row:
            out.extend(row[0].lines)
        else:
            out.append("")
    return out


_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff，。；：、（）%])[ \t]+(?=[\u4e00-\u9fff，。；：、（）])")
# what a line break cannot split: a number or a Latin word, else one character
_FIRST_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.")
# a table row: cells apart by tabs (pdf_layout), or numbers side by side ("2000.00 2150.00", "5 5")
_TABLE_ROW = re.compile(r"\t|\d%?[ ]+[\d.]")
_SENTENCE_END = ("。", "；", "：", ":", "！", "？", "|")
_FULL_LINE_SHARE = 0.9  # the line width nine lines in ten stay within: a page's type area
_MIN_FULL_WIDTH = 15.0  # narrower than this there is no prose to reflow (a table-only document)
_WRAP_SLACK = 2.0  # em: justification, kerning and the estimate of Latin widths
_EDGE_SLACK = 1.0  # em: a line's measured room at its end (OCR boxes), give or take a box's padding
_INDENT = 1.0  # em: a line starting this far right of its column's left margin starts a paragraph
_OUTSIDE = 4.0  # em: a line starting this far right of the left margin is no paragraph's (a page number)


def text_width(text: str) -> float:
    """The width of a line in em: a Chinese character (or ≥ — “ …: three UTF-8 bytes) 1, a digit, Latin
    letter or space (one byte) ½. From the lengths alone: (characters + UTF-8 bytes) / 4."""
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) / 4


def reflow(text: str, edges: Mapping[str, Edges] | None = None) -> str:
    """Undo PDF layout: drop justification spaces between Chinese characters, join wrapped lines.

    A line continues the one before when that one was full, i.e. the first word of this line would not
    have fitted on it (the width of the page's type area is the width nine lines in ten stay within), or
    when it starts with punctuation no line may start with. A heading that closes its bracket
    (``（一）预算执行率（分值10分，得9.8分）``) is complete however wide. Table rows and cells, whose lines
    stop well short of the type area, stay lines of their own: joining by a line's own length, or every
    line that starts with a digit, ran a whole table into one line.

    ``edges``: for lines read by OCR, by their text, where each really ends and starts against its
    column's margins (``jixiao.ocr.layout.Edges``, in em, from the recogniser's boxes). A line with edges
    was full when the first word of the next would not have fitted in its room and it starts near the
    left margin (a centred page number reaching the right margin does not), and a line indented from the
    left margin starts a paragraph: counting characters misjudges a justified line of digits
    (``…预算执行率`` / ``99.83%。`` stayed apart). Lines of a text layer are judged as before.
    """
    measured_edges = {_CJK_GAP.sub("", line).strip(): found for line, found in (edges or {}).items()}
    raw_lines = [line if "\t" in line else _CJK_GAP.sub("", line) for line in text.split("\n")]
    # a table row (cells apart by tabs, pdf_layout) is a line of its own, and no measure of the type area
    widths = [0.0 if "\t" in line else text_width(line.strip()) for line in raw_lines]
    measured = sorted(width for width in widths if width)
    full = measured[int(len(measured) * _FULL_LINE_SHARE)] if measured else 0.0
    lines: list[str] = []
    previous_width = 0.0
    previous_edges: Edges | None = None
    for line, width in zip(raw_lines, widths, strict=True):
        stripped = line.strip()
        previous = lines[-1].rstrip() if lines else ""
        token = _FIRST_TOKEN.match(stripped)
        own_edges = measured_edges.get(stripped)
        if previous_edges is not None:
            wrapped = (
                token is not None
                and previous_edges.room < text_width(token.group()) + _EDGE_SLACK
                and previous_edges.indent < _OUTSIDE
                and (own_edges is None or own_edges.indent < _INDENT)
            )
        else:
            wrapped = (
                full >= _MIN_FULL_WIDTH
                and token is not None
                and previous_width + text_width(token.group()) > full - _WRAP_SLACK
            )
        if (
            previous
            and stripped
            and not _TABLE_ROW.search(line)
            and not _TABLE_ROW.search(previous)
            and not previous.endswith(_SENTENCE_END)
            and not _HEADING_START.match(line)
            and not (_HEADING_START.match(previous) and previous.endswith(("）", ")")))
            and (wrapped or stripped[0] in "，。；、%")
        ):
            lines[-1] = previous + stripped
        else:
            lines.append(line)
        previous_width = width
        previous_edges = own_edges
    return "\n".join(lines)
