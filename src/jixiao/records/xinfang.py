"""The 信访 register built in: its columns, its values, its time limits and its standard measures.

Time limits, 《信访工作条例》 (2022), in calendar days (the 条例 says 日 for these and 工作日 only where it
means working days, as the 5 个工作日 of art. 23); see ``docs/records.md`` for the articles and sources:

- acceptance: a 信访部门 transfers (转送) or hands over (交办) a matter within 15 日 of receiving it
  (art. 22); an organ that receives one tells the petitioner within 15 日 whether and how it takes it up
  (art. 23);
- conclusion: 60 日 from acceptance, extendable once by at most 30 日 with the head's approval (art. 34);
- 复查 and 复核: the opinion within 30 日 of the request (arts. 35, 36).

Measures are formulas of :mod:`jixiao.records.formula` over the register's columns and two columns
derived from them (``处理日期``, ``办理期限``), so what each one counts can be read, and changed, as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jixiao.records.engine import Period
from jixiao.records.table import Column, Problem, Table, Wanted
from jixiao.records.values import (
    Invalid,
    TextKey,
    Value,
    as_date,
    as_number,
    as_text,
    normalise_text,
    text_key,
)

ACCEPT_DAYS = 15  # arts. 22, 23
CONCLUDE_DAYS = 60  # art. 34
MAX_EXTENSION_DAYS = 30  # art. 34
REVIEW_DAYS = 30  # arts. 35 (复查), 36 (复核)

CHANNELS = {"来信": "来信", "书信": "来信", "信件": "来信", "来访": "来访", "走访": "来访",
            "网上": "网上", "网上信访": "网上", "网信": "网上", "网络": "网上", "电子网络": "网上",
            "电话": "电话", "来电": "电话", "电话信访": "电话"}  # fmt: skip
EVALUATIONS = {
    "满意": "满意",
    "基本满意": "基本满意",
    "不满意": "不满意",
    "未评价": "未评价",
    "未参评": "未评价",
}
YES_NO = {"是": "是", "否": "否", "已受理": "是", "受理": "是", "不予受理": "否", "不受理": "否",
          "y": "是", "n": "否", "yes": "是", "no": "否", "1": "是", "0": "否"}  # fmt: skip
REPEAT = {**YES_NO, "重复": "是", "重复信访": "是", "初信初访": "否", "初次": "否", "首次": "否"}
REVIEWS = {"复查": "复查", "复核": "复核", "无": None, "否": None}


def _enum(
    options: Mapping[str, str | None], label: str, default: str | None = None
) -> Callable[[object], Value | Invalid]:
    shown = "、".join(dict.fromkeys(value for value in options.values() if value))

    def convert(raw: object) -> Value | Invalid:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return text_key(default) if default else None
        key = normalise_text(str(int(raw) if isinstance(raw, float) and raw == int(raw) else raw)).lower()
        if key not in options:
            return Invalid(f"不是 {shown} 之一（{label}）", "REC013")
        value = options[key]
        return text_key(value) if value else None

    return convert


def _extension(raw: object) -> Value | Invalid:
    if isinstance(raw, str):
        raw = raw.strip().removesuffix("天").removesuffix("日")
    value = as_number(raw)
    if isinstance(value, Decimal) and not (0 <= value <= MAX_EXTENSION_DAYS and value == int(value)):
        return Invalid(f"应为 0 至 {MAX_EXTENSION_DAYS} 的整数日数（《信访工作条例》第三十四条）", "REC013")
    return value


COLUMNS = (
    Wanted(
        "编号", ("信访件编号", "案件编号", "登记编号", "信访编号", "事项编号", "件号"), as_text, required=True
    ),
    Wanted(
        "渠道", ("信访形式", "来源渠道", "信访渠道", "形式", "方式"), _enum(CHANNELS, "渠道"), closed=True
    ),
    Wanted(
        "登记日期", ("收到日期", "登记时间", "来信来访日期", "信访日期", "收件日期"), as_date, required=True
    ),
    Wanted(
        "是否受理",
        (
            "受理情况",
            "受理",
        ),
        _enum(YES_NO, "是否受理"),
        closed=True,
    ),
    Wanted("受理日期", ("受理告知日期", "受理时间", "告知日期"), as_date),
    Wanted(
        "交办转送日期", ("交办/转送日期", "交办、转送日期", "转送交办日期", "交办日期", "转送日期"), as_date
    ),
    Wanted("办结日期", ("答复日期", "办结时间", "办结答复日期", "出具意见日期"), as_date),
    Wanted("延期", ("延期天数", "延长天数", "延长期限", "延期日数"), _extension),
    Wanted(
        "复查复核", ("复查/复核", "复查、复核", "程序", "办理程序"), _enum(REVIEWS, "复查复核"), closed=True
    ),
    Wanted("是否积案", ("积案", "是否信访积案"), _enum(YES_NO, "是否积案", default="否"), closed=True),
    Wanted("积案化解日期", ("化解日期", "审核通过日期", "积案审核通过日期"), as_date),
    Wanted(
        "评价",
        ("满意度评价", "群众评价", "评价结果", "满意度"),
        _enum(EVALUATIONS, "评价", default="未评价"),
        closed=True,
    ),
    Wanted(
        "纳入评价", ("是否纳入评价", "纳入满意度评价"), _enum(YES_NO, "纳入评价", default="是"), closed=True
    ),
    Wanted(
        "重复信访",
        ("是否重复信访", "初重件", "初重信访"),
        _enum(REPEAT, "重复信访", default="否"),
        closed=True,
    ),
)
DEFAULTS = {"是否积案": "否", "评价": "未评价", "纳入评价": "是", "重复信访": "否"}


@dataclass(frozen=True)
class StandardMeasure:
    name: str
    formula: str
    definition: str
    basis: str


_EVALUATED = "是否受理 = 是 且 办结日期 属于本年度 且 纳入评价 = 是"
MEASURES = (
    StandardMeasure(
        "及时受理率",
        "within(登记日期, 处理日期, 15天)",
        "登记后 15 日内转送、交办或告知受理（处理日期 = 受理日期与交办转送日期中较早者）的件数"
        " ÷ 本年度应处理的件数",
        "《信访工作条例》第二十二条、第二十三条",
    ),
    StandardMeasure(
        "按期办结率",
        "within(受理日期, 办结日期, 办理期限, 是否受理 = 是)",
        "受理后 60 日（批准延期的加延期日数，至多 30 日；复查、复核 30 日）内办结的件数"
        " ÷ 本年度到期或办结的件数",
        "《信访工作条例》第三十四条、第三十五条、第三十六条",
    ),
    StandardMeasure(
        "参评率",
        f"share(评价 in [满意, 基本满意, 不满意], {_EVALUATED})",
        "作出评价的件数 ÷ 本年度办结且纳入满意度评价的件数",
        "国信发〔2022〕11号《信访事项办理群众满意度评价工作办法（试行）》",
    ),
    StandardMeasure(
        "满意率",
        f"share(评价 in [满意, 基本满意], {_EVALUATED} 且 评价 in [满意, 基本满意, 不满意])",
        "评价为满意、基本满意的件数 ÷ 参评件数",
        "国信发〔2022〕11号",
    ),
    StandardMeasure(
        "积案化解率",
        "share(积案化解日期 <= 年末,"
        " 是否积案 = 是 且 登记日期 <= 年末 且 (积案化解日期 为空 或 积案化解日期 >= 年初))",
        "年末前化解（审核通过）的积案件数 ÷ 年内在册的积案件数（年初前已化解的不计）",
        "交办积案的审核化解口径",
    ),
    StandardMeasure(
        "重复信访率",
        "share(重复信访 = 是, 登记日期 属于本年度)",
        "本年度登记的重复信访件数 ÷ 本年度登记件数",
        "重复信访治理口径",
    ),
    StandardMeasure(
        "网上信访占比",
        "share(渠道 = 网上, 登记日期 属于本年度)",
        "本年度经网上渠道登记的件数 ÷ 本年度登记件数",
        "网上信访口径",
    ),
)
BY_NAME = {measure.name: measure for measure in MEASURES}
ALIASES = {"群众满意率": "满意率", "满意度": "满意率", "群众满意度": "满意率", "参评群众满意率": "满意率",
           "群众参评率": "参评率", "按期答复率": "按期办结率", "积案审核化解率": "积案化解率",
           "信访积案审核化解率": "积案化解率", "重访率": "重复信访率",
           "网上信访率": "网上信访占比"}  # fmt: skip


def standard_formula(name: str) -> StandardMeasure | None:
    """The built-in measure a formula names (``满意率``, or one of its usual other names)."""
    key = normalise_text(name)
    return BY_NAME.get(ALIASES.get(key, key))


def _derive(table: Table) -> None:
    """处理日期 (the earlier of 受理日期 and 交办转送日期) and 办理期限 (in days) for every record."""
    accepted = table.columns["受理日期"].values
    handed = table.columns["交办转送日期"].values
    extension = table.columns["延期"].values
    review = table.columns["复查复核"].values
    handled: list[Value] = []
    limits: list[Value] = []
    for row in range(len(table)):
        dates = [day for day in (accepted[row], handed[row]) if isinstance(day, date)]
        handled.append(min(dates) if dates else None)
        granted = extension[row]
        extra = granted if isinstance(granted, Decimal) else Decimal(0)
        limits.append(Decimal(REVIEW_DAYS) if review[row] is not None else Decimal(CONCLUDE_DAYS) + extra)
    table.columns["处理日期"] = Column(
        "处理日期", "处理日期（受理日期与交办转送日期中较早者）", None, handled
    )
    table.columns["办理期限"] = Column("办理期限", "办理期限（60 日 + 延期；复查、复核 30 日）", None, limits)


def complete(table: Table) -> None:
    """Give a register its optional columns it lacks (with their defaults) and the derived ones."""
    count = len(table)
    for spec in COLUMNS:
        if spec.name not in table.columns:
            default: Value = text_key(DEFAULTS[spec.name]) if spec.name in DEFAULTS else None
            table.columns[spec.name] = Column(spec.name, spec.name, None, [default] * count)
    _derive(table)


def _problem(table: Table, code: str, row: int, column: str, message: str) -> None:
    spec = table.columns[column]
    table.problems.append(Problem(code, message, row=table.rows[row], column=spec.header, letter=spec.letter))


def validate(table: Table, period: Period) -> None:
    """Register problems: duplicate numbers, dates out of order, accepted without a date, other years."""
    cols = {name: column.values for name, column in table.columns.items()}
    seen: dict[Value, int] = {}
    yes = text_key("是")
    for row in range(len(table)):
        number = cols["编号"][row]
        if number is not None:
            if number in seen:
                _problem(
                    table, "REC012", row, "编号", f"编号与第 {table.rows[seen[number]]} {table.row_word}重复"
                )
            else:
                seen[number] = row
        registered = cols["登记日期"][row]
        for later, earlier, what in (
            ("受理日期", "登记日期", "受理日期早于登记日期"),
            ("交办转送日期", "登记日期", "交办转送日期早于登记日期"),
            ("办结日期", "受理日期", "办结日期早于受理日期"),
            ("积案化解日期", "登记日期", "积案化解日期早于登记日期"),
        ):
            a, b = cols[later][row], cols[earlier][row]
            if isinstance(a, date) and isinstance(b, date) and a < b:
                _problem(table, "REC011", row, later, what)
        if cols["是否受理"][row] == yes and cols["受理日期"][row] is None:
            _problem(table, "REC011", row, "受理日期", "已受理但未填受理日期")
        if isinstance(registered, date) and _outside(cols, row, period, yes):
            where = "晚于年末" if registered > period.end else "早于年初且当年无任何办理"
            _problem(
                table, "REC014", row, "登记日期", f"登记日期{where}，不属于 {period.start.year} 年度，未计入"
            )


def _outside(cols: dict[str, list[Value]], row: int, period: Period, yes: TextKey) -> bool:
    """A record that enters no measure of the period: registered after it, or done before it began."""
    registered = cols["登记日期"][row]
    assert isinstance(registered, date)
    if registered > period.end:
        return True
    if registered >= period.start:
        return False
    events = [cols[name][row] for name in ("受理日期", "交办转送日期", "办结日期", "积案化解日期")]
    if any(isinstance(day, date) and day >= period.start for day in events):
        return False
    open_backlog = cols["是否积案"][row] == yes and cols["积案化解日期"][row] is None
    still_open = cols["是否受理"][row] == yes and cols["办结日期"][row] is None
    undecided = (
        cols["是否受理"][row] is None and cols["受理日期"][row] is None and cols["交办转送日期"][row] is None
    )
    return not (open_backlog or still_open or undecided)
