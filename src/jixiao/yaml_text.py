"""The one bounded reader for every YAML or JSON text jixiao reads (evaluations, rule sets, web uploads).

A YAML text is an attack surface: a few hundred bytes of nested aliases (``&a [*b, *b, …]``) expand to
billions of nodes, a few hundred nested brackets exhaust the recursion limit, ``1.0e+999999`` is a
"number". Every such document is refused here, before any value is built, with a Chinese message and the
line where the limit was crossed (:class:`YamlInputError`; ``bound`` names the limit crossed).

The work done is bounded at each stage: the text's size is checked before parsing; the composer counts
nodes, nesting depth, aliases and scalar lengths while it builds the node graph (aliases are shared nodes
there, so the graph is at most as large as the text); the size and depth the aliases would expand to are
computed on the graph (memoised per node, linear in its size) and refused beyond an absolute limit or a
ratio to the written nodes, before any Python value is made. Numbers are Decimals that keep the text they
were written as (:class:`SourceDecimal`), read with a bounded number of digits and exponent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

__all__ = [
    "LIMITS",
    "SourceDecimal",
    "YamlInputError",
    "YamlLimits",
    "parse_yaml_text",
    "yaml_problem_in_chinese",
]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class YamlLimits:
    """What one YAML/JSON text may hold. The defaults are far above any real evaluation or rule set (the
    largest example has ~1,000 nodes, 8 levels, no alias) and far below what hurts the machine."""

    max_chars: int = 4 * 1024 * 1024  # the text, in characters
    max_depth: int = 64  # nesting of mappings and sequences, aliases expanded
    max_nodes: int = 200_000  # nodes as written
    max_aliases: int = 1_000  # ``*name`` references
    max_expanded_nodes: int = 500_000  # nodes once every alias is expanded
    max_expansion_ratio: int = 10  # expanded / written nodes, beyond ``ratio_floor`` expanded nodes
    ratio_floor: int = 10_000
    max_scalar_chars: int = 200_000  # one value (a narrative paragraph is a few thousand)
    max_number_digits: int = 40  # significant digits of a number
    max_number_exponent: int = 30  # |adjusted exponent|: 10^30 is far beyond any amount in 万元


LIMITS = YamlLimits()


class YamlInputError(ValueError):
    """A YAML/JSON text that cannot be read: the Chinese message, the 1-based line when known, and for a
    refused bound its name (``depth``, ``aliases``, ``expansion``, ``size``, ``nodes``, ``scalar``,
    ``number``), ``None`` for a syntax error."""

    def __init__(self, message: str, line: int | None, bound: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.bound = bound


class SourceDecimal(Decimal):
    """A Decimal that remembers the text it was written as (``1.`` stays ``1.`` where text is expected)."""

    source: str

    def __new__(cls, text: str) -> SourceDecimal:
        value = super().__new__(cls, text.replace("_", ""))
        value.source = text
        return value

    def __str__(self) -> str:
        return self.source


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
    if problem.startswith(("expected a single document", "but found another document")):
        return "只能包含一个文档（多了“---”分隔的第二部分）"
    return f"格式错误（{problem}）"


def _line(node_or_event: Any) -> int | None:
    mark = getattr(node_or_event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer, counting as it composes: nodes, depth, aliases, scalar lengths."""

    def __init__(self, text: str, limits: YamlLimits) -> None:
        super().__init__(text)
        self.limits = limits
        self.depth = 0
        self.nodes = 0
        self.alias_count = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        limits = self.limits
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > limits.max_aliases:
                raise YamlInputError(
                    f"别名引用（*…）超过 {limits.max_aliases} 处，拒绝读取", _line(event), "aliases"
                )
            return super().compose_node(parent, index)
        self.nodes += 1
        if self.nodes > limits.max_nodes:
            raise YamlInputError(f"内容过多：超过 {limits.max_nodes} 个值，拒绝读取", _line(event), "nodes")
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > limits.max_scalar_chars:
            raise YamlInputError(
                f"单个值过长（{len(event.value)} 个字符，上限 {limits.max_scalar_chars}）",
                _line(event),
                "scalar",
            )
        self.depth += 1
        try:
            if self.depth > limits.max_depth:
                raise YamlInputError(f"嵌套层级超过 {limits.max_depth} 层，拒绝读取", _line(event), "depth")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: yaml.Node, written: int, limits: YamlLimits) -> None:
    """Refuse a graph whose aliases would expand beyond the limits, or refer to themselves.

    Size and height of every node are computed once (memoised by identity), iteratively, so the check is
    linear in the written graph whatever the expansion would be.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    cap = max(limits.max_expanded_nodes, 1)
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            total = 1 + sum(size[id(k)] for k in kids)
            size[key] = min(total, cap + 1)  # saturate: the number only has to be compared with cap
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            on_path.discard(key)
            if size[key] > cap:
                raise YamlInputError(
                    f"别名展开后超过 {limits.max_expanded_nodes} 个值（别名炸弹），拒绝读取",
                    _line(node),
                    "expansion",
                )
            if height[key] > limits.max_depth:
                raise YamlInputError(
                    f"别名展开后嵌套层级超过 {limits.max_depth} 层，拒绝读取", _line(node), "depth"
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise YamlInputError("别名引用了包含它自身的内容（循环引用），拒绝读取", _line(node), "aliases")
        on_path.add(key)
        stack.append((node, True))
        for kid in _children(node):
            if id(kid) in on_path:
                raise YamlInputError(
                    "别名引用了包含它自身的内容（循环引用），拒绝读取", _line(kid), "aliases"
                )
            if id(kid) not in size:
                stack.append((kid, False))
    expanded = size[id(root)]
    if expanded > limits.ratio_floor and expanded > limits.max_expansion_ratio * written:
        raise YamlInputError(
            f"别名展开后的值（{expanded} 个）超过书写的 {limits.max_expansion_ratio} 倍"
            "（别名炸弹），拒绝读取",
            _line(root),
            "expansion",
        )


def _number(node: yaml.ScalarNode, limits: YamlLimits) -> Any:
    """An int or float scalar as an exact number, within the digit and exponent bounds."""
    text = node.value
    cleaned = text.replace("_", "")
    if node.tag == _INT:
        digits = sum(ch.isdigit() for ch in cleaned)
        if digits > limits.max_number_digits:
            raise YamlInputError(
                f"数字“{text[:20]}…”位数过多（上限 {limits.max_number_digits} 位）", _line(node), "number"
            )
        try:
            return int(cleaned, 0)
        except ValueError:
            return text  # 0o/0x oddities, 1:30 sexagesimal: kept as written
    try:
        value = SourceDecimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise YamlInputError(f"“{text[:40]}”不是有限的数字", _line(node))
    if value and (
        abs(value.adjusted()) > limits.max_number_exponent
        or len(value.as_tuple().digits) > limits.max_number_digits
    ):
        raise YamlInputError(
            f"数字“{text[:40]}”超出可处理的范围（绝对值 1e-{limits.max_number_exponent} 至 "
            f"1e{limits.max_number_exponent}，不超过 {limits.max_number_digits} 位有效数字）",
            _line(node),
            "number",
        )
    return value  # never through float: keeps the digits the author wrote


def _scalar(node: yaml.ScalarNode, limits: YamlLimits) -> Any:
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value.lower() in {"yes", "true", "on", "y"}
    if node.tag in (_INT, _FLOAT):
        return _number(node, limits)
    return node.value


def _to_python(node: yaml.Node, path: str, lines: dict[str, int], limits: YamlLimits) -> Any:
    """Plain data from a checked graph (depth and expansion already bounded), with every path's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, limits)
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, f"{path}[{i}]", lines, limits) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlInputError("键必须是简单文字", _line(key_node))
            key = str(_scalar(key_node, limits))
            if key in result:
                raise YamlInputError(f"字段“{key}”重复出现", _line(key_node))
            child = f"{path}.{key}" if path else key
            result[key] = _to_python(value_node, child, lines, limits)
            if value_node.start_mark.line < key_node.start_mark.line:  # an alias to a value written above
                lines[child] = key_node.start_mark.line + 1
        return result
    raise YamlInputError("不支持的 YAML 结构", _line(node))


def parse_yaml_text(text: str, limits: YamlLimits = LIMITS) -> tuple[Any, dict[str, int]]:
    """Plain data (numbers as exact Decimals or ints) and the 1-based line of every value's path.

    Raises :class:`YamlInputError` (Chinese message, line, bound) on a syntax error or any crossed limit.
    """
    if len(text) > limits.max_chars:
        raise YamlInputError(
            f"内容过大（{len(text)} 个字符，上限 {limits.max_chars}），拒绝读取", None, "size"
        )
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, limits)  # the reader refuses control characters here already
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "格式错误"
        raise YamlInputError(
            f"YAML 语法错误：{yaml_problem_in_chinese(problem)}", mark.line + 1 if mark else None
        ) from None
    except yaml.reader.ReaderError as exc:
        raise YamlInputError(
            f"YAML 语法错误：第 {exc.position + 1} 个字符是不允许的控制字符（#x{exc.character:04x}）", None
        ) from None
    except yaml.YAMLError as exc:
        raise YamlInputError(f"YAML 语法错误：{exc}", None) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    _check_expansion(node, loader.nodes, limits)
    return _to_python(node, "", lines, limits), lines
