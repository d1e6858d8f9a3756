"""YAML / JSON input with the line of every value kept, so that issues point into the user's file."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jixiao.io import MAX_INPUT_BYTES, unreadable
from jixiao.io.normalise import build_evaluation
from jixiao.issues import Issue
from jixiao.model import Evaluation, Span

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


# PyYAML's problem texts, said in Chinese (the original stays in brackets for anything not listed)
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（缩进有误，或值中的冒号需要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "found character '\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "did not find expected key": "缩进不一致，或列表项缺少“- ”",
    "did not find expected node content": "缺少内容（“- ”或“:”之后为空）",
    "found unexpected end of stream": "文件意外结束（引号或括号不成对）",
    "found unexpected ':'": "多余的冒号“:”",
    "expected ',' or ']', but got '<stream end>'": "方括号“[”没有闭合",
    "expected ',' or '}', but got '<stream end>'": "花括号“{”没有闭合",
}


def yaml_problem_in_chinese(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    if problem.startswith("expected <block end>"):
        return "缩进不一致"
    if problem.startswith("found undefined alias"):
        return "引用了未定义的别名（*…）"
    return f"格式错误（{problem}）"


class SourceDecimal(Decimal):
    """A Decimal that remembers the text it was written as (``1.`` stays ``1.`` where text is expected)."""

    source: str

    def __new__(cls, text: str) -> SourceDecimal:
        value = super().__new__(cls, text.replace("_", ""))
        value.source = text
        return value

    def __str__(self) -> str:
        return self.source


class YamlInputError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a user's text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return text.lower() in {"yes", "true", "on", "y"}
    if node.tag == _INT:
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if node.tag == _FLOAT:
        try:
            value = SourceDecimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise YamlInputError(f"“{text}”不是有限的数字", node.start_mark.line + 1)
        return value  # never through float: keeps the digits the author wrote
    return text


def to_python(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    """Convert a composed node to plain data, recording the 1-based line of every path."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [to_python(item, f"{path}[{i}]", lines) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                raise YamlInputError("键必须是简单文字", key_node.start_mark.line + 1)
            if key in result:
                raise YamlInputError(f"字段“{key}”重复出现", key_node.start_mark.line + 1)
            child = f"{path}.{key}" if path else key
            result[key] = to_python(value_node, child, lines)
        return result
    raise YamlInputError("不支持的 YAML 结构", node.start_mark.line + 1)


def parse_yaml_text(text: str) -> tuple[Any, dict[str, int]]:
    """Plain data and the line map; raises YamlInputError with the line on any syntax problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "格式错误"
        raise YamlInputError(
            f"YAML 语法错误：{yaml_problem_in_chinese(problem)}", mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise YamlInputError(f"YAML 语法错误：{exc}", None) from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    return to_python(node, "", lines), lines


def load_yaml(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load an evaluation written as YAML or JSON."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        return None, [
            unreadable(
                path,
                f"文件过大（{size // 1024 // 1024} MB），YAML/JSON 输入上限为 "
                f"{MAX_INPUT_BYTES // 1024 // 1024} MB",
            )
        ]
    raw = path.read_bytes()
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [unreadable(path, "不是文本文件（含二进制内容），无法按 YAML/JSON 读取", code="INP002")]
    try:
        text, encoding = decode_text(raw)
    except UnicodeDecodeError:
        return None, [unreadable(path, "无法识别文件编码（应为 UTF-8 或 GBK）", code="INP002")]
    try:
        data, lines = parse_yaml_text(text)
    except YamlInputError as exc:
        return None, [
            unreadable(
                path,
                str(exc),
                code="INP003",
                line=exc.line,
                hint="检查缩进（只用空格）、冒号后的空格和引号是否成对",
            )
        ]
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    locations = {key: Span(line=line) for key, line in lines.items()}
    return build_evaluation(data, locations, file=str(path), fmt=fmt, encoding=encoding, raw=raw)
