"""io: YAML input — exact Decimals, amounts with units, and every user mistake as a located Chinese issue."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.inputs.kinds import MAX_INPUT_BYTES
from jixiao.inputs.structured.normalise import split_target
from jixiao.inputs.structured.yaml_io import parse_yaml_text
from jixiao.intake import load
from jixiao.issues import Issue
from jixiao.model import Evaluation
from jixiao.pipeline import evaluate

D = Decimal
CJK = re.compile(r"[\u4e00-\u9fff]")

GOOD = """\
department: 衡阳市雁峰区信访局
year: 2024
budget:
  total: {initial: 230.52, adjusted: 303.55, executed: 303.06, rate: 99.83%}
  basic:
    initial: "881300.39元"
    adjusted: 0.1
    executed: 0.30000000000000004
  project: {initial: 1.2亿元, adjusted: "1,793.46万元", executed: 140.6}
indicators:
  - name: 预算执行率
    weight: 10
    score: 9
  - name: 产出指标
    weight: 50
    children:
      - name: 数量指标
        children:
          - {name: 信访事项, target: "≥50个", actual: "45个", weight: 10, score: 9分}
"""


def _write(tmp_path: Path, text: str, name: str = "eval.yaml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _load_ok(path: Path) -> Evaluation:
    evaluation, issues = load(path)
    assert issues == []
    assert evaluation is not None
    return evaluation


def _load_bad(path: Path) -> Issue:
    evaluation, issues = load(path)
    assert evaluation is None
    [issue] = issues
    assert issue.severity == "error"
    assert issue.file == str(path)
    assert CJK.search(issue.message), issue.message
    assert "Input should" not in issue.message
    return issue


# --- values --------------------------------------------------------------------------------------


def test_good_file_loads_with_exact_decimals(tmp_path: Path) -> None:
    evaluation = _load_ok(_write(tmp_path, GOOD))
    budget = evaluation.budget
    assert budget.total is not None
    assert budget.total.adjusted == D("303.55")
    assert budget.total.rate is not None
    assert budget.total.rate.value == D("99.83")
    assert budget.total.rate.decimals == 2
    assert budget.basic is not None
    assert budget.basic.initial == D("88.130039")  # 881300.39 元 ÷ 10000, exactly
    assert budget.basic.adjusted == D("0.1")
    assert budget.basic.executed == D("0.30000000000000004")  # as written, never through float
    assert budget.basic.adjusted + D("0.2") == D("0.3")
    assert budget.project is not None
    assert budget.project.initial == D(12000)
    assert budget.project.adjusted == D("1793.46")
    leaf = evaluation.indicators[1].children[0].children[0]
    assert (leaf.direction, leaf.target_value, leaf.actual_value, leaf.unit) == (">=", D(50), D(45), "个")
    assert leaf.score == D(9)
    assert evaluation.source is not None
    assert evaluation.source.encoding == "utf-8"
    assert evaluation.source.sha256 is not None


def test_every_value_keeps_its_line(tmp_path: Path) -> None:
    evaluation = _load_ok(_write(tmp_path, GOOD))
    assert evaluation.spans["budget.total"].line == 4
    assert evaluation.spans["indicators.预算执行率.score"].line == 13
    assert evaluation.spans["indicators.产出指标.数量指标.信访事项"].line == 19


def test_amounts_in_yuan_by_declared_unit(tmp_path: Path) -> None:
    text = (
        "department: x\nyear: 2024\nbudget:\n  unit: 元\n  total: {initial: 881300.39, executed: 3035500}\n"
    )
    evaluation = _load_ok(_write(tmp_path, text))
    assert evaluation.budget.total is not None
    assert evaluation.budget.total.initial == D("88.130039")
    assert evaluation.budget.total.executed == D("303.55")


def test_gbk_file_is_read(tmp_path: Path) -> None:
    evaluation = _load_ok(_write(tmp_path, "department: 雁峰区信访局\nyear: 2024\n", encoding="gbk"))
    assert evaluation.department == "雁峰区信访局"
    assert evaluation.source is not None
    assert evaluation.source.encoding == "gb18030"


def test_bom_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "department: 信访局\nyear: 2024\n".encode())
    evaluation = _load_ok(path)
    assert evaluation.department == "信访局"
    assert evaluation.year == 2024


def test_json_input(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '{"department": "信访局", "year": 2024, "budget": {"total": {"executed": 0.1}}}', "e.json"
    )
    evaluation = _load_ok(path)
    assert evaluation.budget.total is not None
    assert evaluation.budget.total.executed == D("0.1")
    assert evaluation.source is not None
    assert evaluation.source.format == "json"


def test_parse_yaml_text_never_makes_floats() -> None:
    data, lines = parse_yaml_text("a: 0.1\nb: [1.50, 2]\nc: 1_000.25\n")
    assert data == {"a": D("0.1"), "b": [D("1.50"), 2], "c": D("1000.25")}
    assert str(data["b"][0]) == "1.50"  # the written decimals survive
    assert lines == {"": 1, "a": 1, "b": 2, "b[0]": 2, "b[1]": 2, "c": 3}


# --- mistakes: each a located Chinese issue -------------------------------------------------------

BAD_CASES = {
    # name: (text, code, line, words the message must contain)
    "malformed": ("department: x\nyear: [2024\n", "INP003", 3, ["YAML 语法错误"]),
    "wrong-type": ("department: x\nyear: 二〇二四\n", "INP010", 2, ["year", "应为整数", "二〇二四"]),
    "negative": (
        "department: x\nyear: 2024\nbudget:\n  total: {initial: -5}\n",
        "INP010",
        4,
        ["budget.total.initial", "不能为负数"],
    ),
    "negative-text": (
        "department: x\nyear: 2024\nbudget:\n  total:\n    executed: '-5万元'\n",
        "INP010",
        5,
        ["budget.total.executed", "不能为负数"],
    ),
    "missing-department": ("year: 2024\n", "INP010", 1, ["department", "缺少必填字段"]),
    "missing-year": ("department: x\nbudget: {}\n", "INP010", 1, ["year", "缺少必填字段"]),
    "unknown-field": ("department: x\nyear: 2024\nfoo: 1\n", "INP010", 3, ["foo", "未知字段"]),
    "nested-unknown": (
        "department: x\nyear: 2024\nbudget:\n  total: {inital: 5}\n",
        "INP010",
        4,
        ["budget.total.inital", "未知字段"],
    ),
    "bad-amount": (
        "department: x\nyear: 2024\nbudget:\n  total: {initial: 约三百}\n",
        "INP010",
        4,
        ["budget.total.initial", "不是金额"],
    ),
    "bad-weight": (
        "department: x\nyear: 2024\nindicators:\n  - name: 产出指标\n    weight: 很多\n",
        "INP010",
        5,
        ["indicators[0].weight", "应为数字", "很多"],
    ),
    "missing-indicator-name": (
        "department: x\nyear: 2024\nindicators:\n  - weight: 10\n",
        "INP010",
        4,
        ["indicators[0].name", "缺少必填字段"],
    ),
    "unknown-unit": (
        "department: x\nyear: 2024\nbudget:\n  unit: 美元\n  total: {initial: 5}\n",
        "INP010",
        4,
        ["budget.unit", "未知的金额单位", "美元"],
    ),
    "unknown-unit-top": ("unit: 千万元\ndepartment: x\nyear: 2024\n", "INP010", 1, ["unit", "千万元"]),
    "duplicate-key": ("department: x\nyear: 2024\nyear: 2025\n", "INP003", 3, ["重复"]),
    "infinite": ("department: x\nyear: 2024\nbudget:\n  total: {initial: .inf}\n", "INP003", 4, ["有限"]),
    "not-a-mapping": ("- a\n- b\n", "INP004", 1, ["department"]),
    "not-an-evaluation": ("version: 3\nservices: {}\n", "INP004", 1, ["不是绩效自评", "version、services"]),
    "bad-percent": (
        "department: x\nyear: 2024\nbudget:\n  total: {rate: 约百分之九十}\n",
        "INP010",
        4,
        ["budget.total.rate", "不是百分数"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_a_located_chinese_issue(tmp_path: Path, case: str) -> None:
    text, code, line, words = BAD_CASES[case]
    issue = _load_bad(_write(tmp_path, text))
    assert issue.code == code
    assert issue.line == line
    for word in words:
        assert word in issue.message, (word, issue.message)


def test_empty_file(tmp_path: Path) -> None:
    issue = _load_bad(_write(tmp_path, ""))
    assert issue.code == "INP004"


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 20)
    issue = _load_bad(path)
    assert issue.code == "INP002"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bytes.yaml"
    path.write_bytes(b"department: \x81\x20\xff\xfe\n")
    issue = _load_bad(path)
    assert issue.code in {"INP002", "INP003"}


def test_60_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: no 60 MB written to disk
        handle.truncate(60 * 1024 * 1024)
    assert path.stat().st_size > MAX_INPUT_BYTES
    issue = _load_bad(path)
    assert issue.code == "INP001"
    assert "过大" in issue.message
    assert "60.0 MB" in issue.message


def test_missing_file(tmp_path: Path) -> None:
    evaluation, [issue] = load(tmp_path / "nope.yaml")
    assert evaluation is None
    assert issue.code == "INP001"


def test_unknown_rule_set_named_in_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "department: x\nyear: 2024\nruleset: cz2099-nope\n")
    result = evaluate(path)
    assert not result.readable
    [issue] = result.issues
    assert issue.code == "RUL002"
    assert issue.file == str(path)
    assert issue.line == 3
    assert issue.path == "ruleset"
    assert "cz2099-nope" in issue.message


# --- through the command line: exit 2, no traceback ------------------------------------------------


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_cli_exits_2_without_traceback(tmp_path: Path, case: str) -> None:
    text, code, line, _ = BAD_CASES[case]
    path = _write(tmp_path, text)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:{line}: [{code}]" in result.output


@pytest.mark.parametrize("command", ["check", "score"])
def test_cli_unreadable_kinds_exit_2(tmp_path: Path, command: str) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 4)
    gbk_bad = _write(tmp_path, "department: 信访局\nyear: 二〇二四\n", "gbk.yaml", encoding="gbk")
    unknown_rules = _write(tmp_path, "department: x\nyear: 2024\nruleset: nope\n", "rules.yaml")
    for path in (junk, gbk_bad, unknown_rules, tmp_path / "missing.yaml"):
        result = CliRunner().invoke(app, [command, str(path)])
        assert result.exit_code == 2, (path, result.output)
        assert "Traceback" not in result.output
        assert str(path) in result.output


def test_cli_unknown_ruleset_option(tmp_path: Path) -> None:
    path = _write(tmp_path, "department: x\nyear: 2024\n")
    result = CliRunner().invoke(app, ["check", str(path), "--ruleset", "nope"])
    assert result.exit_code == 2
    assert "找不到规则集" in result.output


# --- targets as written -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥90%", (">=", D(90), "%")),
        ("≥95.0%", (">=", D("95.0"), "%")),
        ("≥10.10%", (">=", D("10.10"), "%")),
        ("≥１００％", (">=", D(100), "%")),
        ("≥1,550人次", (">=", D(1550), "人次")),
        ("≥1550余人次", (">=", D(1550), "人次")),
        ("≤90万元", ("<=", D(90), "万元")),
        ("≥100.00万元", (">=", D("100.00"), "万元")),
        ("=0起", ("=", D(0), "起")),
        ("100%", (None, D(100), "%")),
        ("不低于95%", (">=", D(95), "%")),
        ("不超过5%", ("<=", D(5), "%")),
        ("＞95%", (">=", D(95), "%")),
        ("按质按量完成", (None, None, None)),
    ],
)
def test_split_target(text: str, expected: tuple[str | None, Decimal | None, str | None]) -> None:
    assert split_target(text) == expected


def test_percent_target_with_decimals_scores_a_fraction_actual(tmp_path: Path) -> None:
    text = (
        "department: x\nyear: 2024\nindicators:\n  - name: 产出指标\n    children:\n"
        "      - {name: 合格率, target: '≥95.0%', actual: '0.76', weight: 10}\n"
    )
    result = evaluate(_write(tmp_path, text))
    assert result.scorecard is not None
    [line] = [line for line in result.scorecard.lines if line.name == "合格率"]
    assert line.computed == D("8.00")  # 76 % of 95 %: the unit is "%", not ".0%"


# --- robustness: any value in any place is data, never a crash -----------------------------------

ODD_VALUES = [None, True, [], {}, [1, 2], {"a": 1}, "", "abc", -1, "-1", 10**30, "％", "≥", 0, "十", "1.5"]


def _value_paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _value_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _value_paths(value, (*prefix, i))
    return found


def test_odd_values_anywhere_never_crash_the_pipeline(tmp_path: Path) -> None:
    base = yaml.safe_load(GOOD)
    path = tmp_path / "odd.yaml"
    tried = 0
    for where in _value_paths(base):
        for value in ODD_VALUES:
            data = copy.deepcopy(base)
            node = data
            for part in where[:-1]:
                node = node[part]
            node[where[-1]] = value
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            result = evaluate(path)  # must not raise
            tried += 1
            if not result.readable:
                assert result.issues, (where, value)
                assert all(issue.file for issue in result.issues), (where, value)
    assert tried > 500


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("department: 甲\nyear: 2024\n  bad: [\n", "缩进有误"),
        ('department: 甲\nyear: 2024\nnarrative: {title: "abc}\n', "不成对"),
        ("department: 甲\n\tyear: 2024\n", "制表符"),
    ],
)
def test_yaml_syntax_problems_are_said_in_chinese(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    evaluation, issues = load(path)
    assert evaluation is None
    assert words in issues[0].message
    assert issues[0].line is not None


def test_a_null_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "null-year.yaml"
    path.write_text("department: 测试局\nyear:\n", encoding="utf-8")
    evaluation, issues = load(path)
    assert evaluation is None
    assert issues[0].line == 2
    assert "年度不能为空" in issues[0].message
