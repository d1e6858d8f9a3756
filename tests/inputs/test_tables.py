"""The text table recogniser: a property test per layout (the generating grid comes back), the shapes
that must stay paragraphs, captions and units."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.inputs.document import Cell, Paragraph, Table
from jixiao.inputs.tables import led_table, realigned, recognise

HEADER_WORDS = [
    "项目",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "得分",
    "执行率",
    "金额",
    "指标值",
    "备注",
]
LABEL_CHARS = "东西南北山河乡镇村办公经费补助资金合计其中人员购置维护"

text_cell = st.text(alphabet=LABEL_CHARS, min_size=2, max_size=8)
integer = st.integers(min_value=0, max_value=10**7).map(str)
decimal = st.tuples(st.integers(0, 99999), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]:02d}")
thousands = st.integers(1000, 10**8).map(lambda n: f"{n:,}")
percent = st.tuples(st.integers(0, 200), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]:02d}%")
number_cell = st.one_of(integer, decimal, thousands, percent)


@st.composite
def grids(draw: st.DrawFn, max_width: int = 6) -> list[list[str]]:
    """A header of distinct column words, then rows of a label and numbers (at least two rows)."""
    width = draw(st.integers(2, max_width))
    header = draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width, unique=True))
    count = draw(st.integers(2, 6))
    rows = [
        [draw(text_cell), *draw(st.lists(number_cell, min_size=width - 1, max_size=width - 1))]
        for _ in range(count)
    ]
    return [header, *rows]


def only_table(text: str) -> Table:
    blocks = recognise(text)
    tables = [block for block in blocks if isinstance(block, Table)]
    assert len(tables) == 1, blocks
    table = tables[0]
    for row in table.rows:  # every cell's span points at its text
        for cell in row:
            assert text[cell.start : cell.end] == cell.text
    return table


@settings(max_examples=60, deadline=None)
@given(grids())
def test_pipe_rows(grid: list[list[str]]) -> None:
    text = "\n".join(" | ".join(row) for row in grid)
    table = only_table(text)
    assert (table.layout, table.texts(), table.header_rows) == ("pipe", grid, 1)


@settings(max_examples=60, deadline=None)
@given(grids())
def test_tab_rows(grid: list[list[str]]) -> None:
    table = only_table("\n".join("\t".join(row) for row in grid))
    assert (table.layout, table.texts(), table.header_rows) == ("tab", grid, 1)


@settings(max_examples=60, deadline=None)
@given(grids(), st.integers(2, 5))
def test_space_aligned_columns(grid: list[list[str]], gap: int) -> None:
    table = only_table("\n".join((" " * gap).join(row) for row in grid))
    assert (table.layout, table.texts(), table.header_rows) == ("aligned", grid, 1)


@settings(max_examples=60, deadline=None)
@given(grids(), st.sampled_from([" |\n", "|\n", "\n\n", "\n"]))
def test_one_cell_per_line(grid: list[list[str]], ending: str) -> None:
    text = "".join(cell + ending for row in grid for cell in row)
    table = only_table(text)
    assert (table.layout, table.texts(), table.header_rows) == ("cell-per-line", grid, 1)


@settings(max_examples=60, deadline=None)
@given(grids())
def test_rows_flattened_onto_one_line(grid: list[list[str]]) -> None:
    table = only_table(" ".join(cell for row in grid for cell in row))
    assert (table.layout, table.texts(), table.header_rows) == ("flattened", grid, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["乡镇补助资金(万元)备注", "项目名称金额", "单位名称支出金额(元)", "资金用途执行数"]),
    st.lists(st.tuples(text_cell, st.one_of(integer, decimal, percent)), min_size=2, max_size=6),
)
def test_cells_run_together(header: str, rows: list[tuple[str, str]]) -> None:
    text = header + "".join(label + number for label, number in rows)
    table = only_table(text)
    assert table.layout == "run-together"
    assert table.texts() == [[header], *[list(row) for row in rows]]


def test_the_issue_run_together_example() -> None:
    table = only_table("乡镇补助资金(万元)备注东山镇4.5西河乡2.3南岭镇1.7合计8.5")
    assert table.texts() == [
        ["乡镇补助资金(万元)备注"],
        ["东山镇", "4.5"],
        ["西河乡", "2.3"],
        ["南岭镇", "1.7"],
        ["合计", "8.5"],
    ]


def test_rows_of_a_label_and_numbers() -> None:
    text = "合计: 0 0 0 10 0 0\n其中:本年财政拨款 61 60.5 60.5\n"
    table = only_table(text)
    assert table.layout == "spaced"
    assert table.texts() == [
        ["合计:", "0", "0", "0", "10", "0", "0"],
        ["其中:本年财政拨款", "61", "60.5", "60.5"],
    ]


def test_caption_and_unit_above_a_table() -> None:
    text = "2023年三公经费预算表\n单位:万元\n" + "".join(
        f"{cell} |\n" for cell in ("项目", "预算数", "合计", "12", "公务接待费", "5", "公务用车", "7")
    )
    table = only_table(text)
    assert table.unit == "万元"
    assert table.caption is not None
    assert table.caption.text == "2023年三公经费预算表"
    assert table.texts() == [["项目", "预算数"], ["合计", "12"], ["公务接待费", "5"], ["公务用车", "7"]]


def test_prose_and_unrecognised_shapes_stay_paragraphs() -> None:
    text = (
        "一、基本情况\n"
        "本单位年初预算安排230.52万元，全年执行303.06万元。\n"
        "二、绩效目标\n"
        "(一)总体目标\n"
        "(二)阶段目标\n"
        "完成率 95% 满意度 90%\n"  # numbers in a line of words, not a table
        "甲 | 1\n"  # one two-cell row alone is not a table
    )
    blocks = recognise(text)
    assert all(isinstance(block, Paragraph) for block in blocks), blocks
    assert [block.text for block in blocks][:2] == [
        "一、基本情况",
        "本单位年初预算安排230.52万元，全年执行303.06万元。",
    ]


def test_one_cell_per_line_that_fits_no_width_stays_paragraphs() -> None:
    # numbers and texts that no single width lines up in columns
    text = "项目\n金额\n东山\n1\n2\n西河\n南岭\n3\n合计\n4\n5\n6\n"
    assert all(isinstance(block, Paragraph) for block in recognise(text))


def test_aligned_rows_take_the_words_above_them_by_position() -> None:
    # a PDF text layer: a two-level header on two lines, each word over its column; a blank line
    # between two rows of numbers as wide; the title above is no header row
    text = (
        "        某县财政收支情况表\n\n"
        "   年份       收入(亿元)           支出(亿元)\n"
        "                       增长(%)              增长(%)\n"
        "   2022     31.20        6.5       40.00        2.0\n"
        "\n"
        "   2023     33.01        5.8       41.10        2.8\n"
    )
    table = only_table(text)
    assert table.header_rows == 2
    assert table.texts() == [
        ["年份", "收入(亿元)", "", "支出(亿元)", ""],
        ["", "", "增长(%)", "", "增长(%)"],
        ["2022", "31.20", "6.5", "40.00", "2.0"],
        ["2023", "33.01", "5.8", "41.10", "2.8"],
    ]


def test_a_title_line_above_aligned_rows_is_no_header() -> None:
    title = "  某县收支情况表甲乙丙丁\n  2022     31.20     6.5\n  2023     33.01     5.8\n"
    assert only_table(title).header_rows == 0


def test_one_cell_per_line_rows_led_by_their_labels() -> None:
    # a 其中 row writes no 分值/执行率/得分 at all; a bare (万元) under 项目资金 declares the unit; a
    # label ending in a colon is a form's label; the rows left empty end the table
    cells = ["项目资金", "(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    cells += ["年度资金总额:", "0", "0", "0", "10", "0", "0", "其中:本年财政拨款", "48", "47.5", "47.5"]
    cells += ["上年结转资金", "其他资金"]
    blocks = recognise("\n".join(cells) + "\n")
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].texts() == [
        ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额:", "0", "0", "0", "10", "0", "0"],
        ["其中:本年财政拨款", "48", "47.5", "47.5", "", "", ""],
    ]
    assert tables[0].unit == "万元"
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["上年结转资金", "其他资金"]


def test_rows_led_by_labels_need_a_full_row_and_no_empty_row_between() -> None:
    def led(texts: list[str]) -> list[list[str]] | None:
        found = led_table([Cell(t, 0, len(t)) for t in texts], "cell-per-line")
        return None if found is None else found[0].texts()

    header = ["项目", "预算数", "执行数", "执行率"]
    assert led([*header, "甲", "10", "9", "90%", "乙", "5"]) == [
        header,
        ["甲", "10", "9", "90%"],
        ["乙", "5", "", ""],
    ]
    # a category row (text only) between rows: an indicator table, not rows led by labels
    assert led([*header, "甲", "10", "9", "90%", "产出指标", "乙", "5", "5", "100%"]) is None
    assert led([*header, "甲", "10", "9", "乙", "5"]) is None  # no row fills the header
    assert led([*header, "甲", "10", "9", "90%", "1", "乙", "5"]) is None  # more numbers than columns
    # a 序号 column: each row's number stands before its label, so a row's last number is the next's
    assert led(["序号", "地区", "金额", "合计", "30", "1", "甲地", "20", "2", "乙地", "10"]) is None


def test_spaced_rows_take_the_line_of_words_above_as_header() -> None:
    text = (
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "合计: 0 0 0 10 0 0\n其中:本年财政拨款 61 60.5 60.5\n"
    )
    table = only_table(text)
    assert table.header_rows == 1
    assert table.texts()[1:] == [
        ["合计:", "0", "0", "0", "10", "0", "0"],
        ["其中:本年财政拨款", "61", "60.5", "60.5", "", "", ""],
    ]
    # a line with fewer words is a caption, not a header
    assert only_table("资金情况 单位:万元\n合计: 10 9\n其中:拨款 8 7\n").header_rows == 0


@settings(max_examples=60, deadline=None)
@given(grids(max_width=5), st.lists(text_cell, min_size=6, max_size=6))
def test_rows_of_words_apart_by_single_spaces(grid: list[list[str]], notes: list[str]) -> None:
    # a text column after the numbers (用途, 备注): no row ends in a number, every line as many words
    rows = [[*grid[0], "备注"], *[[*row, notes[k]] for k, row in enumerate(grid[1:])]]
    table = only_table("\n".join(" ".join(row) for row in rows))
    assert (table.layout, table.texts(), table.header_rows) == ("words", rows, 1)


def test_a_flattened_lower_header_row_goes_under_the_groups_of_the_row_above() -> None:
    def row(*texts: str) -> list[Cell]:
        return [Cell(t, k * 10, k * 10 + len(t)) for k, t in enumerate(texts)]

    upper = row("项目", "预算数", "", "决算数", "")
    pair = realigned(upper, row("小计", "其中:财政拨款", "小计", "其中:财政拨款", ""))
    assert pair is not None
    assert [c.text for c in pair[0]] == ["项目", "预算数", "预算数", "决算数", "决算数"]
    assert [c.text for c in pair[1]] == ["", "小计", "其中:财政拨款", "小计", "其中:财政拨款"]
    # as many texts as the groups have columns, or it is left as it is
    assert realigned(upper, row("小计", "其中:财政拨款", "小计", "", "")) is None
    assert realigned(row("项目", "预算数", "决算数"), row("金额", "")) is None


def test_a_numbered_table_one_cell_per_line_with_a_short_total_row() -> None:
    # 序号 numbers the rows (a column of labels, not figures); the 合计 row's label spans the text columns,
    # its one number stands under 金额; the next attachment's table does not take this one's unit
    lines = ["单位:万元", "序号 |", "乡镇名称 |", "项目名称 |", "金额 |", "备注 |"]
    for k, (town, amount) in enumerate((("东山镇", "12"), ("西河乡", "8.5"), ("南岭镇", "6")), start=1):
        lines += [f"{k} |", f"{town} |", "道路修复 |", f"{amount} |", "|"]
    lines += ["合计 |", "26.5 |", "附件2", "某专项资金绩效目标表"]
    lines += ["指标 | 目标值 | 完成值 |", "开展项目 | 3 | 3 |"]
    blocks = recognise("\n".join(lines) + "\n")
    tables = [b for b in blocks if isinstance(b, Table)]
    assert tables[0].unit == "万元"
    assert tables[0].texts()[-1] == ["合计", "合计", "合计", "26.5", ""]
    assert [row[3] for row in tables[0].texts()[1:4]] == ["12", "8.5", "6"]
    assert tables[1].unit is None


def test_a_first_column_of_numbers_that_do_not_count_rows_is_no_ordinal() -> None:
    lines = ["序号 |", "地区 |", "金额 |", "5 |", "东山镇 |", "12 |", "3 |", "西河乡 |", "8 |"]
    tables = [b for b in recognise("\n".join(lines) + "\n") if isinstance(b, Table)]
    assert tables == []


def test_a_glued_form_cut_from_a_line_takes_the_unit_written_right_before_it() -> None:
    # a .doc's properties run into the form's first line: the table starts after ``项目资金 (万元)``
    line = (
        "作者 abc123 1 2019-05-22T04:56:35Z 15.00 9300 22370 0 0 False False 附件: 项目资金 (万元) "
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 "
        "其中:本年财政拨款 61 60.5 60.5 上年结转资金 其他资金\n"
    )
    tables = [b for b in recognise(line) if isinstance(b, Table)]
    assert tables[0].unit == "万元"
