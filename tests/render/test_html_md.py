"""The HTML page and the Markdown report: self-contained, escaped, the view's figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jixiao.pipeline import Result
from jixiao.render import RenderError, render_result
from jixiao.render.md import cell, para
from jixiao.report import ReportView


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_html_is_self_contained_and_responsive(
    tmp_path: Path, dept_result: Result, dept_view: ReportView
) -> None:
    out = tmp_path / "r.html"
    render_result(dept_result, "html", out)
    page = parse(out)
    tags = [t for t, _ in page.tags]
    assert "link" not in tags
    assert "img" not in tags
    assert all(not attrs.get("src") for _, attrs in page.tags)
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    assert "overflow-x: auto" in out.read_text(encoding="utf-8")
    text = "".join(page.text)
    for block in dept_view.blocks:
        assert block.text in text
    assert "8.47%" in text
    rowspans = [attrs.get("rowspan") for t, attrs in page.tags if t == "td" and attrs.get("rowspan")]
    assert rowspans[:1] == ["5"]  # 产出指标 spans its five indicators


def test_html_escapes_user_text(tmp_path: Path, dept_result: Result) -> None:
    evaluation = dept_result.evaluation
    assert evaluation is not None
    changed = evaluation.model_copy(deep=True)
    changed.narrative.problems = ["<script>alert(1)</script>"]
    out = tmp_path / "x.html"
    render_result(dept_result.model_copy(update={"evaluation": changed}), "html", out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_headings_and_tables(tmp_path: Path, dept_result: Result, dept_view: ReportView) -> None:
    out = tmp_path / "r.md"
    render_result(dept_result, "md", out)
    text = out.read_text(encoding="utf-8")
    headings = re.findall(r"^(#+) (.+)$", text, flags=re.MULTILINE)
    assert headings[0] == ("#", dept_view.title)
    level1 = [h for marks, h in headings if marks == "##"]
    assert level1[:8] == [b.text for b in dept_view.blocks if b.level == 1]
    assert "| 年度资金总额 | 230.52 | 303.55 | 303.55 | 10 | 100.00% | 10 |" in text
    assert "| **总分** |  |  |  |  | 100 | 100 | 评价等级：优 |" in text


def test_markdown_filters() -> None:
    assert cell("a|b\nc") == "a\\|b<br>c"
    assert para("1. 不是列表") == "\\1. 不是列表"
    assert para("# 不是标题") == "\\# 不是标题"
    assert para("普通文字") == "普通文字"


def test_template_option_only_for_word(tmp_path: Path, dept_result: Result) -> None:
    with pytest.raises(RenderError, match="--template"):
        render_result(dept_result, "html", tmp_path / "x.html", template=tmp_path / "t.docx")
    with pytest.raises(RenderError, match="不支持"):
        render_result(dept_result, "odt", tmp_path / "x.odt")
