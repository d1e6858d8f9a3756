"""The one way in: a file → (Evaluation | None, issues), for the CLI, the web app, the batch and the pipeline.

``load(path)`` dispatches on the suffix (``jixiao.inputs.kinds``): YAML/JSON and the Excel workbook are
what a user wrote (``jixiao.inputs.structured``, ``jixiao.inputs.workbook``); a published report (.txt
.docx .doc .pdf .html, scans) is read into a Document
(``jixiao.inputs.files``: paragraphs and table grids, every file through ``jixiao.inputs.guard``), its
numbers become facts (``jixiao.inputs.facts``) and the passes of ``jixiao.extract.builder`` build the
Evaluation (the last of them adds the amounts only the facts found, ``jixiao.inputs.stated``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from jixiao import ocr
from jixiao.extract.builder import build
from jixiao.inputs.document import Document
from jixiao.inputs.facts import Fact, read_facts
from jixiao.inputs.files.read import read_document
from jixiao.inputs.files.scans import annotate
from jixiao.inputs.files.text import count_metadata_lines
from jixiao.inputs.kinds import DOCUMENT, STRUCTURED, WORKBOOK, unreadable
from jixiao.inputs.structured.yaml_io import load_yaml
from jixiao.inputs.tables import recognise
from jixiao.inputs.workbook.read import load_workbook
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, SourceInfo

__all__ = ["Report", "extract_file", "extract_text", "file_facts", "load", "read_report", "understand"]


class Report(NamedTuple):
    """What the intake read from a file: the Evaluation (None when unreadable), the issues, and for a
    published report its Document and every number of it as a fact (the relation checks read them)."""

    evaluation: Evaluation | None
    issues: list[Issue]
    document: Document | None = None
    facts: list[Fact] = []  # noqa: RUF012  (a NamedTuple default, never mutated)


def load(path: str | Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load or extract the evaluation in ``path``; ``None`` with issues when it cannot be read."""
    report = read_report(path, facts=False)
    return report.evaluation, report.issues


def read_report(path: str | Path, *, facts: bool = True, keep_children: bool = False) -> Report:
    """``load``, keeping a published report's Document and (with ``facts``) its facts;
    ``keep_children`` for a batch worker (``inputs.files.read.read_document``)."""
    path = Path(path)
    if path.suffix.lower() in DOCUMENT and path.is_file():
        evaluation, issues, document = _extract(path, keep_children)
        found = read_facts(document) if facts and document is not None and evaluation is not None else []
        return Report(evaluation, issues, document, found)
    return Report(*_load(path))


def _load(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        return None, [unreadable(path, "文件不存在或不是普通文件")]
    if suffix in STRUCTURED:
        return load_yaml(path)
    if suffix in WORKBOOK:
        return load_workbook(path)
    if suffix in DOCUMENT:
        return extract_file(path)
    return None, [
        unreadable(
            path,
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            hint="支持 .yaml .json .xlsx 以及 .txt .docx .doc .pdf .html，扫描件 .png .jpg .tif",
        )
    ]


def extract_text(text: str, file: str | None = None) -> tuple[Evaluation, list[Issue]]:
    """Extract the Evaluation from the plain text of a report (offsets and lines refer to ``text``)."""
    evaluation, issues, _document = read_text(text, file)
    return evaluation, issues


def read_text(text: str, file: str | None = None) -> tuple[Evaluation, list[Issue], Document]:
    """``extract_text``, keeping the Document (its facts are ``read_facts(document)``)."""
    document = Document(text=text, format="txt", metadata_lines=count_metadata_lines(text))
    document.blocks = recognise(text)
    evaluation, issues = understand(document, file)
    return evaluation, issues, document


def file_facts(path: Path) -> tuple[Document | None, list[Fact], list[Issue]]:
    """The document in ``path`` and every number of it as a fact (``jixiao extract --facts``)."""
    document, issues = read_document(Path(path))
    if document is None:
        return None, [], issues
    return document, read_facts(document), issues


def understand(document: Document, file: str | None) -> tuple[Evaluation, list[Issue]]:
    """The passes of ``jixiao.extract.builder`` over the document."""
    return build(document, file)


def extract_file(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Read a published report and build its Evaluation; ``None`` with issues when it is unreadable."""
    evaluation, issues, _document = _extract(Path(path))
    return evaluation, issues


def _extract(
    path: Path, keep_children: bool = False
) -> tuple[Evaluation | None, list[Issue], Document | None]:
    """The Evaluation, the issues and the Document of a published report."""
    document, issues = read_document(path, keep_children)
    if document is None:
        return None, issues, None
    try:
        evaluation, found = understand(document, str(path))
    except Exception as exc:  # a builder bug must not kill a batch of thousands: report it as data
        return (
            None,
            [
                *issues,
                Issue(
                    code="ENG002",
                    severity=Severity.ERROR,
                    file=str(path),
                    message=f"提取时内部出错：{type(exc).__name__}: {exc}",
                    hint="这是 jixiao 的缺陷，请连同输入文件报告给开发者",
                ),
            ],
            document,
        )
    if not document.text.strip():
        return (
            None,
            [
                *issues,
                Issue(code="EXT010", severity=Severity.ERROR, file=str(path), message="文档中没有文字"),
            ],
            document,
        )
    evaluation.source = SourceInfo(
        file=str(path),
        format=document.format,
        encoding=document.encoding,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    if document.scanned is not None and document.scanned.pages:
        annotate(evaluation, document.text, document.scanned, ocr.DPI if document.format == "pdf" else None)
    return evaluation, issues + found, document
