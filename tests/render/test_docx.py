"""The .docx report read back with python-docx: text, outline, fonts, page setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.numbers import chinese_ordinal
from jixiao.pipeline import Result
from jixiao.render import RenderError, render_result
from jixiao.report import ReportView


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory, dept_result: Result) -> Path:
    path = tmp_path_factory.mktemp("docx") / "报告.docx"
    render_result(dept_result, "docx", path)
    return path


def test_text_is_the_view(docx_path: Path, dept_view: ReportView) -> None:
    document = Document(str(docx_path))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == dept_view.title
    body = [b.text for b in dept_view.blocks]
    assert [t for t in texts if t in body] == body
    joined = "\n".join(texts)
    assert "303.55万元" in joined
    assert "日常公用经费支出13.82万元，占基本支出的8.47%" in joined
    assert "{{" not in joined
    assert "{%" not in joined


def test_headings_use_heading_styles_in_order(docx_path: Path) -> None:
    document = Document(str(docx_path))
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [t.split("、")[0] for t in level1] == [chinese_ordinal(n) for n in range(1, 9)]
    level2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level2[:3] == ["（一）部门职能", "（二）机构设置及决算单位构成", "（三）人员情况"]
    level3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert level3[0] == "1.区人民来访接待中心窗口服务"


def test_every_run_and_style_names_its_east_asian_font(docx_path: Path) -> None:
    document = Document(str(docx_path))
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert fonts is not None, run.text
        assert fonts.get(qn("w:eastAsia")), run.text
    expected = {
        "Normal": ("仿宋_GB2312", Pt(16)),
        "Heading 1": ("黑体", Pt(16)),
        "Heading 2": ("楷体_GB2312", Pt(16)),
        "Heading 3": ("仿宋_GB2312", Pt(16)),
        "报告标题": ("方正小标宋简体", Pt(22)),
    }
    for name, (font, size) in expected.items():
        style = document.styles[name]
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == font
        assert style.font.size == size
    assert document.styles["Heading 3"].font.bold is True
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28)
    ind = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_page_setup_and_page_numbers(docx_path: Path) -> None:
    document = Document(str(docx_path))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    measured = [round(length.cm, 2) for length in (*sizes, *margins)]  # stored in twips
    assert measured == [21, 29.7, 3.7, 3.5, 2.8, 2.6]
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml
        assert footer.paragraphs[0].text.startswith("— ")


def test_another_template_can_be_given(tmp_path: Path, dept_result: Result) -> None:
    template = tmp_path / "bureau.docx"
    document = Document()
    document.add_paragraph("局样式：{{ title }}，得分 {{ total_score_text }}")
    document.save(str(template))
    out = tmp_path / "out.docx"
    render_result(dept_result, "docx", out, template=template)
    text = Document(str(out)).paragraphs[0].text
    assert text == "局样式：衡阳市雁峰区信访局2024年度部门整体支出绩效自评报告，得分 100"


@pytest.mark.parametrize(("content", "message"), [(b"not a zip", "不是 .docx"), (None, "找不到 Word 模板")])
def test_bad_template_is_a_render_error(
    tmp_path: Path, dept_result: Result, content: bytes | None, message: str
) -> None:
    template = tmp_path / "bad.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(RenderError, match=message):
        render_result(dept_result, "docx", tmp_path / "out.docx", template=template)


def test_broken_placeholder_is_a_render_error(tmp_path: Path, dept_result: Result) -> None:
    template = tmp_path / "broken.docx"
    document = Document()
    document.add_paragraph("{{ title ")
    document.save(str(template))
    with pytest.raises(RenderError, match="占位符"):
        render_result(dept_result, "docx", tmp_path / "out.docx", template=template)


def test_special_characters_are_escaped(tmp_path: Path, dept_result: Result) -> None:
    evaluation = dept_result.evaluation
    assert evaluation is not None
    changed = evaluation.model_copy(deep=True)
    changed.narrative.problems = ["预算 <调整> & 执行“偏差”"]
    result = dept_result.model_copy(update={"evaluation": changed})
    out = tmp_path / "escaped.docx"
    render_result(result, "docx", out)
    assert "预算 <调整> & 执行“偏差”" in [p.text for p in Document(str(out)).paragraphs]


def test_self_evaluation_table_is_attached(docx_path: Path, dept_view: ReportView) -> None:
    document = Document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    assert f"附件：{dept_view.table_title}" in texts
    funds, indicators = document.tables
    assert [c.text for c in funds.rows[0].cells][:4] == [
        "项目（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
    ]
    first = dept_view.budget_rows[0]
    assert [c.text for c in funds.rows[1].cells][:4] == [
        first.label,
        first.text("initial"),
        first.text("adjusted"),
        first.text("executed"),
    ]
    assert len(indicators.rows) == len(dept_view.indicator_rows) + 2  # header, rows, 总分
    for row, expected in zip(indicators.rows[1:], dept_view.indicator_rows, strict=False):
        cells = [c.text for c in row.cells]
        assert cells[2:7] == [expected.level3, expected.target, expected.actual, expected.weight_text,
                              expected.score_text]  # fmt: skip
    total = [c.text for c in indicators.rows[-1].cells]
    assert total[0] == "总分"
    assert total[6] == dept_view.total_score_text
    # a category spanning several rows is one merged cell (python-docx returns the same cell object)
    spanning = next(i for i, r in enumerate(dept_view.indicator_rows) if r.level1_span > 1)
    assert indicators.cell(spanning + 1, 0)._tc is indicators.cell(spanning + 2, 0)._tc
    for table in (funds, indicators):
        for cell in table._cells:
            for run in (r for p in cell.paragraphs for r in p.runs if r.text.strip()):
                assert run._r.rPr.rFonts.get(qn("w:eastAsia")), run.text
