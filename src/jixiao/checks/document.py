"""Document structure (DOC): heading numbers in sequence, levels in the official order, standard outline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.model import Section
from jixiao.numbers import chinese_ordinal, parse_chinese_integer

# official order (GB/T 9704 practice): 一、 → （一） → 1. → （1）
STYLE_RANK = {"cn": 1, "cn-paren": 2, "arabic": 3, "arabic-paren": 4}
STYLE_EXAMPLE = {"cn": "一、", "cn-paren": "（一）", "arabic": "1.", "arabic-paren": "（1）"}

_PATTERNS = [
    ("part", re.compile(r"^第([一二三四五六七八九十]+)(?:部分|章|篇)$")),
    ("cn-paren", re.compile(r"^[(（]\s*([一二三四五六七八九十]+)\s*[)）]$")),
    ("arabic-paren", re.compile(r"^[(（]\s*(\d+)\s*[)）]$")),
    ("cn", re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]$")),
    ("arabic", re.compile(r"^(\d+)\s*[、.．]$")),
]


@dataclass(frozen=True)
class Number:
    style: str
    value: int


@lru_cache(maxsize=4096)  # pure; three DOC checks parse the same heading numbers of every report
def parse_number(text: str) -> Number | None:
    """``七、`` → cn 7; ``(一）`` → cn-paren 1; ``1、`` / ``1.`` → arabic 1; ``（1）`` → arabic-paren 1."""
    cleaned = text.strip()
    for style, pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            raw = match.group(1)
            value = int(raw) if raw.isdigit() else parse_chinese_integer(raw)
            return Number(style, value) if value is not None else None
    return None


def _render(style: str, value: int) -> str:
    if style == "cn":
        return f"{chinese_ordinal(value)}、"
    if style == "cn-paren":
        return f"（{chinese_ordinal(value)}）"
    if style == "part":
        return f"第{chinese_ordinal(value)}部分"
    if style == "arabic":
        return f"{value}."
    return f"（{value}）"


Candidate = tuple[int, Section, Number, bool]  # outline index, section, its number, whether a heading


def _numbered(ctx: Context) -> list[tuple[int, Section, Number]]:
    """``_numbered_headings``, once for DOC001 and DOC002 (``Context.derived``)."""
    return ctx.derived(_numbered_headings)


def _numbered_headings(ctx: Context) -> list[tuple[int, Section, Number]]:
    """The numbered headings of the outline that are headings: in a published report, not a line of a
    table, not a number with a unit (``2、164个``), not a row of figures. Every outline check (DOC001–DOC005)
    reads these only."""
    return [(i, s, n) for i, s, n, heading in _candidates(ctx) if heading]


def _candidates(ctx: Context) -> list[Candidate]:
    """Every numbered line of the outline with whether it is a heading (False: a table line, a cell, a
    figure). The lines set aside still count for DOC001: a gap they fill is no gap. Made once per
    context (``Context.derived``): DOC001, DOC005 and the numbered headings read it."""
    return ctx.derived(_candidates_of)


def _candidates_of(ctx: Context) -> list[Candidate]:
    outline = ctx.evaluation.narrative.outline
    tables = _table_lines(ctx)
    return [
        (i, s, n, _is_heading(ctx, s, tables))
        for i, s in enumerate(outline)
        if (n := parse_number(s.number)) is not None
    ]


def _is_heading(ctx: Context, section: Section, tables: list[tuple[int, int]]) -> bool:
    line = section.line
    return not (
        (line is not None and any(a <= line <= b for a, b in tables))
        or (ctx.document is not None and _NOT_A_TITLE.match(section.title))
        or (ctx.document is not None and _STATES_AN_AMOUNT.search(section.title))
        or (line is not None and _cell_of_a_flat_table(ctx, line))
    )


def _number_pattern(style: str, value: int) -> re.Pattern[str]:
    """A number of ``style`` written anywhere in a line (not only at its start)."""
    if style == "arabic":
        return re.compile(rf"(?<![\d.．]){value}\s*[、.．](?!\d)")
    if style == "arabic-paren":
        return re.compile(rf"[(（]\s*{value}\s*[)）]")
    numeral = chinese_ordinal(value)
    if style == "cn":
        return re.compile(rf"(?<![一二三四五六七八九十]){numeral}\s*、")
    if style == "cn-paren":
        return re.compile(rf"[(（]\s*{numeral}\s*[)）]")
    return re.compile(rf"第{numeral}(?:部分|章|篇)")


def _gap_in_text(ctx: Context, after: int, before: int, number: Number, expected: int) -> bool:
    """True when every number missing before a heading is written in the text since the heading above
    (``after``, outline index; -1 for the document's start), though not at a line's start where the
    outline looks: ``一、决算汇编基本情况 1.报表类型说明`` then the line ``2.单位分类情况说明``."""
    if ctx.document is None or number.value - expected > 5:
        return False
    spans = ctx.evaluation.spans
    end = spans.get(f"narrative.outline[{before}]")
    start = spans.get(f"narrative.outline[{after}]") if after >= 0 else None
    if end is None or end.start is None:
        return False
    text = ctx.document.text[(start.end or 0) if start is not None else 0 : end.start]
    missing = range(expected, number.value)
    return bool(missing) and all(_number_pattern(number.style, v).search(text) for v in missing)


def _gap_filled(candidates: list[Candidate], after: int, before: int, number: Number, expected: int) -> bool:
    """True when the numbers missing between two headings of a level (``expected`` up to ``number``) stand
    on numbered lines set aside as not headings between them (outline positions ``after`` < i < ``before``):
    a ``1、`` and ``2、`` inside a table's lines followed by a ``3、`` are a sequence jixiao could not
    read as headings, not a skipped number."""
    missing = set(range(expected, number.value))
    skipped = {
        n.value
        for i, _, n, heading in candidates
        if not heading and after < i < before and n.style == number.style
    }
    return bool(missing) and missing <= skipped


_VALUE_CELL = re.compile(r"^[≥≤<>=]?\s*-?[\d.,]+\s*[^\s\d]{0,4}$")


def _cell_of_a_flat_table(ctx: Context, line: int) -> bool:
    """A numbered cell of a table flattened one cell per line (``三、示范区建立`` / ``≥2000亩`` / ``2000亩`` /
    ``15``): the next two lines holding text are bare values, where a heading is followed by prose."""
    if ctx.document is None:
        return False
    lines = ctx.derived(_lines)
    following = [text.strip() for text in lines[line : line + 12] if text.strip()][:2]
    return len(following) == 2 and all(_VALUE_CELL.match(text) for text in following)


def _lines(ctx: Context) -> list[str]:
    """The document's lines, split once (not once per heading)."""
    return ctx.document.text.splitlines() if ctx.document is not None else []


# a numbered paragraph of prose stating a sum (``（二）本单位2023年度总支出125.08万元，其中…``), not a title
_STATES_AN_AMOUNT = re.compile(r"\d\s*(?:万元|亿元|千元|元)")
_NOT_A_TITLE = re.compile(r"^\s*(?:[\d.,%]+|.{0,12}\s{2,}[-\d.,]+\s{2,}[-\d.,]+)")


def _table_lines(ctx: Context) -> list[tuple[int, int]]:
    """The first and last line of every table of the document (none for a model written by hand)."""
    if ctx.document is None:
        return []
    spans = []
    for table in ctx.document.tables():
        first, last = ctx.line_of(table.start), ctx.line_of(max(table.end - 1, table.start))
        if first is not None and last is not None:
            spans.append((first, last))
    return spans


def _read_from_its_start(ctx: Context, section: Section) -> bool:
    """True when the text before ``section`` is the document's beginning: a model written by hand, or a
    report whose title stands above the heading (an excerpt taken mid-document has none)."""
    if ctx.document is None:
        return True
    title = ctx.evaluation.spans.get("narrative.title")
    return (
        title is not None
        and title.line is not None
        and section.line is not None
        and title.line < section.line
    )


def _rank(style: str) -> int:
    return STYLE_RANK.get(style, 0)


@check("DOC001", name="document.numbering-in-sequence", group="document")
def numbering_in_sequence(ctx: Context) -> Iterator[Issue]:
    """同级标题编号连续：一、二、三… 从一开始，不跳号、不重复，下级在每个上级之下从 1 开始.

    Only headings count: a numbered line of a table, a cell or a figure (``2、164个``) is not one, and a gap
    that such lines fill (``1、`` ``2、`` rows of a table, then the heading ``3、``) is no gap.

    Wrong::

        outline: [{number: 五、}, {number: 七、}, {number: 六、}, {number: 七、}]

    Right::

        outline: [{number: 五、}, {number: 六、}, {number: 七、}]
    """
    candidates = _candidates(ctx)
    numbered = [(i, s, n) for i, s, n, heading in candidates if heading]
    stack: list[list[object]] = []  # [style, last value, last section at that level, its outline index]
    for position, (i, section, number) in enumerate(numbered):
        styles = [entry[0] for entry in stack]
        if number.style in styles:
            depth = styles.index(number.style)
            del stack[depth + 1 :]
            expected = int(str(stack[depth][1])) + 1
        else:
            parent_at = stack[-1][3] if stack else -1  # a new level: lines set aside since its parent
            stack.append([number.style, 0, None, parent_at])
            depth, expected = len(stack) - 1, 1
        previous = stack[depth][2]
        after = int(str(stack[depth][3]))
        stack[depth][2], stack[depth][3] = section, i
        if (
            number.value == expected
            or (number.value == 1 and expected > 1)
            or _gap_filled(candidates, after, i, number, expected)
            or _gap_in_text(ctx, after, i, number, expected)
        ):
            stack[depth][1] = number.value  # in order, a new list from one, or the gap is lines set aside
            continue
        if expected == 1 and not _placed(ctx, numbered[:position], number, section):
            stack[depth][1] = number.value  # an excerpt that starts inside this level: nothing to compare
            continue
        following = next((n for _, _, n in numbered[position + 1 :] if n.style == number.style), None)
        stray = following is not None and following.value == expected
        if not stray:
            stack[depth][1] = number.value
        wanted = _render(number.style, expected)
        yield ctx.issue(
            f"narrative.outline[{i}]",
            _sequence_message(section, previous if isinstance(previous, Section) else None, number, expected)
            + ("，该编号多余（其后即为正确编号）" if stray else ""),
            expected=wanted,
            found=section.number.strip(),
            hint="按 一、二、三… 顺序连续编号，删除多余或重复的编号",
        )


def _placed(
    ctx: Context, before: list[tuple[int, Section, Number]], number: Number, section: Section
) -> bool:
    """Whether the first heading of a level can be judged: a heading of a higher level stands above it,
    or the report is read from its title on."""
    higher = any(_rank(n.style) < _rank(number.style) for _, _, n in before)
    return higher or _read_from_its_start(ctx, section)


def _quoted(section: Section) -> str:
    return f"“{section.number.strip()}{section.title}”"


def _sequence_message(section: Section, previous: Section | None, number: Number, expected: int) -> str:
    """Where the numbering breaks: the previous heading of the level and the numbers skipped."""
    wanted = _render(number.style, expected)
    if previous is None:
        message = f"标题编号 {_quoted(section)} 不连续：同级标题应从“{wanted}”开始"
    else:
        message = (
            f"标题编号 {_quoted(section)} 不连续：上一个同级标题为{_quoted(previous)}，此处应为“{wanted}”"
        )
    if expected < number.value <= expected + 5:
        missing = "".join(f"“{_render(number.style, v)}”" for v in range(expected, number.value))
        message += f"，缺少{missing}"
    elif number.value == expected - 1 and previous is not None:
        message += "，编号重复"
    return message


@check("DOC002", name="document.levels-in-official-order", group="document", severity=Severity.WARNING)
def levels_in_official_order(ctx: Context) -> Iterator[Issue]:
    """标题层级顺序为 一、 → （一） → 1. → （1），不得把“1、”用在“（一）”之上.

    Wrong::

        outline: [{number: 一、}, {number: 1、}, {number: （一）}]

    Right::

        outline: [{number: 一、}, {number: （一）}, {number: 1.}]
    """
    stack: list[tuple[str, str]] = []  # (style, the number as written)
    reported: set[tuple[str, str]] = set()
    for i, section, number in _numbered(ctx):
        if number.style == "part":  # 第一部分 / 第二章: every level starts again under it
            stack.clear()
            continue
        styles = [style for style, _ in stack]
        if number.style in styles:
            del stack[styles.index(number.style) + 1 :]
            continue
        parent = stack[-1] if stack else None
        if parent is not None and all(_rank(style) > _rank(number.style) for style, _ in stack):
            # above every level seen so far: the text went back up (an excerpt began below this level)
            stack.clear()
        stack.append((number.style, section.number.strip()))
        if parent is None or not stack[:-1] or STYLE_RANK[parent[0]] < STYLE_RANK[number.style]:
            continue
        if (parent[0], number.style) in reported:
            continue
        reported.add((parent[0], number.style))
        yield ctx.issue(
            f"narrative.outline[{i}]",
            f"“{section.number.strip()}”式标题用在了“{parent[1]}”式标题之下，层级顺序颠倒",
            expected=f"“{parent[1]}”之下用 {STYLE_EXAMPLE[_next_style(parent[0])]}",
            found=section.number.strip(),
            hint="层级顺序应为 一、 → （一） → 1. → （1）",
        )


def _next_style(style: str) -> str:
    order = sorted(STYLE_RANK, key=STYLE_RANK.__getitem__)
    return order[min(order.index(style) + 1, len(order) - 1)]


STANDARD_SECTIONS = [
    ("基本情况", ("基本情况", "部门概况", "单位基本概况", "基本概况")),
    (
        "一般公共预算支出情况",
        ("一般公共预算支出", "部门整体支出管理及使用情况", "部门整体支出概况", "支出情况"),
    ),
    ("政府性基金预算支出情况", ("政府性基金",)),
    ("国有资本经营预算支出情况", ("国有资本经营",)),
    ("部门整体支出绩效情况", ("绩效情况", "绩效分析", "自评得分情况", "绩效目标完成情况")),
    ("存在的问题及原因分析", ("存在的问题", "存在问题", "主要问题")),
    ("下一步改进措施", ("改进措施", "改进意见", "工作计划")),
    ("部门整体支出绩效自评结果拟应用和公开情况", ("结果应用", "拟应用", "公开情况")),
]


@check("DOC003", name="document.standard-outline", group="document", severity=Severity.INFO)
def standard_outline(ctx: Context) -> Iterator[Issue]:
    """部门整体支出自评报告包含标准提纲的各部分（基本情况 … 结果拟应用和公开情况）.

    Judged only when the report reaches its closing parts (问题 / 改进措施), so that an excerpt is not
    taken for a report with missing sections.

    Wrong::

        outline: [{number: 一、, title: 基本情况}, {number: 二、, title: 存在的问题}]

    Right::

        outline: [{number: 一、, title: 基本情况}, {number: 二、, title: 一般公共预算支出情况}, …]
    """
    top = [s for _, s, n in _numbered(ctx) if n.style == "cn"]
    if ctx.evaluation.kind != "department" or len(top) < 3:
        return
    if ctx.document is not None and "整体" not in (ctx.evaluation.narrative.title or ""):
        return  # a published report not titled 部门整体支出…: a project's or a fund's, with its own outline
    titles = [s.title for s in top]
    closing = STANDARD_SECTIONS[5][1] + STANDARD_SECTIONS[6][1]
    if not any(word in title for title in titles for word in closing):
        return  # an excerpt or a report cut short: only a report that reaches its closing parts is judged
    for name, synonyms in STANDARD_SECTIONS:
        if not any(any(word in title for word in synonyms) for title in titles):
            yield ctx.issue(
                "narrative.outline",
                f"报告缺少标准提纲中的“{name}”部分",
                expected=name,
                found="无",
                hint="参照部门整体支出绩效自评报告提纲补充该部分",
            )


@check("DOC004", name="document.parentheses-consistent", group="document", severity=Severity.INFO)
def parentheses_consistent(ctx: Context) -> Iterator[Issue]:
    """标题编号的括号全角半角一致（“（一）”而非“(一）”或“(一)”）.

    Wrong::

        outline: [{number: (一）}]

    Right::

        outline: [{number: （一）}]
    """
    halfwidth = [
        (i, s.number.strip())
        for i, s, _ in _numbered(ctx)
        if s.number.strip().startswith(("(", "（")) and ("(" in s.number or ")" in s.number)
    ]
    if halfwidth:
        i, number = halfwidth[0]
        fixed = number.replace("(", "（").replace(")", "）")
        yield ctx.issue(
            f"narrative.outline[{i}]",
            f"{len(halfwidth)} 处标题编号使用了半角括号或全半角混用，首处为“{number}”",
            expected=fixed,
            found=number,
            hint="公文标题编号统一用全角括号“（一）”",
        )


YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年度")


@check("DOC005", name="document.year-consistent", group="document", severity=Severity.WARNING)
def year_consistent(ctx: Context) -> Iterator[Issue]:
    """标题中的“XXXX年度”与评价年度一致（文件名写 2022 年度、表头写 2023 年度之类）.

    Wrong::

        year: 2022
        narrative: {title: 2023年度部门整体绩效自评表}

    Right::

        year: 2023
        narrative: {title: 2023年度部门整体绩效自评表}
    """
    narrative = ctx.evaluation.narrative
    titled = [("narrative.title", narrative.title or "")]
    aside = {i for i, _, _, heading in _candidates(ctx) if not heading}  # table lines, cells, figures
    titled += [
        (f"narrative.outline[{i}]", s.title) for i, s in enumerate(narrative.outline) if i not in aside
    ]
    year = ctx.evaluation.year
    if year is None:
        return  # no year to compare with (EXT021 says so)
    for path, title in titled:
        for match in YEAR_IN_TITLE.finditer(title):
            if int(match.group(1)) != year:
                yield ctx.issue(
                    path,
                    f"标题“{title.strip()}”写的是 {match.group(1)} 年度，与评价年度 {year} 不一致",
                    expected=f"{year}年度",
                    found=f"{match.group(1)}年度",
                    hint="核对报告或表格所属年度",
                )
