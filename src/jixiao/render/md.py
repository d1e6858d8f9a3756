"""The report as Markdown (Jinja2 template render/templates/report.md.j2)."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from jixiao.render import TEMPLATES, context
from jixiao.report import ReportView

_LEADING_MARKUP = re.compile(r"^(\s*)([#>*+\-]|\d+[.)])")


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as <br>."""
    return str(text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def flat(text: object) -> str:
    """One line: line breaks become spaces."""
    return str(text or "").replace("\r", "").replace("\n", " ")


def para(text: object) -> str:
    """A paragraph that Markdown will not read as a heading, list or quote."""
    return _LEADING_MARKUP.sub(lambda m: m.group(1) + "\\" + m.group(2), flat(text))


def md_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown, not HTML: cells and paragraphs are escaped by the filters
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=cell, para=para, flat=flat)
    return env


def render_md(view: ReportView) -> str:
    return md_environment().get_template("report.md.j2").render(context(view))


def write_md(view: ReportView, output: Path) -> None:
    output.write_text(render_md(view), encoding="utf-8")
