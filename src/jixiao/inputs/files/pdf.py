""".pdf: the text layer of every page (PDFium in a child, ``pdf_child``), table rows rebuilt from the
pieces' boxes and wrapped lines joined (``pdf_layout``), pages without a usable text layer read by OCR
(``scans``)."""

from __future__ import annotations

from pathlib import Path

from jixiao import ocr
from jixiao.inputs.document import Document
from jixiao.inputs.files import fail, scans
from jixiao.inputs.files.pdf_child import kept_child, read_pdf_pages
from jixiao.inputs.files.pdf_layout import document_text, reflow
from jixiao.inputs.tables import recognise
from jixiao.issues import Issue, Severity


def read_pdf(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """The text layer of every page, read by PDFium in a child process (PDFium is not thread-safe).

    ``keep_children`` (a batch worker says so): PDFs are read by one long-lived PDFium child per process
    instead of a fresh child per file (100 ms saved a file), and OCR keeps its child likewise; limits and
    isolation are the same (``jixiao.inputs.files.pdf_child``). The CLI and the web app read each file in a
    child of its own."""
    result = kept_child().read(path) if keep_children else read_pdf_pages(path)
    if "timeout" in result:
        return fail(path, "EXT007", f"读取 PDF 超时（超过 {result['timeout']:g} 秒）")
    if "crashed" in result:
        return fail(path, "EXT007", "无法读取 PDF 文件（解析进程异常退出，文件可能已损坏）")
    if "error" in result:
        return fail(path, "EXT007", f"无法读取 PDF 文件（文件损坏或被截断：{result['error']}）")
    pages, boxes = result["pages"], result.get("boxes") or [None] * len(result["pages"])
    scanned, issues = None, []
    wanted = scans.pages_to_read(pages, result.get("images"))
    if wanted and ocr.available():
        scanned = scans.read_scanned_pages(path, pages, boxes, wanted, keep_children)
        issues = scanned.issues
    elif wanted:
        issues = [scans.missing_extra(path, wanted, Severity.WARNING)]
    text = reflow(document_text(pages, boxes), scanned.edges if scanned is not None else None)
    if not text.strip():
        if wanted and not ocr.available():
            return fail(
                path, "EXT008", "PDF 没有文字层（扫描件），未安装文字识别（OCR）组件", ocr.INSTALL_HINT
            )
        hint = "请提供带文字层的 PDF 或 Word 原件"
        return None, issues + fail(path, "EXT008", "PDF 没有可识别的文字（文字层与文字识别均为空）", hint)[1]
    document = Document(text=text, format="pdf", blocks=recognise(text), scanned=scanned)
    scans.locate_blocks(document)  # cells and paragraphs read by OCR keep their page, box, confidence
    return document, issues
