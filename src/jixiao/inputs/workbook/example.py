"""The instructions sheet's text and the filled example of the input template.

The example follows the published 2024 self-evaluation of 衡阳市雁峰区信访局 (the project's seed
report), shortened, with one quantitative indicator of each direction so that every column is shown.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.model import Evaluation

README_LINES = (
    "【用途】填写本单位一个年度的部门整体（或项目）支出绩效自评数据。填好后运行：",
    "    jixiao check 自评.xlsx     —— 计算、评分并列出所有问题（错误会指明工作表、行和列）",
    "    jixiao score 自评.xlsx     —— 评分表",
    "    jixiao render 自评.xlsx --to docx -o 报告.docx     —— 生成自评报告（所有数字由程序计算）",
    "【填写规则】",
    "1. 只在白色单元格中填写；灰色和蓝色单元格（表头、行次）已锁定。表头单元格的批注说明每一列的含义。",
    "2. 金额一律以“万元”为单位，填数字（如 303.06）；也可以填带单位的文字，如“881300.39元”“1.2亿元”。",
    "3. 百分数填数字：99.83 表示 99.83%。也可以直接输入“99.83%”（Excel 会按百分比格式保存，系统能识别）。",
    "   “填报的执行率”“填报的占比”“申报得分”是报告中写出的数字，系统会另行计算并与之比对；"
    "程序按单元格显示的小数位读取它们（显示 99.83 就按 99.83 读取）。",
    "4. 基本信息：部门（单位）名称和年度必须填写。类型、规则集、申报等级请从下拉列表选择。",
    "5. 预算：固定行为 部门预算合计、基本支出（人员经费、日常公用经费）、项目支出 和 各资金来源；"
    "其后每行一个项目，项目名称填在“名称”列。",
    "6. 指标：一行一个指标。只填“一级指标”（或只填一、二级）的行是该类别本身，填它的分值、申报得分和扣分；"
    "类别没有单独一行时，它的分值和得分由下级指标合计。",
    "   三级指标行的一级、二级可以留空，表示与上一行相同。指标类型：定量 / 定性 / 执行率；"
    "定量指标填写方向（≥ ≤ =）、年度指标值和计量单位；定性指标选择达成等级。",
    "7. 比率：报告中按整数基数计算的比率（如 857件中的满意率），用于校验比率能否由整数得到。",
    "8. 问题与措施：每行一条。",
    "9. 工作表“示例”是一份填好的样例（只读），可对照填写。请勿修改工作表名称和表头文字。",
    "10. 由台账计算：指标或比率的实际值可由本单位的台账算出（件数 k/n），不必手填。"
    "在“计算来源（台账）”填台账名称，在“计算公式”填口径：信访登记簿填 满意率、参评率、按期办结率、"
    "及时受理率、积案化解率、重复信访率 或 网上信访占比；其他台账填公式，"
    "如 share(评价 in [满意, 基本满意], 评价 != 未评价)。",
    "   计算来源填“台账”即读取本工作簿的“台账”工作表（信访登记簿：一行一件，日期填 2024-03-01）；"
    "台账在另一个文件中时，在“台账来源”表登记名称、类型、文件名（与本工作簿同一文件夹）和工作表。",
    "   台账不设也不需要姓名、身份证号、电话、反映内容等个人信息列："
    "系统只读取计算所需的列，不保存、不显示任何个人信息。",
)

_EXAMPLE: dict[str, Any] = {
    "department": "衡阳市雁峰区信访局",
    "year": 2024,
    "kind": "department",
    "province": "湖南",
    "ruleset": "cz2020-self",
    "declared": {"total_score": 99, "grade": "优"},
    "narrative": {
        "title": "2024年度部门整体支出绩效自评报告",
        "staff": 10,
        "functions": [
            "贯彻执行上级有关信访工作法律、法规和政策。",
            "负责指导、协调、督办全区信访工作。",
            "负责区人民来访接待中心大厅驻厅窗口的管理、协调和服务。",
        ],
        "summary": "以“落实新《条例》、推进法治化、构建大格局”为主线，确保了全区社会稳定的工作目标。",
        "problems": ["年初部门预算编制不够精准，年中调整了部分预算。"],
        "measures": ["加强预算执行动态分析，提高预算执行率。", "增强绩效目标设置的科学性和规范性。"],
    },
    "budget": {
        "total": {"name": "财政拨款", "initial": "230.52", "adjusted": "303.55", "executed": "303.06"},
        "basic": {
            "initial": "140.6",
            "adjusted": "163.09",
            "executed": "163.09",
            "rate": "100%",
            "personnel": {"executed": "149.27", "share": "91.53%"},
            "public": {"executed": "13.82", "share": "8.47%"},
        },
        "project": {
            "initial": "89.92",
            "adjusted": "140.46",
            "executed": "140.46",
            "rate": "100%",
            "items": [
                {"name": "信访维稳及救助金", "adjusted": "95.00", "executed": "95.00"},
                {"name": "信访工作经费", "adjusted": "45.46", "executed": "45.46"},
            ],
        },
        "sources": {
            "general_public": {"adjusted": "303.55", "executed": "303.06"},
            "government_fund": {"adjusted": "0", "executed": "0", "note": "2024年度无政府性基金预算支出。"},
        },
    },
    "indicators": [
        {"name": "预算执行率", "kind": "execution_rate", "weight": 10, "score": "9.98"},
        {
            "name": "产出指标",
            "weight": 50,
            "score": 50,
            "children": [
                {
                    "name": "数量指标",
                    "children": [
                        {
                            "name": "接待群众来访批次",
                            "target": "≥700",
                            "actual": "716",
                            "unit": "批",
                            "weight": 20,
                            "score": 20,
                        }
                    ],
                },
                {
                    "name": "质量指标",
                    "children": [
                        {
                            "name": "信访积案处理",
                            "kind": "qualitative",
                            "target": "按质按量完成",
                            "actual": "完成",
                            "band": "达成年度指标",
                            "weight": 20,
                            "score": 20,
                        }
                    ],
                },
                {
                    "name": "时效指标",
                    "children": [
                        {
                            "name": "信访事项办结时限",
                            "target": "≤60",
                            "actual": "45",
                            "unit": "日",
                            "weight": 10,
                            "score": 10,
                        }
                    ],
                },
            ],
        },
        {
            "name": "效益指标",
            "weight": 30,
            "score": 30,
            "children": [
                {
                    "name": "社会效益指标",
                    "children": [
                        {
                            "name": "信访法规政策的宣传",
                            "kind": "qualitative",
                            "target": "开展学习宣传活动",
                            "actual": "发放宣传资料25000余份",
                            "band": "达成年度指标",
                            "weight": 30,
                            "score": 30,
                        }
                    ],
                }
            ],
        },
        {
            "name": "满意度指标",
            "weight": 10,
            "score": 10,
            "children": [
                {
                    "name": "服务对象满意度指标",
                    "children": [
                        {
                            "name": "群众满意度",
                            "target": "≥90%",
                            "actual": "99.41%",
                            "weight": 10,
                            "score": 10,
                            "text": "全区纳入满意度评价857件，参评率为99.3%，满意率为99.41%。",
                            "computed": {"source": "台账", "formula": "满意率"},
                        }
                    ],
                }
            ],
        },
    ],
    "rates": [
        {
            "label": "参评率",
            "base": 857,
            "rate": "99.3%",
            "indicator": "indicators.满意度指标.服务对象满意度指标.群众满意度",
        },
        {"label": "满意率", "base_of": "参评率", "rate": "99.41%"},
    ],
}


@lru_cache(maxsize=1)
def example_evaluation() -> Evaluation:
    """The example evaluation shown on the 示例 sheet (built through the normal input path)."""
    evaluation, issues = build_evaluation(_EXAMPLE, {}, file=None, fmt="xlsx")
    if evaluation is None:  # a bug in the example itself, never a user's mistake
        raise ValueError("; ".join(issue.message for issue in issues))
    evaluation.source = None
    return evaluation
