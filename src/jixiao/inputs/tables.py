"""The one table recogniser for text: lines → paragraphs and table grids, each cell with its offsets.

A text file (and a PDF's text layer) carries tables in a few shapes; each is recognised here, and only
here, into the same grid a .docx or .html reader hands over:

* ``pipe`` — ``cell | cell | cell`` rows (what every reader writes for a table it knows);
* ``tab`` — cells apart by tabs (the PDF reader's rows from page geometry, ADR 0010);
* ``aligned`` — columns apart by two or more spaces, every row as wide;
* ``spaced`` — rows of a label and numbers apart by single spaces (``合计: 0 0 0 10``), two or more;
* ``words`` — a header line of words over two or more lines of as many words apart by single spaces,
  each column only numbers or only text;
* ``cell-per-line`` — one cell per line (``预算数 |`` or bare lines between blank ones), the width told
  by the header: the one width at which every body column holds only numbers or only text;
* ``flattened`` — a whole table on one line, words apart by spaces, its width told likewise;
* ``run-together`` — cells with no separator (``…(万元)备注东山镇4.5西河乡2.3合计8.5``): a header ending in
  a column word, then labels each followed by one number.

What fits none of these stays paragraphs: a guess is never presented as a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.inputs.document import Block, Cell, Paragraph, Table
from jixiao.inputs.glued import glued_tables

NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(?:人民币)?(?P<u>亿元|万元|千元|元)")
UNIT_BRACKET = re.compile(r"[(（]\s*(?P<u>亿元|万元|千元|元)\s*(?:[)）,，]|$)")
MAX_WIDTH = 16
MAX_CELL = 40  # a cell of one cell per line is short; longer lines are prose
CAPTION_MAX = 80
CAPTION_LINES = 3
_SENTENCE = re.compile(r"[。；;！？]|[,，:：]$")
_CLAUSE_END = re.compile(r"[。；;！？]")
_WIDE_GAP = re.compile(r"(?:[ \u3000]{2,}|\u3000)")
_RUN = re.compile(r"\d+(?:\.\d+)?%?|\D+")
# words a header's last column may end in (run-together cells: where the header stops and the first label
# begins); a closing bracket after a unit ends a header too
HEADER_END = re.compile(
    r"(?:备注|合计金额|金额|预算数|决算数|执行数|执行率|完成值|指标值|分值|得分|权重|说明|原因|用途|"
    r"[(（](?:亿元|万元|千元|元|%|个|人)[)）])"
)


def is_number(text: str) -> bool:
    return NUMBER.fullmatch(text.strip()) is not None


@dataclass(slots=True)
class Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    lines = []
    position = start
    for piece in text[start:end].split("\n"):
        lines.append(Line(piece, position))
        position += len(piece) + 1
    return lines


def cell(text: str, start: int, end: int) -> Cell:
    """The stripped cell of ``text[start:end]`` (an empty cell sits where its piece started)."""
    piece = text[start:end]
    body = piece.strip()
    if len(body) == len(piece):
        return Cell(body, start, end)
    lead = len(piece) - len(piece.lstrip())
    return Cell(body, start + lead, start + lead + len(body))


# --- recognising -------------------------------------------------------------------------------------


def recognise(
    text: str, start: int = 0, end: int | None = None, known: list[Table] | None = None
) -> list[Block]:
    """The blocks of ``text[start:end]`` in reading order; ``known`` tables (a reader's) are kept as given."""
    known = sorted(known or [], key=lambda table: table.start)
    blocks: list[Block] = []
    position = start
    end = len(text) if end is None else end
    for table in known:
        blocks.extend(_recognise_span(text, position, table.start))
        blocks.append(table)
        after = text.find("\n", table.end)
        position = end if after < 0 else after + 1
    blocks.extend(_recognise_span(text, position, end))
    blocks = glued_tables(blocks)
    attach_captions(text, blocks)
    return blocks


def _recognise_span(text: str, start: int, end: int) -> list[Block]:
    if start >= end:
        return []
    lines = lines_of(text, start, end)
    blocks: list[Block] = []
    i = 0
    # one cell per line is tried at the first CAPTION_LINES lines of a run of short lines (a caption or
    # unit line may stand before the header), then not again inside that run
    run_end, tries = 0, 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if i >= run_end:
            tries = 0
        table, after = _table_at(text, lines, i, try_cells=i >= run_end or tries < CAPTION_LINES)
        if table is not None:
            taken = positioned_header(text, blocks, table) or words_header(text, blocks, table)
            if taken:
                del blocks[-taken:]
            blocks.append(table)
            i = after
            continue
        if "|" in line.text:  # a run of pipe lines that is no table: every line a paragraph
            blocks.extend(paragraph(ln) for ln in lines[i:after] if not ln.blank)
            i = after
            continue
        if after > i + 1:  # one cell per line was tried on the run up to ``after``
            run_end, tries = max(run_end, after), tries + 1
        blocks.append(paragraph(line))
        i += 1
    return blocks


def paragraph(line: Line) -> Paragraph:
    stripped = line.text.strip()
    if len(stripped) == len(line.text):
        return Paragraph(stripped, line.start, line.start + len(stripped))
    lead = len(line.text) - len(line.text.lstrip())
    return Paragraph(stripped, line.start + lead, line.start + lead + len(stripped))


def _table_at(text: str, lines: list[Line], i: int, try_cells: bool = True) -> tuple[Table | None, int]:
    """A table starting at line ``i`` and the index after it; (None, end of the run looked at) if none."""
    line = lines[i]
    if "|" in line.text:
        # a table of rows ends at a blank line; one cell per line may have blank lines between its cells
        one_cell = len(row_cells(text, line, "|")) <= 1
        j = _run(lines, i, lambda ln: "|" in ln.text, blanks=one_cell)
        return pipe_table(text, lines[i:j]), j
    if "\t" in line.text:
        j = _run(lines, i, lambda ln: "\t" in ln.text, blanks=False)
        return pipe_like(text, lines[i:j], "\t", "tab"), j
    if _CLAUSE_END.search(line.text):
        return None, i  # a sentence: no table row ends a clause with 。；
    stripped = line.text.strip()
    spaces = stripped.count(" ") + stripped.count("\u3000")
    attempts = []
    if spaces:  # cheap tests first: most lines are none of these shapes
        if _WIDE_GAP.search(stripped):
            attempts.append(aligned_table)
        if stripped[-1].isdigit() or stripped[-1] == "%":
            attempts.append(spaced_table)
        if spaces >= 5:
            attempts.append(flattened_table)
        attempts.append(word_table)
    elif any(ch.isdigit() for ch in stripped):
        attempts.append(run_together_table)
    for attempt in attempts:
        found = attempt(text, lines, i)
        if found is not None:
            return found
    if try_cells:
        return cell_per_line_table(text, lines, i)
    return None, i


def _run(lines: list[Line], i: int, member: object, blanks: bool = True) -> int:
    """The index after the run of lines from ``i`` that ``member`` accepts (blank lines inside allowed)."""
    assert callable(member)
    j = i
    last = i
    while j < len(lines):
        if member(lines[j]):
            last = j
        elif not (blanks and lines[j].blank):
            break
        j += 1
    return last + 1


# --- pipes and tabs ----------------------------------------------------------------------------------


def row_cells(text: str, line: Line, separator: str) -> list[Cell]:
    """The cells of one row; a separator at either end of the line closes a cell, opens none."""
    pieces = line.text.split(separator)
    cells = []
    position = line.start
    for index, piece in enumerate(pieces):
        edge = index in (0, len(pieces) - 1)
        if not (edge and not piece.strip() and len(pieces) > 1):
            cells.append(cell(text, position, position + len(piece)))
        position += len(piece) + 1
    return cells


def pipe_like(text: str, lines: list[Line], separator: str, layout: str) -> Table:
    rows = [row_cells(text, line, separator) for line in lines if not line.blank]
    return with_header(Table(rows=rows, layout=layout))


_RULE = re.compile(r"^:?-{3,}:?$")


def pipe_table(text: str, lines: list[Line]) -> Table | None:
    rows = [row_cells(text, line, "|") for line in lines if not line.blank]
    rule = next((k for k, row in enumerate(rows) if row and all(_RULE.match(c.text) for c in row)), None)
    if rule is not None and len(rows) > rule + 1 and all(len(row) > 1 for row in rows):
        # Markdown: the rows above the ``| --- | ---: |`` line are the header
        del rows[rule]
        return Table(rows=rows, layout="pipe", header_rows=rule)
    if all(len(row) <= 1 for row in rows):
        cells = [row[0] if row else _empty(line) for row, line in _nonblank(rows, lines)]
        return sequence_table(cells, "cell-per-line")
    if len(rows) < 2 and len(rows[0]) < 3:
        return None
    _restore_edges(rows, [line for line in lines if not line.blank])
    return with_header(Table(rows=rows, layout="pipe"))


def _restore_edges(rows: list[list[Cell]], lines: list[Line]) -> None:
    """A row narrower than the table whose line starts (or ends) with a bar had an empty cell there: a
    multi-level header's ``| 金额 | 占比(%)`` under ``项目 | 2023年决算 |``, a row of units ``| 万元 | 万元``
    (a bar at an edge of a row as wide as the rest only closes its neighbour)."""
    width = max(len(row) for row in rows)
    for row, line in zip(rows, lines, strict=True):
        if len(row) >= width or not row:
            continue
        if line.text.lstrip().startswith("|"):
            at = line.start + line.text.index("|")
            row.insert(0, Cell("", at, at))
        if len(row) < width and line.text.rstrip().endswith("|"):
            at = line.start + len(line.text.rstrip()) - 1
            row.append(Cell("", at, at))


def _nonblank(rows: list[list[Cell]], lines: list[Line]) -> list[tuple[list[Cell], Line]]:
    return list(zip(rows, [line for line in lines if not line.blank], strict=True))


def _empty(line: Line) -> Cell:
    bar = line.text.find("|")
    return Cell("", line.start + bar, line.start + bar)


def with_header(table: Table) -> Table:
    """Header rows: the leading rows without a number (at least one when the body has numbers)."""
    count = 0
    for row in table.rows:
        if any(is_number(c.text) for c in row):
            break
        count += 1
    if count == len(table.rows):
        count = 1 if len(table.rows) > 1 else 0
    table.header_rows = count
    return table


# --- columns apart by spaces ---------------------------------------------------------------------------


def _wide_cells(text: str, line: Line) -> list[Cell]:
    cells = []
    position = line.start
    for piece in _WIDE_GAP.split(line.text):
        found = line.text.find(piece, position - line.start) if piece else -1
        if piece.strip() and found >= 0:
            cells.append(cell(text, line.start + found, line.start + found + len(piece)))
            position = line.start + found + len(piece)
    return cells


def aligned_table(text: str, lines: list[Line], i: int) -> tuple[Table, int] | None:
    """Two or more lines of as many cells (≥ 2), apart by two or more spaces; one blank line may stand
    between two rows of numbers as wide (a PDF's text layer spaces its rows unevenly)."""
    rows: list[list[Cell]] = []
    j = i
    while j < len(lines):
        if lines[j].blank:
            if not (rows and j + 1 < len(lines) and _numbers_row(rows[-1])):
                break
            following = _wide_cells(text, lines[j + 1])
            if len(following) != len(rows[0]) or not _numbers_row(following):
                break
            j += 1
            continue
        cells = _wide_cells(text, lines[j])
        if rows and 2 <= len(cells) < len(rows[0]):
            fitted = _fitted(text, rows, cells)
            if fitted is None:
                break
            cells = fitted
        if len(cells) < 2 or (rows and len(cells) != len(rows[0])):
            break
        rows.append(cells)
        j += 1
    if len(rows) < 2 or not any(is_number(c.text) for row in rows for c in row):
        return None
    return with_header(Table(rows=rows, layout="aligned")), j


def _fitted(text: str, rows: list[list[Cell]], cells: list[Cell]) -> list[Cell] | None:
    """A row of an aligned table with cells left empty (a total row without its code, a value not
    written), its cells under their columns and the others empty: by position (each cell under the
    column nearest to it), else, a row of words then numbers, its numbers under the table's trailing
    number columns and its words under the columns right before them (a CJK label shifts the positions
    of what follows it). None unless the rows above have a header and a body row, the row holds a
    number, and each cell stands alone in a column of its kind (numbers under numbers, words under
    words)."""
    if len(rows) < 2 or not any(is_number(c.text) for c in cells):
        return None
    width = len(rows[0])
    kinds = [{is_number(row[k].text) for row in rows[1:] if not row[k].empty} for k in range(width)]
    line_start = text.rfind("\n", 0, cells[0].start) + 1
    tries = (_by_position(cells, _column_spans(text, rows), line_start), _right_aligned(cells, kinds))
    columns = next((found for found in tries if found is not None and _of_kind(found, cells, kinds)), None)
    if columns is None:
        return None
    row = [Cell("", line_start, line_start) for _ in range(width)]
    for k, c in zip(columns, cells, strict=True):
        row[k] = c
    return row


def _of_kind(columns: list[int], cells: list[Cell], kinds: list[set[bool]]) -> bool:
    """Every cell in a column of its kind (a column no row filled takes either)."""
    return all(not kinds[k] or kinds[k] == {is_number(c.text)} for k, c in zip(columns, cells, strict=True))


def _by_position(cells: list[Cell], spans: list[tuple[int, int]], line_start: int) -> list[int] | None:
    """The column of each cell by where it stands in its line; None when one is as near two columns or
    two cells fall under one."""
    columns = []
    for c in cells:
        middle = (c.start + c.end) / 2 - line_start
        distances = [max(left - middle, middle - right, 0) for left, right in spans]
        best = min(distances)
        if distances.count(best) > 1 or distances.index(best) in columns:
            return None
        columns.append(distances.index(best))
    return columns


def _right_aligned(cells: list[Cell], kinds: list[set[bool]]) -> list[int] | None:
    """Words then numbers: the numbers under the trailing number columns (as many as there are), the
    words under the word columns right before them; None for any other row."""
    numbers = [is_number(c.text) for c in cells]
    split = numbers.index(True)
    if not all(numbers[split:]) or any(numbers[:split]):
        return None
    width = len(kinds)
    trailing = 0
    while trailing < width and kinds[width - 1 - trailing] == {True}:
        trailing += 1
    if trailing != len(cells) - split or width - trailing < split:
        return None
    first = width - trailing
    return [*range(first - split, first), *range(first, width)]


def _numbers_row(row: list[Cell]) -> bool:
    """A row of a label (or a year) and numbers: every cell but the first a number."""
    return len(row) >= 2 and all(is_number(c.text) for c in row[1:])


HEADER_LINES = 3  # header lines above an aligned table's rows, read by where their words stand


def positioned_header(text: str, blocks: list[Block], table: Table) -> int:
    """An aligned table whose rows start with numbers takes the short lines of words right above it as
    its header (up to ``HEADER_LINES``, one blank line between allowed), each word placed under the
    column nearest to it by position in the line: a PDF's text layer writes a two-level header on two
    lines, the second level's words under their own columns (``比上年增长(%)`` between two amount
    columns). Returns how many paragraphs at the end of ``blocks`` became header rows."""
    if table.layout != "aligned" or table.header_rows or not blocks:
        return 0
    spans = _column_spans(text, table.rows)
    taken: list[list[Cell]] = []
    top = table.start
    for block in reversed(blocks[-HEADER_LINES:]):
        # one blank line may part the header from the rows, none the header's lines from each other
        if not isinstance(block, Paragraph) or text.count("\n", block.end, top) > (1 if taken else 2):
            break
        if _SENTENCE.search(block.text) or any(is_number(w) for w in block.text.split()):
            break
        line_start = text.rfind("\n", 0, block.start) + 1
        pieces = _wide_cells(text, Line(text[line_start : block.end], line_start))
        row = _placed(pieces, spans, line_start) if len(pieces) >= 2 else None  # one piece: a title
        if row is None:
            break
        taken.insert(0, row)
        top = block.start
    if taken:
        table.rows[:0] = taken
        table.header_rows = len(taken)
    return len(taken)


def words_header(text: str, blocks: list[Block], table: Table) -> int:
    """Rows of a label and numbers apart by single spaces take the line right above as their header when
    it has as many words as the widest row has cells, none a number (``项目资金(万元) 年初预算数 全年预算数
    全年执行数 分值 执行率 得分`` over ``合计: 0 0 0 10 0 0``); a shorter row (``其中:财政拨款 61 60.5
    60.5``) is left-aligned under it. Returns 1 when the paragraph above became the header row."""
    if table.layout != "spaced" or table.header_rows or not blocks:
        return 0
    above = blocks[-1]
    if not isinstance(above, Paragraph) or text.count("\n", above.end, table.start) != 1:
        return 0
    words = [
        Cell(m.group(), above.start + m.start(), above.start + m.end())
        for m in re.finditer(r"\S+", above.text)
    ]
    width = table.width
    if len(words) != width or _SENTENCE.search(above.text) or any(is_number(w.text) for w in words):
        return 0
    for row in table.rows:
        row.extend(Cell("", row[-1].end, row[-1].end) for _ in range(width - len(row)))
    table.rows.insert(0, words)
    table.header_rows = 1
    return 1


def _column_spans(text: str, rows: list[list[Cell]]) -> list[tuple[int, int]]:
    """Each column's extent in the line (columns of characters), over the table's rows."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        for k, c in enumerate(row):
            line_start = text.rfind("\n", 0, c.start) + 1
            left, right = c.start - line_start, c.end - line_start
            if k == len(spans):
                spans.append((left, right))
            else:
                spans[k] = (min(spans[k][0], left), max(spans[k][1], right))
    return spans


def _placed(pieces: list[Cell], spans: list[tuple[int, int]], line_start: int) -> list[Cell] | None:
    """The header row: each piece under the nearest column (None when a piece is as near two)."""
    columns: list[list[Cell]] = [[] for _ in spans]
    for piece in pieces:
        middle = (piece.start + piece.end) / 2 - line_start
        distances = [max(left - middle, middle - right, 0) for left, right in spans]
        best = min(distances)
        if distances.count(best) > 1:
            return None
        columns[distances.index(best)].append(piece)
    row = []
    for k, placed in enumerate(columns):
        if not placed:
            at = line_start + spans[k][0]
            row.append(Cell("", at, at))
            continue
        start, end = placed[0].start, placed[-1].end
        row.append(Cell(" ".join(c.text for c in placed), start, end))
    return row


def _label_and_numbers(text: str, line: Line) -> list[Cell] | None:
    """``合计: 0 0 0 10`` → the label cell and the number cells; None unless ≥ 2 numbers end the line."""
    words = list(re.finditer(r"\S+", line.text))
    first = next((k for k, word in enumerate(words) if is_number(word.group())), None)
    if first is None or first == 0 or len(words) - first < 2:
        return None
    if not all(is_number(word.group()) for word in words[first:]):
        return None
    label = cell(text, line.start + words[0].start(), line.start + words[first - 1].end())
    if _CLAUSE_END.search(label.text) or len(label.text) > MAX_CELL:
        return None
    numbers = [cell(text, line.start + w.start(), line.start + w.end()) for w in words[first:]]
    return [label, *numbers]


def spaced_table(text: str, lines: list[Line], i: int) -> tuple[Table, int] | None:
    """Two or more consecutive rows of a label and numbers apart by single spaces."""
    rows: list[list[Cell]] = []
    j = i
    while j < len(lines) and not lines[j].blank and (row := _label_and_numbers(text, lines[j])) is not None:
        rows.append(row)
        j += 1
    if len(rows) < 2:
        return None
    return Table(rows=rows, layout="spaced"), j


def _words(text: str, line: Line) -> list[Cell]:
    return [cell(text, line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\S+", line.text)]


def word_table(text: str, lines: list[Line], i: int) -> tuple[Table, int] | None:
    """A header line of words, then two or more lines of as many words apart by single spaces (a PDF's
    text layer without layout): every body column holds only numbers or only text, the first text,
    one at least numbers."""
    header = _words(text, lines[i])
    if len(header) < 2 or any(is_number(c.text) for c in header):
        return None
    rows = [header]
    j = i + 1
    while j < len(lines) and not lines[j].blank and not _CLAUSE_END.search(lines[j].text):
        words = _words(text, lines[j])
        if len(words) != len(header) or any(len(c.text) > MAX_CELL for c in words):
            break
        rows.append(words)
        j += 1
    if len(rows) < 3 or not _consistent(rows[1:], len(header), header[0].text):
        return None
    return Table(rows=rows, layout="words", header_rows=1), j


# --- the width told by the header ------------------------------------------------------------------------


FIELD_LABEL = re.compile(r"^[^,，。；;：:]{2,12}[:：]$")  # ``年度资金总额:``: a form's label, no lead-in


def _cell_like(line: Line) -> bool:
    stripped = line.text.strip()
    if not 0 < len(stripped) <= MAX_CELL or "\t" in stripped:
        return False
    return not _SENTENCE.search(stripped) or FIELD_LABEL.match(stripped) is not None


def realigned(upper: list[Cell], lower: list[Cell], table_width: int = 0) -> list[list[Cell]] | None:
    """A two-level header flattened into text (``项目 | 上年决算数 | 比上年增减 |`` over ``金额 | 幅度``): the
    cells spanning both levels are written in the upper row only, so the lower row's texts arrive packed at
    the left. They stand under the upper row's *groups*, a text followed by empty cells (the columns it
    spans). Returns the upper row with each group's text repeated over its columns (merged copies) and the
    lower row under them; None unless the lower row is packed at the left and has exactly as many texts as
    the groups have columns (a header that is not of this shape is left as it is)."""
    width = max(len(upper), len(lower), table_width)
    texts = [c for c in lower if c.text.strip()]
    packed = len(texts) and all(c.text.strip() for c in lower[: len(texts)])
    if not packed or len(texts) >= width:
        return None
    tail = upper[-1].end if upper else 0
    padded = upper + [Cell("", tail, tail) for _ in range(width - len(upper))]
    columns: list[int] = []
    top = list(padded)
    k = 0
    while k < width:
        j = k + 1
        while j < width and not padded[j].text.strip():
            j += 1
        if padded[k].text.strip() and j > k + 1:
            columns.extend(range(k, j))
            group = padded[k]
            for at in range(k + 1, j):
                top[at] = Cell(group.text, group.start, group.end, merged=True)
        k = j
    if len(columns) != len(texts):
        return None
    bottom = [Cell("", c.start, c.start) for c in top]
    for column, cell in zip(columns, texts, strict=True):
        bottom[column] = cell
    return [top, bottom]


def sequence_table(cells: list[Cell], layout: str) -> Table | None:
    """Cells in reading order → rows, at the one width where the header is text and every body column
    holds only numbers or only text (empty cells fit either); None when no width fits. A ``单位:万元``
    cell before the header declares the table's unit; a header of two levels written one cell per line
    (``项目 | 上年 | 本年 | 比上年增减 | (empty) | 金额 | 幅度``) is read by ``two_level_table``."""
    declared = None
    if len(cells) > 1 and UNIT_LINE.fullmatch(cells[0].text.strip()):
        declared, cells = cells[0], cells[1:]
    table = _one_level(cells, layout) or two_level_table(cells, layout)
    if table is not None and declared is not None:
        match = UNIT_LINE.fullmatch(declared.text.strip())
        assert match is not None
        table.unit, table.unit_span = match.group("u"), (declared.start, declared.end)
    return table


def two_level_table(cells: list[Cell], layout: str) -> Table | None:
    """A header of two levels one cell per line: the upper level as wide as the rows, a group's spanned
    columns left empty after it, then the lower level's texts (``realigned``); then rows each led by its
    label, every body column only numbers or only text."""
    first = next((k for k, c in enumerate(cells) if is_number(c.text)), None)
    if first is None or first < 4:
        return None
    header, body = cells[: first - 1], cells[first - 1 :]
    if not any(c.empty for c in header) or any(is_number(c.text) for c in header):
        return None  # an upper level leaves its groups' columns empty
    for width in range(2, min(MAX_WIDTH, len(header) - 1) + 1):
        upper, lower = header[:width], header[width:]
        if upper[0].empty or any(c.empty for c in lower) or not any(c.empty for c in upper):
            continue
        pair = realigned(upper, lower, width)
        rows = [body[k : k + width] for k in range(0, len(body), width)]
        full = [row for row in rows if len(row) == width]
        if pair is None or len(full) < 2 or len(rows) > len(full) + 1 or not _consistent(rows, width):
            continue
        return Table(rows=[*pair, *rows], layout=layout, header_rows=2)
    return None


def _one_level(cells: list[Cell], layout: str) -> Table | None:
    for width in range(2, min(MAX_WIDTH, len(cells) // 3) + 1):
        header, body = cells[:width], cells[width:]
        if any(is_number(c.text) or c.empty or _bare_unit(c.text) for c in header):
            continue  # a bare ``(万元)`` declares the unit of a header, it heads no column
        rows = [body[k : k + width] for k in range(0, len(body), width)]
        full = [row for row in rows if len(row) == width]
        if len(full) < 2 or len(rows) > len(full) + 1:
            continue
        if len(rows) > len(full):
            rows[-1] = _total_row(rows[-1], full, width) or rows[-1]
        if _consistent(rows, width, header[0].text):
            return Table(rows=[header, *rows], layout=layout, header_rows=1)
    return None


_TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)[:：]?$")


def _total_row(row: list[Cell], full: list[list[Cell]], width: int) -> list[Cell] | None:
    """The last row written shorter than the rest, ``合计 | 100`` under ``序号 | 名称 | 项目 | 金额 | 备注``:
    its label spans the text columns, so its numbers stand under the columns of numbers, in order (None
    unless it is a 合计/总计/小计 row with exactly one number per such column)."""
    if not row or not _TOTAL_LABEL.match(row[0].text.strip()):
        return None
    numbers = [c for c in row[1:] if not c.empty]
    columns = [k for k in range(1, width) if any(is_number(r[k].text) for r in full)]
    if not numbers or len(numbers) != len(columns) or not all(is_number(c.text) for c in numbers):
        return None
    label = row[0]
    placed = [label] + [Cell(label.text, label.start, label.end, merged=True) for _ in range(width - 1)]
    for column, number in zip(columns, numbers, strict=True):
        placed[column] = number
    for k in range(columns[-1] + 1, width):
        placed[k] = Cell("", numbers[-1].end, numbers[-1].end)
    return placed


def _bare_unit(text: str) -> bool:
    return UNIT_BRACKET.fullmatch(text.strip()) is not None or UNIT_LINE.fullmatch(text.strip()) is not None


YEAR_STUB = re.compile(r"年份|年度|年")  # a header's first cell over a column of years
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")


def _consistent(rows: list[list[Cell]], width: int, stub: str = "") -> bool:
    """Every column only numbers or only text (empty cells fit either), one at least numbers, the first
    text — or years, under a first header cell ``stub`` naming 年份 (a yearbook's table by year)."""
    kinds: list[set[bool]] = [set() for _ in range(width)]
    for row in rows:
        for k, c in enumerate(row):
            if not c.empty:
                kinds[k].add(is_number(c.text))
    if kinds[0] != {False}:
        years = YEAR_STUB.fullmatch(stub.strip()) and all(_YEAR.fullmatch(row[0].text) for row in rows)
        if not (years or _ordinals(stub, rows)) or len(rows) < 2:
            return False
        kinds[0] = {False}
    return all(len(kind) <= 1 for kind in kinds) and any(kind == {True} for kind in kinds)


_ORDINAL = re.compile(r"\d{1,3}")


def _ordinals(stub: str, rows: list[list[Cell]]) -> bool:
    """A first column headed 序号 (编号, 行次) numbering the rows 1, 2, 3 …: a column of labels, not of
    figures (a total row may write 合计 there)."""
    if not ORDINAL_HEADER.search(stub):
        return False
    firsts = [row[0].text.strip() for row in rows if row[0].text.strip()]
    numbers = [text for text in firsts if _ORDINAL.fullmatch(text)]
    others = [text for text in firsts if not _ORDINAL.fullmatch(text)]
    counting = [int(n) for n in numbers] == list(range(1, len(numbers) + 1))
    return len(numbers) >= 2 and counting and all(_TOTAL_LABEL.match(text) for text in others)


MAX_RUN = 600  # cells of one run of short lines looked at as one table


def cell_per_line_table(text: str, lines: list[Line], i: int) -> tuple[Table | None, int]:
    """Short lines, blank lines between allowed, read as one cell each; (None, end of the run) if none.

    The run may go on into text after the table (up to two rows' worth of trailing lines are left out);
    the caller tries again one line further when it may have started with a caption."""
    j = _run(lines, i, _cell_like)
    members = [line for line in lines[i:j] if not line.blank][:MAX_RUN]
    if len(members) < 6:
        return None, j
    cells = [cell(text, line.start, line.end) for line in members]
    for stop in range(len(cells), max(5, len(cells) - 2 * MAX_WIDTH), -1):
        table = sequence_table(cells[:stop], "cell-per-line")
        if table is not None:
            last = members[stop - 1]
            return table, lines.index(last, i) + 1
    led = led_table(cells, "cell-per-line")
    if led is not None:
        table, used = led
        return table, lines.index(members[used - 1], i) + 1
    return None, j


ORDINAL_HEADER = re.compile(r"序号|行次|栏次|编号")


def led_table(cells: list[Cell], layout: str) -> tuple[Table, int] | None:
    """Rows each led by its label and followed by at most as many numbers as the header has columns
    after its first: written one cell per line, a row's empty trailing cells are not written at all (a
    ``其中`` row has no 分值 or 得分). The header is the texts before the first row's label (a bare
    ``(万元)`` among them declares the table's unit); every row up to the last holding numbers has
    numbers, the rows are left-aligned under the header, and one at least fills it. Returns the table
    and how many of ``cells`` it used; None when the cells are not such a table."""
    first = next((k for k, c in enumerate(cells) if is_number(c.text)), None)
    if first is None or first < 4:
        return None
    units = [c for c in cells[: first - 1] if _bare_unit(c.text)]
    header = [c for c in cells[: first - 1] if not _bare_unit(c.text)]
    width = len(header)
    if not 3 <= width <= MAX_WIDTH or any(c.empty for c in header) or len(units) > 1:
        return None
    if ORDINAL_HEADER.search(header[0].text):
        return None  # rows start with their 序号, not their label: a row's number may be the next's
    rows: list[list[Cell]] = []
    used = first - 1
    for k in range(first - 1, len(cells)):
        c = cells[k]
        if c.empty:
            continue
        if not is_number(c.text):
            if rows and len(rows[-1]) == 1:
                break  # a row with no numbers: the table ended (上年结转资金, 其他资金 left empty)
            rows.append([c])
            continue
        if len(rows[-1]) >= width:
            return None
        rows[-1].append(c)
        used = k + 1
    rows = [row for row in rows if len(row) > 1]
    if len(rows) < 2 or not any(len(row) == width for row in rows):
        return None
    for row in rows:
        row.extend(Cell("", row[-1].end, row[-1].end) for _ in range(width - len(row)))
    table = Table(rows=[header, *rows], layout=layout, header_rows=1)
    if units:
        declared = UNIT_BRACKET.search(units[0].text) or UNIT_LINE.search(units[0].text)
        assert declared is not None
        table.unit, table.unit_span = declared.group("u"), (units[0].start, units[0].end)
    return table, used


def flattened_table(text: str, lines: list[Line], i: int) -> tuple[Table, int] | None:
    """A whole table on one line, its cells apart by spaces."""
    line = lines[i]
    plain = line.text.split()
    if len(plain) < 6 or any(len(w) > MAX_CELL or _SENTENCE.search(w) for w in plain):
        return None
    words = [cell(text, line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\S+", line.text)]
    table = sequence_table(words, "flattened")
    return (table, i + 1) if table is not None else None


def run_together_table(text: str, lines: list[Line], i: int) -> tuple[Table, int] | None:
    """``header label number label number …`` with no separator: the header ends in a column word."""
    line = lines[i]
    if " " in line.text.strip() or _SENTENCE.search(line.text):
        return None
    runs = [(m.group(), line.start + m.start(), line.start + m.end()) for m in _RUN.finditer(line.text)]
    if len(runs) < 4 or runs[0][0][0].isdecimal() or not runs[-1][0][0].isdecimal():
        return None
    if any((k % 2 == 1) != word[0].isdecimal() for k, word in enumerate(ww for ww, _, _ in runs)):
        return None
    first, start, _ = runs[0]
    ends = [m.end() for m in HEADER_END.finditer(first)]
    if not ends or ends[-1] == len(first):
        return None
    header = Cell(first[: ends[-1]], start, start + ends[-1])
    label = Cell(first[ends[-1] :], start + ends[-1], runs[0][2])
    rows = [[label, Cell(*runs[1])]]
    rows += [[Cell(*runs[k]), Cell(*runs[k + 1])] for k in range(2, len(runs) - 1, 2)]
    if len(rows) < 2 or any(len(row[0].text) > MAX_CELL for row in rows):
        return None
    return Table(rows=[[header], *rows], layout="run-together", header_rows=1), i + 1


# --- captions and units ----------------------------------------------------------------------------------


UNIT_LINES_BACK = 4  # short lines between a ``单位:元`` line and the table it declares (title, header lines)
CONTINUED_LINES = 2  # short lines between two parts of one table (a row the recogniser left as a line)


def attach_captions(text: str, blocks: list[Block]) -> None:
    """A table takes the unit declared in its header or in the lines above it, and its caption.

    The unit line may stand a few short lines above (a title and header lines a PDF's text layer left as
    lines: ``金额单位:万元`` / ``项目 2016年预算数`` / ``小计 其中:…``); a table that continues one just
    above it, with only a few short lines between (a row without numbers, a wrapped label), takes that
    table's unit."""
    previous: tuple[Table, int] | None = None
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for header_row in block.header():
            for c in header_row:
                declared = UNIT_LINE.search(c.text)  # ``项目资金(万元)`` is its header's (inputs.facts)
                if declared and block.unit is None:
                    block.unit, block.unit_span = declared.group("u"), (c.start, c.end)
        right_before = _UNIT_RIGHT_BEFORE.search(text, max(0, block.start - 12), block.start)
        if right_before and block.unit is None:
            # ``项目资金 (万元) 年初预算数 …`` cut out of a longer line: the stub's unit stands right before
            block.unit, block.unit_span = right_before.group("u"), right_before.span()
        lines_above = _short_lines_above(blocks, index)
        for back, above in enumerate(lines_above, start=1):
            bracket = UNIT_BRACKET.search(above.text) if back == 1 else None  # ``(万元)`` right above only
            declared = UNIT_LINE.search(above.text) or bracket
            if declared and block.unit is None:
                block.unit, block.unit_span = declared.group("u"), (above.start, above.end)
            if back <= 2 and block.caption is None and not UNIT_LINE.fullmatch(above.text.strip()):
                block.caption = above
            if block.caption is not None and block.unit is not None:
                break
        if block.unit is None and previous is not None and previous[0].unit:
            between = index - previous[1] - 1  # every block between is one of the short lines above
            titled = any(_NEW_TABLE.search(above.text) for above in lines_above[:between])
            if between <= min(CONTINUED_LINES, len(lines_above)) and not titled:
                block.unit, block.unit_span = previous[0].unit, previous[0].unit_span
        previous = (block, index)


_UNIT_RIGHT_BEFORE = re.compile(r"[(（][ \t]*(?P<u>亿元|千元|万元|元)[ \t]*[)）][ \t]*$")
# a line between two tables that starts another table, not a row of the one above: its title
# (``…绩效目标表``) or an attachment's number (``附件2``)
_NEW_TABLE = re.compile(r"表\s*$|^附件\s*\d+\s*$")


def _short_lines_above(blocks: list[Block], index: int) -> list[Paragraph]:
    """The paragraphs right above ``blocks[index]``, nearest first, up to ``UNIT_LINES_BACK``: short lines
    that end no sentence (a sentence, a long line or another table ends them)."""
    found: list[Paragraph] = []
    for back in range(1, UNIT_LINES_BACK + 1):
        if index - back < 0:
            break
        above = blocks[index - back]
        if not isinstance(above, Paragraph):
            break
        if len(above.text) > CAPTION_MAX or above.text.endswith(("。", "；", ";")):
            break
        found.append(above)
    return found
