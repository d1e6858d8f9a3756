"""Self-evaluation forms written one cell per line (a web table copied as text) whose rows differ in width.

A web page's form loses its merged category cells on every row but the first, and an empty cell may
leave no line at all, so no fixed width cuts the lines into rows (the recogniser leaves them paragraphs).
Under an indicator header written one cell per line (…三级指标, the value columns, 分值/权重, 得分, a reason
column), a row is read from the lines as a reader of the form reads it:

* a line naming a category (``产出指标``, ``数量指标``, ``产出指标(50分)``) sets where the rows below stand;
* an indicator is its name, at most as many value cells as the header names before 分值, then its weight
  and its score: two numbers, the weight in (0, 90] and the score not above it (the most value cells that
  fit are taken, so a value written as a bare number is not taken for the weight);
* a text line right after a row is its reason when the line after it opens a row, a category, the total
  or an empty row (``指标2``, ``……``);
* the 总分/合计 line and the two numbers after it are the form's full weight and total score.

A name that reads like a value (``16公里``, ``≥90%``), a sentence, or a line that fits none of this ends
nothing but is no indicator; eight lines in a row that fit nothing end the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract.glued_forms import SCORE_COLUMN as GLUED_SCORE
from jixiao.extract.glued_forms import TARGET_COLUMN
from jixiao.extract.glued_forms import WEIGHT_COLUMN as GLUED_WEIGHT
from jixiao.extract.indicator_tables import category_of, category_weight, reads_as_value
from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.extract.patterns import Found
from jixiao.extract.table_grid import TableIndicator
from jixiao.inputs.document import Paragraph

# the header cells, spaces removed (the target, weight and score synonyms are the glued form's, one cell each)
NAME_COLUMN = re.compile(r"^(?:三级指标|指标名称|指标内容)$")
VALUE_COLUMN = re.compile(
    rf"^(?:{TARGET_COLUMN}|(?:全年)?(?:实际完成值|实际值|完成值|实际完成指标值)(?:\(B\))?)$"
)
WEIGHT_COLUMN = re.compile(rf"^{GLUED_WEIGHT}$")
SCORE_COLUMN = re.compile(rf"^{GLUED_SCORE}$")
REASON_COLUMN = re.compile(r"原因|改进措施|备注|说明|指标解释|评分标准")
HEADER_WORD = re.compile(
    r"^(?:[一二三]级指标|指标名称|(?:年度|预期|全年|年初)?(?:目标值|指标值)|(?:全年)?(?:实际完成值|实际值|完成值)"
    r"|分值|权重|得分|偏差原因分析及改进措施|未完成原因分析|绩效指标|计量单位|指标性质)"
)
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
BARE_WEIGHT = re.compile(
    r"^[(（](?P<w>\d{1,2})分[)）]$"
)  # ``(50分)``: a level-1 weight whose name cell is empty
SKIPPED_COLUMN = re.compile(r"^(?:一级指标|二级指标|绩效指标|计量单位|指标性质|指标方向)$")
TOTAL = re.compile(r"^(?:总分|合计|总计|自评得分|综合得分)$")
PLAIN = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
VALUE_LIKE = re.compile(r"^[≥≤≧≦<>=＞＜]|^\d|%$")  # a value cell, never a reason
PROSE = re.compile(r"[。;；]")
PLACEHOLDER = re.compile(r"^(?:指标\d{0,2}[:：]?|…+|\.{3,})$")  # an empty row; ``指标`` after 社会效益
MAX_NAME = 40
MAX_LEAF_WEIGHT = Decimal(90)
MAX_MISSES = 8


@dataclass(slots=True)
class Line:
    text: str  # spaces removed
    start: int
    end: int
    word: bool = False  # one of the words of a line written with spaces (not a whole cell)


@dataclass(frozen=True, slots=True)
class Columns:
    """What a row holds after its name: how many value cells at most, and whether a 得分 follows the 分值
    (a target-setting table, 绩效目标表, states weights only)."""

    values: int
    scored: bool = True


@dataclass(slots=True)
class CellForms:
    """The rows of forms written one cell per line, and their 总分 lines' (full weight, total score)."""

    indicators: list[TableIndicator] = field(default_factory=list)
    totals: list[tuple[Found, Found]] = field(default_factory=list)


def cell_forms(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the indicator rows of forms written one cell per line (``values["cell_forms"]``)."""
    found = CellForms()
    lines: list[Line] = []
    for block in reading.document.blocks:
        if block.end <= reading.doc.body_start:
            continue
        if isinstance(block, Paragraph):
            lines.extend(cells_of_paragraph(block))
        elif block.layout in SPACED:
            lines.extend(word for row in block.rows for cell in row for word in words(cell.text, cell.start))
        else:  # a grid of cells written with bars, or one cell per line at one width: read as a grid
            read_lines(lines, found)
            lines = []
    read_lines(lines, found)
    return Findings(values={"cell_forms": found})


SPACED = frozenset({"spaced", "aligned", "words"})  # tables of words apart by spaces, not cells


def words(text: str, start: int) -> list[Line]:
    return [Line(m.group(), start + m.start(), start + m.end(), True) for m in re.finditer(r"\S+", text)]


def cells_of_paragraph(block: Paragraph) -> list[Line]:
    """A paragraph as the form's cells: one cell (its spaces removed), or its words when it is a row
    written with spaces (a number ends it, or stands before its note) or a line of header and category
    words (three or more)."""
    found = words(block.text, block.start)
    if not found:
        return []
    known = sum(1 for w in found if known_word(w.text))
    ends_in_number = any(PLAIN.match(w.text) for w in found[-2:])  # its score, or its weight and a note
    if len(found) >= 2 and (ends_in_number or known >= min(len(found), 3)):
        return found  # a row, or a header line (``年度绩效目标(90分) 一级指标 …``)
    return [Line(re.sub(r"\s+", "", block.text), found[0].start, found[-1].end)]


def known_word(text: str) -> bool:
    """A header word or a category word (a line of them is cells apart by spaces, not one cell)."""
    return bool(HEADER_WORD.match(text) or category_of(text) is not None or BARE_WEIGHT.match(text))


def read_lines(lines: list[Line], found: CellForms) -> None:
    """Every form whose header stands in ``lines``."""
    index = 0
    while index < len(lines):
        header = header_at(lines, index)
        if header is None:
            index += 1
            continue
        values, after = header
        index = read_rows(lines, after, values, found)


def header_at(lines: list[Line], index: int) -> tuple[Columns, int] | None:
    """(the row's columns, index after the header) when a header opens at the 三级指标 line."""
    if not NAME_COLUMN.match(lines[index].text):
        return None
    values = 0
    position = index + 1
    while (after := column(lines, position, VALUE_COLUMN)) is not None:
        values, position = values + 1, after
    while (after := column(lines, position, SKIPPED_COLUMN)) is not None:
        position = after  # 计量单位 / 指标性质 between the name and the values
    while (after := column(lines, position, VALUE_COLUMN)) is not None:
        values, position = values + 1, after
    weight = column(lines, position, WEIGHT_COLUMN)
    if weight is None:
        return None
    score = column(lines, weight, SCORE_COLUMN)
    position = score if score is not None else weight
    if (
        position < len(lines)
        and REASON_COLUMN.search(lines[position].text)
        and len(lines[position].text) <= 20
    ):
        position += 1
    elif score is None:
        return None  # a target table's 分值 is followed by its 指标解释 / 说明 column
    return Columns(values, score is not None), position


def column(lines: list[Line], position: int, pattern: re.Pattern[str]) -> int | None:
    """The index after a header cell matching ``pattern`` at ``position``, its words on up to three lines
    (a two-level header split into cells: ``年度`` / ``指标值``); None when there is none."""
    text = ""
    for after in range(position, min(position + 3, len(lines))):
        text += lines[after].text
        if pattern.match(text):
            return after + 1
    return None


@dataclass(slots=True)
class Place:
    """Where the rows stand: the level-1 and level-2 categories, the level-1's written weight, and a bare
    ``(50分)`` waiting for the category it weighs."""

    level1: str | None = None
    level2: str | None = None
    level1_weight: Found | None = None
    pending: Found | None = None

    def bare_weight(self, line: Line) -> bool:
        """``(50分)`` alone: the weight of the level-1 named just before it, or of the one named next."""
        bare = BARE_WEIGHT.match(line.text)
        if bare is None:
            return False
        weight = Found("weight", Decimal(bare.group("w")), "分", *digits_span(line), self.level1 or "")
        if self.level1_weight is None and self.level1 is not None and self.level2 is None:
            self.level1_weight = weight
        else:
            self.pending = weight
        return True

    def category(self, line: Line) -> bool:
        """A category line sets where the rows below stand (and the level-1's weight it writes)."""
        category = category_of(line.text)
        if category is None:
            return False
        if self.pending is not None:  # ``(50分)`` then ``数量指标``: the weight of 产出指标
            pending, self.pending = self.pending, None
            self.level1_weight = Found("weight", pending.value, "分", pending.start, pending.end, category[0])
        elif category[1] is None:
            written = category_weight(line.text, category[0], line.start)
            if written is not None or category[0] != self.level1:
                self.level1_weight = written if weight_spelled(line, written) else None
        elif category[0] != self.level1:
            self.level1_weight = None
        self.level1, self.level2 = category
        return True


def read_rows(lines: list[Line], index: int, values: Columns, found: CellForms) -> int:
    """The rows after a header; returns the index where the form ends."""
    place = Place()
    misses = 0
    unsure = False  # the text right before is no row, category or empty row: where does this name start?
    while index < len(lines) and misses < MAX_MISSES:
        line = lines[index]
        if NAME_COLUMN.match(line.text):
            return index  # another form's header
        if TOTAL.match(line.text):
            read_total(lines, index, found)
            return index + 3
        joined = split_category(lines, index)
        if joined is not None:
            lines[index : index + 2] = [joined]
            line = joined
        if place.bare_weight(line) or place.category(line):
            index += 1
            misses, unsure = 0, False
            continue
        row = row_at(lines, index, values)
        if row is None:
            unsure = not PLACEHOLDER.match(line.text)  # ``资金 使用合规性``: a name of two words
            index += 1
            misses += 1
            continue
        index = read_row(lines, index, row, values, place, None if unsure else found)
        misses, unsure = 0, False
        if index < len(lines) and lines[index].word and is_reason(lines, index, values):
            unsure = True  # a word after a row: its reason, or the first word of the next name?
    return index


def read_row(
    lines: list[Line],
    index: int,
    row: tuple[int, int],
    values: Columns,
    place: Place,
    found: CellForms | None,
) -> int:
    """The indicator of the row named at ``index`` (its reason after it); returns the index after it. With
    no ``found`` the row is passed over (its name may have begun on the words before it)."""
    end, taken = row
    weight_line = lines[end - 2] if values.scored else lines[end - 1]
    name, glued = glued_value(lines[index])
    weight = Found("weight", Decimal(weight_line.text), "分", *span(weight_line), name)
    score_line = lines[end - 1]
    score = Found("score", Decimal(score_line.text), "分", *span(score_line), name) if values.scored else None
    cells = ([glued] if glued else []) + lines[index + 1 : index + 1 + taken]
    reason: list[tuple[int, int]] = []
    if end < len(lines) and not lines[end].word and is_reason(lines, end, values):
        reason = [(lines[end].start, lines[end].end)]
        end += 1
    if found is None:
        return end
    found.indicators.append(
        TableIndicator(
            level1=place.level1 or "",
            level2=place.level2,
            name=name,
            weight=weight,
            score=score,
            target=(cells[0].start, cells[0].end) if cells else None,
            actual=(cells[-1].start, cells[-1].end) if len(cells) > 1 else None,
            reason=reason,
            level1_weight=place.level1_weight,
        )
    )
    return end


def digits_span(line: Line) -> tuple[int, int]:
    """The span of the digits of ``(50分)`` (the line's text is as written: no spaces inside)."""
    match = re.search(r"\d+", line.text)
    assert match is not None
    return line.start + match.start(), line.start + match.end()


def split_category(lines: list[Line], index: int) -> Line | None:
    """A category name broken over two lines (``可持续影`` / ``响指标``, ``社会效益`` / ``指标``) as one."""
    if index + 1 >= len(lines) or category_of(lines[index].text) is not None:
        return None
    first, second = lines[index], lines[index + 1]
    if len(first.text) > 8 or len(second.text) > 8 or not CJK_ONLY.match(first.text + second.text):
        return None  # ``(50分)`` / ``数量指标`` are two cells
    text = first.text + second.text
    if category_of(text) is None:
        return None
    return Line(text, first.start, second.end)


def weight_spelled(line: Line, written: Found | None) -> bool:
    """The category line's weight at its offset (spaces removed from ``text``, not from the document)."""
    return written is None or (written.end <= line.end and written.start >= line.start)


def span(line: Line) -> tuple[int, int]:
    return line.start, line.end


GLUED_VALUE = re.compile(r"^(?P<name>.*[\u4e00-\u9fff].*[\u4e00-\u9fff])(?P<value>\d+(?:\.\d+)?%)$")


def glued_value(line: Line) -> tuple[str, Line | None]:
    """A name and the value written right after it in its cell (``完成率95%``): (name, the value's cell)."""
    match = GLUED_VALUE.match(line.text)
    if match is None or line.end - line.start != len(line.text):
        return line.text, None
    start = line.start + match.start("value")
    return match.group("name"), Line(match.group("value"), start, line.end)


def row_at(lines: list[Line], index: int, columns: Columns) -> tuple[int, int] | None:
    """(index after the score, value cells taken) of a row named at ``index``; None when none fits. In a
    target table the weight ends the row, and the cell after it is not a number too (which would make the
    weight a value)."""
    name, glued = glued_value(lines[index])
    if not name or len(name) > MAX_NAME or reads_as_value(name) or PROSE.search(name):
        return None
    if TOTAL.match(name) or category_of(name) is not None or PLACEHOLDER.match(name):
        return None
    for taken in range(columns.values - (1 if glued else 0), -1, -1):
        at = index + 1 + taken
        if at + (1 if columns.scored else 0) >= len(lines):
            continue
        between = lines[index + 1 : at]
        if any(category_of(cell.text) is not None or TOTAL.match(cell.text) for cell in between):
            continue
        if columns.scored and weight_and_score(lines[at].text, lines[at + 1].text):
            return at + 2, taken
        after = lines[at + 1].text if at + 1 < len(lines) else ""
        if not columns.scored and weight_and_score(lines[at].text, "0") and not PLAIN.match(after):
            return at + 1, taken
    return None


def weight_and_score(weight: str, score: str) -> bool:
    if not PLAIN.match(weight) or not PLAIN.match(score):
        return False
    w, s = Decimal(weight), Decimal(score)
    return 0 < w <= MAX_LEAF_WEIGHT and s <= w


def is_reason(lines: list[Line], index: int, values: Columns) -> bool:
    """A text line after a row is its reason when the line after it opens a row, a category or the total
    (or the lines end), and it does not open a row itself."""
    text = lines[index].text
    if VALUE_LIKE.search(text) or category_of(text) is not None or TOTAL.match(text):
        return False
    if not re.search(r"[\u4e00-\u9fff]", text) or PLACEHOLDER.match(text) or known_word(text):
        return False  # ``……``, ``指标2:``: an empty row
    if NAME_COLUMN.match(text) or row_at(lines, index, values) is not None:
        return False
    following = index + 1
    if following >= len(lines):
        return True
    after = lines[following].text
    return bool(
        category_of(after) is not None
        or TOTAL.match(after)
        or PLACEHOLDER.match(after)
        or row_at(lines, following, values) is not None
    )


def read_total(lines: list[Line], index: int, found: CellForms) -> None:
    """``总分`` then the full weight and the total score, each on its line."""
    if index + 2 >= len(lines):
        return
    weight, score = lines[index + 1], lines[index + 2]
    if not PLAIN.match(weight.text) or not PLAIN.match(score.text):
        return
    w, s = Decimal(weight.text), Decimal(score.text)
    if w != 100 or s > w:
        return
    found.totals.append(
        (Found("weight", w, "分", *span(weight), "总分"), Found("score", s, "分", *span(score), "总分"))
    )
