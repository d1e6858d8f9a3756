"""Renderers: the report (.docx .pdf .html .md) and the self-evaluation table (.xlsx); they only format."""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import Result


class RenderError(RuntimeError):
    """Output could not be written (Chinese message for the user)."""


def render_result(result: Result, to: str, output: Path, template: Path | None = None) -> list[str]:
    """Write ``result`` as ``to`` into ``output``; return what the report corrected (being built)."""
    raise RenderError(f"尚不支持输出 {to}（开发中）")
