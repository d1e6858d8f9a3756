"""The dev corpus of real published excerpts: the accuracy the extractor reaches (benchmark code)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "extract_accuracy", ROOT / "benchmarks" / "extract_accuracy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_accuracy_thresholds(corpus_dir: Path) -> None:
    report = load_benchmark().measure(corpus_dir)
    summary = report["summary"]
    assert summary["documents"] >= 20
    assert summary["amounts"]["precision"] >= 0.97
    assert summary["amounts"]["recall"] >= 0.95
    assert summary["rates"]["recall"] >= 0.85
    assert summary["year"]["precision"] >= 0.95
    assert summary["total_score"]["recall"] == 1.0
    assert summary["department"]["precision"] >= 0.9
    assert summary["department"]["recall"] >= 0.85
    assert summary["year"]["recall"] >= 0.95
    assert summary["indicators"]["precision"] >= 0.95
    assert summary["indicators"]["recall"] >= 0.45
    assert summary["inconsistencies"]["found"] >= 8
    # 4 today: two of them are 019's rule deviations (9 declared where the proportional rule gives 8.62, for
    # the execution rate and for the same figures in its table) that the truth counts as whole-number rounding
    assert summary["inconsistencies"]["unmatched_alarms"] <= 4
    assert not [row["doc"] for row in report["documents"] if "error" in row]
