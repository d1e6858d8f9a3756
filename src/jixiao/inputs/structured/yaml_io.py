"""YAML / JSON input with the line of every value kept, so that issues point into the user's file."""

from __future__ import annotations

from pathlib import Path

from jixiao.inputs.encoding import decode_text
from jixiao.inputs.guard import STRUCTURED_CODES, check_file
from jixiao.inputs.kinds import unreadable
from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.issues import Issue
from jixiao.model import Evaluation, Span
from jixiao.yaml_text import SourceDecimal, YamlInputError, parse_yaml_text

__all__ = ["SourceDecimal", "YamlInputError", "decode_text", "load_yaml", "parse_yaml_text"]


def load_yaml(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load an evaluation written as YAML or JSON."""
    refused = check_file(path, codes=STRUCTURED_CODES)  # the file guard: its size
    if refused is not None:
        return None, [refused]
    raw = path.read_bytes()
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [unreadable(path, "不是文本文件（含二进制内容），无法按 YAML/JSON 读取", code="INP002")]
    decoded = decode_text(raw, guess=False)
    if decoded is None:
        return None, [unreadable(path, "无法识别文件编码（应为 UTF-8 或 GBK）", code="INP002")]
    text, encoding = decoded
    try:
        data, lines = parse_yaml_text(text)
    except YamlInputError as exc:
        return None, [yaml_issue(path, exc)]
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    locations = {key: Span(line=line) for key, line in lines.items()}
    return build_evaluation(data, locations, file=str(path), fmt=fmt, encoding=encoding, raw=raw)


def yaml_issue(path: str | Path, exc: YamlInputError) -> Issue:
    """INP003 for a syntax error, INP005 for a refused bound (size, depth, aliases, numbers…)."""
    syntax = exc.bound is None
    hint = (
        "检查缩进（只用空格）、冒号后的空格和引号是否成对"
        if syntax
        else "文件含超出常规的结构（过深的嵌套、大量别名引用、超长或超大的数字），不像正常的自评数据"
    )
    return unreadable(path, str(exc), code="INP003" if syntax else "INP005", line=exc.line, hint=hint)
