"""Loading an evaluation from what a user wrote (YAML/JSON, a workbook) or from a published document."""

from __future__ import annotations

from pathlib import Path

from jixiao.inputs.guard import LIMITS
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation

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


def load(path: str | Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load or extract the evaluation in ``path``; ``None`` with issues when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        return None, [unreadable(path, "文件不存在或不是普通文件")]
    if suffix in STRUCTURED:
        from jixiao.io.yaml_io import load_yaml

        return load_yaml(path)
    if suffix in WORKBOOK:
        from jixiao.io.excel import load_workbook

        return load_workbook(path)
    if suffix in DOCUMENT:
        from jixiao.extract import extract_file

        return extract_file(path)
    return None, [
        unreadable(
            path,
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            hint="支持 .yaml .json .xlsx 以及 .txt .docx .doc .pdf .html，扫描件 .png .jpg .tif",
        )
    ]


def unreadable(
    path: str | Path, message: str, *, code: str = "INP001", line: int | None = None, hint: str | None = None
) -> Issue:
    """The issue for input that cannot be read at all (the CLI exits 2 on these)."""
    return Issue(code=code, severity=Severity.ERROR, message=message, file=str(path), line=line, hint=hint)
