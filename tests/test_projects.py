"""A department evaluation holding its projects' evaluations: each project is scored and checked under
the same rule set, and its issues name the project and point at its lines in the file."""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import evaluate

DEPARTMENT_WITH_PROJECT = """\
department: 测试局
year: 2024
budget:
  total: {initial: 100, adjusted: 100, executed: 100}
projects:
  - department: 测试局
    project: 信访工作经费
    kind: project
    year: 2024
    budget:
      total: {initial: 50, adjusted: 50, executed: 40, rate: 90%}
    indicators:
      - {name: 预算执行率, weight: 10, score: 10}
"""


def test_project_issues_name_the_project_and_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(DEPARTMENT_WITH_PROJECT, encoding="utf-8")
    result = evaluate(path)
    rate = next(i for i in result.issues if i.code == "BUD005")
    assert rate.path == "projects[0].budget.total.rate"
    assert rate.line == 11
    assert rate.message.startswith("项目“信访工作经费”：年度资金总额执行率")
    assert (rate.expected, rate.found) == ("80%", "90%")
    score = next(i for i in result.issues if i.code == "SCO005")
    assert score.path == "projects[0].indicators.预算执行率.score"
    assert score.line == 13
    assert score.expected == "8"


def test_a_clean_department_with_a_wrong_project_has_errors(tmp_path: Path) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(DEPARTMENT_WITH_PROJECT, encoding="utf-8")
    result = evaluate(path)
    assert result.has_errors
    assert all(
        i.path and i.path.startswith("projects[0]") for i in result.issues if i.severity.value == "error"
    )
