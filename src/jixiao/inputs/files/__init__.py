"""The file readers: one module per format, each a file → ``(Document | None, issues)``.

``read.read_document`` picks the reader by the file's suffix, after the file guard (``jixiao.inputs.guard``).
``text`` (.txt, any encoding), ``docx`` (with ``docx_xml``), ``doc`` (LibreOffice or antiword, then ``docx``
or ``text``), ``pdf`` (PDFium in ``pdf_child``, rows rebuilt and lines joined in ``pdf_layout``), ``html``
(merged cells expanded), ``image`` and ``scans`` (OCR). A reader imports no understanding pass
(``tests/test_architecture.py``).

A hostile or broken file (zip bomb, truncated PDF, huge text, binary junk, absurdly nested HTML) ends in one
located ``EXT`` issue in Chinese, within bounded time and memory: sizes are checked before anything is
decompressed or parsed, and PDF/DOC conversion runs in a child process with a timeout and an address-space
limit.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.issues import Issue, Severity


def fail(path: Path, code: str, message: str, hint: str | None = None) -> tuple[None, list[Issue]]:
    """The single issue of an unreadable file."""
    return None, [Issue(code=code, severity=Severity.ERROR, message=message, file=str(path), hint=hint)]
