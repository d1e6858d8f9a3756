"""The registry: codes are unique, a crashing check becomes ENG001 and the others still run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jixiao.checks import registry
from jixiao.checks.registry import DuplicateCheckError, check
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation
from jixiao.pipeline import evaluate_model
from jixiao.rules import load_ruleset


def test_duplicate_code_fails_at_registration() -> None:
    with pytest.raises(DuplicateCheckError):

        @check("BUD001", name="dup", group="budget")
        def dup(ctx: registry.Context) -> Iterator[Issue]:  # pragma: no cover - never registered
            yield from ()


def test_crashing_check_becomes_eng001(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: registry.Context) -> Iterator[Issue]:
        raise ZeroDivisionError("division by zero")
        yield  # pragma: no cover

    info = registry.CheckInfo("ZZZ999", "test.boom", "test", Severity.ERROR, boom)
    monkeypatch.setitem(registry.REGISTRY, "ZZZ999", info)
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    evaluation = Evaluation(department="测试局", year=2024, declared={"total_score": 102})
    issues = evaluate_model(evaluation, ruleset).issues
    codes = [i.code for i in issues]
    assert "ENG001" in codes
    assert "SCO009" in codes  # the other checks still ran
    eng = next(i for i in issues if i.code == "ENG001")
    assert "ZZZ999" in eng.message
    assert eng.severity == Severity.ERROR


def test_ruleset_can_exclude_and_reseverity(tmp_path) -> None:  # type: ignore[no-untyped-def]
    local = tmp_path / "local.yaml"
    local.write_text(
        "id: local-test\nname: 测试\nextends: cz2020-self\n"
        "checks:\n  exclude: [SCO009]\n  severity: {SCO004: warning}\n",
        encoding="utf-8",
    )
    ruleset, issues = load_ruleset(str(local))
    assert ruleset is not None, issues
    evaluation = Evaluation(
        department="测试局",
        year=2024,
        declared={"total_score": 102},
        indicators=[{"name": "预算执行率", "score": 9}],
    )
    found = evaluate_model(evaluation, ruleset).issues
    assert "SCO009" not in [i.code for i in found]
    sco004 = [i for i in found if i.code == "SCO004"]
    assert sco004
    assert sco004[0].severity == Severity.WARNING
