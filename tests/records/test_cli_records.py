"""``jixiao records xinfang``: the measures with k/n, the exit codes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

REGISTER = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-register-2024.xlsx"


def test_the_example_register_prints_every_measure_and_exits_clean() -> None:
    done = CliRunner().invoke(app, ["records", "xinfang", str(REGISTER), "--year", "2024"])
    assert done.exit_code == 0, done.output
    assert "满意率：846/851 = 99.41%" in done.output
    assert "参评率：851/857 = 99.30%" in done.output
    assert "积案化解率：111/125 = 88.80%" in done.output
    assert "第三十四条" in done.output


def test_json_and_another_year() -> None:
    done = CliRunner().invoke(
        app, ["records", "xinfang", str(REGISTER), "--year", "2023", "--format", "json"]
    )
    data = json.loads(done.output)
    assert data["year"] == 2023
    backlog = next(m for m in data["measures"] if m["name"] == "积案化解率")
    assert backlog["k"] == "0"  # none was resolved in 2023
    assert any(p["code"] == "REC014" for p in data["problems"])  # 2024's cases are not 2023's


def test_unreadable_register_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["records", "xinfang", str(tmp_path / "x.csv"), "--year", "2024"])
    assert done.exit_code == 2
    assert "找不到表头" in done.output
