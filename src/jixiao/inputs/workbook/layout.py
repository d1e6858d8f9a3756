"""The layout of the Excel input workbook, shared by the writer (xlsxwriter) and the reader (openpyxl).

One place says which sheet holds what, which header names a column and which model field a row or a
column fills, so that writing and reading cannot drift apart. Readers find columns by their header
text (a user may reorder or add columns) and key/value rows by their label in column A.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# sheet names (the user sees these)
README = "说明"
BASIC = "基本信息"
BUDGET = "预算"
INDICATORS = "指标"
RATES = "比率"
PROBLEMS = "问题与措施"
OUTLINE = "报告提纲"  # only written when an evaluation carries one (extracted reports); never in the template
RECORD_SOURCES = "台账来源"  # the records tables figures are computed from (ADR 0011)
REGISTER = "台账"  # a blank 信访 register to fill; a binding to the source 台账 reads it (jixiao.records)
EXAMPLE = "示例"
LISTS = "下拉选项"  # hidden: the drop-down lists data validation refers to

INPUT_SHEETS = (BASIC, BUDGET, INDICATORS, RATES, PROBLEMS, RECORD_SOURCES)
REQUIRED_SHEETS = (BASIC,)

#: how a cell's content becomes a model value
CellType = Literal[
    "text", "int", "year", "amount", "stated", "score", "percent", "lines", "kind", "choice", "date"
]


@dataclass(frozen=True)
class Field:
    """A labelled value on a key/value sheet (基本信息): label in column A, value in column B."""

    label: str
    path: str  # model path: "department", "declared.total_score", "dept.staff_quota"
    type: CellType
    note: str
    required: bool = False
    choices: str | None = None  # name of a list on the hidden sheet


@dataclass(frozen=True)
class Column:
    """A column of a table sheet: header text, model key, cell type, width and the comment on its header."""

    header: str
    key: str
    type: CellType
    width: int
    comment: str
    choices: str | None = None


KIND_LABELS = {"department": "部门整体", "project": "项目"}
INDICATOR_KIND_LABELS = {"quantitative": "定量", "qualitative": "定性", "execution_rate": "执行率"}
DIRECTION_LABELS = {">=": "≥", "<=": "≤", "=": "="}
RECORD_KIND_LABELS = {"xinfang": "信访登记簿", "table": "一般台账"}
DAYS_LABELS = {"calendar": "日历日", "working": "工作日"}
UNITS = (
    "%",
    "个",
    "件",
    "次",
    "人",
    "人次",
    "批",
    "份",
    "场",
    "项",
    "户",
    "家",
    "天",
    "日",
    "小时",
    "万元",
    "元",
)

BASIC_FIELDS = (
    Field("类型", "kind", "kind", "部门整体 或 项目（下拉选择）", choices="kind"),
    Field("部门（单位）名称", "department", "text", "必填：与部门决算一致的全称", required=True),
    Field("年度", "year", "year", "必填：自评的预算年度，如 2024", required=True),
    Field("项目名称", "project", "text", "类型为“项目”时填写"),
    Field("省份", "province", "text", "如 湖南"),
    Field("规则集", "ruleset", "choice", "评分规则（下拉选择；不填为 cz2020-self）", choices="ruleset"),
    Field("申报总分", "declared.total_score", "score", "报告中申报的自评总分"),
    Field("申报等级", "declared.grade", "choice", "优 / 良 / 中 / 差", choices="grade"),
    Field("在职人员（人）", "narrative.staff", "int", "年末在职人数"),
    Field("报告标题", "narrative.title", "text", "如 2024年度部门整体支出绩效自评报告"),
    Field("部门职能", "narrative.functions", "lines", "每条职能一行（单元格内 Alt+Enter 换行）"),
    Field("机构设置及决算单位构成", "narrative.organisation", "text", ""),
    Field("年度总体目标完成情况", "narrative.summary", "text", ""),
    Field("自评结果应用和公开情况", "narrative.application", "text", ""),
)

#: inputs of the computable 财预〔2013〕53号 departmental indicators, below the basic fields
DEPT_FIELDS = (
    Field("编制数（人）", "dept.staff_quota", "int", "部门整体：在职人员控制率的分母"),
    Field("在职人数（人）", "dept.staff_actual", "int", ""),
    Field("“三公”经费预算（万元）", "dept.sangong_budget", "amount", ""),
    Field("上年“三公”经费预算（万元）", "dept.sangong_budget_last_year", "amount", ""),
    Field("“三公”经费实际支出（万元）", "dept.sangong_actual", "amount", ""),
    Field("公用经费预算（万元）", "dept.public_budget", "amount", ""),
    Field("公用经费实际支出（万元）", "dept.public_actual", "amount", ""),
    Field("政府采购预算（万元）", "dept.procurement_budget", "amount", ""),
    Field("政府采购实际（万元）", "dept.procurement_actual", "amount", ""),
    Field("重点项目支出（万元）", "dept.key_project_spending", "amount", ""),
    Field("项目总支出（万元）", "dept.project_spending", "amount", ""),
    Field("年末结转结余（万元）", "dept.carryover_year_end", "amount", ""),
    Field("上年末结转结余（万元）", "dept.carryover_last_year_end", "amount", ""),
    Field("既定支付进度（%）", "dept.payment_planned", "amount", "百分数，填 95 表示 95%"),
    Field("实际支付进度（%）", "dept.payment_actual", "amount", "百分数"),
    Field("在用资产（万元）", "dept.assets_in_use", "amount", ""),
    Field("资产总额（万元）", "dept.assets_total", "amount", ""),
    Field("计划任务数", "dept.tasks_planned", "int", ""),
    Field("完成任务数", "dept.tasks_done", "int", ""),
    Field("按时完成任务数", "dept.tasks_on_time", "int", ""),
)
DEPT_SECTION = "部门整体支出基础数据（财预〔2013〕53号，部门整体评价时填写）"

BUDGET_ROWS = (
    ("部门预算合计", "total"),
    ("基本支出", "basic"),
    ("其中：人员经费", "basic.personnel"),
    ("其中：日常公用经费", "basic.public"),
    ("项目支出", "project"),
    ("资金来源：一般公共预算", "sources.general_public"),
    ("资金来源：政府性基金预算", "sources.government_fund"),
    ("资金来源：国有资本经营预算", "sources.state_capital"),
    ("资金来源：纳入专户管理的非税收入", "sources.special_account"),
    ("资金来源：上年结转", "sources.carryover"),
    ("资金来源：其他资金", "sources.other"),
)
PROJECT_ROW_LABEL = "项目"  # column A of every project row; project rows follow the fixed rows
BLANK_PROJECT_ROWS = 40

BUDGET_COLUMNS = (
    Column("行次", "row", "text", 30, "预算行（已锁定）：部门预算合计、基本支出……；其后每行一个项目"),
    Column("名称", "name", "text", 26, "报告中的写法（可不填），如“财政拨款”；项目行必须填写项目名称"),
    Column("年初预算数（万元）", "initial", "amount", 14, "年初批复的预算，单位万元，保留两位小数"),
    Column(
        "全年预算数（万元）", "adjusted", "amount", 14, "调整后预算数（含上年结转和年中追加、调减），万元"
    ),
    Column("全年执行数（万元）", "executed", "amount", 14, "实际支出，万元"),
    Column(
        "填报的执行率（%）",
        "rate",
        "percent",
        12,
        "报告中写的执行率，填 99.83 表示 99.83%；系统另行计算并与之比对",
    ),
    Column(
        "填报的占比（%）",
        "share",
        "percent",
        12,
        "报告中写的占上级支出的比例，如 人员经费占基本支出的 91.53%",
    ),
    Column("本年追加（万元）", "additions", "amount", 12, "年中追加的预算，万元"),
    Column("本年调减（万元）", "reductions", "amount", 12, "年中调减的预算，万元"),
    Column("其中：上年结转（万元）", "carryover", "amount", 14, "全年预算数中包含的上年结转，万元"),
    Column("备注", "note", "text", 40, "说明文字，如“2024年度无政府性基金预算支出。”"),
)

#: an indicator's actual (or a rate) computed from records: ``computed: {source, formula}``
COMPUTED_COLUMNS = (
    Column(
        "计算来源（台账）",
        "computed_source",
        "text",
        14,
        "实际完成值由台账计算时填台账名称：本工作簿“台账”表填 台账；其他台账先在“台账来源”表登记",
        "record_sources",
    ),
    Column(
        "计算公式",
        "computed_formula",
        "text",
        30,
        "信访台账填口径名称（下拉：满意率、参评率、积案化解率…）；其他台账填公式，"
        "如 share(评价 in [满意, 基本满意], 评价 != 未评价)",
        "xinfang_measures",
    ),
)

INDICATOR_COLUMNS = (
    Column(
        "一级指标",
        "level1",
        "text",
        14,
        "如 预算执行率、产出指标、效益指标、满意度指标（下拉或自填）",
        "level1",
    ),
    Column("二级指标", "level2", "text", 14, "如 数量指标、质量指标、社会效益指标（下拉或自填）", "level2"),
    Column(
        "三级指标",
        "level3",
        "text",
        26,
        "具体指标名称（可从指标库下拉选择或自填）。只填一级（或一、二级）的行是该类别的分值和得分",
        "library_names",
    ),
    Column("指标类型", "kind", "choice", 10, "定量 / 定性 / 执行率", "indicator_kind"),
    Column("方向", "direction", "choice", 7, "定量指标：≥（越大越好）、≤（越小越好）、=", "direction"),
    Column("年度指标值", "target", "stated", 18, "年初设定的目标，如 90、≥90%、按质按量完成"),
    Column("实际完成值", "actual", "stated", 18, "实际完成情况，如 99.41%、716批1550余人次、完成"),
    Column("计量单位", "unit", "text", 9, "如 %、件、人次（下拉或自填）", "units"),
    Column("达成等级", "band", "choice", 22, "定性指标：达成年度指标 / 部分达成… / 未达成…", "bands"),
    Column("分值", "weight", "amount", 8, "该指标（或类别）的权重分"),
    Column("申报得分", "score", "score", 9, "报告中申报的得分"),
    Column("扣分", "deduction", "score", 8, "报告中写的扣分（可不填）"),
    Column("偏差原因分析及改进措施", "reason", "text", 30, "未完成或偏差较大时必须说明"),
    Column("说明文字", "text", "text", 40, "报告中该指标下的说明"),
    Column(
        "指标库编号",
        "library_id",
        "text",
        24,
        "选用指标库中的指标时，下拉选择“名称（编号）”（jixiao indicators 可查询）；自设的个性指标留空",
        "library",
    ),
    *COMPUTED_COLUMNS,
)

RATE_COLUMNS = (
    Column("名称", "label", "text", 22, "比率的名称，如 满意率、审核化解率"),
    Column("基数", "base", "int", 10, "整数基数（件、人），如 857"),
    Column("分子", "count", "int", 10, "分子（可不填）"),
    Column("比率（%）", "rate", "percent", 10, "报告中写的比率，填 88.9 表示 88.9%"),
    Column("基数来自", "base_of", "text", 16, "基数是另一比率的分子时，填那个比率的名称（如 参评率）"),
    Column("所属指标", "indicator", "text", 36, "指标路径，如 indicators.满意度指标.群众满意度（可不填）"),
    *COMPUTED_COLUMNS,
)

RECORD_SOURCE_COLUMNS = (
    Column("台账名称", "name", "text", 16, "指标表、比率表“计算来源”中引用的名称，如 信访台账"),
    Column("台账类型", "kind", "choice", 12, "信访登记簿（内置口径）或 一般台账（自写公式）", "record_kind"),
    Column(
        "文件",
        "file",
        "text",
        36,
        "CSV 或 .xlsx 台账文件名，与本工作簿放在同一文件夹；不填则读本工作簿中的工作表",
    ),
    Column("工作表", "sheet", "text", 14, "台账所在工作表名（不填为第一个工作表）"),
    Column("表头行", "header_row", "int", 8, "表头所在行号（不填则在前 20 行中查找）"),
    Column("年度", "year", "year", 8, "按哪一年度计算（不填为自评年度）"),
    Column("计日方式", "days", "choice", 10, "期限按日历日（默认，《信访工作条例》）或工作日计算", "days"),
)

PROBLEM_COLUMNS = (
    Column("存在的问题", "problems", "text", 60, "每行一条问题及原因分析"),
    Column("改进措施", "measures", "text", 60, "每行一条下一步改进措施"),
)

OUTLINE_COLUMNS = (
    Column("编号", "number", "text", 10, "报告中的标题编号，如 一、（一）1、"),
    Column("标题", "title", "text", 40, "标题文字"),
    Column("行号", "line", "int", 8, "在原文中的行号"),
)

TABLES = {
    BUDGET: BUDGET_COLUMNS,
    INDICATORS: INDICATOR_COLUMNS,
    RATES: RATE_COLUMNS,
    RECORD_SOURCES: RECORD_SOURCE_COLUMNS,
    PROBLEMS: PROBLEM_COLUMNS,
    OUTLINE: OUTLINE_COLUMNS,
}

MAX_ROWS = 5000  # a sheet with more used rows than this is not a self-evaluation form
