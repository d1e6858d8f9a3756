"""Reading a published file by its suffix: every reader returns ``(Document | None, issues)``."""

from __future__ import annotations

from pathlib import Path

from jixiao.inputs.document import Document
from jixiao.inputs.files import fail
from jixiao.inputs.files.doc import read_doc
from jixiao.inputs.files.docx import read_docx
from jixiao.inputs.files.html import read_html
from jixiao.inputs.files.image import read_image
from jixiao.inputs.files.pdf import read_pdf
from jixiao.inputs.files.scans import IMAGE_SUFFIXES
from jixiao.inputs.files.text import read_text_bytes
from jixiao.inputs.guard import check_file
from jixiao.issues import Issue


def read_document(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """Read ``path`` by its suffix; unknown or broken input becomes an issue, never an exception.

    ``keep_children``: the PDF and OCR children are kept for the next file (a batch worker's many files);
    otherwise each file is read in children of its own (``read_pdf``)."""
    suffix = path.suffix.lower()
    readers = {".docx": read_docx, ".doc": read_doc, ".pdf": read_pdf, ".html": read_html, ".htm": read_html}
    readers.update(dict.fromkeys(IMAGE_SUFFIXES, read_image))
    if suffix not in {".txt", ".text", *readers}:
        return fail(path, "EXT001", f"不支持从“{suffix or '无扩展名'}”文件提取")
    refused = check_file(path)
    if refused is not None:
        return None, [refused]
    if suffix in {".txt", ".text"}:
        return read_text_bytes(path.read_bytes(), path)
    if suffix == ".pdf" or suffix in IMAGE_SUFFIXES:
        return read_pdf(path, keep_children) if suffix == ".pdf" else read_image(path, keep_children)
    return readers[suffix](path)
