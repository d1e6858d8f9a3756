"""Fixtures of the renderer tests: a department fixture with deliberate slips, and its view."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jixiao.pipeline import Result, evaluate
from jixiao.report import ReportView, report_view

HERE = Path(__file__).resolve().parent
DEPT_YAML = HERE / "dept.yaml"


@pytest.fixture(scope="session")
def dept_data() -> dict:
    """The fixture's plain data, to derive expected figures independently of the code under test."""
    return yaml.safe_load(DEPT_YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dept_result() -> Result:
    result = evaluate(DEPT_YAML)
    assert result.readable
    return result


@pytest.fixture(scope="session")
def dept_view(dept_result: Result) -> ReportView:
    return report_view(dept_result)
