"""The seed department's indicators bound to the example register: computed, compared, and shown as
"由台账计算" with k/n and provenance in the rendered report."""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import evaluate
from jixiao.render import render_result

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-2024-records.yaml"


def test_satisfaction_reproduced_backlog_not() -> None:
    result = evaluate(EXAMPLE)
    assert result.records is not None
    figures = {f.path: f for f in result.records.figures}
    assert (figures["indicators.满意度指标.群众满意度"].k, figures["indicators.满意度指标.群众满意度"].n) == (
        846,
        851,
    )
    assert (figures["rates[1]"].k, figures["rates[1]"].n) == (851, 857)
    assert (figures["rates[0]"].k, figures["rates[0]"].n) == (111, 125)
    found = {(i.code, i.path) for i in result.issues if i.code.startswith(("REC", "RAT"))}
    assert ("REC002", "rates[0].rate") in found  # 88.9 % against 111/125 = 88.80 %
    assert ("RAT001", "rates[0].rate") in found  # and no whole count of 125 gives it
    assert not {(c, p) for c, p in found if c == "REC002" and p != "rates[0].rate"}  # the rest agree
    backlog = next(i for i in result.issues if i.code == "REC002")
    assert "111/125 = 88.8%" in backlog.message
    assert "112/125 = 89.6%" in (backlog.hint or "")


def test_rendered_report_marks_computed_actuals_with_provenance(tmp_path: Path) -> None:
    result = evaluate(EXAMPLE)
    render_result(result, "md", tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "“群众满意度”由台账计算：846/851 = 99.41%" in text
    assert "SHA-256 51d6ef3169c4dd18" in text
    assert "读取 1032 行" in text
