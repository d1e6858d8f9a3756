"""The typed model of one self-evaluation (one department or one project, one year).

Everything here is what the *author states*: primary facts (budget amounts, indicator targets and
actuals, weights) and the figures the author derived (rates, shares, scores). jixiao derives its own
figures elsewhere (``figures``, ``scoring``) and ``checks`` compares the two.

Money is ``Decimal`` in 万元; percentages are ``Decimal`` in percent (99.83 means 99.83 %).
A ``Decimal`` keeps the digits the author wrote (``Decimal("140.6")`` has one decimal), which the
tolerance rules rely on: never build these values through ``float``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Direction = Literal[">=", "<=", "="]
IndicatorKind = Literal["quantitative", "qualitative", "execution_rate"]
StatedKind = Literal["amount", "rate", "score", "weight", "count"]


class _Model(BaseModel):
    # numbers typed where text is expected (``number: 1.`` in YAML) are taken as written
    model_config = ConfigDict(extra="forbid", validate_assignment=True, coerce_numbers_to_str=True)


class Span(_Model):
    """Where a value stands in its source: character offsets (end exclusive) and 1-based line."""

    start: int | None = None
    end: int | None = None
    line: int | None = None
    column: str | None = None  # spreadsheet column letter, when the source is a workbook
    sheet: str | None = None
    # read by OCR from a scan: 1-based page, box (left, top, right, bottom) in points from the page's
    # top-left corner, and the recogniser's confidence (0-1; the lowest of the text lines it covers)
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None


class Stated(_Model):
    """A figure as the author wrote it: value, unit, decimals, and the text it came from."""

    value: Decimal
    unit: str = ""
    decimals: int = 0
    text: str | None = None
    approx: bool = False  # "25000余份": a lower bound, never an exact value
    truncated_hint: bool = False  # reserved: author declared truncation (e.g. "保留两位小数，截尾")


class StatedFigure(_Model):
    """One figure read from a document, in reading order (``extract --format json``)."""

    kind: StatedKind
    label: str
    path: str | None = None
    value: Decimal
    unit: str
    span: tuple[int, int]
    line: int
    approx: bool = False
    page: int | None = None  # read by OCR: page, box and confidence as in ``Span``
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None


class Line(_Model):
    """A budget line: 年初预算 (initial), 全年预算/调整后预算 (adjusted), 全年执行 (executed), in 万元.

    ``rate`` is the execution/completion rate the author stated (执行率, 完成预算的X%); ``share`` the
    share of the parent's executed amount the author stated (占基本支出的X%).
    """

    name: str | None = None
    initial: Decimal | None = Field(default=None, ge=0)
    adjusted: Decimal | None = Field(default=None, ge=0)
    executed: Decimal | None = Field(default=None, ge=0)
    rate: Stated | None = None
    share: Stated | None = None
    additions: Decimal | None = Field(default=None, ge=0)  # 本年追加
    reductions: Decimal | None = Field(default=None, ge=0)  # 本年调减
    carryover: Decimal | None = Field(default=None, ge=0)  # 上年结转 included in ``adjusted``
    note: str | None = None


class BasicLine(Line):
    """基本支出 = 人员经费 + 日常公用经费."""

    personnel: Line | None = None
    public: Line | None = None


class ProjectLine(Line):
    """项目支出, with its projects under ``items``."""

    items: list[Line] = Field(default_factory=list)


class Sources(_Model):
    """Funding sources (按收入性质): 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营."""

    general_public: Line | None = None  # 一般公共预算
    government_fund: Line | None = None  # 政府性基金预算
    state_capital: Line | None = None  # 国有资本经营预算
    special_account: Line | None = None  # 纳入专户管理的非税收入
    carryover: Line | None = None  # 上年结转
    other: Line | None = None  # 其他资金


class Budget(_Model):
    """Canonical paths: ``budget.total``, ``budget.basic(.personnel|.public)``, ``budget.project(.items[i])``,
    ``budget.sources.*``."""

    total: Line | None = None
    basic: BasicLine | None = None
    project: ProjectLine | None = None
    sources: Sources | None = None


class Computed(_Model):
    """How a figure is computed from a table of records: the source's ``name`` and a formula
    (``满意率`` of a 信访 register, or ``share(评价 in [满意, 基本满意], 评价 != 未评价)``)."""

    source: str
    formula: str


RecordCell = str | date | None  # a date only when a caller passes one; YAML and forms give text


class RecordSource(_Model):
    """A table of the department's own records (cases, inspections, trainings) that figures are computed from.

    ``file`` is a CSV or .xlsx file beside the evaluation file (none: the evaluation's own workbook, or
    the ``rows`` written here); ``kind: xinfang`` is the built-in 信访 register, whose columns, values and
    standard measures jixiao knows. Only the columns the formulas need are read.
    """

    name: str
    kind: Literal["table", "xinfang"] = "table"
    file: str | None = None
    sheet: str | None = None
    header_row: int | None = Field(default=None, ge=1, le=1000)
    year: int | None = Field(default=None, ge=1990, le=2100)  # default: the evaluation's year
    days: Literal["calendar", "working"] = "calendar"
    rows: list[dict[str, RecordCell]] = Field(default_factory=list)


class PriorValues(_Model):
    """The same indicator's figures the year before (filled by ``jixiao next``; shown beside this year's)."""

    year: int | None = None
    target: str | None = None
    actual: str | None = None
    weight: Decimal | None = Field(default=None, ge=0)
    score: Decimal | None = Field(default=None, ge=0)  # declared last year
    rule_score: Decimal | None = Field(default=None, ge=0)  # computed by the rules last year


class Indicator(_Model):
    """A node of the indicator tree: level-1 category → level-2 → level-3 indicator.

    ``target``/``actual`` keep the author's text (``≥90%``, ``716批1550余人次``); ``target_value`` and
    ``actual_value`` are the numbers in them, when they have one. ``score`` and ``deduction`` are declared.
    """

    name: str
    kind: IndicatorKind | None = None
    direction: Direction | None = None
    target: str | None = None
    target_value: Decimal | None = None
    actual: str | None = None
    actual_value: Decimal | None = None
    unit: str | None = None
    band: str | None = None  # qualitative: 达成年度指标 / 部分达成… / 未达成…
    weight: Decimal | None = Field(default=None, ge=0)
    score: Decimal | None = Field(default=None, ge=0)
    deduction: Decimal | None = Field(default=None, ge=0)
    reason: str | None = None  # 偏差原因分析及改进措施
    text: str | None = None  # the narrative the report gives under the indicator
    computed: Computed | None = None  # the actual is computed from records
    library_id: str | None = None  # the indicator library's id when taken from it (``jixiao indicators``)
    prior: PriorValues | None = None  # last year's target, actual and score (``jixiao next``)
    children: list[Indicator] = Field(default_factory=list)


class RateFact(_Model):
    """A rate stated over a whole-number base (cases, people): checked for reachability (k/n).

    ``base`` is the stated count; ``base_of`` names another RateFact whose numerator is this base
    (参评率 of 857 件 → 满意率 of the evaluated ones).
    """

    label: str
    base: int | None = Field(default=None, ge=0)
    base_of: str | None = None
    count: int | None = Field(default=None, ge=0)  # the numerator when stated
    rate: Stated
    indicator: str | None = None  # path of the indicator the rate belongs to, if any
    computed: Computed | None = None  # the rate (and its base) are computed from records


class BreakdownPart(_Model):
    label: str
    value: Decimal


class Breakdown(_Model):
    """A stated whole and its stated parts ("下达资金2263万元，其中：A 1435万元、B 25万元…";
    "实施项目共15个，年初批复8个、年中增加8个"). Amounts in 万元; counts in their own unit."""

    label: str
    total: Decimal
    unit: str = "万元"
    parts: list[BreakdownPart] = Field(default_factory=list)
    complete: bool = True  # False when the text says the parts are only some of the whole (“主要包括”)


class Section(_Model):
    """A numbered heading as written (``七、``, ``（一）``, ``1、``)."""

    number: str
    title: str
    line: int | None = None


class Narrative(_Model):
    title: str | None = None
    functions: list[str] = Field(default_factory=list)  # 部门职能
    organisation: str | None = None  # 机构设置及决算单位构成
    staff: int | None = Field(default=None, ge=0)  # 在职人员
    summary: str | None = None  # 年度总体目标完成情况
    problems: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    application: str | None = None  # 自评结果拟应用和公开情况
    outline: list[Section] = Field(default_factory=list)


class Declared(_Model):
    """What the author declared about the whole: total score and grade."""

    total_score: Decimal | None = Field(default=None, ge=0)
    grade: str | None = None


class DeptFacts(_Model):
    """Inputs of the computable 财预〔2013〕53号 departmental indicators (amounts in 万元)."""

    staff_quota: int | None = Field(default=None, ge=0)  # 编制数
    staff_actual: int | None = Field(default=None, ge=0)  # 在职人数
    sangong_budget: Decimal | None = Field(default=None, ge=0)  # 本年"三公"预算
    sangong_budget_last_year: Decimal | None = Field(default=None, ge=0)
    sangong_actual: Decimal | None = Field(default=None, ge=0)
    public_budget: Decimal | None = Field(default=None, ge=0)  # 公用经费预算
    public_actual: Decimal | None = Field(default=None, ge=0)
    procurement_budget: Decimal | None = Field(default=None, ge=0)  # 政府采购预算
    procurement_actual: Decimal | None = Field(default=None, ge=0)
    key_project_spending: Decimal | None = Field(default=None, ge=0)  # 重点项目支出
    project_spending: Decimal | None = Field(default=None, ge=0)  # 项目总支出
    carryover_year_end: Decimal | None = Field(default=None, ge=0)  # 年末结转结余
    carryover_last_year_end: Decimal | None = Field(default=None, ge=0)
    payment_planned: Decimal | None = Field(default=None, ge=0)  # 既定支付进度 (%)
    payment_actual: Decimal | None = Field(default=None, ge=0)  # 实际支付进度 (%)
    assets_in_use: Decimal | None = Field(default=None, ge=0)
    assets_total: Decimal | None = Field(default=None, ge=0)
    tasks_planned: int | None = Field(default=None, ge=0)
    tasks_done: int | None = Field(default=None, ge=0)
    tasks_on_time: int | None = Field(default=None, ge=0)


class OcrInfo(_Model):
    """Which pages of a document were read by OCR, and how surely."""

    engine: str
    pages: list[int] = Field(default_factory=list)  # 1-based, read by OCR
    failed: list[int] = Field(default_factory=list)  # scanned pages OCR could not read (time, crash)
    confidence: float | None = None  # mean over the characters read, 0-1
    dpi: int | None = None  # PDF pages are rendered at this resolution


class YearRecord(_Model):
    """An earlier year of the same department or project: its budget and scores (``jixiao next`` keeps
    them, so one file carries the years that budget reliability and the comparison need)."""

    year: int = Field(ge=1990, le=2100)
    budget: Budget = Field(default_factory=Budget)
    rule_score: Decimal | None = Field(default=None, ge=0)
    declared_score: Decimal | None = Field(default=None, ge=0)
    grade: str | None = None


class SourceInfo(_Model):
    file: str | None = None
    format: str | None = None  # yaml / json / xlsx / txt / docx / doc / pdf / html / png / jpg / tif
    encoding: str | None = None
    sha256: str | None = None
    ocr: OcrInfo | None = None  # set when pages were read by OCR


class Evaluation(_Model):
    """One self-evaluation: a department (部门整体支出) or a project (项目支出), one year."""

    schema_version: int = SCHEMA_VERSION
    kind: Literal["department", "project"] = "department"
    department: str
    year: int | None = Field(ge=1990, le=2100)  # None only when a document does not say (extraction)
    project: str | None = None  # the project's name, for kind == project
    province: str | None = None
    ruleset: str | None = None
    budget: Budget = Field(default_factory=Budget)
    indicators: list[Indicator] = Field(default_factory=list)
    declared: Declared = Field(default_factory=Declared)
    narrative: Narrative = Field(default_factory=Narrative)
    rates: list[RateFact] = Field(default_factory=list)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    dept: DeptFacts | None = None
    records: list[RecordSource] = Field(default_factory=list)
    projects: list[Evaluation] = Field(default_factory=list)
    history: list[YearRecord] = Field(default_factory=list)  # earlier years, most recent first
    stated: list[StatedFigure] = Field(default_factory=list)
    spans: dict[str, Span] = Field(default_factory=dict)  # model path → where it stands in the source
    source: SourceInfo | None = None


def walk_indicators(
    indicators: list[Indicator], prefix: str = "indicators"
) -> list[tuple[str, Indicator, int]]:
    """Every node of the tree as (path, indicator, depth), depth 1 = level-1 category, in order.

    Paths are built from names as written (``indicators.产出指标.信访积案处理``), so that the same
    indicator has the same path whether it came from YAML, a workbook or an extracted report; a
    repeated name among siblings gets ``#2``, ``#3``.
    """
    found: list[tuple[str, Indicator, int]] = []

    def visit(nodes: list[Indicator], base: str, depth: int) -> None:
        seen: dict[str, int] = {}
        for node in nodes:
            seen[node.name] = seen.get(node.name, 0) + 1
            key = node.name if seen[node.name] == 1 else f"{node.name}#{seen[node.name]}"
            path = f"{base}.{key}"
            found.append((path, node, depth))
            visit(node.children, path, depth + 1)

    visit(indicators, prefix, 1)
    return found


def leaves(indicator: Indicator) -> list[Indicator]:
    """The scored indicators under a node (the node itself when it has no children)."""
    if not indicator.children:
        return [indicator]
    return [leaf for child in indicator.children for leaf in leaves(child)]


def covered_weight(nodes: list[Indicator]) -> Decimal:
    """The score the indicator tree accounts for: each level-1 weight, or its leaves' when unstated.

    Below the rule set's total it means the tree read is partial (an excerpt cut mid-table, a report
    of which only the execution-rate line was read): no total and no grade can be computed over it.
    """
    total = Decimal(0)
    for node in nodes:
        if node.weight is not None:
            total += node.weight
        else:
            total += sum((leaf.weight or Decimal(0) for leaf in leaves(node) if leaf is not node), Decimal(0))
    return total
