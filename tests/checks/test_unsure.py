"""A figure read by OCR below the confidence threshold is never the sole basis of an error (jixiao.unsure)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.intake import load
from jixiao.model import Evaluation, Span, StatedFigure
from jixiao.pipeline import evaluate_model
from jixiao.rules import load_ruleset
from jixiao.unsure import TRUST

SEED_YAML = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-2024.yaml"


def seed() -> Evaluation:
    evaluation, _ = load(SEED_YAML)
    assert evaluation is not None
    return evaluation


def errors(evaluation: Evaluation) -> dict[str, str]:
    rules, _ = load_ruleset(evaluation.ruleset)
    assert rules is not None
    result = evaluate_model(evaluation, rules)
    return {f"{i.code} {i.path}": i.severity.value for i in result.issues if i.code in {"BUD001", "BUD003"}}


def test_an_error_on_an_unsure_figure_becomes_a_warning_that_says_ocr_read_it() -> None:
    plain = errors(seed())
    assert plain == {"BUD001 budget.total.executed": "error", "BUD003 budget.basic.public.share": "error"}
    evaluation = seed()
    # budget.total.executed read by OCR at 0.62: the sum check on it (its own path) may not be an error
    evaluation.spans["budget.total.executed"] = Span(start=10, end=16, page=3, confidence=0.62)
    softened = errors(evaluation)
    assert softened["BUD001 budget.total.executed"] == "warning"
    assert softened["BUD003 budget.basic.public.share"] == "error"  # rests on other figures
    rules, _ = load_ruleset(evaluation.ruleset)
    assert rules is not None
    [issue] = [i for i in evaluate_model(evaluation, rules).issues if i.code == "BUD001"]
    assert "文字识别（OCR）" in issue.message
    assert "第 3 页" in issue.message
    assert "0.62" in issue.message


def test_a_sure_figure_changes_nothing_and_a_cited_unsure_number_softens() -> None:
    evaluation = seed()
    evaluation.spans["budget.total.executed"] = Span(start=10, end=16, page=3, confidence=TRUST + 0.05)
    assert set(errors(evaluation).values()) == {"error"}
    # the share check cites 13.82: a stated figure of that value read unsurely softens it
    evaluation.stated.append(
        StatedFigure(
            kind="amount",
            label="日常公用经费",
            value=Decimal("13.82"),
            unit="万元",
            span=(500, 505),
            line=9,
            page=2,
            confidence=0.41,
        )
    )
    assert errors(evaluation)["BUD003 budget.basic.public.share"] == "warning"
