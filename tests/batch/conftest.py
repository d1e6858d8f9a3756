"""Fixtures for the batch tests: a folder of small YAML evaluations with varied figures."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.yaml"


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` evaluations with different executed totals, one unreadable YAML, one placeholder."""
    text = SAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        varied = text.replace("executed: 219.09}", f"executed: {200 + i}.5}}")
        path = folder / ("sub" if i % 3 == 0 else ".") / f"dept-{i:03d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(varied, encoding="utf-8")
        files.append(path.resolve())
    bad = folder / "broken.yaml"
    bad.write_text("department: [\n", encoding="utf-8")
    files.append(bad.resolve())
    return files


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    make_corpus(folder, 9)
    return folder
