"""No name or ID number of a register reaches anything jixiao keeps or shows: the records outcome, the
check output (text and JSON), the register report, a rendered report, the log — even when a name or an
ID number stands in a column jixiao does read (a register whose columns slipped)."""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.pipeline import evaluate

from .helpers import write_xlsx

NAMES = ("王小明", "李秀英", "赵建国")
IDS = ("999999199001011234", "99999919851212567X", "999999200002029876")
PHONE = "19912345678"
HEADER = [
    "编号",
    "信访人姓名",
    "身份证号码",
    "联系电话",
    "渠道",
    "登记日期",
    "是否受理",
    "受理日期",
    "办结日期",
    "评价",
]
SECRETS = (*NAMES, *IDS, PHONE)


def register(tmp_path: Path) -> Path:
    rows = [
        ["A1", NAMES[0], IDS[0], PHONE, "来信", "2024-03-01", "是", "2024-03-05", "2024-04-01", "满意"],
        ["A2", NAMES[1], IDS[1], PHONE, "网上", "2024-04-01", "是", "2024-04-03", "2024-05-01", "不满意"],
        # a row whose columns slipped: a name where the channel goes, an ID number where a date goes
        ["A3", NAMES[2], IDS[2], PHONE, NAMES[2], IDS[2], "是", "2024-05-03", "2024-05-20", NAMES[2]],
    ]
    return write_xlsx(tmp_path / "台账.xlsx", HEADER, rows)


def evaluation(tmp_path: Path) -> Path:
    register(tmp_path)
    path = tmp_path / "自评.yaml"
    path.write_text(
        "department: 测试信访局\nyear: 2024\n"
        "records: [{name: 信访台账, kind: xinfang, file: 台账.xlsx}]\n"
        "indicators:\n"
        "  - {name: 满意度指标, weight: 10, score: 10, children: [{name: 群众满意度, target: ≥90%,"
        " actual: 95%, weight: 10, score: 10, computed: {source: 信访台账, formula: 满意率}}]}\n"
        "rates: [{label: 参评率, base: 2, rate: 100%, computed: {source: 信访台账, formula: 参评率}}]\n",
        encoding="utf-8",
    )
    return path


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_the_outcome_and_every_issue_hold_no_personal_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = evaluate(evaluation(tmp_path))
    assert result.records is not None
    figure = result.records.figure("indicators.满意度指标.群众满意度")
    assert figure is not None
    assert (figure.k, figure.n) == (1, 2)
    codes = {issue.code for issue in result.issues}
    assert {"REC010", "REC013", "REC015"} <= codes  # the slipped cells are reported, by place only
    assert_clean(result.records.model_dump_json())
    assert_clean(json.dumps([issue.model_dump(mode="json") for issue in result.issues], ensure_ascii=False))
    assert_clean(pickle.dumps(result.records).decode("latin-1"))
    assert_clean(caplog.text)


def test_cli_output_text_and_json_hold_no_personal_data(tmp_path: Path) -> None:
    runner = CliRunner()
    path = evaluation(tmp_path)
    for args in (["check", str(path)], ["check", str(path), "--format", "json"]):
        done = runner.invoke(app, args)
        assert "REC015" in done.output or "personal" in done.output or "身份证号码" in done.output
        assert_clean(done.output)
    for extra in ([], ["--format", "json"]):
        done = runner.invoke(
            app, ["records", "xinfang", str(tmp_path / "台账.xlsx"), "--year", "2024", *extra]
        )
        assert done.exit_code == 1
        assert "身份证号码" in done.output  # the ignored columns are named …
        assert_clean(done.output)  # … their contents never shown


def test_rendered_reports_hold_no_personal_data(tmp_path: Path) -> None:
    runner = CliRunner()
    path = evaluation(tmp_path)
    for target in ("md", "html"):
        out = tmp_path / f"report.{target}"
        done = runner.invoke(app, ["render", str(path), "--to", target, "-o", str(out)])
        assert out.is_file(), done.output
        assert_clean(out.read_text(encoding="utf-8"))
        assert_clean(done.output)


def test_the_check_can_fail(tmp_path: Path) -> None:
    # the same scan finds a name where one is: assert_clean is not vacuous
    with pytest.raises(AssertionError):
        assert_clean(f"第 3 行：{NAMES[2]}")
