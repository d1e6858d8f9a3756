"""Rule-set formulas (``staff_actual / staff_quota * 100``) evaluated safely with simpleeval, in Decimal."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation

from simpleeval import InvalidExpression, SimpleEval


class FormulaError(ValueError):
    """A formula cannot be evaluated: a missing input or a mistake in the rule set (Chinese message)."""


def _to_decimal(node_value: object) -> object:
    return (
        Decimal(str(node_value))
        if isinstance(node_value, int | float) and not isinstance(node_value, bool)
        else node_value
    )


def _names_in(formula: str) -> set[str]:
    """The variable names a formula reads (empty when it does not parse: simpleeval reports that)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def evaluate_formula(formula: str, variables: Mapping[str, Decimal | None]) -> Decimal | None:
    """The formula's value; ``None`` when a denominator is zero (the indicator does not apply).

    Numbers in the formula are read as Decimal, so ``x / y * 100`` never passes through float.
    """
    used = _names_in(formula)
    missing = sorted(name for name, value in variables.items() if value is None and name in used)
    evaluator = SimpleEval(
        names={k: v for k, v in variables.items() if v is not None},
        functions={"abs": abs, "min": min, "max": max},
    )
    # literal numbers → Decimal; no attribute access at all (``x.as_tuple()``, ``x.__class__``) and
    # no subscripts: a formula is arithmetic over named inputs, nothing else
    nodes = {**evaluator.nodes, ast.Constant: lambda node: _to_decimal(node.value)}
    nodes.pop(ast.Attribute, None)
    nodes.pop(ast.Subscript, None)
    evaluator.nodes = nodes
    try:
        result = evaluator.eval(formula)
    except (ZeroDivisionError, DivisionByZero):
        return None
    except InvalidOperation:
        return None
    except InvalidExpression as exc:
        if missing:
            raise FormulaError(f"缺少输入：{'、'.join(missing)}") from None
        raise FormulaError(f"规则公式“{formula}”无法计算：{exc}") from None
    except (SyntaxError, TypeError) as exc:
        raise FormulaError(f"规则公式“{formula}”有误：{exc}") from None
    if not isinstance(result, Decimal):
        result = _to_decimal(result)
    if not isinstance(result, Decimal):
        raise FormulaError(f"规则公式“{formula}”的结果不是数字")
    return result
