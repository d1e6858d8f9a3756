"""Every check, from its YAML cases: inputs that must fire (code, place, expected/found) and inputs that must
stay quiet. A case's ``input`` is the body of an evaluation; department and year are filled in. A case's
``text`` is instead a published report's text, read by the intake (its Document and facts reach the checks
of relations among figures); its expectations name the ``line`` of the finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.checks.registry import EMITTED_BY, REGISTRY
from jixiao.inputs.facts import read_facts
from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.intake import read_text
from jixiao.issues import Issue
from jixiao.pipeline import evaluate_model
from jixiao.rules import load_ruleset

CASES = Path(__file__).parent / "cases"


def _load_cases() -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fire", "quiet"):
            for case in data.get(kind, []):
                found.append((path.stem, kind, case["name"], case))
    return found


ALL_CASES = _load_cases()


def run_case(case: dict[str, Any]) -> list[Issue]:
    ref = case.get("ruleset")
    if ref and ref.endswith(".yaml"):  # a test rule set beside the cases
        ref = str(CASES.parent / ref)
    ruleset, rule_issues = load_ruleset(ref)
    assert ruleset is not None, rule_issues
    if "text" in case:
        report, _issues, document = read_text(case["text"], "case.yaml")
        facts = read_facts(document)
        return evaluate_model(report, ruleset, "case.yaml", document=document, facts=facts).issues
    data = {"department": "测试局", "year": 2024, **case["input"]}
    evaluation, issues = build_evaluation(data, {}, file="case.yaml", fmt="yaml")
    assert evaluation is not None, [i.message for i in issues]
    return evaluate_model(evaluation, ruleset, "case.yaml").issues


@pytest.mark.parametrize(
    ("code", "kind", "name", "case"), ALL_CASES, ids=[f"{c}-{k}-{n}" for c, k, n, _ in ALL_CASES]
)
def test_case(code: str, kind: str, name: str, case: dict[str, Any]) -> None:
    issues = run_case(case)
    mine = [i for i in issues if i.code == code]
    assert not [i for i in issues if i.code == "ENG001"], "a check crashed"
    if kind == "quiet":
        assert mine == [], [i.one_line() for i in mine]
        return
    assert len(mine) == len(case["expect"]), [i.one_line() for i in mine]
    for expected in case["expect"]:
        matches = [
            i
            for i in mine
            if ("path" not in expected or i.path == expected["path"])
            and ("line" not in expected or i.line == expected["line"])
            and i.severity.value == expected["severity"]
            and all(getattr(i, key) == str(expected[key]) for key in ("expected", "found") if key in expected)
        ]
        assert matches, (
            f"no {code} issue like {expected}; got {[(i.path, i.severity, i.found) for i in mine]}"
        )
        assert all(i.message and i.file == "case.yaml" for i in matches)


def test_every_code_has_firing_and_quiet_cases() -> None:
    """A registered check (and every further code it emits) without cases is untested."""
    import jixiao.checks  # noqa: F401

    codes_with = {(code, kind) for code, kind, _, _ in ALL_CASES}
    missing = [
        f"{code}/{kind}"
        for code in EMITTED_BY
        for kind in ("fire", "quiet")
        if (code, kind) not in codes_with
    ]
    assert missing == []
    assert {p.stem for p in CASES.glob("*.yaml")} <= set(EMITTED_BY), "a case file names no registered code"


def test_every_check_documents_itself() -> None:
    """The docstring is the documentation: a summary line and a wrong/right pair."""
    import jixiao.checks  # noqa: F401

    for code, info in REGISTRY.items():
        doc = info.func.__doc__ or ""
        assert info.summary, f"{code} has no summary line"
        assert "Wrong::" in doc, f"{code} lacks a wrong example"
        assert "Right::" in doc, f"{code} lacks a right example"
