"""The report as .docx: docxtpl fills the Word template (templates/report.docx or ``--template``), then the
绩效自评表 is attached."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from jixiao.render import TEMPLATES, RenderError, context
from jixiao.render.docx_compare import append_comparison_tables
from jixiao.render.docx_table import append_self_evaluation_table
from jixiao.report import ReportView

DEFAULT_TEMPLATE = TEMPLATES / "report.docx"


def write_docx(view: ReportView, output: Path, template: Path | None = None) -> None:
    """Fill the Word template with the view (text autoescaped) and save it as ``output``."""
    source = Path(template) if template is not None else DEFAULT_TEMPLATE
    if not source.is_file():
        raise RenderError(f"找不到 Word 模板 {source}")
    if not zipfile.is_zipfile(source):
        raise RenderError(f"Word 模板 {source} 不是 .docx 文件")
    try:
        document = DocxTemplate(str(source))
        document.render(context(view), autoescape=True)
    except TemplateError as exc:
        raise RenderError(f"Word 模板 {source.name} 中的占位符有误：{exc}") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise RenderError(f"Word 模板 {source.name} 无法读取：{exc}") from exc
    append_self_evaluation_table(document.docx, view)
    append_comparison_tables(document.docx, view)
    document.save(str(output))
