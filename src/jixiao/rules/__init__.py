"""Rule sets: YAML data shipped in this package; a local rule set ``extends:`` another and overrides keys.

``load_ruleset(id_or_path) -> (RuleSet | None, issues)``: a rule set's own mistakes come back as located
``RUL`` issues, as any user input's would.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jixiao.issues import Issue, Severity
from jixiao.rules.model import RuleSet
from jixiao.yaml_text import YamlInputError, parse_yaml_text

RULES_DIR = Path(__file__).parent
DEFAULT_RULESET = "cz2020-self"
MAX_EXTENDS_DEPTH = 8


def available() -> dict[str, str]:
    """Shipped rule-set ids and their names."""
    found = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data, _ = parse_yaml_text(path.read_text(encoding="utf-8"))
        found[data["id"]] = data.get("name", "")
    return found


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` on top of ``base``; nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _issue(message: str, file: str, line: int | None = None, code: str = "RUL001") -> Issue:
    return Issue(
        code=code,
        severity=Severity.ERROR,
        message=message,
        file=file,
        line=line,
        hint=f"可用的规则集：{'、'.join(available())}，或一个 extends 它们的 YAML 文件",
    )


def _read(
    ref: str, relative_to: Path | None
) -> tuple[dict[str, Any] | None, dict[str, int], str, list[Issue]]:
    candidates = [Path(ref)]
    if relative_to is not None:
        candidates.insert(0, relative_to / ref)
    path = next((p for p in candidates if p.suffix in {".yaml", ".yml"} and p.is_file()), None)
    if path is None:
        path = RULES_DIR / f"{ref}.yaml"
        if not path.is_file():
            return None, {}, ref, [_issue(f"找不到规则集“{ref}”", ref, code="RUL002")]
    try:
        data, lines = parse_yaml_text(path.read_text(encoding="utf-8"))
    except (YamlInputError, UnicodeDecodeError) as exc:
        return None, {}, str(path), [_issue(f"规则集文件有误：{exc}", str(path), getattr(exc, "line", None))]
    if not isinstance(data, dict):
        return None, {}, str(path), [_issue("规则集应为若干“键: 值”", str(path))]
    return data, lines, str(path), []


def load_ruleset(ref: str | None = None) -> tuple[RuleSet | None, list[Issue]]:
    """A shipped rule set by id (``cz2020-self``) or a YAML file that may ``extends:`` one."""
    ref = ref or DEFAULT_RULESET
    # a rule-set file edited while the web app runs is read again: its mtime is part of the cache key
    stamp = (
        Path(ref).stat().st_mtime_ns if Path(ref).suffix in {".yaml", ".yml"} and Path(ref).is_file() else 0
    )
    return _load_cached(ref, stamp)


_MESSAGES = {
    "missing": "缺少必填的键",
    "extra_forbidden": "未知的键（拼写错误？）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为若干“键: 值”",
    "model_type": "应为若干“键: 值”",
    "literal_error": "取值不在允许范围内",
}


def _message(error: Any) -> str:
    """A pydantic error of a rule set, in Chinese, with what was written and what is allowed."""
    text = _MESSAGES.get(error["type"], "取值有误")
    expected = (error.get("ctx") or {}).get("expected")
    if expected:
        text += f"（允许：{expected}）"
    if error["type"] != "missing" and "input" in error and not isinstance(error["input"], dict | list):
        text += f"（填写的是“{error['input']}”）"
    return text


@lru_cache(maxsize=32)
def _load_cached(ref: str, _stamp: int = 0) -> tuple[RuleSet | None, list[Issue]]:
    chain: list[tuple[dict[str, Any], dict[str, int], str]] = []
    current: str | None = ref
    relative: Path | None = None
    while current is not None:
        data, lines, file, issues = _read(current, relative)
        if data is None:
            if chain:  # the parent named by ``extends`` is missing: point at that line
                _, child_lines, child_file = chain[-1]
                issues = [
                    _issue(
                        f"extends 指向的规则集“{current}”不存在",
                        child_file,
                        child_lines.get("extends"),
                        code="RUL002",
                    )
                ]
            return None, issues
        resolved = str(Path(file).resolve())
        if any(resolved == str(Path(f).resolve()) for _, _, f in chain) or len(chain) >= MAX_EXTENDS_DEPTH:
            _, child_lines, child_file = chain[-1]
            path = " → ".join([*(f for _, _, f in chain), file])
            return None, [
                _issue(
                    f"规则集“{ref}”的 extends 形成循环或层级过深（{path}）",
                    child_file,
                    child_lines.get("extends"),
                    code="RUL003",
                )
            ]
        chain.append((data, lines, file))
        relative = Path(file).parent
        parent = data.get("extends")
        current = str(parent) if parent else None
    merged: dict[str, Any] = {}
    for data, _, _ in reversed(chain):
        merged = deep_merge(merged, data)
    merged["id"] = chain[0][0].get("id", ref)
    merged["extends"] = chain[0][0].get("extends")
    try:
        return RuleSet.model_validate(merged), []
    except ValidationError as exc:
        _, top_lines, top_file = chain[0]
        issues = []
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"])
            issues.append(_issue(f"规则集的键 {key}：{_message(error)}", top_file, _line_of(key, top_lines)))
        return None, issues


def _line_of(key: str, lines: dict[str, int]) -> int | None:
    """The line of ``key`` in the file, else of its nearest written parent (``a.b.c`` → ``a.b`` → ``a``)."""
    parts = key.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None
