"""Readable Chinese names for model paths (comments, version diffs), and what changed between versions.

``field_label("budget.total.executed")`` → ``财政拨款（合计）·全年执行（万元）``;
``field_label("indicators.产出指标.信访积案处理.score")`` → ``指标“产出指标 › 信访积案处理”·得分``.
``diff(old, new)`` compares two stored evaluations (JSON) field by field, indicators matched by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.web.forms import BUDGET_COLUMNS, BUDGET_LINES, INDICATOR_COLUMNS, KINDS, SCALARS

KEYS = {
    "department": "部门",
    "year": "年度",
    "kind": "类型",
    "ruleset": "规则集",
    "project": "项目名称",
    "province": "省份",
    "narrative.title": "报告标题",
    "narrative": "说明文字",
    "declared": "申报",
    "budget.sources": "资金来源",
    "rates": "以整数为基数的比率",
    "name": "名称",
    "target_value": "指标值（数值）",
    "actual_value": "完成值（数值）",
    "direction": "方向",
    "unit": "单位",
    "deduction": "扣分",
    "text": "说明",
    "reason": "偏差原因",
    "base": "基数",
    "rate": "比率",
    "label": "名称",
    "value": "数值",
    **dict(BUDGET_LINES),
    **dict(SCALARS),
}
COLUMNS = dict(BUDGET_COLUMNS) | dict(INDICATOR_COLUMNS)
KIND_LABELS = {value: label for value, label in KINDS if value}
SKIPPED = ("spans", "source", "stated", "schema_version", "approx", "truncated_hint")


def kind_label(value: str) -> str:
    """``quantitative`` → 定量 (the value itself when unknown)."""
    return KIND_LABELS.get(value, value)


def field_label(path: str) -> str:
    """A model path as a person reads it; unknown parts are kept as written."""
    if not path:
        return "整体"
    if path in KEYS:
        return KEYS[path]
    if path.startswith("indicators."):
        names = path.removeprefix("indicators.").split(".")
        if names[-1] in COLUMNS or names[-1] in KEYS:
            key = names.pop()
            return f"指标“{' › '.join(names)}”·{COLUMNS.get(key) or KEYS[key]}"
        return f"指标“{' › '.join(names)}”"
    head, _, key = path.rpartition(".")
    if head in KEYS and key in COLUMNS:
        return f"{KEYS[head]}·{COLUMNS[key]}"
    if head:
        return f"{field_label(head)}·{KEYS.get(key) or COLUMNS.get(key) or key}"
    return KEYS.get(path, path)


def _is_stated(value: Any) -> bool:
    return isinstance(value, dict) and "value" in value and "decimals" in value


def _shown(value: Any) -> str:
    if _is_stated(value):  # a figure as written: its text
        return str(value.get("text") or f"{value['value']}{value.get('unit', '')}")
    if isinstance(value, list):
        return "；".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return "，".join(f"{KEYS.get(k) or COLUMNS.get(k) or k} {_shown(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def flatten(data: dict[str, Any]) -> dict[str, str]:
    """Every shown value of a stored evaluation by model path; indicators by their names' path."""
    found: dict[str, str] = {}

    def visit(node: Any, path: str) -> None:
        if isinstance(node, dict) and not _is_stated(node):
            for key, value in node.items():
                if key not in SKIPPED:
                    visit(value, f"{path}.{key}" if path else key)
        else:
            found[path] = _shown(node)

    def visit_indicators(nodes: list[dict[str, Any]], base: str) -> None:
        seen: dict[str, int] = {}
        for node in nodes:
            name = str(node.get("name") or "?")
            seen[name] = seen.get(name, 0) + 1
            path = f"{base}.{name}" if seen[name] == 1 else f"{base}.{name}#{seen[name]}"
            found[path] = name
            for key, value in node.items():
                if key not in {"children", "name"}:
                    found[f"{path}.{key}"] = kind_label(_shown(value)) if key == "kind" else _shown(value)
            visit_indicators(node.get("children") or [], path)

    for key, value in data.items():
        if key == "indicators":
            visit_indicators(value or [], "indicators")
        elif key not in SKIPPED:
            visit(value, key)
    return {path: value for path, value in found.items() if value != ""}


@dataclass
class Change:
    path: str
    label: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        return "新增" if not self.before else "删除" if not self.after else "修改"


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from ``old`` to ``new``, in the order of the new version (removed fields last)."""
    before, after = flatten(old), flatten(new)
    paths = list(after) + [path for path in before if path not in after]
    # an indicator added or removed is one line, not one per field
    whole = {p for p in paths if p.startswith("indicators.") and (p in before) != (p in after)
             and p.rsplit(".", 1)[-1] not in COLUMNS and p.rsplit(".", 1)[-1] not in KEYS}  # fmt: skip
    return [
        Change(path, field_label(path), before.get(path, ""), after.get(path, ""))
        for path in paths
        if before.get(path, "") != after.get(path, "") and path.rsplit(".", 1)[0] not in whole
    ]
