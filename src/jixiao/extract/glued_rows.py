"""Self-evaluation table rows whose cells reached us glued together (OCR, copy from a viewer).

The common departmental template (指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 |
得分系数(%) | 指标权重(分) | 指标得分(分) | 是否核心指标) arrives as
``政府采购执行率%100%72.74%100%22是党性教育培训次数次26次12次100%55是…``. Each row ends in
``coefficient% weight score 是|否``; weight and score are glued, and are split the one way the
coefficient allows (score = weight × coefficient). Its budget row ``执行率得分 76%107.6`` is split
the same way. Rows are read only under such a header, and only where the split is unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.model import Indicator

_HEADER = re.compile(r"得分系数.{0,30}?权重.{0,30}?得分.{0,30}?是否核心(?:指标)?")
_ROW_END = re.compile(r"(?P<coef>100|\d{1,2}(?:\.\d+)?)%(?P<ws>\d{2,7}(?:\.\d{1,2})?)(?P<core>是|否)")
_EXECUTION = re.compile(
    r"执行率得分(?:\(分\))?[^\d\n]{0,6}?(?P<rate>\d{1,3}(?:\.\d+)?)%(?P<ws>\d{2,7}(?:\.\d{1,2})?)"
)
_VALUE = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[次份篇个人项件户天批台套所家]|万元|万亩|亩|公里)?")
_NAME_END = re.compile(r"[\d%]")
_NATURE = re.compile(r"定量指标|定性指标")
_PAGE_MARK = re.compile(r"^.*\n\s*\d{1,2}、")  # "…\n3、": a page number of a document viewer
LOWER_BETTER = re.compile(
    r"控制率|调整率|结转结余|结余率|变动率|受害率|成灾率|发生率|投诉|差错|事故|超支|损失|空置率|偏差|成本|流失"
)
HIGHER_BETTER = re.compile(
    r"执行率|完成率|利用率|覆盖率|到位率|合格率|达标率|满意|及时率|使用率|知晓率|参与率|次数|数量|人数"
    r"|个数|面积|长度|里程|提升|增长"
)
COUNT_UNITS = set("次份篇个人项件户天批台套所家")


@dataclass(slots=True)
class GluedRow:
    """One indicator read from a glued row, with the spans of its parts."""

    indicator: Indicator
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GluedTable:
    """What the glued self-evaluation tables of a document give: the budget row's execution rate weight
    and score (``执行率得分 76%107.6``), and the indicator rows, in order."""

    execution: GluedRow | None
    rows: tuple[GluedRow, ...]


def glued_table_rows(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the rows of glued self-evaluation tables (``values["glued_rows"]``), read from the
    normalised text; the ``indicators`` pass puts copies of their indicators in the tree."""
    doc = reading.doc
    found = GluedTable(execution_row(doc.norm, doc.body_start), tuple(glued_rows(doc.norm, doc.body_start)))
    return Findings(values={"glued_rows": found})


def split_weight_score(digits: str, coefficient: Decimal) -> tuple[Decimal, Decimal] | None:
    """``1010`` at 100 % → (10, 10); ``21.45`` at 72.74 % → (2, 1.45); None unless exactly one split fits."""
    answers = []
    for cut in range(1, len(digits)):
        first, second = digits[:cut], digits[cut:]
        if "." in first or first.startswith("0") or second.startswith(".") or second.endswith("."):
            continue
        if len(second) > 1 and second.startswith("0") and not second.startswith("0."):
            continue
        weight, score = Decimal(first), Decimal(second)
        if weight == 0 or weight > 100 or score > weight:
            continue
        if abs(weight * coefficient / 100 - score) <= Decimal("0.01"):
            answers.append((weight, score))
    return answers[0] if len(answers) == 1 else None


def glued_rows(norm: str, start: int = 0) -> list[GluedRow]:
    """The indicator rows of every glued self-evaluation table in ``norm`` (normalised text)."""
    rows: list[GluedRow] = []
    for header in _HEADER.finditer(norm, start):
        position = header.end()
        for match in _ROW_END.finditer(norm, position):
            gap = norm[position : match.start()]
            if len(gap) > 80 or _HEADER.search(gap):
                break
            row = read_row(norm, position, match)
            if row is not None:
                rows.append(row)
            position = match.end()
    return rows


def execution_row(norm: str, start: int = 0) -> GluedRow | None:
    """The budget row's ``执行率 76% | 权重 10 | 得分 7.6`` glued as ``76%107.6``."""
    match = _EXECUTION.search(norm, start)
    if match is None:
        return None
    split = split_weight_score(match.group("ws"), Decimal(match.group("rate")))
    if split is None:
        return None
    weight, score = split
    node = Indicator(name="预算执行率", kind="execution_rate", weight=weight, score=score)
    cut = match.start("ws") + len(format(weight, "f"))
    return GluedRow(node, {"weight": (match.start("ws"), cut), "score": (cut, match.end("ws"))})


def read_row(norm: str, begin: int, end: re.Match[str]) -> GluedRow | None:
    """Name, unit, target and actual from the text before a row's end; weight and score from its end."""
    split = split_weight_score(end.group("ws"), Decimal(end.group("coef")))
    if split is None:
        return None
    weight, score = split
    text = norm[begin : end.start()]
    page = _PAGE_MARK.match(text)
    offset = begin + (page.end() if page else 0)
    text = text[page.end() :] if page else text
    name_end = _NAME_END.search(text)
    name = text[: name_end.start()] if name_end else text
    values = list(_VALUE.finditer(_NATURE.sub(lambda m: " " * len(m.group()), text), len(name)))
    unit = values[-1].group("unit") if values else None
    if unit and unit != "%" and name.endswith(unit):
        name = name[: -len(unit)]  # "党性教育培训次数次26次": the unit column glued to the name
    name = name.strip().strip('“”"')
    if len(name) < 2:
        return None
    node = Indicator(name=name, weight=weight, score=score)
    if len(values) >= 2:
        set_quantitative(node, values[-2], values[-1])
    cut = end.start("ws") + len(format(weight, "f"))
    spans = {
        "name": (offset, offset + len(name)),
        "weight": (end.start("ws"), cut),
        "score": (cut, end.end("ws")),
    }
    return GluedRow(node, spans)


def set_quantitative(node: Indicator, target: re.Match[str], actual: re.Match[str]) -> None:
    """Target and actual of a row when their units agree and the direction can be told from the name."""
    unit = actual.group("unit") or target.group("unit")
    if target.group("unit") and actual.group("unit") and target.group("unit") != actual.group("unit"):
        return
    direction = direction_of(node.name, unit)
    node.target = target.group()
    node.actual = actual.group()
    if direction is None:
        return  # a lower-or-higher-is-better indicator we cannot tell: not scored by the rules
    node.kind = "quantitative"
    node.direction = direction  # type: ignore[assignment]
    node.unit = unit
    node.target_value = Decimal(target.group("num"))
    node.actual_value = Decimal(actual.group("num"))


def direction_of(name: str, unit: str | None) -> str | None:
    """``<=`` for indicators where less is better (控制率, 调整率, 结转结余率 …), ``>=`` where more is."""
    if LOWER_BETTER.search(name):
        return "<="
    if HIGHER_BETTER.search(name) or (unit is not None and unit in COUNT_UNITS):
        return ">="
    return None
