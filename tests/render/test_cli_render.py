"""``jixiao render`` end to end: corrections printed, files written, --strict respected."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.render import render_result

DEPT_YAML = Path(__file__).resolve().parent / "dept.yaml"
runner = CliRunner()


@pytest.mark.parametrize("to", ["docx", "xlsx", "html", "md"])
def test_render_prints_corrections_and_writes(tmp_path: Path, to: str) -> None:
    out = tmp_path / "sub" / f"报告.{to}"
    result = runner.invoke(app, ["render", str(DEPT_YAML), "--to", to, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已更正：部门预算合计全年执行数：原为 303.06万元，报告采用 303.55万元" in result.output
    assert f"已生成 {out}" in result.output
    assert out.stat().st_size > 0


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("department: [\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(bad), "--to", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.md").exists()


def test_render_result_returns_the_notes(tmp_path: Path, dept_result) -> None:
    notes = render_result(dept_result, "md", tmp_path / "r.md")
    assert "维稳工作得分：原为 12分，报告采用 10分（不得超过分值）" in notes
