"""Readers per format: text encodings, .docx (paragraphs and tables in order), HTML article, PDF/DOC."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest

from jixiao.inputs.files.html import html_to_document
from jixiao.inputs.files.pdf_layout import reflow
from jixiao.inputs.files.read import read_document
from jixiao.intake import extract_file

from .office import convert

REPORT = (
    "雁峰区信访局2024年度部门整体支出绩效自评报告\n一、基本情况\n"
    "财政拨款年初预算数230.52万元，全年预算数303.55万元，全年执行数303.06万元，预算执行率99.83%。\n"
)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode(encoding))
    evaluation, issues = extract_file(path)
    assert issues == []
    assert evaluation is not None
    assert evaluation.budget.total is not None
    assert evaluation.budget.total.executed == Decimal("303.06")
    assert evaluation.spans["budget.total.executed"].line == 3


def test_windows_line_ends_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("gbk"))
    evaluation, _ = extract_file(path)
    assert evaluation is not None
    assert evaluation.spans["budget.total.initial"].line == 3


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("雁峰区信访局2024年度部门整体支出绩效自评报告")
    document.add_paragraph("一、基本情况")
    document.add_paragraph("基本支出年初预算安排140.6万元，全年预算安排163.09万元，实际支出163.09万元。")
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["项目(万元)", "年初预算数", "全年预算数", "全年执行数", "执行率"], strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["年度资金总额", "230.52", "303.55", "303.06", "99.83%"], strict=True
    ):
        cell.text = text
    document.add_paragraph("二、存在的问题")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    document, issues = read_document(make_docx(tmp_path / "report.docx"))
    assert issues == []
    assert document is not None
    lines = document.text.split("\n")
    assert lines[3] == "项目(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 执行率"
    assert lines[5] == "二、存在的问题"
    evaluation, _ = extract_file(tmp_path / "report.docx")
    assert evaluation is not None
    assert evaluation.budget.total is not None
    assert (evaluation.budget.total.initial, evaluation.budget.total.executed) == (
        Decimal("230.52"),
        Decimal("303.06"),
    )
    assert evaluation.budget.basic is not None
    assert evaluation.budget.basic.adjusted == Decimal("163.09")
    assert evaluation.source is not None
    assert evaluation.source.format == "docx"


def test_html_article_without_menus_and_scripts() -> None:
    filler = "<p>本单位严格执行预算管理制度，确保资金安全。</p>" * 12
    html = (
        '<html><head><meta charset="gbk"><script>var total="999万元"</script></head><body>'
        "<nav>首页 | 政务公开 | 执行率100%</nav><div class='content'><h1>雁峰区信访局2024年度部门整体支出绩效自评报告</h1>"  # noqa: E501
        "<p>财政拨款年初预算数230.52万元，全年执行数303.06万元。</p>"
        "<table><tr><td>总额</td><td>3.36</td></tr></table>"
        + filler
        + "</div><footer>版权所有 2024</footer></body></html>"
    )
    document, issues = html_to_document(html.encode("gbk"))
    assert issues == []
    assert document is not None
    assert "首页" not in document.text
    assert "999" not in document.text
    assert "版权所有" not in document.text
    assert "总额 | 3.36" in document.text.split("\n")
    assert document.text.split("\n")[0] == "雁峰区信访局2024年度部门整体支出绩效自评报告"


@pytest.mark.slow
def test_pdf_and_doc_through_libreoffice(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "report.docx")
    pdf = convert(source, "pdf", tmp_path)
    doc = convert(source, "doc", tmp_path)
    for path in (pdf, doc):
        evaluation, issues = extract_file(path)
        assert evaluation is not None, issues
        assert evaluation.budget.basic is not None
        assert evaluation.budget.basic.initial == Decimal("140.6")
        assert sorted(str(s.value) for s in evaluation.stated if s.kind == "amount") == sorted(
            ["140.6", "163.09", "163.09", "230.52", "303.55", "303.06"]
        )


FULL = "根据有关规定结合本单位实际情况对部门整体支出进行了绩效自评现将"  # 31 characters: a full line


def test_reflow_joins_wrapped_prose_and_keeps_table_lines() -> None:
    """A line continues the one before only when that one was full; table cells stay lines of their own."""
    prose = [FULL, "有关情况报告如下：", FULL[:26] + " 1250.00", "万元，实际支出 1240.00 万元。"]
    prose += [FULL[:26], "1250.00 万元。", FULL, "，全年预算。", FULL[:26], "共计 3 项。"]
    table = ["公用经费控", "制率", "3 3", "三公经费控", "制率", "3 3", "总分 100 86.14 评价等级：良"]
    heading = ["（一）预算执行率（分值 10 分，得 9.8 分，扣 0.2 分，见下）", "财政拨款年初预算 1265 万元。"]
    lines = reflow("\n".join([*prose, *[FULL[:-1] + "。"] * 8, *table, *heading])).split("\n")
    assert (
        lines[:6]
        == [
            FULL + "有关情况报告如下：",
            FULL[:26] + " 1250.00万元，实际支出 1240.00 万元。",
            FULL[:26] + "1250.00 万元。",  # "1250.00" did not fit after 26 characters: a wrapped line
            FULL + "，全年预算。",  # no line starts with a comma
            FULL[:26],  # "共" would have fitted: the paragraph ended there
            "共计 3 项。",
        ]
    )
    assert lines[-9:] == [*table, *heading]


def test_reflow_leaves_a_document_without_prose_as_it_is() -> None:
    text = "产出指标\n数量指标\n10 9\n效益指标\n社会效益指标\n20 18"
    assert reflow(text) == text
