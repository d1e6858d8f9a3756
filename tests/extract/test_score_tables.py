"""Score tables (评分表) read by position: the categories are the framework's own or lost to merged cells,
the weight stands in a 分值 column or in the name (``相关性(5分)``); made-up figures in the real shapes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract.indicator_tables import reads_as_value
from jixiao.intake import extract_text
from jixiao.model import Indicator, walk_indicators


def weights(tree: list[Indicator]) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    return {node.name: (node.weight, node.score) for _, node, _ in walk_indicators(tree) if not node.children}


WEIGHT_IN_NAME = """某部门整体支出绩效评价评分表

| 一级指标 | 二级指标 | 三级指标 | 得分 |
| 部门决策(20分) | 目标设定(12分) | 依据充分性(6分) | 6 |
|
| 目标明确性(6分) | 5 |
| ||
| 预算编制(8分) | 编制科学性(8分) | 7 |
| |
| 部门管理(30分) | 资金管理(18分) | 资金使用合规性(10分) | 10 |
|
| 资金到位率(8分) | |
| 部门绩效(50分) | 履职效果(30分) | 部门特性指标 | |
"""


def test_weights_written_in_the_names() -> None:
    evaluation, _ = extract_text(WEIGHT_IN_NAME)
    found = weights(evaluation.indicators)
    assert found["依据充分性"] == (6, 6)
    assert found["目标明确性"] == (6, 5)
    assert found["编制科学性"] == (8, 7)
    assert found["资金使用合规性"] == (10, 10)
    assert found["资金到位率"] == (8, None)  # the 得分 cell left empty
    assert "部门特性指标" not in found
    assert "部门决策" not in found
    assert "目标设定" not in found
    parents = {node.name for node in evaluation.indicators}
    assert {"部门决策", "部门管理"} <= parents


LOST_CATEGORY_NAMES = """| 单位名称/ 项目名称 |
| 一级 指标 | 二级 指标 | 三级指标 | 分值 | 得分 |
| (30分) | (15分) | 立项依据 | 8 | 7 |
|
| 立项程序 | 7 |
| ||
| (15) | 目标合理性 | 15 | 12 |
| |
| (特性指标70分) | (40) | 完成数量 | 20 |
|
| 经济效益(可选项) | 20 | 18 |
| 合计 | 100 | 85 |
"""


def test_categories_lost_to_merged_cells_and_empty_scores() -> None:
    evaluation, _ = extract_text(LOST_CATEGORY_NAMES)
    found = weights(evaluation.indicators)
    assert found["立项依据"] == (8, 7)
    assert found["立项程序"] == (7, None)
    assert found["目标合理性"] == (15, 12)
    assert found["完成数量"] == (20, None)
    assert found["经济效益(可选项)"] == (20, 18)
    assert not any(name.startswith("(") for name in found)
    assert "合计" not in found
    assert evaluation.declared.total_score == 85  # 合计 | 100 | 85: the score after the full weight


def test_a_table_with_value_columns_is_not_read_by_position() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "| 产出指标 | 数量指标 | 培训人次 | 120人次 | 130人次 | 20 | 20 |\n"
    )
    evaluation, _ = extract_text(text)
    found = weights(evaluation.indicators)
    assert found == {"培训人次": (20, 20)}  # read once, by the table pass


@pytest.mark.parametrize("cell", ["14种", "28种", "8例", "12场", "≥95%", "3.5吨"])
def test_a_value_cell_is_never_a_name(cell: str) -> None:
    assert reads_as_value(cell)


def test_a_total_score_cell_spanning_rows_written_one_cell_per_line() -> None:
    text = (
        "某补助资金区域绩效目标自评表\n\n专项名称\n\n某补助资金\n\n中央主管部门\n\n某部\n\n自评得分\n\n"
        "省级财政部门\n\n某省财政厅\n\n省级主管部门\n\n某省某局\n\n93.5\n\n预算执行情况\n\n预算数:\n\n4.6\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.declared.total_score == Decimal("93.5")


def test_a_total_score_label_with_other_figures_before_the_number_is_not_read() -> None:
    text = "某项目绩效自评表\n\n自评得分\n\n项目负责人\n\n联系电话 0838-7654321\n\n98\n\n预算执行情况\n"
    evaluation, _ = extract_text(text)
    assert evaluation.declared.total_score is None  # a figure of another cell stands between
