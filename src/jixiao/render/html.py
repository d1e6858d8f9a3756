"""The report as a self-contained HTML page (inline CSS, no external assets, readable on a phone)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from jixiao.render import TEMPLATES, context
from jixiao.report import ReportView


def html_environment() -> Environment:
    """Jinja2 over render/templates with autoescape on for HTML."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "html.j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_html(view: ReportView) -> str:
    return html_environment().get_template("report.html.j2").render(context(view))


def write_html(view: ReportView, output: Path) -> None:
    output.write_text(render_html(view), encoding="utf-8")
