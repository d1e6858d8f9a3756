"""The registry: codes are unique, a crashing check becomes ENG001 and the others still run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jixiao.checks import registry
from jixiao.checks.registry import DuplicateCheckError, check
from jixiao.figures import derive
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation
from jixiao.pipeline import evaluate_model
from jixiao.rules import load_ruleset
from jixiao.scoring import score


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


def test_a_derived_view_is_made_once_per_context(monkeypatch: pytest.MonkeyPatch) -> None:
    # Context.derived: the checks that read one view of the document (score forms, grids, sentences,
    # numbered headings, leaves) share it; a new context (the next document) makes it again
    made: list[int] = []

    def view(ctx: registry.Context) -> list[int]:
        made.append(1)
        return [len(made)]

    seen: list[list[int]] = []

    def reader(ctx: registry.Context) -> Iterator[Issue]:
        seen.append(ctx.derived(view))
        yield from ()

    for code in ("ZZZ997", "ZZZ998"):
        monkeypatch.setitem(
            registry.REGISTRY, code, registry.CheckInfo(code, code, "test", Severity.INFO, reader)
        )
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    evaluation = Evaluation(department="测试局", year=2024)
    evaluate_model(evaluation, ruleset)
    assert made == [1]
    assert seen == [[1], [1]]
    assert seen[0] is seen[1]
    evaluate_model(evaluation, ruleset)
    assert made == [1, 1]
    assert seen[2] == [2]


def test_a_derived_view_that_raises_raises_for_every_check() -> None:
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    evaluation = Evaluation(department="测试局", year=2024)
    ctx = registry.Context(evaluation, derive(evaluation), score(evaluation, ruleset)[0], ruleset)
    calls: list[int] = []

    def broken(ctx: registry.Context) -> int:
        calls.append(1)
        raise ValueError("x")

    for _ in range(2):
        with pytest.raises(ValueError, match="x"):
            ctx.derived(broken)
    assert calls == [1, 1]
