"""Extraction: published reports (.txt .docx .doc .pdf .html) → Evaluation with source spans.

``readers`` turn a file into one text (tables as ``|`` rows), ``outline`` finds the numbered headings,
``patterns`` and ``tables`` read the statements, ``builder`` assembles the Evaluation. Every value keeps
the span and line it was read from; what cannot be read becomes an ``EXT`` issue.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jixiao.extract.builder import build
from jixiao.extract.readers import count_metadata_lines, read_document
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, SourceInfo


def extract_text(text: str, file: str | None = None) -> tuple[Evaluation, list[Issue]]:
    """Extract the Evaluation from the plain text of a report (offsets and lines refer to ``text``)."""
    return build(text, file=file, metadata_lines=count_metadata_lines(text))


def extract_file(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Read a published report and build its Evaluation; ``None`` with issues when it is unreadable."""
    path = Path(path)
    document, issues = read_document(path)
    if document is None:
        return None, issues
    try:
        evaluation, found = build(document.text, file=str(path), metadata_lines=document.metadata_lines)
    except Exception as exc:  # a builder bug must not kill a batch of thousands: report it as data
        return None, [
            *issues,
            Issue(
                code="ENG002",
                severity=Severity.ERROR,
                file=str(path),
                message=f"提取时内部出错：{type(exc).__name__}: {exc}",
                hint="这是 jixiao 的缺陷，请连同输入文件报告给开发者",
            ),
        ]
    if not document.text.strip():
        return None, [
            *issues,
            Issue(code="EXT010", severity=Severity.ERROR, file=str(path), message="文档中没有文字"),
        ]
    evaluation.source = SourceInfo(
        file=str(path),
        format=document.format,
        encoding=document.encoding,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    if document.scanned is not None and document.scanned.pages:
        from jixiao.extract.scans import annotate
        from jixiao.ocr import DPI

        annotate(evaluation, document.text, document.scanned, DPI if document.format == "pdf" else None)
    return evaluation, issues + found
