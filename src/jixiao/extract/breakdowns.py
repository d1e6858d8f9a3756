"""Breakdowns: a stated whole and the parts the text says make it up (checked by BUD011).

Two shapes are read, both only when the parts are plainly a partition of the whole — a false
"the parts do not add up" is worse for a user than a missed one:

* ``下达资金2263万元。其中：A 1435万元，B 25万元，…，G 18万元。`` — a ``其中`` list right after an
  amount (or a count), every clause ``label + figure`` in the whole's unit. The list ends at the
  sentence end; when a clause carries more than its part (a missing full stop), the list is kept
  only if a prefix of it adds up to the whole exactly.
* ``实施项目共15个，年初批复8个项目…，年中增加8个项目`` — a ``共N个`` whole and, in the same
  sentence, counts of the same thing labelled as where they came from (年初 / 年中 / 新增 / 追加 …).

``complete`` is False when the text says the parts are only some of the whole (主要 / 包括 / 等).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.extract.patterns import NOT_BEFORE_RATE, NUM, after_last, lead_num
from jixiao.model import Breakdown, BreakdownPart
from jixiao.numbers import NumberError, parse_decimal, to_wanyuan

MONEY = r"亿元|万元|元"
COUNT = r"个|项|人次|人|件|户|家|所|名|批|次|份"
_WHOLE_RE = re.compile(
    rf"(?P<num>{lead_num(NOT_BEFORE_RATE)})\s*(?P<unit>{MONEY}|{COUNT})\s*(?P<sep>[,，。;；]?)\s*"
    rf"(?P<open>[(（]?)\s*其中\s*(?P<mainly>主要(?:包括|有|是)?|包括)?\s*[:：]?"
)
_PART_RE = re.compile(
    rf"^(?P<label>[^\d,，。;；:：()（）、]{{1,24}}?)\s*(?:为|是|共|计|:|：)?\s*(?P<num>{NUM})\s*"
    rf"(?P<unit>{MONEY}|{COUNT})(?P<rest>.*)$"
)
_CLAUSE_SPLIT = re.compile(r"[，、；;]|,(?!\d{3})")
# words that mark a clause as another kind of figure, not one more part of the whole
_OTHER_FIGURE = re.compile(r"已|累计|剩余|结余|完成|到位|实际|执行|支出|拨付|同比|增长|减少|占|合计|共计|总")
_COMPOSITION = re.compile(r"年初|年中|新增|增加|追加|调增|续建|结转|上年|本年|当年")
_REMOVAL = re.compile(r"调减|减少|取消|撤销|终止|调出")
_TOTAL_COUNT_RE = re.compile(rf"共\s*(?P<num>\d+)\s*(?P<unit>{COUNT})")  # 共 first: a fast scan
_NOUN = re.compile(r"[\u4e00-\u9fff]{2}")  # the two characters before 共 name what is counted


@dataclass(slots=True)
class FoundBreakdown:
    """A breakdown and where its whole stands in the text."""

    breakdown: Breakdown
    start: int
    end: int


def find_breakdowns(norm: str, start: int = 0) -> list[FoundBreakdown]:
    """Every breakdown in ``norm`` (the normalised text) from ``start`` on, in order."""
    found = [item for match in _WHOLE_RE.finditer(norm, start) if (item := list_breakdown(norm, match))]
    found += composition_breakdowns(norm, start)
    found.sort(key=lambda item: item.start)
    return found


def unit_family(unit: str) -> str:
    return "万元" if unit in {"亿元", "万元", "元"} else unit


def in_unit(value: Decimal, unit: str) -> Decimal:
    """Money in 万元 (the model's unit); counts as they are."""
    return to_wanyuan(value, unit) if unit in {"亿元", "万元", "元"} else value


def list_breakdown(norm: str, match: re.Match[str]) -> FoundBreakdown | None:
    """The ``其中`` list after one whole; None unless it is plainly a partition."""
    try:
        whole = parse_decimal(match.group("num"))
    except NumberError:
        return None
    unit = match.group("unit")
    closing = "）)" if match.group("open") else "。\n"
    end = match.end()
    while end < len(norm) and norm[end] not in closing and end - match.end() < 400:
        end += 1
    clean_end = end < len(norm) and norm[end] in closing
    label = whole_label(norm, match.start())
    parts, dirty, etc = list_parts(norm[match.end() : end], unit, label)
    if len(parts) < 2:
        return None
    values = [value for _, value in parts]
    total = in_unit(whole, unit)
    prefix = next((k for k in range(2, len(values) + 1) if sum(values[:k], Decimal(0)) == total), None)
    if prefix is not None:
        parts = parts[:prefix]
    elif dirty or not clean_end:
        return None  # the list runs on into other text and does not add up: not sure it is the whole
    complete = not (match.group("mainly") or etc)
    breakdown = Breakdown(
        label=label,
        total=total,
        unit=unit_family(unit),
        parts=[BreakdownPart(label=name, value=value) for name, value in parts],
        complete=complete,
    )
    return FoundBreakdown(breakdown, match.start("num"), match.end("unit"))


def list_parts(text: str, unit: str, whole: str) -> tuple[list[tuple[str, Decimal]], bool, bool]:
    """The ``label + figure`` clauses of a list (whole's unit family), whether it ran on, whether 等.

    A clause whose label names another kind of figure than the whole (已支出, 累计, 同比…, words the
    whole's own label does not use) ends the list.
    """
    own = set(_OTHER_FIGURE.findall(whole))
    parts: list[tuple[str, Decimal]] = []
    for piece in _CLAUSE_SPLIT.split(text):
        clause = piece.strip()
        if not clause:
            continue
        if clause.startswith("等"):
            return parts, False, True
        part = _PART_RE.match(clause)
        if part is None or unit_family(part.group("unit")) != unit_family(unit):
            return parts, True, False
        label = part.group("label").strip()
        if set(_OTHER_FIGURE.findall(label)) - own:
            return parts, True, False
        try:
            parts.append((label, in_unit(parse_decimal(part.group("num")), part.group("unit"))))
        except NumberError:
            return parts, True, False
        rest = part.group("rest").strip()
        if rest.startswith("等"):
            return parts, len(rest) > 1, True
        if rest:
            return parts, True, False
    return parts, False, False


def whole_label(norm: str, start: int) -> str:
    """The words naming the whole: back from the figure to the clause start."""
    begin = after_last(norm, "，,。；;\n", max(0, start - 40), start)
    label = re.sub(r"[(（][^()（）]*[)）]", "", norm[begin:start])
    label = re.sub(r"^\s*(?:\d+|[一二三四五六七八九十]+)[、.]", "", label)
    label = re.sub(r"(?:为|是|共计|共|计|达|合计)?\s*[:：]?\s*$", "", label.strip())
    return label or "总数"


def composition_breakdowns(norm: str, start: int) -> list[FoundBreakdown]:
    """``共15个`` and, in its sentence, the counts labelled 年初 / 年中增加 / 新增 … of the same thing."""
    found = []
    for match, noun in total_counts(norm, start):
        end = norm.find("。", match.end())
        end = len(norm) if end < 0 else end
        line_end = norm.find("\n", match.end())
        end = min(end, line_end) if line_end >= 0 else end
        parts = composition_parts(norm, match, noun, end)
        if parts is None or len(parts) < 2:
            continue
        breakdown = Breakdown(
            label=whole_label(norm, match.start("num")),
            total=Decimal(match.group("num")),
            unit=match.group("unit"),
            parts=[BreakdownPart(label=name, value=value) for name, value in parts],
        )
        found.append(FoundBreakdown(breakdown, match.start("num"), match.end("unit")))
    return found


def total_counts(norm: str, start: int) -> Iterator[tuple[re.Match[str], str]]:
    """Each ``共N个`` and the two characters before 共 that name what is counted (or ``""``)."""
    floor = start  # the noun is not part of the previous match (as with one regex scanning on)
    for match in _TOTAL_COUNT_RE.finditer(norm, start):
        noun = norm[match.start() - 2 : match.start()] if match.start() - 2 >= floor else ""
        floor = match.end()
        yield match, noun if _NOUN.fullmatch(noun) else ""


def composition_parts(
    norm: str, total: re.Match[str], noun: str, end: int
) -> list[tuple[str, Decimal]] | None:
    """The labelled counts after ``total`` in its sentence, outside brackets; None when one is not.

    ``noun``: the two characters before 共 (``项目共15个``), else the two after the unit (``共15个项目``).
    """
    unit = total.group("unit")
    noun = noun or norm[total.end() : total.end() + 2]
    text = re.sub(r"[(（][^()（）]*[)）]", lambda m: " " * len(m.group()), norm[total.end() : end])
    parts: list[tuple[str, Decimal]] = []
    for match in re.finditer(
        rf"(?<![\d.])(?P<num>\d+)\s*{re.escape(unit)}(?P<noun>[\u4e00-\u9fff]{{0,2}})", text
    ):
        clause_start = max(text.rfind(sep, 0, match.start()) for sep in "，,；;")
        label = text[clause_start + 1 : match.start()].strip()
        if _REMOVAL.search(label):
            return None
        if not _COMPOSITION.search(label) or not (noun and (noun in match.group("noun") or noun in label)):
            return None  # another count of the same kind: the sentence is not a plain composition
        parts.append((re.sub(r"(?:预算|资金)$", "", label), Decimal(match.group("num"))))
    return parts


# --- project items ----------------------------------------------------------------------------------

_ITEMS_RE = re.compile(r"项目(?:支出)?包括\s*[:：]\s*")
_ITEM_RE = re.compile(
    r"(?P<name>[^\d()（）;；,，。:：]{2,30})\s*[(（](?P<body>[^()（）]{4,200})[)）]\s*(?P<sep>[;；、,，]|。|$)"
)
_ITEM_AMOUNT = re.compile(rf"(?P<words>[^\d,，;；]*?)(?P<num>{NUM})\s*(?P<unit>{MONEY})")


@dataclass(slots=True)
class ProjectItem:
    """One project of ``项目包括：A（年初预算…，全年预算…，实际支出…）；B（…）``: columns with their spans."""

    name: str
    name_span: tuple[int, int]
    columns: dict[str, tuple[Decimal, tuple[int, int]]]  # initial/adjusted/executed → (万元, span)


def column_of(words: str) -> str | None:
    """年初 → initial, 全年预算/调整后 → adjusted, 实际支出/执行 → executed (else None)."""
    if "年初" in words:
        return "initial"
    if re.search(r"全年预算|调整后|调整预算|全年安排", words):
        return "adjusted"
    if re.search(r"实际支出|执行数|支出|执行", words) and "率" not in words:
        return "executed"
    return None


def find_project_items(norm: str, start: int = 0) -> list[ProjectItem]:
    """The projects listed after ``项目包括：`` when each one states its columns in brackets.

    Read only when the whole list is plainly such items up to the sentence end and no list says
    it is partial (主要 / 等): BUD009 compares their sum with 项目支出.
    """
    match = _ITEMS_RE.search(norm, start)
    if match is None or "主要" in norm[max(0, match.start() - 4) : match.start()]:
        return []
    items: list[ProjectItem] = []
    position = match.end()
    while True:
        item = _ITEM_RE.match(norm, position)
        if item is None:
            return []  # the list goes on in a shape we do not read: nothing rather than a part
        columns: dict[str, tuple[Decimal, tuple[int, int]]] = {}
        for amount in _ITEM_AMOUNT.finditer(item.group("body")):
            column = column_of(amount.group("words"))
            if column is None or column in columns:
                continue
            offset = item.start("body")
            try:
                value = in_unit(parse_decimal(amount.group("num")), amount.group("unit"))
            except NumberError:
                continue
            columns[column] = (value, (offset + amount.start("num"), offset + amount.end("unit")))
        name = item.group("name").strip()
        if not columns or name.endswith("等"):
            return []
        items.append(ProjectItem(name, (item.start("name"), item.end("name")), columns))
        position = item.end()
        if item.group("sep") in {"。", ""}:
            break
    return items if len(items) >= 2 else []
