"""The typed shape of a rule set (data shipped as YAML; a bureau may edit or extend one)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jixiao.values.vocabulary import Vocabulary, default_vocabulary, load_vocabulary_data

# well-known keys: execution (预算执行率), output, benefit, satisfaction; other keys are free (投入, 过程…)
CategoryKey = str


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Category(_Rule):
    """A level-1 indicator category and its weight; ``aliases`` are other names reports use for it."""

    name: str
    weight: Decimal
    aliases: list[str] = Field(default_factory=list)
    level2: list[str] = Field(default_factory=list)  # the usual level-2 names (for templates and checks)


class ExecutionRate(_Rule):
    score: Literal["proportional", "bands"] = "proportional"
    cap_at_weight: bool = True
    explain_below: Decimal = Decimal(90)  # percent: below it the report must give the reason
    # for score == bands: list of (min rate %, fraction of the weight), highest first
    bands: list[tuple[Decimal, Decimal]] = Field(default_factory=list)


class Quantitative(_Rule):
    reverse: Literal["linear_to_zero_at_2x", "ratio"] = "linear_to_zero_at_2x"
    equal_as_positive: bool = True
    cap_at_weight: bool = True
    over_achievement_info_ratio: Decimal = Decimal("1.5")
    # a deadline missed: the rules give no proportion of a date, so by default the declared score is kept
    # and the indicator named (SCO011); ``zero`` scores it 0
    deadline_missed: Literal["declared", "zero"] = "declared"


class Band(_Rule):
    min: Decimal
    max: Decimal
    max_inclusive: bool = False
    suggest: Decimal | None = None


class NoSatisfaction(_Rule):
    move_weight_to: Literal["benefit", "output", "split_pro_rata"] = "benefit"


class Grade(_Rule):
    grade: str
    min: Decimal


class Tolerance(_Rule):
    score_exact: Decimal = Decimal("0.01")  # |declared − rule| ≤ this: fine
    score_warning: Decimal = Decimal("0.5")  # up to this: warning (rounding of the score); above: error


class Plausibility(_Rule):
    adjustment_warning_percent: Decimal = Decimal(20)  # |全年预算 − 年初预算| / 年初预算 above this → warning
    overspend_is_error: bool = True


class WeightPolicy(_Rule):
    """How a rule set wants level-3 weights set (QUA008); every key off by default."""

    equal_within_parent: bool = False  # 三级指标分值按个数平均确定 (rounded to whole points)
    max_leaf_share: Decimal | None = None  # percent of its level-1 category's weight one indicator may carry
    min_leaf_weight: Decimal | None = None


class IndicatorQuality(_Rule):
    """Indicator-quality checks (QUA, 财预〔2021〕101号's guidance): thresholds and vocabularies as data."""

    min_quantitative_share: Decimal = Decimal(
        50
    )  # percent of 产出 + 效益 indicators with a measurable target
    min_indicators_judged: int = 3  # fewer 产出 + 效益 indicators: the share is not judged
    vague_words: list[str] = Field(
        default_factory=lambda: [
            "提升",
            "提高",
            "有效",
            "明显",
            "显著",
            "加强",
            "改善",
            "稳步",
            "进一步",
            "较好",
            "良好",
            "逐步",
            "持续",
            "不断",
            "积极",
            "大幅",
            "增强",
            "优化",
        ]
    )
    # an indicator named like this expects a number (…率, …数, …人次, …满意度)
    number_name_endings: list[str] = Field(
        default_factory=lambda: [
            "率",
            "数",
            "数量",
            "人数",
            "人次",
            "次数",
            "件数",
            "户数",
            "面积",
            "里程",
            "金额",
            "天数",
            "满意度",
            "标准",
            "成本",
            "页数",
            "个数",
        ]
    )
    timeliness_name_words: list[str] = Field(default_factory=lambda: ["及时", "按时", "按期", "准时", "逾期"])
    restated_similarity: Decimal = Decimal("0.8")  # name similarity above which a 效益 restates an 产出
    weights: WeightPolicy = Field(default_factory=WeightPolicy)


class Reliability(_Rule):
    """Budget reliability in the manner of PEFA 2016 PI-1 and PI-2 (the bands are the framework's)."""

    # PI-1: outturn ÷ original budget within 100 % ± band in at least ``years_needed`` of ``years`` years
    outturn_bands: list[tuple[str, Decimal]] = Field(
        default_factory=lambda: [("A", Decimal(5)), ("B", Decimal(10)), ("C", Decimal(15))]
    )
    # PI-2: composition variance below the limit in at least ``years_needed`` of ``years`` years
    composition_bands: list[tuple[str, Decimal]] = Field(
        default_factory=lambda: [("A", Decimal(5)), ("B", Decimal(10)), ("C", Decimal(15))]
    )
    years: int = 3
    years_needed: int = 2
    adjustment_info_percent: Decimal = Decimal(10)  # |全年预算 − 年初预算| ÷ 年初预算 above this → REL001


class FigureNames(_Rule):
    """The names of one figure in different words (FIG004 finds a figure stated twice by them).

    ``measures``: what of a budget line a figure is (年初预算 / 全年预算 / 全年执行 / 决算), each with the
    words that name it (``全年预算数 = 调整后预算数 = 全年预算``). ``subjects``: which line (基本支出,
    公务接待费…). ``whole``: the words naming a project's or report's whole (年度资金总额, 资金总额), which
    stand for the line a sentence with no subject speaks of. A bare 预算 names no measure.
    """

    measures: dict[str, list[str]] = Field(default_factory=dict)
    subjects: dict[str, list[str]] = Field(default_factory=dict)
    whole: list[str] = Field(default_factory=list)
    # words of a clause that make its figure another year's or a change, never a restatement
    other_figure_words: list[str] = Field(default_factory=list)
    # rates that are a part of a whole and cannot exceed 100 % (FIG003): 占比, 满意度, 合格率…
    at_most_100: list[str] = Field(default_factory=list)
    # sources of funds, each with the words that name it (FIG011): 中央, 省级 (自治区, 省级), 地方配套…
    sources: dict[str, list[str]] = Field(default_factory=dict)
    # a whole and the complete ways of splitting it (FIG013): 基本支出 = 人员经费 + 公用经费 = 工资福利支出 +
    # 商品和服务支出 + 对个人和家庭的补助 (+ 资本性支出); names are subjects above
    partitions: dict[str, list[list[str]]] = Field(default_factory=dict)


class CheckSelection(_Rule):
    exclude: list[str] = Field(default_factory=list)
    only: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)


class DeptIndicator(_Rule):
    """A computable departmental indicator (财预〔2013〕53号 family) and how it is scored.

    ``formula`` is evaluated with simpleeval over the named inputs of ``DeptFacts`` and budget figures.
    ``scoring`` chooses: ``full_if`` (full marks when the expression holds, else 0), ``deduct_per_point``
    (full marks at ``standard``, minus ``deduct`` per percentage point worse), ``bands`` (score by ranges).
    """

    name: str
    weight: Decimal
    formula: str
    better: Literal["higher", "lower", "target"] = "higher"
    standard: Decimal | None = None  # percent
    scoring: Literal["deduct_per_point", "deduct_per_step", "bands", "proportional"] = "deduct_per_point"
    deduct: Decimal = Decimal(0)
    step: Decimal = Decimal(1)  # percentage points per deduction step (deduct_per_step)
    per_point: Literal["continuous", "ceil", "floor"] = "continuous"
    bands: list[tuple[Decimal, Decimal]] = Field(default_factory=list)  # (min %, score), highest first
    when_not_applicable: Literal["full_marks", "exclude"] = "full_marks"


@lru_cache(maxsize=4096)  # pure; category_of compares every level-1 name against every alias
def _plain(name: str) -> str:
    """A category name without spaces and without the 指标 suffix: ``产出指标`` and ``产出`` match."""
    return name.replace(" ", "").replace("\u3000", "").strip().removesuffix("指标")


class RuleSet(_Rule):
    id: str
    name: str
    extends: str | None = None
    basis: str | None = None  # the document the rules come from
    total_weight: Decimal = Decimal(100)
    categories: dict[CategoryKey, Category]
    when_no_satisfaction: NoSatisfaction = Field(default_factory=NoSatisfaction)
    execution_rate: ExecutionRate = Field(default_factory=ExecutionRate)
    quantitative: Quantitative = Field(default_factory=Quantitative)
    qualitative_bands: dict[str, Band] = Field(default_factory=dict)
    band_aliases: dict[str, str] = Field(default_factory=dict)
    score_decimals: int = 2
    tolerance: Tolerance = Field(default_factory=Tolerance)
    grades: list[Grade]
    bonus_points: bool = False
    plausibility: Plausibility = Field(default_factory=Plausibility)
    dept_indicators: dict[str, DeptIndicator] = Field(default_factory=dict)
    indicator_quality: IndicatorQuality = Field(default_factory=IndicatorQuality)
    reliability: Reliability = Field(default_factory=Reliability)
    checks: CheckSelection = Field(default_factory=CheckSelection)
    figure_names: FigureNames = Field(default_factory=FigureNames)
    # the words of indicator values (directions, units, deadlines): the shipped vocabulary, with this
    # rule set's ``vocabulary:`` merged over it (a province's wording is a change here)
    vocabulary: Vocabulary = Field(default_factory=default_vocabulary)

    @field_validator("vocabulary", mode="before")
    @classmethod
    def _merge_vocabulary(cls, value: object) -> object:
        if isinstance(value, dict):
            from jixiao.rules import deep_merge  # noqa: PLC0415  (cycle: jixiao.rules imports this module)

            return deep_merge(load_vocabulary_data(), value)
        return value

    def category_of(self, name: str) -> CategoryKey | None:
        """The category key of a level-1 name as written (``产出指标``, ``产出``, ``服务对象满意度``)."""
        plain = _plain(name)
        for key, cat in self.categories.items():
            if plain == _plain(cat.name) or any(plain == _plain(n) for n in cat.aliases):
                return key
        return None

    def band(self, name: str | None) -> tuple[str, Band] | None:
        if not name:
            return None
        canonical = self.band_aliases.get(name.strip(), name.strip())
        found = self.qualitative_bands.get(canonical)
        return (canonical, found) if found else None

    def grade_of(self, total: Decimal) -> str:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= grade.min:
                return grade.grade
        return self.grades[-1].grade
