"""yaml_text: the one bounded YAML/JSON reader — a test per bound, each refused early with a located
Chinese error, and the work done on a bomb counted (never timed)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao import yaml_text
from jixiao.cli import app
from jixiao.intake import load
from jixiao.rules import load_ruleset
from jixiao.yaml_text import SourceDecimal, YamlInputError, YamlLimits, parse_yaml_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The billion-laughs shape: each level a list of ``width`` aliases to the level below."""
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _refused(text: str, limits: YamlLimits = yaml_text.LIMITS) -> YamlInputError:
    with pytest.raises(YamlInputError) as caught:
        parse_yaml_text(text, limits)
    assert CJK.search(str(caught.value)), str(caught.value)
    return caught.value


class _Work:
    """Counts what the reader does: nodes composed, nodes turned into Python values."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.composed = 0
        self.converted = 0
        compose = yaml_text._BoundedLoader.compose_node
        convert = yaml_text._to_python

        def counting_compose(loader: Any, parent: Any, index: Any) -> Any:
            self.composed += 1
            return compose(loader, parent, index)

        def counting_convert(*args: Any) -> Any:
            self.converted += 1
            return convert(*args)

        monkeypatch.setattr(yaml_text._BoundedLoader, "compose_node", counting_compose)
        monkeypatch.setattr(yaml_text, "_to_python", counting_convert)


# --- one test per bound ------------------------------------------------------------------------------


def test_alias_bomb_is_refused_before_any_value_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _bomb()  # ~600 bytes; expanded it would be 9^9 ≈ 387 million values
    assert len(text.encode()) < 700
    work = _Work(monkeypatch)
    error = _refused(text)
    assert error.bound == "expansion"
    assert "别名" in str(error)
    assert error.line is not None
    assert 1 <= error.line <= 9
    assert work.composed < 200  # the written graph only: 9 levels × 10 nodes
    assert work.converted == 0  # not one Python value made


def test_expansion_ratio_refuses_a_modest_bomb_under_the_absolute_cap() -> None:
    text = _bomb(levels=5, width=9)  # 9^5 ≈ 59,000 values from 50 written: far under 500,000, ratio ~1,000
    error = _refused(text)
    assert error.bound == "expansion"
    assert "倍" in str(error)


def test_aliases_within_the_ratio_are_expanded() -> None:
    data, lines = parse_yaml_text("base: &b {weight: 10, unit: 个}\nfirst: *b\nsecond: *b\n")
    assert data["first"] == data["second"] == {"weight": 10, "unit": "个"}
    assert lines["second"] == 3


def test_alias_count_is_bounded() -> None:
    text = "a: &a x\nlist: [" + ", ".join(["*a"] * 50) + "]\n"
    error = _refused(text, YamlLimits(max_aliases=20))
    assert error.bound == "aliases"
    assert error.line == 2


def test_recursive_alias_is_refused() -> None:
    error = _refused("a: &a [1, *a]\n")
    assert error.bound == "aliases"
    assert "循环" in str(error)


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_nesting_depth_is_bounded(shape: str) -> None:
    if shape == "flow":
        text = "a: " + "[" * 1000 + "]" * 1000 + "\n"  # raised RecursionError before
    else:
        text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    error = _refused(text)
    assert error.bound == "depth"
    assert "层" in str(error)
    assert error.line is not None


def test_aliases_cannot_stack_depth_beyond_the_bound() -> None:
    # each level is 10 deep as written, but refers to the level below: expanded depth 10 × 8 = 80
    lines = ["l0: &l0 " + "[" * 9 + "x" + "]" * 9]
    for i in range(1, 8):
        lines.append(f"l{i}: &l{i} " + "[" * 9 + f"*l{i - 1}" + "]" * 9)
    error = _refused("\n".join(lines) + "\n")
    assert error.bound == "depth"


def test_node_count_is_bounded() -> None:
    text = "a: [" + ", ".join(["1"] * 500) + "]\n"
    error = _refused(text, YamlLimits(max_nodes=100))
    assert error.bound == "nodes"


def test_size_is_bounded_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    work = _Work(monkeypatch)
    error = _refused("a: " + "x" * 2_000 + "\n", YamlLimits(max_chars=1_000))
    assert error.bound == "size"
    assert work.composed == 0


def test_scalar_length_is_bounded() -> None:
    error = _refused("a: short\nb: " + "长" * 3_000 + "\n", YamlLimits(max_scalar_chars=1_000))
    assert error.bound == "scalar"
    assert error.line == 2


@pytest.mark.parametrize(
    "number",
    ["1.0e+999999", "1.0e+31", "1.0e-31", "1." + "1" * 60, "1" + "0" * 50],
)
def test_number_magnitude_and_digits_are_bounded(number: str) -> None:
    error = _refused(f"department: x\nweight: {number}\n")
    assert error.bound == "number"
    assert error.line == 2


def test_numbers_inside_the_bounds_keep_their_digits() -> None:
    data, _ = parse_yaml_text("a: 1.0e+29\nb: 140.60\nc: 1_000\nd: 0.000\n")
    assert data["a"] == Decimal("1.0e+29")
    assert isinstance(data["b"], SourceDecimal)
    assert str(data["b"]) == "140.60"
    assert data["c"] == 1000
    assert data["d"] == 0


def test_a_second_document_is_said_in_chinese() -> None:
    error = _refused("a: 1\n---\nb: 2\n")
    assert error.bound is None
    assert "一个文档" in str(error)


# --- every reader uses it ----------------------------------------------------------------------------


def test_evaluation_file_bomb_is_inp005_and_cli_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("department: x\nyear: 2024\n" + _bomb(), encoding="utf-8")
    evaluation, issues = load(path)
    assert evaluation is None
    [issue] = issues
    assert issue.code == "INP005"
    assert issue.file == str(path)
    assert issue.line is not None
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "INP005" in result.output
    assert "别名" in result.output


def test_json_evaluation_goes_through_the_same_bounds(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    nested = "[" * 1000 + "]" * 1000
    path.write_text('{"department": "x", "year": 2024, "n": ' + nested + "}", encoding="utf-8")
    _, [issue] = load(path)
    assert issue.code == "INP005"
    assert "层" in issue.message


def test_rule_set_bomb_is_a_located_rule_set_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb-rules.yaml"
    path.write_text("id: bomb\nextends: cz2020-self\n" + _bomb(), encoding="utf-8")
    ruleset, [issue] = load_ruleset(str(path))
    assert ruleset is None
    assert issue.code == "RUL001"
    assert "别名" in issue.message
    assert issue.line is not None


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("weight: 1e400", "科学计数法"),  # YAML 1.1 reads 1e400 as text: it became weight 1
        ("weight: '9' ", None),
        ("score: " + "9" * 60, "位数过多"),
    ],
)
def test_indicator_numbers_are_bounded(tmp_path: Path, field: str, message: str | None) -> None:
    path = tmp_path / "weights.yaml"
    path.write_text(
        f"department: x\nyear: 2024\nindicators:\n  - name: 产出指标\n    {field}\n", encoding="utf-8"
    )
    evaluation, issues = load(path)
    if message is None:
        assert issues == []
        assert evaluation is not None
        assert evaluation.indicators[0].weight == 9
        return
    assert evaluation is None
    [issue] = issues
    assert issue.line == 5
    assert message in issue.message


@pytest.mark.parametrize(
    "amount",
    ["'1.0e+999999'", "'1.0e+999999元'", "1.0e+999999"],
)
def test_huge_amounts_are_refused_not_crashed(tmp_path: Path, amount: str) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(
        f"department: x\nyear: 2024\nbudget:\n  total: {{adjusted: 100, executed: {amount}}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert ":4:" in result.output


def test_a_control_character_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    error = _refused("department: x\x01\n")  # found by fuzzing: PyYAML's reader raised outside the guard
    assert error.bound is None
    assert "控制字符" in str(error)
    path = tmp_path / "control.yaml"
    path.write_text("department: 测试局\nyear: 2024\nnote: a\x1fb\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "INP003" in result.output
