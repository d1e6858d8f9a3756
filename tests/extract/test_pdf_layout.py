"""Table rows rebuilt from where PDFium put each piece of text (pdf_layout), and the pieces the child cuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.inputs.files.pdf_layout import document_text

# a line's height is 10 pt; a row's cells share its top; a cell's wrapped line stands 15 pt lower
HEADER = [("一级指标", 85, 125, 476, 486), ("三级指标", 182, 222, 476, 486), ("分值", 361, 381, 476, 486)]


def page_text(text: str, pieces: list[list[list[object]]] | None) -> str:
    """One page laid out."""
    return document_text([text], [pieces])


def lines_of(*rows: list[tuple[str, float, float, float, float]]) -> tuple[str, list[list[list[object]]]]:
    """The page text and pieces of lines given as pieces (text, left, right, bottom, top)."""
    text = "\r\n".join(" ".join(str(piece[0]) for piece in row) for row in rows)
    return text, [[list(piece) for piece in row] for row in rows]


def test_cells_and_their_wrapped_lines_become_one_row() -> None:
    text, pieces = lines_of(
        HEADER,
        [("产出", 90, 110, 444, 454)],  # a cell, in reading order: its first line …
        [("公用经费控", 173, 225, 444, 454)],  # … the next cell at the row's top …
        [("制率", 173, 194, 429, 439)],  # … wrapped under it …
        [("3", 369, 374, 444, 453), ("3", 410, 415, 444, 453)],  # … and two cells on one line
        [("三公经费变动率", 173, 245, 411, 421), ("8", 369, 374, 411, 420), ("0", 410, 415, 411, 420)],
    )
    assert page_text(text, pieces).split("\n") == [
        "一级指标\t三级指标\t分值",
        "产出\t公用经费控制率\t3\t3",
        "三公经费变动率\t8\t0",
    ]


def test_a_line_of_several_pieces_right_below_is_the_next_row() -> None:
    """Rows of one-line cells stand closer than a cell's wrapped lines may: pieces side by side are a row."""
    text, pieces = lines_of(
        [("预算完成率", 173, 225, 378, 388), ("5", 369, 374, 378, 388), ("5", 410, 415, 378, 388)],
        [("预算控制率", 173, 225, 361, 371), ("5", 369, 374, 361, 371), ("4", 410, 415, 361, 371)],
        [("按收入性质分：", 85, 158, 330, 340)],  # a label row of its own, and close below it …
        [("一般公共预算", 95, 158, 313, 323), ("500.00", 200, 237, 313, 322)],  # … the next row
        [("得分", 410, 430, 290, 300)],
        [("86.", 410, 425, 270, 280)],
        [("4", 415, 420, 255, 265)],  # a number wrapped in a narrow cell, alone on its line
    )
    assert page_text(text, pieces).split("\n") == [
        "预算完成率\t5\t5",
        "预算控制率\t5\t4",
        "按收入性质分：",
        "一般公共预算\t500.00",
        "得分",
        "86.",
        "4",
    ]


def test_prose_keeps_its_lines_and_a_cell_loses_autospacing() -> None:
    text, pieces = lines_of(
        [("根据有关规定，对 2022 年度部门整体支出进行了", 80, 520, 700, 716)],
        [("绩效自评。", 80, 160, 672, 688)],
        [
            ("馆藏档案数字化页数", 182, 280, 444, 454),
            ("≥120000 页", 290, 340, 444, 454),
            ("20", 369, 379, 444, 453),
        ],
    )
    assert page_text(text, pieces).split("\n") == [
        "根据有关规定，对 2022 年度部门整体支出进行了",
        "绩效自评。",
        "馆藏档案数字化页数\t≥120000页\t20",
    ]


def test_without_pieces_the_text_is_read_as_it_is() -> None:
    assert page_text("甲 1 2\r\n乙", None) == "甲 1 2\n乙"
    assert page_text("甲\r\n乙", [[["甲", 0, 1, 0, 1]]]) == "甲\n乙"  # pieces for another text


@pytest.mark.slow
def test_the_child_cuts_table_cells_apart(tmp_path: Path) -> None:
    """Through LibreOffice and PDFium: a row's cells on one line come back as pieces with their boxes."""
    import docx

    from jixiao.inputs.files.pdf_child import read_pdf_pages

    from .office import convert

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("预算完成率", "5", "4"), strict=True):
        cell.text = text
    source = tmp_path / "t.docx"
    document.save(str(source))
    result = read_pdf_pages(convert(source, "pdf", tmp_path))
    pieces = [piece for line in result["boxes"][0] for piece in line]
    assert [piece[0] for piece in pieces] == ["预算完成率", "5", "4"]
    assert all(left < right and bottom < top for _, left, right, bottom, top in pieces)
    assert pieces[0][2] < pieces[1][1] < pieces[2][1]  # left to right, apart
    assert page_text(result["pages"][0], result["boxes"][0]) == "预算完成率\t5\t4"


def test_a_cell_centred_beside_a_wrapped_label_stays_in_its_row() -> None:
    """Word centres a one-line cell vertically: PDFium puts it on the label's second line."""
    text, pieces = lines_of(
        [("公用经费控", 173, 225, 444, 454)],
        [("制率", 173, 194, 429, 439), ("3", 369, 374, 436, 446), ("3", 410, 415, 436, 446)],
        [("按收入性质分：", 85, 158, 400, 410)],
        [("一般公共预算", 85, 158, 385, 395), ("500.00", 200, 237, 385, 395)],
    )
    assert page_text(text, pieces).split("\n") == [
        "公用经费控制率\t3\t3",
        "按收入性质分：",
        "一般公共预算\t500.00",
    ]


# the last row of a page: a level-2 category and a name cut by the page break, the row's numbers, the footer
PAGE_END = lines_of(
    [
        ("资产管", 133, 165, 116, 126),
        ("管理制度健", 178, 231, 116, 126),
        ("3", 384, 390, 115, 125),
        ("3", 415, 422, 115, 125),
    ],
    [("— 7 —", 462, 508, 71, 84)],
)


def test_a_row_broken_by_a_page_break_is_finished_on_the_next_page() -> None:
    top = lines_of(
        [("理", 144, 154, 690, 699)],  # under 资产管 …
        [("全性", 178, 199, 723, 732)],  # … and under 管理制度健: the rest of the row
        [("资产管理安", 178, 231, 705, 715)],
        [("全性", 178, 199, 690, 700), ("3", 384, 390, 697, 706), ("3", 415, 422, 697, 706)],
    )
    assert document_text([PAGE_END[0], top[0]], [PAGE_END[1], top[1]]).split("\n") == [
        "资产管理\t管理制度健全性\t3\t3",
        "— 7 —",
        "资产管理安全性\t3\t3",
    ]


def test_a_page_that_starts_with_a_row_of_its_own_leaves_the_row_before() -> None:
    """Text at the top of the page with numbers level with it is the next row, not the rest of the last."""
    top = lines_of(
        [("资产管理安", 173, 225, 722, 732)],
        [("全性", 173, 194, 708, 717)],
        [("3", 368, 375, 722, 731), ("3", 412, 419, 722, 731)],
    )
    assert document_text([PAGE_END[0], top[0]], [PAGE_END[1], top[1]]).split("\n") == [
        "资产管\t管理制度健\t3\t3",
        "— 7 —",
        "资产管理安全性\t3\t3",
    ]
