"""Self-evaluation forms whose cells ran together in a paragraph (a shared .docx read by a viewer, OCR).

The national form's indicator header (一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 …) is
followed by rows with no separator between their cells:
``产出指标数量指标设备更新数量50件50件2020质量指标验收合格率合格合格2018…总分10098``. Each row ends with its
target and actual, then its weight and score run together. A row is read only where all of this is sure:

* the header names, in this order, value columns and then 分值/权重 and 得分 side by side (``HEADER`` below:
  the synonyms are data); the row's run of digits stands right after the actual with no space;
* target and actual agree in kind: two numbers with the same unit (``≥50件`` / ``50件``, ``100%`` / ``100%``)
  or the same short text twice (``合格合格``, ``已完成已完成``); a text target and a different text actual
  cannot be cut apart and the row is left out;
* the run cuts one way only into a weight in (0, 90] and a score not above it (``2018`` is 20 | 18,
  ``1010`` is 10 | 10; ``100`` could be 10 | 0 and is left out unless that is the only cut);
* the name is what stands between the previous row and the target, less the category words that open
  it (``产出指标数量指标``, the placeholders ``指标1:``) which say where it stands; a viewer's page number
  (``\\n2、``) inside it is dropped.

The 总分 row (``总分10098``) states the form's full weight and total score: 100 | 98.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from jixiao.extract.indicator_tables import category_of, header_roles, reads_as_value
from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.extract.patterns import Found
from jixiao.extract.table_grid import TableIndicator
from jixiao.extract.text import Text
from jixiao.inputs.document import Block, Paragraph

# The header of an indicator table as the national form writes it, spaces removed: the name columns,
# the value columns (年度指标值 / 指标值 / 预期指标值 / 全年指标值, then 实际完成值 / 实际值 / 完成值 /
# 全年实际值), then 分值 (权重) and 得分 side by side, and the reason column.
NAME_COLUMNS = r"(?:绩效指标)?一级指标二级指标三级指标"
TARGET_COLUMN = r"(?:年度|预期|全年|年初)?(?:目标值|指标值)(?:\([A八]\))?"  # OCR reads (A) as (八)
ACTUAL_COLUMN = r"(?:全年)?(?:实际完成值|实际值|完成值|实际完成情况)(?:\(B\))?"
WEIGHT_COLUMN = r"(?:分值|权重|指标分值|指标权重)(?:\(分\))?"
SCORE_COLUMN = r"(?:得分|自评得分|指标得分)(?:\(分\))?"
REASON_COLUMN = (
    r"(?:偏差原因分析及改进措施|偏差原因分析|未完成原因(?:及|和)(?:拟采取的)?改进措施"
    r"|未完成原因分析|偏差原因)?"
)
HEADER = re.compile(
    rf"{NAME_COLUMNS}{TARGET_COLUMN}{ACTUAL_COLUMN}{WEIGHT_COLUMN}{SCORE_COLUMN}{REASON_COLUMN}"
)
# The form that writes the weight first (一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分, the
# 绩效目标自评表 of several provinces): its rows run ``name weight target actual score``. The weight
# column's title may be garbled by OCR (``参考分值`` read ``考值参分``): a short title with 分 in it.
WEIGHT_FIRST_COLUMN = rf"(?:{WEIGHT_COLUMN}|参考分值|[\u4e00-\u9fff]{{0,3}}分[\u4e00-\u9fff]{{0,2}})"
WEIGHT_FIRST_HEADER = re.compile(
    rf"{NAME_COLUMNS}{WEIGHT_FIRST_COLUMN}{TARGET_COLUMN}{ACTUAL_COLUMN}{SCORE_COLUMN}"
)
NEW_FORM = re.compile(r"项目名称|绩效指标一级指标|一级指标二级指标")

UNIT = (
    r"(?:%|万元|元|万亩|亩|公里|千米|平方米|立方米|厘米|米|人次"
    r"|[个件人次项户天台套所家篇份批组辆场期座处株只头吨])"
)
# a value run together with others is sure only with its unit (``50件``): bare digits run into the next
NUMBER_VALUE = rf"[≥≤≧≦<>=]{{0,2}}\d+(?:\.\d+)?(?:{UNIT})"
QUALIFIED = r"(?<!基本)(?<!部分)(?<!逐步)(?<!按期)(?<![未较不已有])"  # ``基本达标达标``: where does it cut?
ROW_END = re.compile(
    rf"(?:(?P<target>{NUMBER_VALUE})(?P<actual>{NUMBER_VALUE})|{QUALIFIED}(?P<text>[\u4e00-\u9fff]{{2,6}})(?P=text))"
    r"(?P<run>[1-9]\d{1,4}(?:\.\d{1,2})?)(?![\d.%]|万|元|亩|公里|千米|平方米|人次|[个件户台套篇份批组辆株只头])"
)
TOTAL_ROW = re.compile(
    r"(?:总分|合计|总计)(?P<run>[1-9]\d{2,5}(?:\.\d{1,2})?)(?![\d.%])"
)  # 100|100: six digits
CATEGORY_WORD = re.compile(
    r"(?:(?:产出|效益|效果|满意度)指标(?:\(\d{1,3}分\))?|(?:数量|质量|时效|(?:经济|社会|生态环境)?成本|(?:经济|社会|生态)效益"
    r"|可持续影响|(?:社会公众或)?服务对象满意度)指标(?:\(\d{1,3}分\))?|指标\d{1,2}[:：]?|…+|\.{3,})"
)
PAGE_MARK = re.compile(r"\n\s*\d{1,2}、")  # "…\n2、": the page number a document viewer prints
WIDTH = re.compile(r"\s+")
PROSE = re.compile(r"[。;；]")  # a sentence (a reason run into the next row), not a name
MAX_NAME = 60  # characters of a name: more is not a row of this form
MAX_GAP = 300  # characters between two rows, category words and empty rows included
MAX_LEAF_WEIGHT = Decimal(90)


@dataclass(slots=True)
class GluedForm:
    """The rows of glued forms: indicators under their categories, and the 总分 row's figures."""

    indicators: list[TableIndicator] = field(default_factory=list)
    totals: list[tuple[Found, Found]] = field(default_factory=list)  # (full weight, total score)
    lines: set[int] = field(default_factory=set)  # the lines a form with rows read covers: no headings


def glued_forms(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the indicator rows of forms run together in a paragraph (``values["glued_forms"]``)."""
    doc = reading.doc
    found = GluedForm()
    for start, end in runs_of_paragraphs(reading.document.blocks, doc.body_start):
        read_paragraph(doc, start, end, found)
    return Findings(values={"glued_forms": found})


def covered_lines(doc: Text, header_start: int, end: int) -> set[int]:
    """The lines from a form's header to its last row read (the header's own when none is): a viewer's
    page number ``2、`` there is no heading."""
    return set(range(doc.line_of(header_start), doc.line_of(end) + 1))


RUN_TOGETHER = frozenset({"run-together", "glued"})  # tables the recogniser cut out of text run together


def runs_of_paragraphs(blocks: list[Block], body_start: int) -> list[tuple[int, int]]:
    """The spans of consecutive paragraphs (a form's rows run on over the lines a viewer broke them into);
    a table the recogniser cut out of text run together is part of the run (its text is read again)."""
    runs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for block in blocks:
        text_like = isinstance(block, Paragraph) or block.layout in RUN_TOGETHER
        if not text_like or block.end <= body_start:
            if current is not None:
                runs.append(current)
            current = None
            continue
        current = (current[0] if current else max(block.start, body_start), block.end)
    if current is not None:
        runs.append(current)
    return runs


def compact(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The text without spaces, line breaks and page marks, and the offset of each kept character."""
    kept: list[str] = []
    offsets: list[int] = []
    position = start
    skip = {i for m in PAGE_MARK.finditer(text, start, end) for i in range(m.start(), m.end())}
    for position in range(start, end):
        char = text[position]
        if position in skip or WIDTH.match(char):
            continue
        kept.append(char)
        offsets.append(position)
    return "".join(kept), offsets


def read_paragraph(doc: Text, start: int, end: int, found: GluedForm) -> None:
    """Every glued form whose header stands in the paragraphs ``[start, end)``."""
    text, offsets = compact(doc.norm, start, end)
    for header in HEADER.finditer(text):
        limit = NEW_FORM.search(text, header.end())
        last = read_rows(text[: limit.start()] if limit else text, header.end(), offsets, found)
        found.lines |= covered_lines(doc, offsets[header.start()], offsets[last - 1])
    for header in SCORE_ONLY_HEADER.finditer(text):
        limit = NEW_FORM.search(text, header.end())
        last = read_score_only_rows(text[: limit.start()] if limit else text, header.end(), offsets, found)
        found.lines |= covered_lines(doc, offsets[header.start()], offsets[last - 1])
    for header in WEIGHT_FIRST_HEADER.finditer(text):
        limit = NEW_FORM.search(text, header.end())
        last = read_weight_first_rows(text[: limit.start()] if limit else text, header.end(), offsets, found)
        found.lines |= covered_lines(doc, offsets[header.start()], offsets[last - 1])
    for header in UNIT_HEADER.finditer(text):
        roles = header_roles(header.group("roles"))
        if roles.count("weight") == 1 and roles.count("score") == 1 and roles.count("value") <= 2:
            read_unit_rows(text, header.end(), roles, offsets, found)


# The provincial department form: 指标名称 | 计量单位 | 指标性质 | 指标值 | 指标权重(分) | 全年完成值 |
# 指标得分(分) | 说明: each row its name, its unit, then every figure run together (``…完成率%901010010``).
UNIT_HEADER = re.compile(
    r"指标名称计量单位(?:指标性质)?(?P<roles>(?:(?:(?:年度|年初|全年|调整)?(?:指标值|完成值|实际值)"
    r"|(?:指标)?(?:权重|分值)|(?:指标)?得分)(?:\(分\))?){3,4})(?:说明|备注)?"
)
UNIT_ROW = re.compile(
    r"(?P<name>[^\d%]{2,40}?)(?P<unit>%|万元|万亩|亩|公里|平方米|立方米|人次|[个件人次项户天台套所家篇份批组辆株只头吨])"
    r"(?:定量|定性)?(?P<run>\d[\d.]{2,24})(?=[^\d.%]|$)"
)


def read_unit_rows(
    text: str, position: int, roles: tuple[str, ...], offsets: list[int], found: GluedForm
) -> None:
    """Rows of a name, a unit and one run of figures, cut the one way the header's columns allow: a weight
    in (0, 90], a score not above it, a percentage target or actual not above 100. Where cuts disagree on
    the weight or the score the row is left out."""
    while True:
        row = UNIT_ROW.match(text, position)
        if row is None:
            return
        position = row.end()
        cuts = unit_cuts(row.group("run"), roles, row.group("unit") == "%")
        if len({(cut["weight"], cut["score"]) for cut in cuts}) != 1:
            continue
        cut = cuts[0]
        run_start = row.start("run")
        name = row.group("name")
        weight = Found("weight", cut["weight"], "分", *piece(offsets, run_start, cut, "weight"), name)
        score = Found("score", cut["score"], "分", *piece(offsets, run_start, cut, "score"), name)
        values = [key for key in ("value0", "value1") if key in cut] if len(cuts) == 1 else []
        spans = [piece(offsets, run_start, cut, key) for key in values]
        found.indicators.append(
            TableIndicator(
                level1="",
                level2=None,
                name=name,
                weight=weight,
                score=score,
                target=spans[0] if spans else None,
                actual=spans[1] if len(spans) > 1 else None,
            )
        )


def piece(offsets: list[int], run_start: int, cut: dict[str, Decimal], key: str) -> tuple[int, int]:
    """The span of one figure of a cut run (its offsets within the run are kept under ``key@``)."""
    start, end = int(cut[f"{key}@start"]), int(cut[f"{key}@end"])
    return offsets[run_start + start], offsets[run_start + end - 1] + 1


def unit_cuts(run: str, roles: tuple[str, ...], percent: bool) -> list[dict[str, Decimal]]:
    """Every cut of ``run`` into one well-formed figure per role that the figures allow."""
    found: list[dict[str, Decimal]] = []
    size = len(run)
    for bounds in combinations(range(1, size), len(roles) - 1):
        edges = [0, *bounds, size]
        pieces = [run[edges[i] : edges[i + 1]] for i in range(len(roles))]
        if not all(well_formed(p) for p in pieces):
            continue
        cut: dict[str, Decimal] = {}
        values = 0
        for i, (role, text) in enumerate(zip(roles, pieces, strict=True)):
            key = role if role != "value" else f"value{values}"
            values += role == "value"
            cut[key] = Decimal(text)
            cut[f"{key}@start"], cut[f"{key}@end"] = Decimal(edges[i]), Decimal(edges[i + 1])
        weight, score = cut["weight"], cut["score"]
        decimals = len(pieces[roles.index("weight")].partition(".")[2])
        if not 0 < weight <= MAX_LEAF_WEIGHT or score > weight or decimals > 1:
            continue  # a weight is whole or has one decimal (``2.5``), never ``10.80``
        if percent and any(cut.get(f"value{i}", Decimal(0)) > 100 for i in range(2)):
            continue
        found.append(cut)
    return found


def read_rows(text: str, position: int, offsets: list[int], found: GluedForm) -> int:
    """The rows after a header: each the categories and name, target and actual, weight and score.
    Returns where the last row read ends (``position`` when none was)."""
    level1: str | None = None
    level2: str | None = None
    last = position
    while True:
        row = ROW_END.search(text, position)
        total = TOTAL_ROW.search(text, position)
        if total is not None and (row is None or total.start() < row.start()):
            if len(categories(text[position : total.start()], level1, level2)[2]) <= MAX_NAME:
                read_total(total, offsets, found)
                return total.end()
            return last
        if row is None or row.start() - position > MAX_GAP:
            return last
        level1, level2, name = categories(text[position : row.start()], level1, level2)
        if len(name) > MAX_NAME:
            return last
        position = row.end()
        split = cut(row.group("run"))
        if not name or split is None or not agree(row) or not glued(row, offsets) or PROSE.search(name):
            continue
        if name.endswith(("指标", "指标:", "指标：")) or category_of(name) is not None:
            continue
        weight, score = split
        found.indicators.append(indicator(row, name, offsets, level1, level2, weight, score))
        last = row.end()


def categories(lead: str, level1: str | None, level2: str | None) -> tuple[str | None, str | None, str]:
    """Category words opening a row's text set its level-1 and level-2 category; the name follows them
    (the level-1, the level-2, the name)."""
    at = 0
    while True:
        word = CATEGORY_WORD.match(lead, at)
        if word is None or word.end() == at:
            return level1, level2, lead[at:]
        category = category_of(word.group())
        if category is not None:
            level1, level2 = category
        at = word.end()


def glued(row: re.Match[str], offsets: list[int]) -> bool:
    """Target, actual, weight and score stand run together in the text itself (cells one per line, or
    apart by spaces, are other layouts: their rows are read by their cells)."""
    first, last = offsets[row.start()], offsets[row.end() - 1]
    return last - first == row.end() - 1 - row.start()


def agree(row: re.Match[str]) -> bool:
    """Target and actual are the same short text twice, or two numbers with the same unit."""
    if row.group("text"):
        return True
    unit = re.compile(rf"{UNIT}$")
    target, actual = row.group("target"), row.group("actual")
    target_unit, actual_unit = unit.search(target), unit.search(actual)
    return (target_unit.group() if target_unit else None) == (actual_unit.group() if actual_unit else None)


def cut(run: str, full: Decimal = MAX_LEAF_WEIGHT) -> tuple[Decimal, Decimal] | None:
    """``2018`` → (20, 18): the one cut into a weight in (0, full] and a score not above it."""
    answers = []
    for at in range(1, len(run)):
        first, second = run[:at], run[at:]
        if not well_formed(first) or not well_formed(second):
            continue
        weight, score = Decimal(first), Decimal(second)
        if 0 < weight <= full and score <= weight:
            answers.append((weight, score))
    return answers[0] if len(answers) == 1 else None


def well_formed(digits: str) -> bool:
    whole, _, decimals = digits.partition(".")
    if not whole or "." in decimals or (digits.endswith(".")) or len(decimals) > 2:
        return False
    return whole == "0" or not whole.startswith("0")


def indicator(
    row: re.Match[str],
    name: str,
    offsets: list[int],
    level1: str | None,
    level2: str | None,
    weight: Decimal,
    score: Decimal,
) -> TableIndicator:
    run_start = row.start("run")
    split = run_start + len(format(weight, "f"))
    weight_found = Found("weight", weight, "分", offsets[run_start], offsets[split - 1] + 1, name)
    score_found = Found("score", score, "分", offsets[split], offsets[row.end("run") - 1] + 1, name)
    if row.group("text"):
        middle = row.start("text") + len(row.group("text"))
        target = (offsets[row.start("text")], offsets[middle - 1] + 1)
        actual = (offsets[middle], offsets[run_start - 1] + 1)
    else:
        target = (offsets[row.start("target")], offsets[row.end("target") - 1] + 1)
        actual = (offsets[row.start("actual")], offsets[row.end("actual") - 1] + 1)
    return TableIndicator(
        level1=level1 or "",
        level2=level2,
        name=name.strip(":："),
        weight=weight_found,
        score=score_found,
        target=target,
        actual=actual,
    )


def read_total(total: re.Match[str], offsets: list[int], found: GluedForm) -> None:
    """``总分10098``: the full weight 100 and the total score 98 (the only cut with a weight of 100)."""
    run = total.group("run")
    if not run.startswith("100") or not well_formed(run[3:]) or Decimal(run[3:]) > 100:
        return
    start = total.start("run")
    weight = Found("weight", Decimal(100), "分", offsets[start], offsets[start + 2] + 1, "总分")
    score = Found(
        "score", Decimal(run[3:]), "分", offsets[start + 3], offsets[total.end("run") - 1] + 1, "总分"
    )
    found.totals.append((weight, score))


# Where a weight-first row's figures can start: a digit right after the name (a character that is no
# digit, no decimal point and no sign of a value).
WEIGHT_START = re.compile(r"(?<=[^\d.%≥≤≧≦<>=+\-])\d")
SCORE_END = re.compile(
    r"(?P<score>\d{1,3}(?:\.\d{1,2})?)(?![\d.%]|万|元|亩|公里|千米|米|人次|[个件户台套篇份批组辆株只头吨])"
)
PAIR_VALUE = re.compile(rf"{NUMBER_VALUE}$")


@dataclass(frozen=True, slots=True)
class WeightFirst:
    """One way to read a weight-first row's tail: offsets into the compacted text."""

    weight: tuple[int, int]
    target: tuple[int, int]
    actual: tuple[int, int]
    score: tuple[int, int]


def read_weight_first_rows(text: str, position: int, offsets: list[int], found: GluedForm) -> int:
    """The rows after a weight-first header: each the categories and name, then its weight, target,
    actual and score run together. A row is read only where its tail cuts one way (see ``tails``).
    Returns where the last row read ends (``position`` when none was)."""
    level1: str | None = None
    level2: str | None = None
    last = position
    search = position
    while True:
        total = TOTAL_ROW.search(text, position)
        row: tuple[int, WeightFirst] | None = None
        for start in WEIGHT_START.finditer(text, search):
            if total is not None and start.start() >= total.start():
                break
            if start.start() - position > MAX_GAP:
                return last
            readings = set(tails(text, start.start()))
            if len(readings) == 1:
                row = (start.start(), readings.pop())
                break
        if row is None:
            if total is not None and total.start() - position <= MAX_GAP:
                read_total(total, offsets, found)
                return total.end()
            return last
        at, tail = row
        level1, level2, name = last_categories(text[position:at], level1, level2)
        position = search = tail.score[1]
        if not name or len(name) > MAX_NAME or PROSE.search(name) or reads_as_value(name):
            continue
        if LEFT_OVER.search(name):
            continue  # a row that could not be read runs into this one's name
        if name.endswith(("指标", "指标:", "指标：")) or category_of(name) is not None:
            continue
        found.indicators.append(
            weight_first_indicator(tail, name.strip(":："), offsets, level1, level2, text)
        )
        last = tail.score[1]


LEFT_OVER = re.compile(rf"{NUMBER_VALUE}.*?{NUMBER_VALUE}")  # a target and an actual: a row's figures


def last_categories(lead: str, level1: str | None, level2: str | None) -> tuple[str | None, str | None, str]:
    """As ``categories``; and where category words stand later in the lead (after a row that could not be
    read: ``保障人数102370人2370人IO指标2:质量指标(5分)公用经费标准``), the name is what follows the last."""
    level1, level2, name = categories(lead, level1, level2)
    words = [w for w in CATEGORY_WORD.finditer(name) if w.end() < len(name)]
    if words:
        level1, level2, name = categories(name[words[-1].start() :], level1, level2)
    return level1, level2, name


def tails(text: str, start: int) -> list[WeightFirst]:
    """Every reading of the text at ``start`` as weight, target, actual and score: a weight in (0, 90]
    with at most one decimal, then the target and the actual — the same value twice (``≥95%≥95%``,
    ``显著提升显著提升``, ``20万元20万元``) or two numbers with the same unit (``95%100%``) — then a score
    not above the weight, followed by no digit. More than one reading: the row is not sure."""
    readings: list[WeightFirst] = []
    for size in (1, 2, 3, 4):
        weight_text = text[start : start + size]
        if not re.fullmatch(r"\d{1,2}(?:\.\d)?", weight_text) or not well_formed(weight_text):
            continue
        weight = Decimal(weight_text)
        if not 0 < weight <= MAX_LEAF_WEIGHT:
            continue
        rest = start + size
        for middle in range(rest + 2, min(len(text), rest + 40)):
            score = SCORE_END.match(text, middle)
            if score is None or Decimal(score.group("score")) > weight:
                continue
            pair = text[rest:middle]
            split = pair_split(pair)
            if split is None or not well_formed(score.group("score")):
                continue
            readings.append(
                WeightFirst(
                    (start, rest), (rest, rest + split), (rest + split, middle), (middle, score.end())
                )
            )
    return readings


def pair_split(pair: str) -> int | None:
    """Where a target and an actual run together split: the same text twice (holding no bare-digit run
    at its start that could be the weight's), or two numbers with the same unit."""
    half = len(pair) // 2
    if len(pair) % 2 == 0 and half >= 2 and pair[:half] == pair[half:] and not PROSE.search(pair):
        first = pair[:half]
        if re.search(r"[\u4e00-\u9fff%]", first) and not re.match(r"0\d", first):
            return half
    numbers = [
        at
        for at in range(2, len(pair) - 1)
        if PAIR_VALUE.match(pair[:at]) and PAIR_VALUE.match(pair[at:]) and same_unit(pair[:at], pair[at:])
    ]
    if len(numbers) == 1 and all(
        well_formed(re.sub(r"^[≥≤≧≦<>=]+|[^\d.]+$", "", part))
        for part in (pair[: numbers[0]], pair[numbers[0] :])
    ):
        return numbers[0]
    return None


def same_unit(first: str, second: str) -> bool:
    unit = re.compile(rf"{UNIT}$")
    one, two = unit.search(first), unit.search(second)
    return one is not None and two is not None and one.group() == two.group()


def weight_first_indicator(
    tail: WeightFirst, name: str, offsets: list[int], level1: str | None, level2: str | None, text: str
) -> TableIndicator:
    def span(part: tuple[int, int]) -> tuple[int, int]:
        return offsets[part[0]], offsets[part[1] - 1] + 1

    weight = Decimal(text[tail.weight[0] : tail.weight[1]])
    score = Decimal(text[tail.score[0] : tail.score[1]])
    return TableIndicator(
        level1=level1 or "",
        level2=level2,
        name=name,
        weight=Found("weight", weight, "分", *span(tail.weight), name),
        score=Found("score", score, "分", *span(tail.score), name),
        target=span(tail.target),
        actual=span(tail.actual),
    )


# A score table (评分表) with a 得分 column only, the weights written in the names, run together (a PDF
# text layer whose lines end in a name and start with the score): ``…相关性(5分)5明确性(5分)5预算编制(10分)
# 测算依据(5分)2…``. A name whose ``(N分)`` a score follows is an indicator; one another name follows is a
# category (two in a row: the level-1 and the level-2; one: a level-2 under the level-1 above).
SCORE_ONLY_HEADER = re.compile(rf"{NAME_COLUMNS}{SCORE_COLUMN}(?!分值|权重|\d)")
WEIGHTED_NAME = re.compile(
    r"(?P<name>[^\d()（）:：。;；,，]{2,30}?)[(（](?P<w>\d{1,3}(?:\.\d)?)分[)）]"
    r"(?P<score>\d{1,3}(?:\.\d{1,2})?(?![\d.%分]))?"
)


def read_score_only_rows(text: str, position: int, offsets: list[int], found: GluedForm) -> int:
    """The rows after a header naming the categories and 得分 only: each ``name(N分)`` followed by its
    score, never above N. Stops at the first text that is no such name. Returns where the last row read
    ends."""
    last = position
    parents: list[str] = []
    run: list[str] = []  # the categories since the last indicator
    while True:
        match = WEIGHTED_NAME.match(text, position)
        if match is None:
            return last
        name = match.group("name")
        position = match.end()
        if match.group("score") is None:
            run.append(name)
            continue
        if len(run) >= 2:
            parents = run[-2:]
        elif run:
            parents = [parents[0] if parents else "", run[0]]
        run = []
        weight, score = Decimal(match.group("w")), Decimal(match.group("score"))
        if not 0 < weight <= MAX_LEAF_WEIGHT or score > weight or category_of(name) is not None:
            continue
        found.indicators.append(
            TableIndicator(
                level1=parents[0] if parents else "",
                level2=parents[1] if len(parents) > 1 else None,
                name=name,
                weight=Found("weight", weight, "分", *figure_span(offsets, match, "w"), name),
                score=Found("score", score, "分", *figure_span(offsets, match, "score"), name),
            )
        )
        last = match.end()


def figure_span(offsets: list[int], match: re.Match[str], group: str) -> tuple[int, int]:
    """Where a group of a match in the compacted text stands in the document."""
    return offsets[match.start(group)], offsets[match.end(group) - 1] + 1
