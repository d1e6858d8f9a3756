"""Images (.png .jpg .tif): a scanned page or a photographed table, every page read by OCR (``scans``)."""

from __future__ import annotations

from pathlib import Path

from jixiao import ocr
from jixiao.inputs.document import Document
from jixiao.inputs.files import fail, scans
from jixiao.inputs.files.pdf_layout import document_text, reflow
from jixiao.inputs.tables import recognise
from jixiao.issues import Issue, Severity


def read_image(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """A scanned page or a photographed table (.png .jpg .tif): every page read by OCR (its size on disk
    checked by the file guard, its pixels by the OCR child from its header)."""
    if not ocr.available():
        return None, [scans.missing_extra(path, None, Severity.ERROR)]
    pages, boxes, scanned = scans.read_image_pages(path, keep_children)
    if not pages:
        return None, scanned.issues
    text = reflow(document_text(pages, boxes), scanned.edges)
    if not text.strip():
        return None, scanned.issues + fail(path, "EXT008", "图片中没有识别出文字", "请提供更清晰的扫描件")[1]
    document = Document(
        text=text, format=path.suffix.lower().lstrip("."), blocks=recognise(text), scanned=scanned
    )
    scans.locate_blocks(document)
    return document, scanned.issues
