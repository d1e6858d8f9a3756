"""rules: the shipped rule sets load, ``extends`` merges, a rule set's mistakes come back as RUL issues."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.rules import RULES_DIR, available, deep_merge, load_ruleset
from jixiao.rules.model import RuleSet

D = Decimal
SHIPPED = ["cz2020-self", "cz2013-dept", "hn-dept-2015"]


def _load(ref: str) -> RuleSet:
    ruleset, issues = load_ruleset(ref)
    assert issues == []
    assert ruleset is not None
    return ruleset


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("ref", SHIPPED)
def test_every_shipped_rule_set_loads_and_weighs_100(ref: str) -> None:
    ruleset = _load(ref)
    assert ruleset.id == ref
    assert sum(cat.weight for cat in ruleset.categories.values()) == ruleset.total_weight == 100
    assert [g.grade for g in ruleset.grades] == ["优", "良", "中", "差"]


def test_available_lists_every_shipped_file() -> None:
    assert sorted(available()) == sorted(SHIPPED)
    assert len(list(RULES_DIR.glob("*.yaml"))) == len(SHIPPED)


def test_default_is_cz2020_self() -> None:
    ruleset = _load("cz2020-self")
    default, _ = load_ruleset(None)
    assert default == ruleset
    weights = {key: cat.weight for key, cat in ruleset.categories.items()}
    assert weights == {"execution": 10, "output": 50, "benefit": 30, "satisfaction": 10}
    assert ruleset.quantitative.reverse == "linear_to_zero_at_2x"
    assert ruleset.tolerance.score_exact == D("0.01")
    assert ruleset.tolerance.score_warning == D("0.5")


def test_extends_overrides_only_its_keys() -> None:
    base, local = _load("cz2013-dept"), _load("hn-dept-2015")
    assert local.extends == "cz2013-dept"
    assert base.extends == "cz2020-self"
    # overridden
    assert local.categories["input"].weight == 13
    assert local.categories["process"].weight == 40
    assert local.dept_indicators["sangong_change"].weight == 8
    assert local.dept_indicators["sangong_change"].deduct == D("0.8")
    assert local.dept_indicators["budget_adjustment"].name == "预算控制率"
    # kept from the parent, key by key inside an overridden mapping
    assert local.categories["input"].aliases == base.categories["input"].aliases == ["投入指标"]
    assert local.dept_indicators["sangong_change"].formula == base.dept_indicators["sangong_change"].formula
    assert local.dept_indicators["key_spending"] == base.dept_indicators["key_spending"]
    assert local.dept_indicators.keys() == base.dept_indicators.keys()
    # and from the grandparent (cz2020-self)
    grand = _load("cz2020-self")
    assert local.qualitative_bands == grand.qualitative_bands
    assert local.grades == grand.grades
    assert local.quantitative == grand.quantitative


def test_deep_merge() -> None:
    base = {"a": {"x": 1, "y": 2}, "b": [1, 2], "c": 1}
    assert deep_merge(base, {"a": {"y": 3}, "b": [9]}) == {"a": {"x": 1, "y": 3}, "b": [9], "c": 1}
    assert base == {"a": {"x": 1, "y": 2}, "b": [1, 2], "c": 1}  # not mutated


def test_local_rule_set_file_extends_a_shipped_one(tmp_path: Path) -> None:
    ref = _write(
        tmp_path,
        "local.yaml",
        "id: local-80-50\nname: 本地（定性 80/50）\nextends: cz2020-self\n"
        "qualitative_bands:\n  部分达成年度指标并具有一定效果: {min: 0.50}\n"
        "  未达成年度指标且效果较差: {max: 0.50}\n",
    )
    ruleset = _load(ref)
    assert ruleset.id == "local-80-50"
    assert ruleset.qualitative_bands["部分达成年度指标并具有一定效果"].min == D("0.50")
    assert ruleset.qualitative_bands["部分达成年度指标并具有一定效果"].max == D("0.80")
    assert ruleset.qualitative_bands["未达成年度指标且效果较差"].max == D("0.50")
    assert ruleset.categories["output"].weight == 50


def test_local_rule_set_extends_a_sibling_file(tmp_path: Path) -> None:
    _write(tmp_path, "county.yaml", "id: county\nname: 县\nextends: cz2020-self\nscore_decimals: 1\n")
    ref = _write(tmp_path, "town.yaml", "id: town\nname: 乡镇\nextends: county.yaml\nbonus_points: true\n")
    ruleset = _load(ref)
    assert (ruleset.score_decimals, ruleset.bonus_points) == (1, True)


# --- a rule set's own mistakes: located RUL issues ---------------------------------------------------


def _issues(tmp_path: Path, name: str, text: str) -> list:
    ruleset, issues = load_ruleset(_write(tmp_path, name, text))
    assert ruleset is None
    assert issues
    for issue in issues:
        assert issue.severity == "error"
        assert issue.code.startswith("RUL")
        assert issue.hint  # names the available rule sets
    return issues


def test_bad_type_is_located_in_chinese(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path, "bad.yaml", "id: bad\nname: 坏\nextends: cz2020-self\nscore_decimals: 两位\n")
    assert issue.code == "RUL001"
    assert issue.file is not None
    assert issue.file.endswith("bad.yaml")
    assert issue.line == 4
    assert "score_decimals" in issue.message
    assert "应为整数" in issue.message
    assert "两位" in issue.message
    assert "Input should" not in issue.message  # no English from pydantic


def test_nested_bad_type(tmp_path: Path) -> None:
    [issue] = _issues(
        tmp_path, "w.yaml", "id: w\nname: w\nextends: cz2020-self\ncategories:\n  output: {weight: 多}\n"
    )
    assert issue.line == 5
    assert "categories.output.weight" in issue.message
    assert "应为数字" in issue.message


def test_unknown_key_is_located(tmp_path: Path) -> None:
    [issue] = _issues(
        tmp_path, "typo.yaml", "id: typo\nname: t\nextends: cz2020-self\nquantitative:\n  revers: ratio\n"
    )
    assert issue.line == 5
    assert "quantitative.revers" in issue.message
    assert "未知的键" in issue.message


def test_bad_choice_lists_what_is_allowed(tmp_path: Path) -> None:
    [issue] = _issues(
        tmp_path, "rev.yaml", "id: r\nname: r\nextends: cz2020-self\nquantitative:\n  reverse: 倒数\n"
    )
    assert issue.line == 5
    assert "linear_to_zero_at_2x" in issue.message
    assert "ratio" in issue.message


def test_unknown_rule_set_id() -> None:
    ruleset, [issue] = load_ruleset("no-such-ruleset")
    assert ruleset is None
    assert issue.code == "RUL002"
    assert "no-such-ruleset" in issue.message
    assert "cz2020-self" in (issue.hint or "")


def test_missing_parent_points_at_the_extends_line(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path, "orphan.yaml", "id: o\nname: o\nextends: missing-parent.yaml\n")
    assert issue.code == "RUL002"
    assert issue.file is not None
    assert issue.file.endswith("orphan.yaml")
    assert issue.line == 3
    assert "missing-parent.yaml" in issue.message


def test_extends_cycle(tmp_path: Path) -> None:
    _write(tmp_path, "b.yaml", "id: b\nname: b\nextends: a.yaml\n")
    [issue] = _issues(tmp_path, "a.yaml", "id: a\nname: a\nextends: b.yaml\n")
    assert issue.code == "RUL003"
    assert "循环" in issue.message
    assert issue.line == 3
    assert issue.file is not None
    assert issue.file.endswith("b.yaml")  # the link that closes the cycle


def test_extends_itself(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path, "me.yaml", "id: me\nname: me\nextends: me.yaml\n")
    assert issue.code == "RUL003"


def test_malformed_rule_set_yaml(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path, "broken.yaml", "id: x\nname: [unclosed\n")
    assert issue.code == "RUL001"
    assert issue.line is not None
    assert "YAML" in issue.message


def test_rule_set_that_is_not_a_mapping(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path, "list.yaml", "- a\n- b\n")
    assert "键: 值" in issue.message


# --- grades and categories -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands_at_the_boundaries(total: str, grade: str) -> None:
    assert _load("cz2020-self").grade_of(D(total)) == grade


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("预算执行率", "execution"),
        ("预算执行情况", "execution"),
        ("产出指标", "output"),
        ("产出", "output"),
        (" 产出 指标 ", "output"),
        ("效益指标", "benefit"),
        ("效益", "benefit"),
        ("满意度指标", "satisfaction"),
        ("服务对象满意度", "satisfaction"),
        ("服务对象满意度指标", "satisfaction"),
        ("成本指标", None),
        ("其他", None),
        ("指标", None),
    ],
)
def test_category_of(name: str, key: str | None) -> None:
    assert _load("cz2020-self").category_of(name) == key


def test_category_of_in_the_departmental_framework() -> None:
    ruleset = _load("cz2013-dept")
    assert ruleset.category_of("投入") == "input"
    assert ruleset.category_of("过程指标") == "process"
    assert ruleset.category_of("效果") == "benefit"


def test_band_aliases() -> None:
    ruleset = _load("cz2020-self")
    found = ruleset.band("达成预期指标")
    assert found is not None
    assert found[0] == "达成年度指标"
    assert ruleset.band("未完成预期指标且效果较差") is not None
    assert ruleset.band("差不多") is None
    assert ruleset.band(None) is None
