"""Fuzz targets over the parsers of user text: numbers, indicator values (and their scoring), YAML.

``one_input(data)`` feeds one input to the target its first byte chooses. A user's mistake must come back
as the parser's own error (``NumberError``, ``YamlInputError``) or as issues, never as any other exception;
scores must stay within [0, weight]. Used by ``scripts/fuzz.py`` (atheris, coverage-guided, long runs) and
by the suite's short run (``test_fuzz.py``).
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.model import Indicator
from jixiao.numbers import (
    NumberError,
    first_number,
    parse_amount,
    parse_chinese_number,
    parse_decimal,
    parse_percent,
    parse_quantity,
)
from jixiao.rules import load_ruleset
from jixiao.scoring import score_quantitative
from jixiao.values import parse_value, read_indicator
from jixiao.yaml_text import YamlInputError, YamlLimits, parse_yaml_text

MAX_TEXT = 4_096
# small limits keep every input cheap; the bounds themselves are what is exercised
LIMITS = YamlLimits(max_chars=MAX_TEXT, max_nodes=2_000, max_expanded_nodes=5_000, ratio_floor=1_000)
_RULES, _ = load_ruleset("cz2020-self")
assert _RULES is not None
RULES = _RULES


def fuzz_numbers(text: str) -> None:
    for parse in (parse_decimal, parse_amount, parse_percent, parse_quantity, first_number):
        with contextlib.suppress(NumberError):
            parse(text)  # type: ignore[operator]
    parse_chinese_number(text)


def fuzz_values(target: str, actual: str, weight: Decimal) -> None:
    parse_value(target)
    parse_value(actual)
    read_indicator(target, actual, year=2024)
    node = Indicator(name="指标", target=target, actual=actual, weight=weight)
    computed = score_quantitative(node, weight, RULES, 2024).computed
    if computed is not None:
        assert 0 <= computed <= weight, (target, actual, weight, computed)


def fuzz_yaml(text: str) -> None:
    try:
        data, _lines = parse_yaml_text(text, LIMITS)
    except YamlInputError:
        return
    if isinstance(data, dict):
        data.setdefault("department", "测试局")
        data.setdefault("year", 2024)
    build_evaluation(data, {}, file="fuzz.yaml", fmt="yaml")


WEIGHTS = [Decimal(w) for w in ("10", "4.5", "3", "0.5", "100", "0")]


def one_input(data: bytes) -> None:
    """One fuzz input: byte 0 chooses the target, the rest is UTF-8 text (invalid bytes replaced)."""
    if not data:
        return
    choice, body = data[0] % 3, data[1 : MAX_TEXT + 1].decode("utf-8", errors="replace")
    if choice == 0:
        fuzz_numbers(body)
    elif choice == 1:
        target, _, actual = body.partition("|")
        fuzz_values(target, actual, WEIGHTS[len(data) % len(WEIGHTS)])
    else:
        fuzz_yaml(body)
