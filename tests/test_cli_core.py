"""The core commands: ``schema``, ``score`` with formulas, ``check --format json`` in the design's shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

ROOT = Path(__file__).resolve().parent.parent
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
WIDE = {"COLUMNS": "250"}

EVALUATION = """\
department: 衡阳市雁峰区信访局
year: 2024
budget:
  total: {initial: 230.52, adjusted: 303.55, executed: 303.06, rate: 99.83%}
indicators:
  - {name: 预算执行率, weight: 10, score: 9}
  - name: 产出指标
    weight: 50
    children:
      - {name: 信访事项, target: "≥50个", actual: "45个", weight: 30, score: 27}
      - {name: 办理成本, target: "≤90万元", actual: "95万元", weight: 20, score: 20}
  - name: 效益指标
    weight: 30
    children:
      - {name: 社会效益, band: 达成年度指标, weight: 30, score: 28}
  - name: 满意度指标
    weight: 10
    children:
      - {name: 群众满意度, target: "≥90%", actual: "99.41%", weight: 10, score: 10}
declared: {total_score: 94, grade: 优}
"""


@pytest.fixture
def evaluation_file(tmp_path: Path) -> Path:
    path = tmp_path / "yanfeng.yaml"
    path.write_text(EVALUATION, encoding="utf-8")
    return path


JSON_TYPES = {"object", "array", "string", "number", "integer", "boolean", "null"}


def _walk(node: object) -> list[dict[str, object]]:
    """Every schema object inside a JSON Schema document."""
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value))
    return found


def test_schema_is_valid_json_schema_of_an_evaluation() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    # the model is recursive (a department holds its projects' evaluations): the root is a $ref
    assert schema["$ref"] == "#/$defs/Evaluation"
    defs = schema["$defs"]
    evaluation = defs["Evaluation"]
    assert evaluation["type"] == "object"
    assert evaluation["additionalProperties"] is False
    for key in ("department", "year", "budget", "indicators", "declared", "narrative", "rates", "projects"):
        assert key in evaluation["properties"], key
    assert set(evaluation["required"]) == {"department", "year"}
    assert evaluation["properties"]["projects"]["items"] == {"$ref": "#/$defs/Evaluation"}
    assert defs["Indicator"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Indicator"}
    # well formed: every $ref resolves, every type is a JSON Schema type, required names exist
    for node in _walk(schema):
        ref = node.get("$ref")
        if isinstance(ref, str):
            assert ref.startswith("#/$defs/")
            assert ref.removeprefix("#/$defs/") in defs, ref
        kind = node.get("type")
        if isinstance(kind, str):
            assert kind in JSON_TYPES, kind
        required = node.get("required")
        if isinstance(required, list):
            properties = node.get("properties")
            assert isinstance(properties, dict)
            assert set(required) <= set(properties)


def test_score_shows_each_formula_with_its_inputs(evaluation_file: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(evaluation_file)], env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "303.06 ÷ 303.55 = 99.8386%" in out
    assert "9.98" in out
    assert "45 × 30 ÷ 50 = 27" in out  # multiplied before dividing, exactly
    assert "(2 × 90 − 95) × 20 ÷ 90 ≈ 18.888889 → 18.89" in out
    assert "[24, 30]" in out  # the qualitative band's interval
    assert "按规则总分" in out
    assert "申报总分 94" in out


def test_score_json(evaluation_file: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(evaluation_file), "--format", "json"])
    assert result.exit_code == 0
    card = json.loads(result.output)
    assert card["ruleset"] == "cz2020-self"
    lines = {line["name"]: line for line in card["lines"]}
    assert lines["预算执行率"]["computed"] == "9.98"
    assert lines["办理成本"]["computed"] == "18.89"
    assert lines["社会效益"]["band"] == ["24.00", "30.00"]
    assert Decimal(card["total"]) == Decimal("9.98") + 27 + Decimal("18.89") + 28 + 10


def test_check_json_has_the_designed_shape(evaluation_file: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(evaluation_file), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert set(data) == {"file", "evaluation", "score", "issues"}
    assert data["file"] == str(evaluation_file)
    assert data["evaluation"]["department"] == "衡阳市雁峰区信访局"
    assert data["evaluation"]["budget"]["total"]["executed"] == "303.06"  # a decimal string, not a float
    assert data["score"]["ruleset"] == "cz2020-self"
    assert data["score"]["declared_total"] == "94"
    required = {"code", "severity", "path", "span", "line", "message", "expected", "found", "hint"}
    for issue in data["issues"]:
        assert required <= set(issue), issue
        assert issue["severity"] in {"error", "warning", "info"}
    assert (result.exit_code == 1) == any(i["severity"] == "error" for i in data["issues"])


def test_check_json_of_unreadable_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("department: x\nyear: 2024\nbudget:\n  total: {initial: -1}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["evaluation"] is None
    assert data["score"] is None
    [issue] = data["issues"]
    assert (issue["code"], issue["line"], issue["path"]) == ("INP010", 4, "budget.total.initial")


def test_rulesets_lists_the_shipped_ones() -> None:
    result = CliRunner().invoke(app, ["rulesets"])
    assert result.exit_code == 0
    for ruleset in ("cz2020-self", "cz2013-dept", "hn-dept-2015"):
        assert ruleset in result.output


def test_real_executable_on_bad_input(tmp_path: Path) -> None:
    """One real process: the installed entry point, a negative amount, exit 2, no traceback."""
    if not JIXIAO.exists():
        pytest.fail(f"{JIXIAO} is missing: run `make run` (or pip install -e .) first")
    path = tmp_path / "negative.yaml"
    path.write_text("department: x\nyear: 2024\nbudget:\n  total: {executed: -303.06}\n", encoding="utf-8")
    completed = subprocess.run(
        [str(JIXIAO), "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output
    assert "Traceback" not in output
    assert f"{path}:4: [INP010]" in output
    assert "不能为负数" in output


def test_module_entry_point_on_good_input(evaluation_file: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "score", str(evaluation_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "250"},
    )
    assert completed.returncode == 0, completed.stderr
    assert "9.98" in completed.stdout


# a published self-evaluation table of which only the execution-rate line and one indicator were read
PARTIAL_TABLE = """甲局2024年度项目支出绩效自评表
项目名称 | 信访维稳经费
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 50 | 50 | 30 | 10 | 60% | 6
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 接待来访人次 | ≥100人次 | 120人次 | 20 | 20
"""


def test_check_says_the_total_is_not_computable_when_indicators_cover_part(tmp_path: Path) -> None:
    """Indicators read cover 30 of 100 points: no total and no grade, and the text and JSON say why."""
    path = tmp_path / "partial.txt"
    path.write_text(PARTIAL_TABLE, encoding="utf-8")
    text = CliRunner().invoke(app, ["check", str(path)], env=WIDE)
    assert "按规则得分无法计算（已读取的指标仅覆盖 30/100 分）" in text.output
    assert "（优）" not in text.output
    assert "（差）" not in text.output
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    score = json.loads(result.output)["score"]
    assert score["total"] is None
    assert score["grade"] is None
    assert score["not_computable"] == "无法计算（已读取的指标仅覆盖 30/100 分）"
    assert (score["covered_weight"], score["full_weight"]) == ("30", "100")
