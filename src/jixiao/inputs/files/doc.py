""".doc (Word 97–2003): converted by LibreOffice headless to .docx, else read as text by antiword."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.inputs.document import Document
from jixiao.inputs.files import fail
from jixiao.inputs.files.docx import read_docx
from jixiao.inputs.files.text import read_text_bytes
from jixiao.issues import Issue

CONVERT_TIMEOUT = 120  # seconds for LibreOffice in the child (PDFium: pdf_child.PDF_TIMEOUT)


def read_doc(path: Path) -> tuple[Document | None, list[Issue]]:
    """Convert through LibreOffice headless (own profile, timeout); antiword when that fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        if soffice:
            profile = Path(tmp, "profile").as_uri()
            command = [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                tmp,
                str(path),
            ]
            with contextlib.suppress(subprocess.TimeoutExpired):
                subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
            converted = Path(tmp, path.stem + ".docx")
            if converted.is_file():
                document, issues = read_docx(converted)
                if document is not None:
                    document.format = "doc"
                    return document, issues
        antiword = shutil.which("antiword")
        if antiword:
            try:
                done = subprocess.run(
                    [antiword, "-w", "0", str(path)],
                    capture_output=True,
                    timeout=CONVERT_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return fail(path, "EXT006", "转换 .doc 文件超时")
            if done.returncode == 0 and done.stdout.strip():
                return read_text_bytes(done.stdout, path, fmt="doc")
    return fail(
        path,
        "EXT006",
        "无法转换 .doc 文件（LibreOffice 与 antiword 均失败）",
        "请用 Word 另存为 .docx 后重试",
    )
