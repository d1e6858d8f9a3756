"""Input files by kind (structured data, a workbook, a document); the issue for an unreadable one."""

from __future__ import annotations

from pathlib import Path

from jixiao.inputs.guard import LIMITS
from jixiao.issues import Issue, Severity

STRUCTURED = {".yaml", ".yml", ".json"}
WORKBOOK = {".xlsx", ".xlsm"}
DOCUMENT = {
    ".txt",
    ".text",
    ".docx",
    ".doc",
    ".pdf",
    ".html",
    ".htm",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}
MAX_INPUT_BYTES = LIMITS["structured"].max_bytes  # YAML/JSON above this is refused (the file guard)


def unreadable(
    path: str | Path, message: str, *, code: str = "INP001", line: int | None = None, hint: str | None = None
) -> Issue:
    """The issue for input that cannot be read at all (the CLI exits 2 on these)."""
    return Issue(code=code, severity=Severity.ERROR, message=message, file=str(path), line=line, hint=hint)
