"""The formula language: what parses, what each error says, and every bound."""

from __future__ import annotations

import pytest

from jixiao.records.formula import (
    MAX_DEPTH,
    MAX_FORMULA_CHARS,
    MAX_LIST_ITEMS,
    MAX_TOKENS,
    Compare,
    Empty,
    FormulaError,
    InYear,
    Logic,
    Member,
    Name,
    Not,
    parse_formula,
)


def test_chinese_and_english_names_give_the_same_tree() -> None:
    english = parse_formula("share(评价 in [满意, 基本满意], 评价 != 未评价)")
    chinese = parse_formula("占比（评价 属于 [满意，基本满意]，评价 ≠ 未评价）")
    assert (english.kind, english.where, english.base) == (chinese.kind, chinese.where, chinese.base)
    assert isinstance(english.where, Member)
    assert english.where.values == (Name("满意"), Name("基本满意"))


def test_and_binds_tighter_than_or_and_not_applies_to_one_condition() -> None:
    measure = parse_formula("count(a = 1 或 b = 2 且 非 c 为空)")
    assert isinstance(measure.where, Logic)
    assert measure.where.op == "or"
    second = measure.where.parts[1]
    assert isinstance(second, Logic)
    assert second.op == "and"
    assert isinstance(second.parts[1], Not)
    assert isinstance(second.parts[1].part, Empty)


def test_suffix_keywords_may_follow_a_column_name() -> None:
    measure = parse_formula("count(办结日期为空 且 登记日期属于本年度 且 受理日期不为空)")
    assert isinstance(measure.where, Logic)
    empty, year, filled = measure.where.parts
    assert empty == Empty(Name("办结日期"))
    assert year == InYear(Name("登记日期"))
    assert filled == Empty(Name("受理日期"), negated=True)


def test_days_and_parenthesised_differences() -> None:
    measure = parse_formula("count((办结日期 - 受理日期) <= 60天 + 延期)")
    assert isinstance(measure.where, Compare)
    assert measure.where.op == "<="


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "公式为空"),
        ("foo(a = 1)", "应以度量开头"),
        ("count(a = 1", "实为结尾"),
        ("count(a", "条件不完整"),
        ("count(a =", "意外结束"),
        ("count(a = 1))", "多余的内容"),
        ("count(a 1)", "应为比较"),
        ("count(a in [])", "不能为空"),
        ("count(且 = 1)", "是关键字"),
        ("ratio(a = 1)", "应为“,”"),
        ('count(a = "x)', "无法识别"),
    ],
)
def test_errors_are_chinese_and_say_where(text: str, fragment: str) -> None:
    with pytest.raises(FormulaError, match=fragment):
        parse_formula(text)


def test_bound_on_length() -> None:
    with pytest.raises(FormulaError, match="公式过长"):
        parse_formula("count(a = " + "1" * MAX_FORMULA_CHARS + ")")


def test_bound_on_tokens() -> None:
    text = "count(" + " 且 ".join(["a=1"] * (MAX_TOKENS // 3)) + ")"
    assert len(text) < MAX_FORMULA_CHARS
    with pytest.raises(FormulaError, match="超过"):
        parse_formula(text)


def test_bound_on_depth() -> None:
    parse_formula("count(" + "(" * (MAX_DEPTH - 2) + "a = 1" + ")" * (MAX_DEPTH - 2) + ")")
    with pytest.raises(FormulaError, match="嵌套过深"):
        parse_formula("count(" + "非 " * (MAX_DEPTH + 1) + "a = 1)")


def test_bound_on_list_items() -> None:
    items = ",".join(str(i) for i in range(MAX_LIST_ITEMS + 1))
    with pytest.raises(FormulaError, match="列表过长"):
        parse_formula(f"count(a in [{items}])")
