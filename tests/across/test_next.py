"""``jixiao next`` on every example: the same tree and targets, last year's figures beside them, budget
figures empty, fixed narrative kept; the file loads back to the same evaluation and checks without a crash."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.across.compare import compare
from jixiao.across.next_year import next_evaluation
from jixiao.cli import app
from jixiao.inputs.structured.writer import evaluation_to_yaml
from jixiao.inputs.structured.yaml_io import load_yaml
from jixiao.model import walk_indicators
from jixiao.pipeline import evaluate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("name", NAMES)
def test_next_round_trip(name: str, tmp_path: Path) -> None:
    this = evaluate(EXAMPLES / name)
    assert this.evaluation is not None
    assert this.scorecard is not None
    following = next_evaluation(this.evaluation, this.scorecard, this.ruleset)
    path = tmp_path / "next.yaml"
    path.write_text(evaluation_to_yaml(following), encoding="utf-8")
    loaded, issues = load_yaml(path)
    assert loaded is not None, [i.one_line() for i in issues]
    assert loaded.model_dump(exclude={"spans", "source"}) == following.model_dump(exclude={"spans", "source"})

    assert loaded.year == this.evaluation.year + 1
    old = walk_indicators(this.evaluation.indicators)
    new = walk_indicators(loaded.indicators)
    assert [(p, n.target, n.weight) for p, n, _ in new] == [(p, n.target, n.weight) for p, n, _ in old]
    for (path_, before, _), (_, after, _) in zip(old, new, strict=True):
        assert after.actual is None
        assert after.score is None
        if before.actual is not None or before.score is not None:
            assert after.prior is not None
            assert (after.prior.actual, after.prior.score) == (before.actual, before.score)
            assert after.prior.rule_score == this.scorecard.line(path_).computed
    for line in (loaded.budget.total, loaded.budget.basic, loaded.budget.project):
        if line is not None:
            assert (line.initial, line.adjusted, line.executed) == (None, None, None)
    assert loaded.narrative.functions == this.evaluation.narrative.functions
    assert loaded.narrative.problems == []
    assert loaded.declared.total_score is None
    record = loaded.history[0]
    assert record.year == this.evaluation.year
    assert record.rule_score == this.scorecard.total
    assert record.budget.total == (
        None
        if this.evaluation.budget.total is None
        else record.budget.total.model_copy(
            update={k: getattr(this.evaluation.budget.total, k) for k in ("initial", "adjusted", "executed")}
        )
    )

    checked = evaluate(path)
    assert checked.readable
    assert not [i for i in checked.issues if i.code == "ENG001"]
    assert not compare(loaded).empty


def test_next_of_next_keeps_the_years_newest_first(tmp_path: Path) -> None:
    this = evaluate(EXAMPLES / "clean-archives-2024.yaml")
    assert this.evaluation is not None
    second = next_evaluation(this.evaluation, this.scorecard, this.ruleset)
    second.budget = this.evaluation.budget.model_copy(deep=True)
    third = next_evaluation(second)
    assert [h.year for h in third.history] == [2025, 2024]
    assert third.narrative.title == "2026年度部门整体支出绩效自评报告"


def test_cli_next_writes_the_file_and_refuses_unreadable_input(tmp_path: Path) -> None:
    runner = CliRunner()
    output = tmp_path / "2025.yaml"
    result = runner.invoke(app, ["next", str(EXAMPLES / "yanfeng-xinfang-2024.yaml"), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "2025年度" in result.output
    assert "prior:" in output.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("department: [\n", encoding="utf-8")
    refused = runner.invoke(app, ["next", str(bad), "-o", str(tmp_path / "never.yaml")])
    assert refused.exit_code == 2
    assert not (tmp_path / "never.yaml").exists()


def test_compare_with_last_years_file_pairs_by_library_id_then_path(tmp_path: Path) -> None:
    this = evaluate(EXAMPLES / "clean-archives-2024.yaml")
    assert this.evaluation is not None
    last = this.evaluation.model_copy(deep=True)
    last.year = 2023
    leaf = last.indicators[1].children[0]
    leaf.name, leaf.library_id, leaf.actual = "档案数字化页数", "archives.digitised-pages", "110000页"
    this.evaluation.indicators[1].children[0].library_id = "archives.digitised-pages"
    last.budget.total.executed = Decimal("480.00")
    found = compare(this.evaluation, this.scorecard, last, None)
    rows = {row.name: row for row in found.indicators}
    assert rows["馆藏档案数字化页数"].last_actual == "110000页"  # paired by id despite the new name
    assert not rows["档案查阅服务人次"].is_new  # paired by path
    total = next(b for b in found.budget if b.label == "部门预算合计")
    assert total.executed_change == Decimal("29.60")
    assert round(total.executed_change_rate or 0, 2) == Decimal("6.17")
    items = [b.label for b in found.budget if b.label.startswith("项目：")]
    assert items == ["项目：馆藏档案数字化", "项目：档案馆运行维护"]


def test_cli_compare(tmp_path: Path) -> None:
    runner = CliRunner()
    output = tmp_path / "2025.yaml"
    runner.invoke(app, ["next", str(EXAMPLES / "clean-archives-2024.yaml"), "-o", str(output)])
    result = runner.invoke(app, ["compare", str(output)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "126000页" in result.output
    assert "509.60" in result.output
    alone = runner.invoke(app, ["compare", str(EXAMPLES / "clean-archives-2024.yaml")])
    assert alone.exit_code == 2
