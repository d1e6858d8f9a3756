"""Renderers: the report (.docx .pdf .html .md) and the self-evaluation table (.xlsx).

They only format: every figure comes from :func:`jixiao.report.report_view`, computed by the core.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jixiao.files import atomic_output
from jixiao.pipeline import Result
from jixiao.report import ReportView, report_view

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("docx", "pdf", "xlsx", "html", "md")


class RenderError(RuntimeError):
    """Output could not be written (Chinese message for the user)."""


def context(view: ReportView) -> dict[str, Any]:
    """The names templates see: every field of the view, its formatted totals, and ``view`` itself."""
    names: dict[str, Any] = dict(vars(view))
    names.update(
        view=view,
        total_score_text=view.total_score_text,
        total_weight_text=view.total_weight_text,
        notes=view.notes,
    )
    return names


def _writer(to: str) -> Callable[[ReportView, Path, Path | None], None]:
    if to == "docx":
        from jixiao.render.docx import write_docx  # noqa: PLC0415  (heavy: per format)

        return write_docx
    if to == "pdf":
        from jixiao.render.pdf import write_pdf  # noqa: PLC0415  (heavy: per format)

        return write_pdf
    if to == "xlsx":
        from jixiao.render.xlsx import write_xlsx  # noqa: PLC0415  (heavy: per format)

        return lambda view, output, _template: write_xlsx(view, output)
    if to == "html":
        from jixiao.render.html import write_html  # noqa: PLC0415  (heavy: per format)

        return lambda view, output, _template: write_html(view, output)
    if to == "md":
        from jixiao.render.md import write_md  # noqa: PLC0415  (heavy: per format)

        return lambda view, output, _template: write_md(view, output)
    raise RenderError(f"不支持的输出格式“{to}”，可选：{'、'.join(FORMATS)}")


def render_view(view: ReportView, to: str, output: Path, template: Path | None = None) -> None:
    """Write an already computed view as ``to`` into ``output``."""
    write = _writer(to)
    if template is not None and to not in ("docx", "pdf"):
        raise RenderError("--template 只适用于 docx 和 pdf 输出")
    try:
        with atomic_output(output) as temporary:
            write(view, temporary, template)
    except OSError as exc:
        raise RenderError(f"无法写入 {output}：{exc.strerror or exc}") from exc


def render_result(result: Result, to: str, output: Path, template: Path | None = None) -> list[str]:
    """Write ``result`` as ``to`` into ``output``; return the notes of what the report corrected."""
    if result.evaluation is None or result.ruleset is None:
        raise RenderError("输入无法读取，不能生成报告")
    view = report_view(result)
    render_view(view, to, Path(output), template)
    return view.notes
