"""The report's view: every figure a report or self-evaluation table prints, computed by the core.

``report_view(result) -> ReportView``. The most detailed stated amounts are primary (人员经费 and
日常公用经费, the project items, basic and project expenditure where they have no parts); totals are
sums of parts, rates are executed / adjusted, shares are part / parent. The reconciled evaluation is
scored again, so that the execution-rate score, the category scores, the total and the grade agree
with the amounts the report prints. Wherever the author's stated figure differs from the one printed,
a :class:`Correction` says so. Renderers read the view and compute nothing (style.md §10).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.figures import AMOUNT_COLUMNS, COLUMN_LABELS, LINE_LABELS, Figures, derive, sum_lines
from jixiao.model import Evaluation, Indicator, Line, Stated, walk_indicators
from jixiao.numbers import (
    chinese_ordinal,
    classify_rounding,
    format_amount,
    format_percent,
    format_score,
    quantum,
    round_half_up,
)
from jixiao.pipeline import Result
from jixiao.rules.model import RuleSet
from jixiao.scoring import Scorecard, ScoreLine, score

ZERO = Decimal(0)
MISSING = "（待补充）"


@dataclass(frozen=True)
class Correction:
    """A stated figure the report replaces with the computed one."""

    path: str
    label: str
    stated: str
    corrected: str
    reason: str

    @property
    def note(self) -> str:
        """The one-line Chinese note the CLI prints after "已更正："."""
        return f"{self.label}：原为 {self.stated}，报告采用 {self.corrected}（{self.reason}）"


@dataclass(frozen=True)
class Block:
    """One paragraph of the report: ``level`` 1–4 is a heading (一、 （一） 1. （1）), 0 body text."""

    level: int
    text: str


@dataclass(frozen=True)
class BudgetRow:
    """One row of the funds block: amounts in 万元 (values rounded to 2 places, texts formatted)."""

    key: str  # total | income | expense
    label: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None  # percent, rounded to 2 places
    share: Decimal | None = None
    weight: Decimal | None = None  # 分值 (年度资金总额 only)
    score: Decimal | None = None
    indent: int = 0

    def text(self, column: str) -> str:
        """The formatted cell: amounts and percents with two decimals, scores as scores, else ""."""
        value = getattr(self, column)
        if value is None:
            return ""
        if column in ("rate", "share"):
            return format_percent(value)
        if column in ("weight", "score"):
            return format_score(value)
        return format_amount(value)


@dataclass(frozen=True)
class IndicatorRow:
    """One row of the indicator block, with the row spans of its merged category cells (0 = inside)."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Decimal | None
    score: Decimal | None
    reason: str
    level1_span: int = 1
    level2_span: int = 1

    @property
    def weight_text(self) -> str:
        return "" if self.weight is None else format_score(self.weight)

    @property
    def score_text(self) -> str:
        return "" if self.score is None else format_score(self.score)


@dataclass
class ReportView:
    """Everything a renderer prints, already computed and formatted."""

    kind: str
    title: str
    table_title: str
    department: str
    year: int
    project: str | None
    intro: str
    blocks: list[Block] = field(default_factory=list)
    budget_rows: list[BudgetRow] = field(default_factory=list)
    indicator_rows: list[IndicatorRow] = field(default_factory=list)
    goal: str = ""
    achieved: str = ""
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: str = ""
    ruleset: str = ""
    corrections: list[Correction] = field(default_factory=list)

    @property
    def total_score_text(self) -> str:
        return "" if self.total_score is None else format_score(self.total_score)

    @property
    def total_weight_text(self) -> str:
        return "" if self.total_weight is None else format_score(self.total_weight)

    @property
    def notes(self) -> list[str]:
        return [c.note for c in self.corrections]


# --- reconciliation: totals from parts -------------------------------------------------------------


def _amount_text(value: Decimal | None) -> str:
    return "未填写" if value is None else f"{format_amount(value)}万元"


def _reconcile_line(
    line: Line, parts: list[Line], path: str, label: str, out: list[Correction], why: str
) -> None:
    """Set each column of ``line`` that all ``parts`` state to their sum; note every change."""
    summed = sum_lines(parts)
    for column in AMOUNT_COLUMNS:
        value = getattr(summed, column)
        stated = getattr(line, column)
        if value is None or stated == value:
            continue
        setattr(line, column, value)
        if stated is not None:
            out.append(
                Correction(
                    f"{path}.{column}",
                    f"{label}{COLUMN_LABELS[column]}",
                    _amount_text(stated),
                    _amount_text(value),
                    why,
                )
            )


def reconcile_budget(evaluation: Evaluation) -> list[Correction]:
    """Make every total the sum of its stated parts, in place; return what changed."""
    budget = evaluation.budget
    out: list[Correction] = []
    basic, project = budget.basic, budget.project
    if basic is not None:
        parts = [p for p in (basic.personnel, basic.public) if p is not None]
        if len(parts) == 2:
            _reconcile_line(basic, parts, "budget.basic", "基本支出", out, "人员经费与日常公用经费之和")
    if project is not None and project.items:
        _reconcile_line(project, list(project.items), "budget.project", "项目支出", out, "各项目之和")
    if basic is not None and project is not None:
        whole = [basic, project]
        if budget.total is None:
            budget.total = sum_lines(whole, LINE_LABELS["budget.total"])
        else:
            _reconcile_line(
                budget.total, whole, "budget.total", "部门预算合计", out, "基本支出与项目支出之和"
            )
    return out


# --- stated rates and shares -----------------------------------------------------------------------


def _stated_percent_differs(exact: Decimal | None, stated: Stated | None) -> bool:
    if exact is None or stated is None:
        return False
    return classify_rounding(exact, stated.value, stated.decimals) in ("truncated", "wrong")


def rate_corrections(figures: Figures) -> list[Correction]:
    """Stated execution rates and shares that differ from the computed ones (truncation included)."""
    out: list[Correction] = []
    for path, lf in figures.lines.items():
        label = LINE_LABELS.get(path, lf.label) if not path.startswith("budget.project.items") else lf.label
        rate = lf.execution_rate
        if _stated_percent_differs(rate, lf.line.rate) and rate is not None and lf.line.rate:
            out.append(
                Correction(
                    f"{path}.rate",
                    f"{label}执行率",
                    f"{lf.line.rate.value}%",
                    format_percent(rate),
                    "全年执行数 ÷ 全年预算数，四舍五入",
                )
            )
        share = figures.share(path)
        if _stated_percent_differs(share, lf.line.share) and share is not None and lf.line.share:
            out.append(
                Correction(
                    f"{path}.share",
                    f"{label}占比",
                    f"{lf.line.share.value}%",
                    format_percent(share),
                    "本项支出 ÷ 上级支出，四舍五入",
                )
            )
    return out


# --- scores ----------------------------------------------------------------------------------------


def clamp_qualitative(evaluation: Evaluation, card: Scorecard) -> list[Correction]:
    """Keep each declared qualitative score inside its band's interval (in place)."""
    out: list[Correction] = []
    nodes = {path: node for path, node, _ in walk_indicators(evaluation.indicators)}
    for line in card.leaves():
        node = nodes.get(line.path)
        if node is None or line.band is None or node.score is None:
            continue
        low, high = line.band
        if not line.band_upper_inclusive:
            high -= quantum(2)
        kept = min(max(node.score, low), high)
        if kept != node.score:
            out.append(
                Correction(
                    f"{line.path}.score",
                    f"{line.name}得分",
                    f"{format_score(node.score)}分",
                    f"{format_score(kept)}分",
                    f"定性指标得分应在所注达成等级的区间 [{format_score(line.band[0])}, "
                    f"{format_score(line.band[1])}] 内",
                )
            )
            node.score = kept
    return out


def _score_reason(line: ScoreLine) -> str:
    if line.method == "sum":
        return "下级指标得分之和"
    if line.computed is not None:
        return "按规则计算：" + line.formula
    return "不得超过分值"


def score_corrections(original: Evaluation, card: Scorecard) -> list[Correction]:
    """Declared scores, deductions, weights, total and grade that differ from the scorecard."""
    out: list[Correction] = []
    nodes = {path: node for path, node, _ in walk_indicators(original.indicators)}
    for line in card.lines:
        node = nodes.get(line.path)
        if node is None or line.used is None:
            continue
        if (
            node.score is not None
            and node.score != line.used
            and not any(c.path == f"{line.path}.score" for c in out)
        ):
            out.append(
                Correction(
                    f"{line.path}.score",
                    f"{line.name}得分",
                    f"{format_score(node.score)}分",
                    f"{format_score(line.used)}分",
                    _score_reason(line),
                )
            )
        weight = view_weight(line, card)
        if node.weight is not None and weight is not None and node.weight != weight:
            out.append(
                Correction(
                    f"{line.path}.weight",
                    f"{line.name}分值",
                    f"{format_score(node.weight)}分",
                    f"{format_score(weight)}分",
                    "下级指标分值之和",
                )
            )
        if node.deduction is not None and weight is not None and node.deduction != weight - line.used:
            out.append(
                Correction(
                    f"{line.path}.deduction",
                    f"{line.name}扣分",
                    f"{format_score(node.deduction)}分",
                    f"{format_score(weight - line.used)}分",
                    "分值减得分",
                )
            )
    declared = original.declared
    if declared.total_score is not None and card.total is not None and declared.total_score != card.total:
        out.append(
            Correction(
                "declared.total_score",
                "总分",
                f"{format_score(declared.total_score)}分",
                f"{format_score(card.total)}分",
                "各指标得分之和",
            )
        )
    if declared.grade and card.grade and declared.grade.strip() != card.grade:
        out.append(Correction("declared.grade", "评价等级", declared.grade, card.grade, "按总分所在等级区间"))
    return out


def view_weight(line: ScoreLine, card: Scorecard) -> Decimal | None:
    """A leaf's weight, or a category's: the sum of its leaves' weights when all state one."""
    if line.is_leaf:
        return line.weight
    under = [leaf for leaf in card.leaves() if leaf.path.startswith(line.path + ".")]
    if under and all(leaf.weight is not None for leaf in under):
        return sum((leaf.weight or ZERO for leaf in under), ZERO)
    return line.weight


# --- the view --------------------------------------------------------------------------------------


@dataclass
class Computed:
    """The reconciled evaluation with its figures and scorecard, and the corrections on the way."""

    evaluation: Evaluation
    figures: Figures
    card: Scorecard
    ruleset: RuleSet
    corrections: list[Correction]


def compute(evaluation: Evaluation, ruleset: RuleSet) -> Computed:
    """Reconcile amounts, keep qualitative scores in their bands, score again, list the corrections."""
    work = evaluation.model_copy(deep=True)
    corrections = reconcile_budget(work)
    figures = derive(work)
    corrections += rate_corrections(figures)
    first, _ = score(work, ruleset)
    corrections += clamp_qualitative(work, first)
    card, _ = score(work, ruleset)
    corrections += score_corrections(evaluation, card)
    return Computed(work, figures, card, ruleset, corrections)


def report_view(result: Result) -> ReportView:
    """The view of a scored result (``result.readable`` must be true)."""
    if result.evaluation is None or result.ruleset is None:
        raise ValueError("report_view needs a loaded evaluation and its rule set")
    return build_view(compute(result.evaluation, result.ruleset))


def build_view(data: Computed) -> ReportView:
    """Assemble the view from computed data."""
    ev, card = data.evaluation, data.card
    title, table_title, intro = titles(ev)
    view = ReportView(
        kind=ev.kind,
        title=title,
        table_title=table_title,
        department=ev.department,
        year=ev.year,
        project=ev.project,
        intro=intro,
        achieved=ev.narrative.summary or "",
        total_weight=card.weight_total,
        total_score=None if card.total is None else round_half_up(card.total, 2),
        grade=card.grade or "",
        ruleset=card.ruleset,
        corrections=data.corrections,
    )
    view.budget_rows = budget_rows(data)
    view.indicator_rows = indicator_rows(data)
    view.blocks = build_blocks(data)
    return view


def numbered(level: int, n: int, text: str) -> str:
    """A heading with its number: 一、 （一） 1. （1）."""
    number = {1: f"{chinese_ordinal(n)}、", 2: f"（{chinese_ordinal(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
    return number + text


class Outline:
    """Blocks with headings numbered in order, whatever the input's own numbering was."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counters[level] += 1
        for deeper in range(level + 1, len(self.counters)):
            self.counters[deeper] = 0
        self.blocks.append(Block(level, numbered(level, self.counters[level], text)))

    def text(self, *paragraphs: str | None) -> None:
        for paragraph in paragraphs:
            if paragraph:
                self.blocks.append(Block(0, paragraph))

    def texts_or_missing(self, paragraphs: list[str] | str | None) -> None:
        items = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs or [])
        items = [p.strip() for p in items if p and p.strip()]
        self.text(*(items or [MISSING]))


def titles(ev: Evaluation) -> tuple[str, str, str]:
    """Report title, table title and opening paragraph, by kind of evaluation."""
    if ev.kind == "project":
        name = ev.project or "项目"
        base = ev.narrative.title or f"{name}{ev.year}年度项目支出绩效自评报告"
        scope = f"{name}{ev.year}年度项目支出"
        table = f"{ev.year}年度项目支出绩效自评表"
    else:
        base = ev.narrative.title or f"{ev.year}年度部门整体支出绩效自评报告"
        scope = f"{ev.year}年度部门整体支出"
        table = f"{ev.year}年度部门整体支出绩效自评表"
    title = base if ev.department in base else ev.department + base
    intro = (
        "根据《中华人民共和国预算法》和《中共中央 国务院关于全面实施预算绩效管理的意见》等有关规定，"
        f"结合本单位实际情况，{ev.department}对{scope}进行了绩效自评，现将有关情况报告如下："
    )
    return title, table, intro


def _pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def _amt(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def _row(
    key: str, label: str, line: Line | None, data: Computed, path: str = "", indent: int = 0
) -> BudgetRow:
    if line is None:
        return BudgetRow(key, label, indent=indent)
    lf = data.figures.get(path)
    rate = lf.execution_rate if lf else data.figures.execution_rate if path == "budget.total" else None
    return BudgetRow(
        key,
        label,
        _amt(line.initial),
        _amt(line.adjusted),
        _amt(line.executed),
        _pct(rate),
        _pct(data.figures.share(path)) if path else None,
        indent=indent,
    )


def execution_line(card: Scorecard) -> ScoreLine | None:
    """The scorecard line of the budget execution rate, if the tree has one."""
    return next((line for line in card.leaves() if line.kind == "execution_rate"), None)


def budget_rows(data: Computed) -> list[BudgetRow]:
    """The funds block: 年度资金总额, then 按收入性质分 and 按支出性质分."""
    budget, total = data.evaluation.budget, data.figures.total
    exe = execution_line(data.card)
    head = _row("total", "年度资金总额", total, data, "budget.total")
    rows = [
        BudgetRow(
            "total",
            head.label,
            head.initial,
            head.adjusted,
            head.executed,
            _pct(data.figures.execution_rate),
            weight=exe.weight if exe else None,
            score=exe.used if exe else None,
        ),
        BudgetRow("income", "按收入性质分："),
    ]
    sources = budget.sources
    general = _general_public(data)
    for key in (
        "general_public",
        "government_fund",
        "state_capital",
        "special_account",
        "carryover",
        "other",
    ):
        line = general if key == "general_public" else getattr(sources, key) if sources else None
        if line is not None or key in ("general_public", "government_fund", "special_account", "other"):
            path = f"budget.sources.{key}" if sources and sources.general_public else ""
            rows.append(_row("income", LINE_LABELS[f"budget.sources.{key}"], line, data, path, 1))
    rows.append(BudgetRow("expense", "按支出性质分："))
    rows.append(_row("expense", "基本支出", budget.basic, data, "budget.basic", 1))
    if budget.basic is not None:
        for key, label in (("personnel", "其中：人员经费"), ("public", "其中：日常公用经费")):
            part = getattr(budget.basic, key)
            if part is not None:
                rows.append(_row("expense", label, part, data, f"budget.basic.{key}", 2))
    rows.append(_row("expense", "项目支出", budget.project, data, "budget.project", 1))
    if budget.project is not None:
        for i, item in enumerate(budget.project.items):
            path = f"budget.project.items[{i}]"
            rows.append(_row("expense", f"其中：{item.name or f'项目{i + 1}'}", item, data, path, 2))
    return rows


def _general_public(data: Computed) -> Line | None:
    """一般公共预算: as stated, else the whole when no other source carries money (the report's
    section 二 presents all spending as 一般公共预算支出)."""
    sources = data.evaluation.budget.sources
    if sources is not None and sources.general_public is not None:
        return sources.general_public
    others = [getattr(sources, key) for key in type(sources).model_fields] if sources else []
    if any(getattr(line, column) for line in others if line is not None for column in AMOUNT_COLUMNS):
        return None
    return data.figures.total


def indicator_rows(data: Computed) -> list[IndicatorRow]:
    """The indicator block (the execution rate sits in the funds block), with merged-cell spans."""
    rows: list[IndicatorRow] = []
    for node in data.evaluation.indicators:
        if data.ruleset.category_of(node.name) == "execution" and not node.children:
            continue
        group: list[IndicatorRow] = []
        for child in node.children or [node]:
            leaves_under = child.children or [child]
            for k, leaf in enumerate(leaves_under):
                path = _path_of(data.evaluation, leaf)
                line = data.card.line(path) if path else None
                group.append(
                    IndicatorRow(
                        level1=node.name,
                        level2=child.name if child.children else "",
                        level3="" if leaf is node else leaf.name,
                        target=leaf.target or "",
                        actual=leaf.actual or "",
                        weight=line.weight if line else leaf.weight,
                        score=line.used if line else None,
                        reason=leaf.reason or "",
                        level2_span=(len(leaves_under) if k == 0 else 0) if child.children else 1,
                    )
                )
        group = [_with_span(row, len(group) if i == 0 else 0) for i, row in enumerate(group)]
        rows.extend(group)
    return rows


def _with_span(row: IndicatorRow, span: int) -> IndicatorRow:
    from dataclasses import replace

    return replace(row, level1_span=span)


def _path_of(evaluation: Evaluation, target: Indicator) -> str | None:
    return next((path for path, node, _ in walk_indicators(evaluation.indicators) if node is target), None)


# --- the report's text -----------------------------------------------------------------------------


def line_sentence(prefix: str, line: Line | None, figures: Figures, path: str) -> str | None:
    """ "…年初预算X万元，全年预算Y万元，实际支出Z万元，完成全年预算的R%。" (stated columns only)."""
    if line is None:
        return None
    parts = []
    for column, label in (("initial", "年初预算"), ("adjusted", "全年预算"), ("executed", "实际支出")):
        value = getattr(line, column)
        if value is not None:
            parts.append(f"{label}{format_amount(value)}万元")
    lf = figures.get(path)
    rate = lf.execution_rate if lf else (figures.execution_rate if path == "budget.total" else None)
    if rate is not None:
        parts.append(f"完成全年预算的{format_percent(rate)}")
    return prefix + "，".join(parts) + "。" if parts else None


def _basic_paragraphs(data: Computed) -> list[str]:
    ev, figures = data.evaluation, data.figures
    basic = ev.budget.basic
    if basic is None:
        return [f"{ev.year}年度无基本支出。"]
    shares = []
    for key, label in (("personnel", "人员经费"), ("public", "日常公用经费")):
        part = getattr(basic, key)
        if part is not None and part.executed is not None:
            share = figures.share(f"budget.basic.{key}")
            tail = f"，占基本支出的{format_percent(share)}" if share is not None else ""
            shares.append(f"{label}支出{format_amount(part.executed)}万元{tail}")
    first = line_sentence(f"{ev.year}年基本支出", basic, figures, "budget.basic")
    return [p for p in (first, "其中，" + "；".join(shares) + "。" if shares else None) if p]


def _project_paragraphs(data: Computed) -> list[str]:
    ev, figures = data.evaluation, data.figures
    project = ev.budget.project
    if project is None:
        return [f"{ev.year}年度无项目支出。"]
    items = []
    for i, item in enumerate(project.items):
        sentence = line_sentence("", item, figures, f"budget.project.items[{i}]")
        name = item.name or f"项目{i + 1}"
        items.append(f"{name}（{sentence.rstrip('。')}）" if sentence else name)
    first = line_sentence(f"{ev.year}年度项目支出", project, figures, "budget.project")
    listing = "项目包括：" + "；".join(items) + "。" if items else project.note
    return [p for p in (first, listing) if p]


def _fund_paragraph(data: Computed, key: str, label: str) -> str:
    sources = data.evaluation.budget.sources
    line = getattr(sources, key) if sources else None
    year = data.evaluation.year
    if line is not None and not any(getattr(line, column) for column in AMOUNT_COLUMNS):
        line = None  # stated as 0: the report says "无"
    sentence = line_sentence(f"{year}年度{label}支出", line, data.figures, f"budget.sources.{key}")
    return sentence or f"{year}年度无{label}支出。"


def _score_heading(name: str, weight: Decimal | None, used: Decimal | None) -> str:
    if weight is None or used is None:
        return name
    deduction = weight - used
    lost = "未扣分" if deduction <= 0 else f"扣{format_score(deduction)}分"
    return f"{name}（分值{format_score(weight)}分，得{format_score(used)}分，{lost}）"


def _indicator_detail(node: Indicator, line: ScoreLine | None) -> str:
    parts = [f"年度指标值：{node.target or '未填写'}", f"实际完成值：{node.actual or '未填写'}"]
    if line is not None and line.weight is not None:
        parts.append(f"分值{format_score(line.weight)}分")
    if line is not None and line.used is not None:
        parts.append(f"得分{format_score(line.used)}分")
    return "，".join(parts) + "。"


def _indicator_blocks(out: Outline, data: Computed, node: Indicator, path: str, level: int) -> None:
    line = data.card.line(path)
    if node.children:
        weight = view_weight(line, data.card) if line else None
        out.heading(level, _score_heading(node.name, weight, line.used if line else None))
        for child_path, child in _children(path, node):
            _indicator_blocks(out, data, child, child_path, min(level + 1, 4))
        return
    out.heading(level, node.name)
    out.text(_indicator_detail(node, line), node.text)
    if node.reason:
        out.text(f"偏差原因分析及改进措施：{node.reason}")


def _children(path: str, node: Indicator) -> list[tuple[str, Indicator]]:
    found = walk_indicators(node.children, path)
    return [(p, n) for p, n, depth in found if depth == 1]


def performance_blocks(out: Outline, data: Computed) -> None:
    """Total score and grade, then each level-1 category with its indicators."""
    ev, card = data.evaluation, data.card
    out.text(ev.narrative.summary)
    if card.total is None:
        out.text("未填写绩效指标，无法计算自评得分。")
        return
    out.text(
        f"根据{'项目支出' if ev.kind == 'project' else '部门整体支出'}绩效评价指标，经计算，"
        f"{ev.year}年度自评得分{format_score(card.total)}分，评价等级为“{card.grade}”。具体情况如下："
    )
    for path, node, depth in walk_indicators(ev.indicators):
        if depth != 1:
            continue
        line = card.line(path)
        weight = view_weight(line, card) if line else None
        out.heading(2, _score_heading(node.name, weight, line.used if line else None))
        if line is not None and line.kind == "execution_rate":
            total = data.figures.total
            sentence = line_sentence("财政拨款", total, data.figures, "budget.total")
            out.text(sentence.replace("完成全年预算的", "预算执行率") if sentence else None)
        elif node.children:
            for child_path, child in _children(path, node):
                _indicator_blocks(out, data, child, child_path, 3)
        else:
            out.text(_indicator_detail(node, line), node.text)


def department_blocks(data: Computed) -> list[Block]:
    """The outline of a 部门整体支出绩效自评报告 (domain.md §3 item 2)."""
    ev, out = data.evaluation, Outline()
    narrative = ev.narrative
    out.heading(1, "基本情况")
    out.heading(2, "部门职能")
    out.texts_or_missing(narrative.functions)
    out.heading(2, "机构设置及决算单位构成")
    out.texts_or_missing(narrative.organisation)
    out.heading(2, "人员情况")
    staff = None if narrative.staff is None else f"截至{ev.year}年12月31日，在职人员{narrative.staff}人。"
    out.texts_or_missing(staff)
    out.heading(1, "一般公共预算支出情况")
    out.heading(2, "基本支出情况")
    out.text(*_basic_paragraphs(data))
    out.heading(2, "项目支出情况")
    out.text(*_project_paragraphs(data))
    out.heading(1, "政府性基金预算支出情况")
    out.text(_fund_paragraph(data, "government_fund", "政府性基金预算"))
    out.heading(1, "国有资本经营预算支出情况")
    out.text(_fund_paragraph(data, "state_capital", "国有资本经营预算"))
    out.heading(1, "部门整体支出绩效情况")
    performance_blocks(out, data)
    _closing(out, narrative.problems, narrative.measures, narrative.application, "部门整体支出")
    return out.blocks


def project_blocks(data: Computed) -> list[Block]:
    """The outline of a 项目支出绩效自评报告 (domain.md §1.7, adapted)."""
    ev, out = data.evaluation, Outline()
    narrative = ev.narrative
    out.heading(1, "基本情况")
    out.heading(2, "项目概况")
    out.texts_or_missing(narrative.functions)
    out.heading(2, "项目资金情况")
    out.texts_or_missing(
        line_sentence(f"{ev.year}年度项目资金", data.figures.total, data.figures, "budget.total")
    )
    out.heading(1, "绩效目标完成情况")
    out.texts_or_missing(narrative.summary)
    out.heading(1, "绩效自评结果")
    narrative_summary, ev.narrative.summary = ev.narrative.summary, None
    performance_blocks(out, data)
    ev.narrative.summary = narrative_summary
    _closing(out, narrative.problems, narrative.measures, narrative.application, "项目支出")
    return out.blocks


def _closing(
    out: Outline, problems: list[str], measures: list[str], application: str | None, scope: str
) -> None:
    out.heading(1, "存在的问题及原因分析")
    out.texts_or_missing(problems)
    out.heading(1, "下一步改进措施")
    out.texts_or_missing(measures)
    out.heading(1, f"{scope}绩效自评结果拟应用和公开情况")
    out.texts_or_missing(application)


def build_blocks(data: Computed) -> list[Block]:
    """The report's paragraphs in order, numbered."""
    return project_blocks(data) if data.evaluation.kind == "project" else department_blocks(data)
