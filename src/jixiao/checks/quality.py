"""Indicator quality (QUA): measurable targets, enough quantitative indicators, no restated outputs, cost
in money, timeliness with a date or duration, no indicator twice, weights as the rule set's policy wants.

The rules follow 财预〔2021〕101号 (财政部《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》):
goals are refined into indicators described in detail and in numbers (细化、量化), 产出
covers quantity, quality, timeliness and cost, 效益 the effects the outputs bring. See
``docs/indicator-quality.md`` for what the text says and which thresholds are this project's
configurable defaults (``indicator_quality`` in the rule set).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.library import default_library, has_date, plain
from jixiao.model import Indicator, walk_indicators
from jixiao.numbers import HUNDRED
from jixiao.values import ParsedValue, parse_value

# categories whose indicators carry annual targets (年度指标值); 53号's 投入/过程 are scored by standards
TARGETED = ("output", "benefit", "satisfaction")


@dataclass(frozen=True)
class Leaf:
    """A scored indicator with the names of the categories above it."""

    path: str
    node: Indicator
    ancestors: tuple[str, ...]
    category: str | None  # the rule set's category key of its level-1 ancestor

    @property
    def level2(self) -> str:
        return self.ancestors[1] if len(self.ancestors) > 1 else ""


def leaves_of(ctx: Context) -> list[Leaf]:
    """The leaf indicators the quality checks judge, with their ancestors and category, made once for
    all of them (``Context.derived``)."""
    return ctx.derived(_leaves)


def _leaves(ctx: Context) -> list[Leaf]:
    found: list[Leaf] = []
    names: dict[str, str] = {}
    for path, node, depth in walk_indicators(ctx.evaluation.indicators):
        names[path] = node.name
        if node.children or node.kind == "execution_rate" or node.name[:1].isdigit():
            continue  # a name that is a figure ("21980人") is a table read askew, not an indicator to judge
        parts = path.split(".")
        ancestors = tuple(names[".".join(parts[: i + 1])] for i in range(1, len(parts) - 1))
        top = ancestors[0] if ancestors else node.name
        category = ctx.ruleset.category_of(top) if depth > 1 else ctx.ruleset.category_of(node.name)
        if category == "execution":
            continue
        found.append(Leaf(path, node, ancestors, category))
    return found


def _computed_by_rules(ctx: Context, node: Indicator) -> bool:
    """A 53号 departmental indicator the rule set computes by formula: its standard is in the rule set."""
    return any(plain(rule.name) == plain(node.name) for rule in ctx.ruleset.dept_indicators.values())


def _parsed(text: str | None) -> ParsedValue:
    return parse_value(text or "")


def _dimensions(parsed: ParsedValue) -> set[str]:
    return {q.dimension for q in parsed.quantities if q.dimension}


def is_measurable(node: Indicator) -> bool:
    """The target holds a number, a band or a deadline (as the value parser reads it), or the model
    already reads it as quantitative."""
    if node.kind == "quantitative" or node.target_value is not None:
        return True
    return _parsed(node.target).form in ("number", "band", "deadline")


def _library_form(node: Indicator, leaf: Leaf) -> str | None:
    library = default_library()
    entry = library.get(node.library_id) or library.match(node.name, leaf.ancestors)
    return entry.form if entry else None


def _expects_number(ctx: Context, leaf: Leaf) -> bool:
    quality = ctx.ruleset.indicator_quality
    name = leaf.node.name
    if any(plain(name).endswith(ending) for ending in quality.number_name_endings):
        return True
    if any(word in leaf.level2 for word in ("数量", "成本")):
        return True
    form = _library_form(leaf.node, leaf)
    return form is not None and form != "text"


@check("QUA001", name="quality.target-measurable", group="quality", severity=Severity.WARNING)
def target_measurable(ctx: Context) -> Iterator[Issue]:
    """年度指标值可衡量：不得空缺，需要数值的指标不得只写“提升”“有效”“明显”等词.

    Indicators of 产出, 效益 and 满意度 are judged. An empty target is judged only when other indicators
    of the same evaluation state theirs (a table with a target column); a word target is judged
    where the indicator's name, level-2 category or library entry calls for a number
    (…率, …人数, 数量指标, 成本指标).

    Wrong::

        - name: 满意度指标
          children: [{name: 群众满意度, target: 明显提升}, {name: 接待人次, target: ≥1500人次}]

    Right::

        - name: 满意度指标
          children: [{name: 群众满意度, target: ≥90%}, {name: 接待人次, target: ≥1500人次}]
    """
    quality = ctx.ruleset.indicator_quality
    leaves = [
        leaf
        for leaf in leaves_of(ctx)
        if leaf.category in TARGETED and not _computed_by_rules(ctx, leaf.node)
    ]
    any_target = any((leaf.node.target or "").strip() for leaf in leaves)
    for leaf in leaves:
        node, target = leaf.node, (leaf.node.target or "").strip()
        if not target:
            if any_target:
                yield ctx.issue(
                    f"{leaf.path}.target",
                    f"指标“{node.name}”未填写年度指标值，无法衡量完成情况",
                    expected="可衡量的指标值",
                    found="空",
                    hint="填写定量指标值（如 ≥90%、≥1500人次、12月底前完成），"
                    "确实无法量化的写明可检查的定性标准",
                )
            continue
        if is_measurable(node) or not _expects_number(ctx, leaf):
            continue
        vague = next((word for word in quality.vague_words if word in target), None)
        if vague:
            yield ctx.issue(
                f"{leaf.path}.target",
                f"指标“{node.name}”的年度指标值“{target}”只写“{vague}”，没有可衡量的数值",
                expected="数值、比率或期限",
                found=target,
                hint="按财预〔2021〕101号，指标应细化、量化：写明基数和目标值，如“≥90%”“较上年提高5个百分点”",
            )


@check("QUA002", name="quality.quantitative-share", group="quality", severity=Severity.WARNING)
def quantitative_share(ctx: Context) -> Iterator[Issue]:
    """产出和效益指标中定量指标的比例不低于规则集要求（默认 50 %）.

    Indicators the rule set computes by formula (财预〔2013〕53号 在职人员控制率 …) count as quantitative.
    Fewer than ``min_indicators_judged`` 产出 + 效益 indicators are not judged (an excerpt).

    Wrong::

        - {name: 产出指标, children: [{name: 窗口服务, target: 按规定服务}, {name: 法治化, target: 推广},
                                      {name: 宣传, target: 开展活动}]}

    Right::

        - {name: 产出指标, children: [{name: 来访接待人次, target: ≥1500人次}, {name: 法治化, target: 推广},
                                      {name: 及时受理率, target: ≥95%}]}
    """
    quality = ctx.ruleset.indicator_quality
    judged = [leaf for leaf in leaves_of(ctx) if leaf.category in ("output", "benefit")]
    if len(judged) < quality.min_indicators_judged or not any(leaf.node.target for leaf in judged):
        return  # too few to judge, or no target column read at all (nothing says what was set)
    measurable = [leaf for leaf in judged if is_measurable(leaf.node) or _computed_by_rules(ctx, leaf.node)]
    share = Decimal(len(measurable)) * HUNDRED / Decimal(len(judged))
    if share >= quality.min_quantitative_share:
        return
    yield ctx.issue(
        "indicators",
        f"产出和效益指标共 {len(judged)} 项，其中定量指标 {len(measurable)} 项，"
        f"占 {fmt(share.quantize(Decimal('0.1')))}%，低于规则集 {ctx.ruleset.id} 要求的 "
        f"{fmt(quality.min_quantitative_share)}%",
        expected=f"≥ {fmt(quality.min_quantitative_share)}%",
        found=f"{fmt(share.quantize(Decimal('0.1')))}%",
        hint="把能计数、计量的产出和效益写成定量指标（数量、比率、期限、金额），定性指标写明可检查的标准",
    )


def _same_measure(benefit: Indicator, output: Indicator) -> bool:
    """The same amount in the same non-percent dimension (受益人数 ≥2000人 restating 资助人数 ≥2000人)."""
    b, o = _parsed(benefit.target).quantity, _parsed(output.target).quantity
    if b is None or o is None or not b.dimension or b.dimension == "percent":
        return False
    return (b.dimension, b.base) == (o.dimension, o.base)


@check("QUA003", name="quality.benefit-restates-output", group="quality", severity=Severity.WARNING)
def benefit_restates_output(ctx: Context) -> Iterator[Issue]:
    """效益指标不得重复产出指标（同名、近似名称，或同一数值同一计量单位）.

    Wrong::

        - {name: 产出指标, children: [{name: 资助学生人数, target: ≥2000人}]}
        - {name: 效益指标, children: [{name: 受资助学生人数, target: ≥2000人}]}

    Right::

        - {name: 产出指标, children: [{name: 资助学生人数, target: ≥2000人}]}
        - {name: 效益指标, children: [{name: 义务教育巩固率, target: ≥95%}]}
    """
    limit = float(ctx.ruleset.indicator_quality.restated_similarity)
    leaves = leaves_of(ctx)
    outputs = [leaf for leaf in leaves if leaf.category == "output"]
    for leaf in (leaf for leaf in leaves if leaf.category == "benefit"):
        for output in outputs:
            similar = SequenceMatcher(None, plain(leaf.node.name), plain(output.node.name)).ratio() >= limit
            if similar or _same_measure(leaf.node, output.node):
                why = "名称与之几乎相同" if similar else f"指标值同为“{output.node.target}”"
                yield ctx.issue(
                    leaf.path,
                    f"效益指标“{leaf.node.name}”重复了产出指标“{output.node.name}”（{why}），"
                    "没有反映产出带来的效果",
                    expected="产出带来的经济、社会、生态效益或可持续影响",
                    found=leaf.node.name,
                    hint="效益指标写产出之后的变化（如巩固率、受益面、成本节约、环境改善），"
                    "不要换个说法重复产出",
                )
                break


def _has_money(target: str) -> bool:
    return "money" in _dimensions(_parsed(target))


@check("QUA004", name="quality.cost-in-money", group="quality", severity=Severity.WARNING)
def cost_in_money(ctx: Context) -> Iterator[Issue]:
    """成本指标以金额表示（元、万元、元/人……），不得只写比率或文字.

    Wrong::

        - {name: 产出指标, children: [{name: 成本指标, children: [{name: 成本控制率, target: ≤100%}]}]}

    Right::

        - {name: 产出指标, children: [{name: 成本指标, children: [{name: 单位补助标准, target: ≤1600元/亩}]}]}
    """
    for leaf in leaves_of(ctx):
        if "成本" not in leaf.level2 and not (leaf.category == "output" and "成本" in leaf.node.name):
            continue
        target = (leaf.node.target or "").strip()
        if not target or _has_money(target):
            continue
        yield ctx.issue(
            f"{leaf.path}.target",
            f"成本指标“{leaf.node.name}”的指标值“{target}”不是金额",
            expected="金额（元、万元、元/单位）",
            found=target,
            hint="成本指标写单位成本或总成本的金额，如“≤1600元/亩”“≤120万元”",
        )


def _has_duration(node: Indicator) -> bool:
    return "duration" in _dimensions(_parsed(node.target))


@check("QUA005", name="quality.timeliness-has-time", group="quality", severity=Severity.WARNING)
def timeliness_has_time(ctx: Context) -> Iterator[Issue]:
    """时效指标写明日期或时长（12月底前、60日内），或为及时率、按期完成率等以期限为准的比率.

    Wrong::

        - {name: 产出指标, children: [{name: 时效指标, children: [{name: 资金拨付, target: 及时拨付}]}]}

    Right::

        - {name: 产出指标, children: [{name: 时效指标, children: [{name: 资金拨付, target: 6月30日前拨付}]}]}
    """
    words = ctx.ruleset.indicator_quality.timeliness_name_words
    for leaf in leaves_of(ctx):
        if "时效" not in leaf.level2:
            continue
        node = leaf.node
        target = (node.target or "").strip()
        if not target or has_date(target) or _has_duration(node):
            continue
        parsed = _parsed(target)
        rate = "percent" in _dimensions(parsed) or (node.name.endswith("率") and parsed.quantity is not None)
        if rate and any(word in node.name for word in words):
            continue  # 及时率 100, 按期办结率 ≥95%: a rate of things done on time has its deadline built in
        yield ctx.issue(
            f"{leaf.path}.target",
            f"时效指标“{node.name}”的指标值“{target}”没有日期或时长",
            expected="完成日期、时限或按期完成的比率",
            found=target,
            hint="写明完成时间（如“12月底前完成”）或时限（如“60日内办结”）",
        )


@check("QUA006", name="quality.no-indicator-twice", group="quality", severity=Severity.WARNING)
def no_indicator_twice(ctx: Context) -> Iterator[Issue]:
    """同一指标不重复设置（同一上级下同名、同一指标库编号、或同名同指标值）.

    The same name under two different level-2 categories of the 2013 framework (管理制度健全性 under 预算管理
    and 资产管理) is two indicators, not one written twice.

    Wrong::

        - name: 产出指标
          children: [{name: 接待人次, target: ≥1500人次}, {name: 接待人次, target: ≥1500人次}]

    Right::

        - name: 产出指标
          children: [{name: 接待人次, target: ≥1500人次}, {name: 接待批次, target: ≥600批}]
    """
    seen: dict[tuple[str, ...], str] = {}
    for leaf in leaves_of(ctx):
        node = leaf.node
        parent = leaf.path.rsplit(".", 1)[0]
        keys: list[tuple[str, ...]] = [
            ("sibling", parent, plain(node.name)),
            ("target", plain(node.name), plain(node.target or "")),
        ]
        if node.library_id:
            keys.append(("library", node.library_id))
        if not (node.target or "").strip():
            keys.pop(1)
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            yield ctx.issue(
                leaf.path,
                f"指标“{node.name}”重复设置（与 {first} 相同）",
                expected="每项指标只设一次",
                found=node.name,
                hint="删除重复的指标，或改为衡量不同方面的指标",
            )
            continue
        for key in keys:
            seen[key] = leaf.path


@check("QUA007", name="quality.weight-policy", group="quality", severity=Severity.WARNING)
def weight_policy(ctx: Context) -> Iterator[Issue]:
    """三级指标分值符合规则集的权重规则（平均分配、单项上限、单项下限；规则集未设则不检查）.

    Wrong::

        # rule set: indicator_quality: {weights: {equal_within_parent: true}}
        - {name: 产出指标, weight: 30, children: [{name: A, weight: 20}, {name: B, weight: 10}]}

    Right::

        - {name: 产出指标, weight: 30, children: [{name: A, weight: 15}, {name: B, weight: 15}]}
    """
    policy = ctx.ruleset.indicator_quality.weights
    if policy.min_leaf_weight is not None:
        for leaf in leaves_of(ctx):
            if leaf.node.weight is not None and leaf.node.weight < policy.min_leaf_weight:
                yield ctx.issue(
                    f"{leaf.path}.weight",
                    f"指标“{leaf.node.name}”分值 {fmt(leaf.node.weight)} 低于规则集要求的最低 "
                    f"{fmt(policy.min_leaf_weight)} 分",
                    expected=f"≥ {fmt(policy.min_leaf_weight)}",
                    found=fmt(leaf.node.weight),
                    hint="合并过细的指标，或提高其分值",
                )
    for path, node, depth in walk_indicators(ctx.evaluation.indicators):
        if depth != 1 or node.weight is None or not node.children:
            continue
        if policy.max_leaf_share is not None:
            cap = node.weight * policy.max_leaf_share / HUNDRED
            for item_path, item, _ in walk_indicators(node.children, path):
                if not item.children and item.weight is not None and item.weight > cap:
                    yield ctx.issue(
                        f"{item_path}.weight",
                        f"指标“{item.name}”分值 {fmt(item.weight)} 超过“{node.name}”分值 "
                        f"{fmt(node.weight)} 的 {fmt(policy.max_leaf_share)}%（{fmt(cap)}）",
                        expected=f"≤ {fmt(cap)}",
                        found=fmt(item.weight),
                        hint="单项指标分值不宜过高，按重要程度分配",
                    )
    if policy.equal_within_parent:
        yield from _unequal_siblings(ctx)


def _unequal_siblings(ctx: Context) -> Iterator[Issue]:
    """Leaves sharing a parent should share its weight equally (whole points: within one point)."""
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        children = [c for c in node.children if not c.children]
        if node.weight is None or len(children) < 2 or len(children) != len(node.children):
            continue
        share = node.weight / len(children)
        for child_path, child, _ in walk_indicators(children, path):
            if child.weight is not None and abs(child.weight - share) >= 1:
                yield ctx.issue(
                    f"{child_path}.weight",
                    f"“{node.name}”下 {len(children)} 项指标应平均分配 {fmt(node.weight)} 分（每项约 "
                    f"{fmt(share.quantize(Decimal('0.01')))}），“{child.name}”为 {fmt(child.weight)}",
                    expected=fmt(share.quantize(Decimal("0.01"))),
                    found=fmt(child.weight),
                    hint="三级指标分值按个数平均确定，四舍五入保留整数",
                )


@check("QUA008", name="quality.target-actual-same-unit", group="quality", severity=Severity.WARNING)
def target_actual_same_unit(ctx: Context) -> Iterator[Issue]:
    """指标值与实际完成值使用同一量纲和计量单位（不同量纲无法比较；同一量纲不同单位作提示）.

    Units and dimensions are those of the value parser (``jixiao.values``): 880000元 against ≤90万元 is one
    dimension in two units (info: write both alike); 95% against ≥1500人次 cannot be compared (warning).

    Wrong::

        - {name: 产出指标, children: [{name: 来访接待, target: ≥1500人次, actual: 98%}]}

    Right::

        - {name: 产出指标, children: [{name: 来访接待, target: ≥1500人次, actual: 1550人次}]}
    """
    for leaf in leaves_of(ctx):
        node = leaf.node
        target, actual = _parsed(node.target).quantity, _parsed(node.actual).quantity
        if target is None or actual is None or not target.dimension or not actual.dimension:
            continue
        if target.dimension != actual.dimension:
            yield ctx.issue(
                f"{leaf.path}.actual",
                f"指标“{node.name}”的指标值“{node.target}”以“{target.unit}”计，实际完成值“{node.actual}”"
                f"却以“{actual.unit}”计，两者无法比较",
                expected=f"以“{target.unit}”计的实际完成值",
                found=node.actual,
                hint="实际完成值应与年度指标值使用同一计量单位，按指标定义统计",
            )
        elif target.unit != actual.unit:
            yield ctx.issue(
                f"{leaf.path}.actual",
                f"指标“{node.name}”的指标值以“{target.unit}”计，实际完成值以“{actual.unit}”计（已换算比较）",
                expected=f"以“{target.unit}”计",
                found=node.actual,
                severity=Severity.INFO,
                hint="指标值与实际完成值宜使用同一计量单位，便于核对",
            )
