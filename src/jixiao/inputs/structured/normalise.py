"""From plain data (YAML, JSON, a workbook, a web form) to a validated :class:`Evaluation`.

Users write amounts as numbers in 万元 or as text with a unit (``881300.39元``, ``1.2亿元``), rates as
``99.83%``, targets as ``≥90%``; this module turns those into the model's typed fields and turns every
validation error into a located Chinese :class:`Issue`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, SourceInfo, Span, walk_indicators
from jixiao.numbers import (
    UNIT_TO_WANYUAN,
    NumberError,
    bounded,
    first_number,
    parse_amount,
    parse_chinese_number,
    parse_percent,
    to_wanyuan,
)
from jixiao.values import parse_value

AMOUNT_FIELDS = ("initial", "adjusted", "executed", "additions", "reductions", "carryover")
PERCENT_FIELDS = ("rate", "share")
LINE_CHILDREN = ("personnel", "public")
SOURCE_KEYS = ("general_public", "government_fund", "state_capital", "special_account", "carryover", "other")
DEPT_AMOUNTS = (
    "sangong_budget",
    "sangong_budget_last_year",
    "sangong_actual",
    "public_budget",
    "public_actual",
    "procurement_budget",
    "procurement_actual",
    "key_project_spending",
    "project_spending",
    "carryover_year_end",
    "carryover_last_year_end",
    "assets_in_use",
    "assets_total",
)
DIRECTIONS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">=",
    ">": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "≧": ">=",
    "≦": "<=",
    "不超过": "<=",
    "≤": "<=",
    "<=": "<=",
    "<": "<=",
    "不高于": "<=",
    "=": "=",
    "＝": "=",
}

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "不能为负数",
    "less_than_equal": "超出允许范围",
    "string_type": "应为文字",
    "list_type": "应为列表（每项以“- ”开头）",
    "model_type": "应为若干“字段: 值”",
    "dict_type": "应为若干“字段: 值”",
    "literal_error": "取值不在允许范围内",
    "bool_parsing": "应为 是/否（true/false）",
}


class _Collector:
    def __init__(self, file: str | None, locations: Mapping[str, Span]) -> None:
        self.file = file
        self.locations = locations
        self.issues: list[Issue] = []

    def locate(self, path: str) -> Span | None:
        """Where ``path`` stands, else its nearest written parent (a missing field: the mapping it lacks
        from; ``indicators[0].children[1].weight`` → ``indicators[0].children[1]`` → … → the root)."""
        current = path
        while True:
            if current in self.locations:
                return self.locations[current]
            if not current:
                return None
            cut = max(current.rfind("."), current.rfind("["))
            current = current[:cut] if cut > 0 else ""

    def error(self, path: str, message: str, hint: str | None = None, code: str = "INP010") -> None:
        span = self.locate(path)
        self.issues.append(
            Issue(
                code=code,
                severity=Severity.ERROR,
                message=f"{path}：{message}",
                path=path,
                file=self.file,
                line=span.line if span and not span.sheet else None,
                sheet=span.sheet if span else None,
                cell=f"{span.column or ''}{span.line or ''}" if span and span.sheet else None,
                hint=hint,
            )
        )


def _amount(value: Any, path: str, unit: str, out: _Collector) -> Any:
    if value is None:
        return None
    try:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return to_wanyuan(Decimal(value), unit)
        if isinstance(value, str):
            return parse_amount(value, default_unit=unit).wanyuan
    except NumberError as exc:
        out.error(path, str(exc), hint="金额写成数字（单位万元）或带单位的文字，如 881300.39元")
        return None
    return value  # let validation name the type error


def _unit(value: Any, default: str, path: str, out: _Collector) -> str:
    """The amount unit a file declares (元 / 万元 / 亿元 / 千元); an unknown one is the user's mistake."""
    if value is None or value == "":
        return default
    if str(value) not in UNIT_TO_WANYUAN:
        out.error(path, f"未知的金额单位“{value}”", hint="金额单位写 元、万元 或 亿元")
        return default
    return str(value)


def _percent(value: Any, path: str, out: _Collector) -> Any:
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        out.error(path, f"应为百分数（填写的是“{value}”）", hint="百分数写成 99.83% 或 99.83")
        return None
    try:
        return parse_percent(value if isinstance(value, str) else Decimal(value)).model_dump()
    except (NumberError, ArithmeticError, TypeError) as exc:
        out.error(path, str(exc), hint="百分数写成 99.83% 或 99.83")
        return None


def _line(data: Any, path: str, unit: str, out: _Collector) -> Any:
    if not isinstance(data, dict):
        return data
    line = dict(data)
    for key in AMOUNT_FIELDS:
        if key in line:
            line[key] = _amount(line[key], f"{path}.{key}", unit, out)
    for key in PERCENT_FIELDS:
        if key in line:
            line[key] = _percent(line[key], f"{path}.{key}", out)
    for key in LINE_CHILDREN:
        if key in line:
            line[key] = _line(line[key], f"{path}.{key}", unit, out)
    if isinstance(line.get("items"), list):
        line["items"] = [_line(item, f"{path}.items[{i}]", unit, out) for i, item in enumerate(line["items"])]
    return line


def split_target(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """``≥90%`` → ('>=', 90, '%'); ``5%以下`` → ('<=', 5, '%'); ``按质按量完成`` → (None, None, None).

    The first number of a target with its unit and direction as :func:`jixiao.values.parse_value` reads
    them with the shipped vocabulary (a band, a date or words give no single number: ``None``).
    """
    parsed = parse_value(text)
    if parsed.form != "number" or parsed.quantity is None:
        return None, None, None
    quantity = parsed.quantity
    return parsed.direction, quantity.value, quantity.unit or None


def _quantitative(node: dict[str, Any], target: str) -> None:
    """A target with a number makes a quantitative indicator: direction, target value, unit, actual."""
    direction, value, unit = split_target(target)
    if value is not None:
        if direction is not None:
            node.setdefault("direction", direction)
        node.setdefault("target_value", value)
        if unit and not node.get("unit"):
            node["unit"] = unit
        node.setdefault("kind", "quantitative")
        actual = node.get("actual")
        if isinstance(actual, str) and "actual_value" not in node:
            node["actual_value"] = first_number(actual)


def _indicator(data: Any, yaml_path: str, out: _Collector) -> Any:
    if not isinstance(data, dict):
        return data
    node = dict(data)
    for key in ("weight", "score", "deduction", "target_value", "actual_value"):
        if isinstance(node.get(key), str):
            text = node[key]
            try:
                node[key] = first_number(text) if text.strip() else None
                if node[key] is None and text.strip():
                    node[key] = parse_chinese_number(text.strip().removesuffix("分"))
            except NumberError as exc:
                out.error(f"{yaml_path}.{key}", str(exc), hint="分值、得分写成数字，如 10 或 9.5")
                continue
            if node[key] is None and text.strip():
                out.error(
                    f"{yaml_path}.{key}",
                    f"应为数字（填写的是“{text}”）",
                    hint="分值、得分写成数字，如 10 或 9.5",
                )
        elif isinstance(node.get(key), Decimal | int) and not isinstance(node.get(key), bool):
            try:
                bounded(Decimal(node[key]))
            except NumberError as exc:
                out.error(f"{yaml_path}.{key}", str(exc), hint="分值、得分写成数字，如 10 或 9.5")
    target = node.get("target")
    if isinstance(target, Decimal | int) and not isinstance(target, bool):
        node["target"] = target = str(target)
    if isinstance(node.get("actual"), Decimal | int) and not isinstance(node.get("actual"), bool):
        node["actual"] = str(node["actual"])
    if isinstance(target, str) and node.get("kind") != "qualitative":
        try:
            _quantitative(node, target)
        except NumberError as exc:
            out.error(f"{yaml_path}.target", str(exc), hint="指标值写成 ≥90%、≤90万元、=0起 等形式")
    if isinstance(node.get("children"), list):
        node["children"] = [
            _indicator(child, f"{yaml_path}.children[{i}]", out) for i, child in enumerate(node["children"])
        ]
    return node


def normalise(data: Any, out: _Collector) -> Any:
    """User-friendly input data → the model's field values (amounts in 万元, percents as Stated)."""
    if not isinstance(data, dict):
        return data
    result = dict(data)
    unit = _unit(result.pop("unit", None), "万元", "unit", out)
    budget = result.get("budget")
    if isinstance(budget, dict):
        budget = dict(budget)
        unit = _unit(budget.pop("unit", None), unit, "budget.unit", out)
        for key in ("total", "basic", "project"):
            if key in budget:
                budget[key] = _line(budget[key], f"budget.{key}", unit, out)
        if isinstance(budget.get("sources"), dict):
            budget["sources"] = {
                k: _line(v, f"budget.sources.{k}", unit, out) if k in SOURCE_KEYS else v
                for k, v in budget["sources"].items()
            }
        result["budget"] = budget
    if isinstance(result.get("indicators"), list):
        result["indicators"] = [
            _indicator(node, f"indicators[{i}]", out) for i, node in enumerate(result["indicators"])
        ]
    if isinstance(result.get("rates"), list):
        result["rates"] = [
            {**fact, "rate": _percent(fact.get("rate"), f"rates[{i}].rate", out)}
            if isinstance(fact, dict)
            else fact
            for i, fact in enumerate(result["rates"])
        ]
    if isinstance(result.get("breakdowns"), list):
        result["breakdowns"] = [
            _breakdown(item, f"breakdowns[{i}]", unit, out) for i, item in enumerate(result["breakdowns"])
        ]
    if isinstance(result.get("dept"), dict):
        result["dept"] = {
            k: _amount(v, f"dept.{k}", unit, out) if k in DEPT_AMOUNTS else v
            for k, v in result["dept"].items()
        }
    if isinstance(result.get("projects"), list):
        result["projects"] = [normalise(p, out) for p in result["projects"]]
    return result


def _breakdown(data: Any, path: str, unit: str, out: _Collector) -> Any:
    """Money breakdowns are converted to 万元 like budget lines; counts keep their unit."""
    if not isinstance(data, dict):
        return data
    item = dict(data)
    item_unit = str(item.get("unit") or unit)
    if item_unit not in ("元", "万元", "亿元", "千元"):
        return item
    item["total"] = _amount(item.get("total"), f"{path}.total", item_unit, out)
    if isinstance(item.get("parts"), list):
        item["parts"] = [
            {**part, "value": _amount(part.get("value"), f"{path}.parts[{j}].value", item_unit, out)}
            if isinstance(part, dict)
            else part
            for j, part in enumerate(item["parts"])
        ]
    item["unit"] = "万元"
    return item


def _loc_to_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _indicator_locations(evaluation: Evaluation, locations: Mapping[str, Span]) -> dict[str, Span]:
    """Map the model's name-based indicator paths to where each node stood in the input."""
    spans: dict[str, Span] = {}

    def index_paths(nodes: list[Any], base: str, out: list[str]) -> None:
        for i, node in enumerate(nodes):
            out.append(f"{base}[{i}]")
            index_paths(node.children, f"{base}[{i}].children", out)

    positional: list[str] = []
    index_paths(evaluation.indicators, "indicators", positional)
    for (name_path, _node, _depth), input_path in zip(
        walk_indicators(evaluation.indicators), positional, strict=True
    ):
        for suffix in ("", ".weight", ".score", ".target", ".actual", ".deduction", ".band", ".name"):
            if input_path + suffix in locations:
                spans[name_path + suffix] = locations[input_path + suffix]
    return spans


def _assign_spans(evaluation: Evaluation, locations: Mapping[str, Span]) -> None:
    """Give the evaluation (and each of its projects, recursively) the source locations of its own paths."""
    spans = {
        path: span
        for path, span in locations.items()
        if path == "indicators" or not path.startswith(("indicators", "projects["))
    }
    spans.update(_indicator_locations(evaluation, locations))
    evaluation.spans = {**spans, **evaluation.spans}
    for i, project in enumerate(evaluation.projects):
        prefix = f"projects[{i}]."
        own = {path[len(prefix) :]: span for path, span in locations.items() if path.startswith(prefix)}
        _assign_spans(project, own)


_EVALUATION_KEYS = {*Evaluation.model_fields, "unit"}


def build_evaluation(
    data: Any,
    locations: Mapping[str, Span],
    *,
    file: str | None,
    fmt: str,
    encoding: str | None = None,
    raw: bytes | None = None,
) -> tuple[Evaluation | None, list[Issue]]:
    """Validate plain data into an Evaluation; every problem becomes a located INP issue."""
    out = _Collector(file, locations)
    if not isinstance(data, dict):
        out.error("", "内容应为若干“字段: 值”（至少包含 department 和 year）", code="INP004")
        return None, out.issues
    if data and not _EVALUATION_KEYS & set(data):  # e.g. a config or truth file in an audited folder
        keys = "、".join(map(str, list(data)[:5])) + ("等" if len(data) > 5 else "")
        message = f"不是绩效自评数据：没有 department、year、indicators 等字段（顶层字段为 {keys}）"
        out.error("", message, code="INP004")
        return None, out.issues
    if "year" in data and data["year"] is None:
        out.error("year", "年度不能为空（填写评价年度，如 2024）")  # only an extracted document may lack one
    normalised = normalise(data, out)
    if out.issues:
        return None, out.issues
    try:
        evaluation = Evaluation.model_validate(normalised)
    except ValidationError as exc:
        for error in exc.errors():
            path = _loc_to_path(tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p)))
            message = _MESSAGES.get(error["type"], error["msg"])
            if error["type"] != "missing" and "input" in error:
                message += f"（填写的是“{error['input']}”）"
            out.error(path, message)
        return None, out.issues
    _assign_spans(evaluation, locations)
    evaluation.source = SourceInfo(
        file=file,
        format=fmt,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest() if raw is not None else None,
    )
    return evaluation, []
