"""Department and year end to end: ``jixiao extract FILE --format json`` on made-up pages in real shapes
(a web page with its publisher, a form flattened to one line, a budget report with its author line),
each file written as a stored page is (``URL:``/``QUERY:`` lines first, GBK where a page is GBK)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

PAGES = [
    (
        "URL: http://www.example.gov.cn/czj/2023/notice.html\nQUERY: 部门决算\n\n"
        "您现在的位置: 首页 > 财政预决算 > 部门决算 > 农业农村局\n"
        "2022年度北湖市农业农村局部门决算\n来源:北湖市财政局 发布时间:2023-08-11 10:20\n"
        "目录\n第一部分 北湖市农业农村局系统部门(单位)概况\n",
        "utf-8",
        "北湖市农业农村局",
        2022,
    ),
    (
        "URL: http://example.com/doc/1.html\nQUERY: 自评表\n\n"
        "《2021年度项目绩效自评表.docx》由会员分享,可在线阅读。\n"
        "1、2021年度财政项目绩效自评表单位名称:东湖市中心医院填报日期:2022年3月18日项目名称院区建设补助"
        "主管部门东湖市卫生健康委项目实施单位东湖市中心医院预算执行情况(万元)(20分)\n",
        "gb18030",
        "东湖市中心医院",
        2021,
    ),
    (
        "URL: http://www.example.gov.cn/zwgk/1.html\nQUERY: 预算执行情况的报告\n\n"
        "关于西县2022年预算执行情况和2023年预算草案的报告\n"
        "(2023年2月8日在西县第十七届人民代表大会第二次会议上)\n西县财政局\n各位代表:\n"
        "受县人民政府委托,现将西县2022年预算执行情况和2023年预算草案提请审议。\n",
        "utf-8",
        "西县财政局",
        2022,
    ),
]


@pytest.mark.parametrize(("text", "encoding", "department", "year"), PAGES)
def test_extract_prints_department_and_year(
    tmp_path: Path, text: str, encoding: str, department: str, year: int
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    evaluation = json.loads(result.output)
    assert (evaluation["department"], evaluation["year"]) == (department, year)
    start, end = evaluation["spans"]["department"]["start"], evaluation["spans"]["department"]["end"]
    assert text[start:end] == department  # the span points at the name in the text read


def test_extract_reads_the_unit_from_an_html_table_cell(tmp_path: Path) -> None:
    """A form published as an HTML table: the cell right of 实施单位(盖章) names the unit."""
    page = (
        "<html><body><h1>项目支出绩效自评表</h1><p>（2023年度）</p><table>"
        "<tr><td>项目名称</td><td>乡村道路养护</td></tr>"
        "<tr><td>主管部门</td><td>东湖县交通运输局</td><td>实施单位（盖章）</td><td>东湖县公路养护中心</td></tr>"
        "<tr><td>项目资金（万元）</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "form.html"
    path.write_text(page, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    evaluation = json.loads(result.output)
    assert (evaluation["department"], evaluation["year"]) == ("东湖县公路养护中心", 2023)
