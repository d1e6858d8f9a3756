"""The lxml .docx reader gives exactly the text python-docx gave, on rendered reports and tricky documents."""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.exceptions import InvalidSpanError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table
from docx.text.paragraph import Paragraph

from jixiao.inputs.files.docx_xml import docx_lines
from jixiao.inputs.files.read import read_document

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def python_docx_lines(path: Path) -> list[str]:
    """The previous reader, kept here as the oracle: python-docx's paragraphs, tables and row.cells."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                last = None
                for cell in row.cells:
                    if cell._tc is last:
                        continue
                    last = cell._tc
                    cells.append(" ".join(cell.text.split()))
                lines.append(" | ".join(cells))
    return lines


def assert_same(path: Path) -> list[str]:
    """Both readers give the same lines (or both refuse the file with the same error)."""
    try:
        expected = python_docx_lines(path)
    except ValueError as refused:
        with pytest.raises(ValueError, match="^" + re.escape(str(refused)) + "$"):
            docx_lines(path)
        assert [i.code for i in read_document(path)[1]] == ["EXT003"]
        return []
    assert docx_lines(path) == expected
    document, issues = read_document(path)
    assert issues == []
    assert document is not None
    assert document.text == "\n".join(expected)
    return expected


def inline(xml: str) -> object:
    return parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>")


def tricky_document(path: Path) -> Path:
    """Runs, tabs, breaks of every kind, hyperlinks, tracked insertions, content controls, merges."""
    document = docx.Document()
    document.add_paragraph("雁峰区信访局2024年度部门整体支出绩效自评报告")
    paragraph = document.add_paragraph("预算\u3000执行")
    paragraph.add_run("\t合计").add_break()
    paragraph.add_run("换行后").add_break(WD_BREAK.PAGE)
    paragraph.add_run("分页后").add_break(WD_BREAK.COLUMN)
    paragraph.add_run(" 分栏后 ")
    p = paragraph._p
    p.append(inline("<w:t>软</w:t><w:cr/><w:t>回车</w:t><w:noBreakHyphen/><w:ptab/><w:tab/><w:t/>"))
    p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>链接文字</w:t></w:r>'
            "<w:r><w:br/><w:t>第二段</w:t></w:r></w:hyperlink>"
        )
    )
    p.append(parse_xml(f"<w:ins {nsdecls('w')} w:id='1' w:author='a'><w:r><w:t>修订插入</w:t></w:r></w:ins>"))
    p.append(
        parse_xml(f"<w:smartTag {nsdecls('w')} w:element='x'><w:r><w:t>智能标记</w:t></w:r></w:smartTag>")
    )
    body = document.element.body
    body.insert(
        len(body) - 1,
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent>"
            "<w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    document.add_paragraph("")
    table = document.add_table(rows=5, cols=5)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"格{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 2))  # horizontal
    table.cell(1, 0).merge(table.cell(3, 0))  # vertical
    table.cell(1, 1).merge(table.cell(2, 2))  # a 2 × 2 block
    table.cell(3, 3).merge(table.cell(4, 4))
    table.cell(4, 1).text = "第一段"
    table.cell(4, 1).add_paragraph("第二段\t有制表符")
    table.cell(4, 2).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套表格不计入"
    document.add_paragraph("二、存在的问题")
    document.save(str(path))
    return path


def grid_before_document(path: Path) -> Path:
    """A row that starts one grid column late (``w:gridBefore``), under a vertical merge."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}-{c}"
    table.cell(0, 1).merge(table.cell(2, 1))
    tr = table.rows[2]._tr
    tr.remove(tr.tc_lst[0])
    tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    document.save(str(path))
    return path


def random_merges(path: Path, seed: int) -> Path:
    """A table with random rectangular merges (python-docx refuses overlapping ones; those are skipped)."""
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 7), rng.randint(2, 7)
    document = docx.Document()
    document.add_paragraph(f"表{seed}")
    table = document.add_table(rows=rows, cols=cols)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}.{c} {'万元' * rng.randint(0, 2)}"
    for _ in range(rng.randint(1, 6)):
        top, left = rng.randrange(rows), rng.randrange(cols)
        bottom, right = rng.randrange(top, rows), rng.randrange(left, cols)
        try:
            table.cell(top, left).merge(table.cell(bottom, right))
        except (InvalidSpanError, ValueError):  # python-docx refuses some merges over merged cells
            continue
    document.save(str(path))
    return path


def test_tricky_document_reads_the_same(tmp_path: Path) -> None:
    lines = assert_same(tricky_document(tmp_path / "tricky.docx"))
    assert "内容控件" not in "\n".join(lines)  # both readers skip body-level content controls
    assert lines[-1] == "二、存在的问题"
    assert "格00 格01 格02 | 格03 | 格04" in lines  # a horizontal merge is one cell
    assert lines[-2] == "格40 | 第一段 第二段 有制表符 | 格42 | 格33 格34 格43 格44"  # vertical: repeated


def test_grid_before_reads_the_same(tmp_path: Path) -> None:
    lines = assert_same(grid_before_document(tmp_path / "before.docx"))
    assert lines == ["0-0 | 0-1 1-1 2-1 | 0-2", "1-0 | 0-1 1-1 2-1 | 1-2", "0-1 1-1 2-1 | 2-2"]


def test_random_merges_read_the_same(tmp_path: Path) -> None:
    read = [assert_same(random_merges(tmp_path / f"merges{seed}.docx", seed)) for seed in range(60)]
    assert sum(1 for lines in read if lines) >= 50  # most are read, not refused by both


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_rendered_reports_read_the_same(tmp_path: Path, example: Path) -> None:
    from jixiao.pipeline import evaluate
    from jixiao.render import render_result

    out = tmp_path / "report.docx"
    render_result(evaluate(example), "docx", out)
    lines = assert_same(out)
    assert len(lines) > 20


def test_main_part_found_through_the_package_relationship(tmp_path: Path) -> None:
    source = tricky_document(tmp_path / "source.docx")
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            name = info.filename
            if name == "word/document.xml":
                name = "word/main.xml"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"/word/document.xml", b"/word/main.xml").replace(
                    b'"word/document.xml"', b'"word/main.xml"'
                )
            new.writestr(name, data)
    assert "word/document.xml" not in zipfile.ZipFile(moved).namelist()
    assert assert_same(moved) == python_docx_lines(source)


def test_a_workbook_renamed_docx_is_refused_by_both(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = tmp_path / "book.xlsx"
    Workbook().save(workbook)
    renamed = tmp_path / "book.docx"
    shutil.copy(workbook, renamed)
    with pytest.raises(ValueError, match="not a Word"):
        python_docx_lines(renamed)
    document, issues = read_document(renamed)
    assert document is None
    assert [i.code for i in issues] == ["EXT003"]


def test_continue_merge_in_the_first_row_is_refused_by_both(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "顶"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {nsdecls('w')}/>"))
    path = tmp_path / "orphan.docx"
    document.save(str(path))
    with pytest.raises(ValueError, match="no tr above"):
        python_docx_lines(path)
    read, issues = read_document(path)
    assert read is None
    assert [i.code for i in issues] == ["EXT003"]
