"""Names of figures are the rule set's data (FIG004): longest words first, a local rule set extends them."""

from __future__ import annotations

from pathlib import Path

from jixiao.checks.restated import Vocabulary
from jixiao.rules import load_ruleset

RULESETS = Path(__file__).parent / "rulesets"


def _words() -> Vocabulary:
    ruleset, issues = load_ruleset(None)
    assert ruleset is not None, issues
    return Vocabulary(ruleset.figure_names)


def test_the_longest_name_found_last_wins() -> None:
    words = _words()
    found = words.last(words.subjects, "其中公务用车购置及运行维护费")
    assert found is not None
    assert found[0] == "公务用车购置及运行费"  # not 公务用车购置费 nor 公务用车运行费
    assert words.last(words.subjects, "公务用车购置")[0] == "公务用车购置费"  # type: ignore[index]


def test_synonyms_name_one_measure() -> None:
    words = _words()
    names = {words.last(words.measures, text)[0] for text in ("调整后预算数", "全年预算", "全年预算安排")}  # type: ignore[index]
    assert names == {"全年预算"}
    assert words.last(words.measures, "实际支出")[0] == "全年执行"  # type: ignore[index]
    assert words.last(words.measures, "预算") is None  # a bare 预算 names no measure


def test_other_figures_are_told_apart() -> None:
    words = _words()
    assert words.other_figure("比2021年预算减少")
    assert words.other_figure("上年公务接待费")
    assert not words.other_figure("公务接待费支出预算为")


def test_a_local_rule_set_adds_a_word_and_keeps_the_rest() -> None:
    ruleset, issues = load_ruleset(str(RULESETS / "figure-names.yaml"))
    assert ruleset is not None, issues
    words = Vocabulary(ruleset.figure_names)
    assert words.last(words.measures, "年终预算数")[0] == "全年预算"  # type: ignore[index]
    assert words.last(words.subjects, "公务接待费") is not None  # the national subjects are kept
