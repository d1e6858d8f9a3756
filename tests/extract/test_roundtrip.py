"""Round trip: every example rendered to .docx and .pdf and extracted back keeps its primary figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.extract import extract_file
from jixiao.io import load

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
PRIMARY = ("initial", "adjusted", "executed")


def primary(evaluation: object) -> dict[str, object]:
    budget = evaluation.budget  # type: ignore[attr-defined]
    found: dict[str, object] = {}
    for name in ("basic", "project"):
        line = getattr(budget, name)
        for column in PRIMARY if line is not None else ():
            if getattr(line, column) is not None:
                found[f"{name}.{column}"] = getattr(line, column)
    if budget.basic is not None and budget.basic.personnel is not None:
        found["personnel.executed"] = budget.basic.personnel.executed
    return found


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("target", ["docx", "pdf"])
def test_render_then_extract_gives_the_primary_figures(tmp_path: Path, example: Path, target: str) -> None:
    original, issues = load(example)
    assert original is not None, issues
    output = tmp_path / f"report.{target}"
    done = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "render", str(example), "--to", target, "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert output.is_file(), done.stdout + done.stderr
    extracted, _ = extract_file(output)
    assert extracted is not None
    expected = primary(original)
    assert expected, "the example states no budget lines"
    assert primary(extracted) == expected
    assert extracted.year == original.year
