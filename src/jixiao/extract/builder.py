"""The builder: a document's text → the Evaluation, every value with its span and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract import patterns as pt
from jixiao.extract.breakdowns import (
    FoundBreakdown,
    ProjectItem,
    find_breakdowns,
    find_project_items,
)
from jixiao.extract.glued_rows import GluedRow, execution_row, glued_rows
from jixiao.extract.identity import find_department, find_title, find_year
from jixiao.extract.outline import Heading, find_outline
from jixiao.extract.tables import TableFacts, table_facts
from jixiao.extract.text import Text, prepare
from jixiao.io.normalise import split_target
from jixiao.issues import Issue, Severity
from jixiao.model import (
    BasicLine,
    Budget,
    Declared,
    Evaluation,
    Indicator,
    Line,
    Narrative,
    ProjectLine,
    RateFact,
    Sources,
    Span,
    Stated,
    StatedFigure,
    walk_indicators,
)
from jixiao.numbers import decimals_of, to_wanyuan

SUBJECT_RE = re.compile(
    r"(?P<personnel>人员经费)|(?P<public>日常公用经费|公用经费)|(?P<basic>基本支出)"
    r"|(?P<project>项目支出|项目(?=年初|全年|实际|预算))|(?P<total>财政拨款|部门预算|部门整体支出|年度资金总额|资金总额)"
)
SUBJECT_PATH = {
    "personnel": "budget.basic.personnel",
    "public": "budget.basic.public",
    "basic": "budget.basic",
    "project": "budget.project",
    "total": "budget.total",
}
SHARE_RE = re.compile(r"占[^,，。；]{1,12}?的?(?:比重|比例)?$")
RATE_FIELD_RE = re.compile(r"执行率|完成预算|完成率")
NO_SOURCE_RE = re.compile(r"无(?P<src>政府性基金|国有资本经营)预算(?:财政拨款)?(?:支出|收支|收入)")
SOURCE_KEY = {"政府性基金": "government_fund", "国有资本经营": "state_capital"}
PLANNED = re.compile(r"计划|目标|力争|预计|要求|确保|争取")
RATE_LABEL = re.compile(r"[\u4e00-\u9fff]{1,10}率$")
STAFF_RE = re.compile(r"在职人员\s*(?P<n>\d+)\s*人")
UNITLESS_RE = re.compile(
    r"(?:年初预算数?|全年预算数?|全年执行数|预算执行数|实际支出|预算安排)(?:为|是|:)?\s*(?P<num>\d+(?:\.\d+)?)"
    r"(?![\d.]|\s*(?:万元|元|亿元|千元|%|万|亿))"
)


@dataclass
class Assembly:
    """What the builder collects before the Evaluation is validated."""

    figures: list[tuple[pt.Found, str | None]] = field(default_factory=list)
    paths: dict[str, pt.Found] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    sources: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    items: list[ProjectItem] = field(default_factory=list)


def build(text: str, file: str | None = None, metadata_lines: int = 0) -> tuple[Evaluation, list[Issue]]:
    """Read every statement of ``text`` and assemble the Evaluation."""
    doc = prepare(text, metadata_lines)
    out = Assembly()
    categories, indicator_lines = read_indicator_lines(doc)
    headings = find_outline(text, skip_lines=doc.body_line - 1, exclude=set(indicator_lines))
    prose_figures(doc, headings, out)
    facts = table_facts(doc.norm, doc.body_start, {f.start for f, _ in out.figures if f.kind == "amount"})
    merge_tables(doc, facts, out)
    indicators = assemble_indicators(doc, categories, indicator_lines, headings, facts, out)
    rates = rate_facts(doc, out, indicators)
    declared = read_total_score(doc, out, facts)
    breakdowns = find_breakdowns(doc.norm, doc.body_start)
    out.items = find_project_items(doc.norm, doc.body_start) or items_of_breakdown(out, breakdowns)
    for index, project_item in enumerate(out.items):
        out.spans[f"budget.project.items[{index}]"] = doc.span(*project_item.name_span)
        for column, (_, span) in project_item.columns.items():
            out.spans[f"budget.project.items[{index}].{column}"] = doc.span(*span)
    for index, item in enumerate(breakdowns):
        out.spans[f"breakdowns[{index}].total"] = doc.span(item.start, item.end)
    unitless_issues(doc, out, file)
    out.figures = distinct_figures(out.figures)
    title = find_title(doc)
    department = find_department(doc, title)
    year = find_year(doc, title)
    if department:
        out.spans["department"] = doc.span(*department[1:])
    if year:
        out.spans["year"] = doc.span(*year[1:])
    if title:
        out.spans["narrative.title"] = doc.span(*title[1:])
    for index, heading in enumerate(headings):
        out.spans[f"narrative.outline[{index}]"] = doc.span(
            heading.start, heading.start + len(heading.section.number)
        )
    if not department:
        out.issues.append(warn("EXT020", "未能识别部门（单位）名称", file))
    if not year:
        out.issues.append(warn("EXT021", "未能识别评价年度", file))
    title_text = title[0] if title else None
    is_project = bool(title_text and "项目" in title_text and not re.search("部门整体|整体支出", title_text))
    evaluation = Evaluation(
        kind="project" if is_project else "department",
        department=department[0] if department else "",
        year=year[0] if year else 1990,
        budget=budget_of(out),
        indicators=indicators,
        declared=declared,
        narrative=narrative_of(doc, headings, title_text),
        rates=rates,
        breakdowns=[item.breakdown for item in breakdowns],
        stated=[stated_of(doc, f, path) for f, path in out.figures],
        spans=out.spans,
    )
    return evaluation, out.issues


def items_of_breakdown(out: Assembly, breakdowns: list[FoundBreakdown]) -> list[ProjectItem]:
    """``项目支出X万元，其中：A项目…万元、B项目…万元`` → project items in the whole's column.

    The breakdown is then checked as 项目支出 = Σ items (BUD009) and leaves the list of breakdowns.
    """
    for index, item in enumerate(breakdowns):
        whole = item.breakdown
        if whole.unit != "万元" or not whole.complete or len(whole.parts) < 2:
            continue
        if not all(re.search(r"项目|专项|经费|资金", part.label) for part in whole.parts):
            continue
        for path, found in out.paths.items():
            column = path.removeprefix("budget.project.")
            if column in {"initial", "adjusted", "executed"} and found.start == item.start:
                del breakdowns[index]
                return [
                    ProjectItem(
                        part.label, (item.start, item.end), {column: (part.value, (item.start, item.end))}
                    )
                    for part in whole.parts
                ]
    return []


def distinct_figures(figures: list[tuple[pt.Found, str | None]]) -> list[tuple[pt.Found, str | None]]:
    """In reading order, one figure per (span, kind, value): a rate read by prose and table passes
    alike is stated once, with the path either pass gave it. Amounts are kept as read: the parts of
    a glued cell (``40004000100%``) share one span and may share a value."""
    chosen: dict[tuple[int, int, str, Decimal, int], tuple[pt.Found, str | None]] = {}
    for index, (found, path) in enumerate(figures):
        key = (found.start, found.end, found.kind, found.value, index if found.kind == "amount" else -1)
        if key not in chosen or (path and not chosen[key][1]):
            chosen[key] = (found, path)
    return sorted(chosen.values(), key=lambda item: (item[0].start, item[0].kind))


def warn(
    code: str, message: str, file: str | None, line: int | None = None, hint: str | None = None
) -> Issue:
    return Issue(code=code, severity=Severity.WARNING, message=message, file=file, line=line, hint=hint)


def stated_of(doc: Text, found: pt.Found, path: str | None) -> StatedFigure:
    return StatedFigure(
        kind=found.kind,
        label=found.label,
        path=path,
        value=found.value,
        unit=found.unit,
        span=(found.start, found.end),
        line=doc.line_of(found.start),
        approx=found.approx,
    )


# --- prose: amounts, rates, counts, budget paths ----------------------------------------------------


def heading_subject(headings: list[Heading], offset: int) -> str | None:
    """The budget line a section heading is about (``(一)基本支出情况`` → basic)."""
    subject = None
    for heading in headings:
        if heading.start > offset:
            break
        match = SUBJECT_RE.search(heading.section.title)
        if heading.level <= 2:
            subject = match.lastgroup if match else None
    return subject


def subject_at(doc: Text, start: int) -> str | None:
    """The nearest budget subject named before ``start`` on its line, outside any ``占…的``."""
    line_start = doc.starts[doc.line_of(start) - 1]
    before = doc.norm[line_start:start]
    subject = None
    for match in SUBJECT_RE.finditer(before):
        if before[: match.start()].endswith("占"):
            continue
        subject = match.lastgroup
    return subject


def clause_before(doc: Text, start: int) -> str:
    begin = start
    while begin > doc.body_start and doc.norm[begin - 1] not in "，,。；;\n":
        begin -= 1
    return doc.norm[begin:start]


def field_of(clause: str) -> str | None:
    """initial / adjusted / executed from the words before an amount (subject words removed)."""
    words = SUBJECT_RE.sub("", clause)
    if "年初" in words:
        return "initial"
    if re.search(r"全年预算|调整后|调整预算|全年安排", words):
        return "adjusted"
    if re.search(r"执行|支出|实际使用", words):
        return "executed"
    if words.strip() in {"", ":"} and SUBJECT_RE.search(clause):
        subject = SUBJECT_RE.search(clause)
        return "executed" if subject and re.search("支出|经费", subject.group()) else None
    return None


def prose_figures(doc: Text, headings: list[Heading], out: Assembly) -> None:
    """Amounts, rates and counts written in sentences, with canonical paths where the words say so."""
    found = (
        pt.find_amounts(doc.norm, doc.body_start)
        + pt.find_rates(doc.norm, doc.body_start)
        + pt.find_counts(doc.norm, doc.body_start)
    )
    found.sort(key=lambda f: f.start)
    last_subject: str | None = None
    last_line = 0
    for item in found:
        line = doc.line_of(item.start)
        if line != last_line:
            last_subject, last_line = None, line
        path = None
        if item.kind in {"amount", "rate"}:
            subject = subject_at(doc, item.start) or heading_subject(headings, item.start)
            clause = clause_before(doc, item.start)
            if item.kind == "amount" and subject:
                column = field_of(clause)
                path = f"{SUBJECT_PATH[subject]}.{column}" if column else None
                last_subject = subject
            elif item.kind == "rate" and SHARE_RE.search(clause) and last_subject:
                path = f"{SUBJECT_PATH[last_subject]}.share"
            elif item.kind == "rate" and RATE_FIELD_RE.search(clause) and subject:
                path = f"{SUBJECT_PATH[subject]}.rate"
        add_figure(doc, out, item, path)
    for match in NO_SOURCE_RE.finditer(doc.norm, doc.body_start):
        key = SOURCE_KEY[match.group("src")]
        if key not in out.sources:
            line_text, _, _ = doc.line_text(doc.line_of(match.start()))
            out.sources[key] = (line_text.strip(), match.start(), match.end())
            out.spans[f"budget.sources.{key}"] = doc.span(match.start(), match.end())


def add_figure(doc: Text, out: Assembly, item: pt.Found, path: str | None) -> None:
    """Record a figure; a canonical path is given to its first figure only."""
    if path and path in out.paths:
        path = None
    if path:
        out.paths[path] = item
        out.spans[path] = doc.span(item.start, item.end)
    out.figures.append((item, path))


def merge_tables(doc: Text, facts: TableFacts, out: Assembly) -> None:
    """Add the table pass's figures; glued cells replace the raw rate read from them."""
    if facts.replaced:
        out.figures = [(f, p) for f, p in out.figures if (f.start, f.end) not in facts.replaced]
    by_id = {id(f): column for column, f in facts.total.items()}  # glued parts share one span
    by_key = {(f.start, f.end, f.kind, f.value): column for column, f in facts.total.items()}
    rate_total = facts.total.get("rate")
    for item in facts.figures:
        column = by_id.get(id(item)) or by_key.get((item.start, item.end, item.kind, item.value))
        add_figure(doc, out, item, f"budget.total.{column}" if column else None)
    if rate_total is None or "budget.total.rate" in out.paths:
        return
    for index, (figure, path) in enumerate(out.figures):
        if figure.kind == "rate" and figure.start == rate_total.start and path is None:
            out.figures[index] = (figure, "budget.total.rate")
            out.paths["budget.total.rate"] = figure
            out.spans["budget.total.rate"] = doc.span(figure.start, figure.end)
            return
    add_figure(doc, out, rate_total, "budget.total.rate")


def budget_of(out: Assembly) -> Budget:
    """The canonical budget lines from the figures that carry a path (amounts in 万元)."""
    values: dict[str, dict[str, object]] = {}
    for path, item in out.paths.items():
        if not path.startswith("budget."):
            continue
        line, _, column = path.rpartition(".")
        if column in {"rate", "share"}:
            stated = Stated(
                value=item.value, unit="%", decimals=decimals_of(item.value), text=f"{item.value}%"
            )
            values.setdefault(line, {})[column] = stated
        else:
            values.setdefault(line, {})[column] = to_wanyuan(item.value, item.unit)
    basic = values.get("budget.basic")
    personnel, public = values.get("budget.basic.personnel"), values.get("budget.basic.public")
    sources = {
        key: Line(adjusted=Decimal(0), executed=Decimal(0), note=note)
        for key, (note, _, _) in out.sources.items()
    }
    project = values.get("budget.project")
    if out.items:
        project = project or {}
        project["items"] = [
            Line(name=item.name, **{k: v for k, (v, _) in item.columns.items()}) for item in out.items
        ]
    return Budget(
        total=Line.model_validate(values["budget.total"]) if "budget.total" in values else None,
        basic=BasicLine.model_validate({**(basic or {}), "personnel": personnel, "public": public})
        if basic or personnel or public
        else None,
        project=ProjectLine.model_validate(project) if project else None,
        sources=Sources.model_validate(sources) if sources else None,
    )


def unitless_issues(doc: Text, out: Assembly, file: str | None) -> None:
    """A budget amount written in a sentence without a unit cannot be read: say so (EXT011)."""
    for match in UNITLESS_RE.finditer(doc.norm, doc.body_start):
        _line_text, norm_line, _ = doc.line_text(doc.line_of(match.start()))
        if "|" in norm_line or not re.search(r"[,。]", norm_line):
            continue  # a table row: the unit stands in its header
        number = doc.text[match.start("num") : match.end("num")]
        out.issues.append(
            Issue(
                code="EXT011",
                severity=Severity.WARNING,
                file=file,
                line=doc.line_of(match.start()),
                span=(match.start("num"), match.end("num")),
                message=f"金额“{number}”没有单位，无法确定是元还是万元，未予提取",
                hint="在数字后注明单位，如 303.06万元",
            )
        )


# --- indicators --------------------------------------------------------------------------------------


def read_indicator_lines(doc: Text) -> tuple[dict[int, pt.CategoryLine], dict[int, pt.IndicatorLine]]:
    """Category lines and indicator lines, by line number."""
    categories: dict[int, pt.CategoryLine] = {}
    indicators: dict[int, pt.IndicatorLine] = {}
    for number in range(doc.body_line, len(doc.starts) + 1):
        original, norm, offset = doc.line_text(number)
        cleaned = re.sub(r"\[bookmark:[^\]]*\]", lambda m: " " * len(m.group()), norm)
        category = pt.match_category(cleaned, offset)
        if category:
            categories[number] = category
            continue
        indicator = pt.match_indicator(cleaned, original, offset)
        if indicator:
            indicators[number] = indicator
    return categories, indicators


def indicator_text(doc: Text, first: int, last: int) -> str | None:
    """The paragraph(s) under an indicator line, bookmarks removed."""
    parts = []
    for number in range(first, last):
        original, _, _ = doc.line_text(number)
        cleaned = re.sub(r"\[bookmark:[^\]]*\]", "", original).strip()
        cleaned = re.split(r"[。]\s*[一二三四五六七八九十]{1,3}、", cleaned)[0]
        if cleaned:
            parts.append(cleaned)
    return "".join(parts).strip() or None


def assemble_indicators(
    doc: Text,
    categories: dict[int, pt.CategoryLine],
    lines: dict[int, pt.IndicatorLine],
    headings: list[Heading],
    facts: TableFacts,
    out: Assembly,
) -> list[Indicator]:
    """The tree: category lines with the indicator lines under them, then table indicators."""
    tree: list[Indicator] = []
    origin: dict[int, tuple[pt.CategoryLine | pt.IndicatorLine | GluedRow, int]] = {}
    stops = sorted(set(categories) | set(lines) | {h.section.line or 0 for h in headings if h.level <= 2})
    current: Indicator | None = None
    for number in sorted(set(categories) | set(lines)):
        if number in categories:
            category = categories[number]
            current = Indicator(
                name=category.name,
                weight=category.weight,
                score=category.score,
                deduction=category.deduction,
                kind="execution_rate" if "预算执行" in category.name else None,
            )
            tree.append(current)
            origin[id(current)] = (category, number)
            continue
        item = lines[number]
        following = [s for s in stops if s > number]
        node = indicator_node(
            item, indicator_text(doc, number + 1, following[0] if following else number + 1)
        )
        (current.children if current is not None else tree).append(node)
        origin[id(node)] = (item, number)
    add_table_indicators(doc, tree, facts)
    add_glued_rows(doc, tree, origin)
    for path, node, _ in walk_indicators(tree):
        if id(node) in origin:
            source, _number = origin[id(node)]
            for key, (start, end) in source.spans.items():
                out.spans[path if key == "name" else f"{path}.{key}"] = doc.span(start, end)
    add_indicator_figures(doc, out, tree, origin)
    return tree


def indicator_node(item: pt.IndicatorLine, text: str | None) -> Indicator:
    direction, value, unit = split_target(pt.normalise(item.target).replace(">=", "≥").replace("<=", "≤"))
    node = Indicator(
        name=item.name,
        target=item.target,
        actual=item.actual,
        weight=item.weight,
        score=item.score,
        text=text,
    )
    if value is None:
        node.kind = "qualitative"
        return node
    node.kind = "quantitative"
    node.direction = direction or ">="  # type: ignore[assignment]
    node.target_value = value
    node.unit = unit
    actual = re.search(r"\d+(?:\.\d+)?", pt.normalise(item.actual))
    node.actual_value = Decimal(actual.group()) if actual else None
    return node


def add_table_indicators(doc: Text, tree: list[Indicator], facts: TableFacts) -> None:
    """Self-evaluation table rows under their level-1 (and level-2) category; the budget row's 分值/得分.

    A row whose indicator the prose already gave (a report and its appended table) only adds the reason.
    """
    if facts.execution and not any("预算执行" in node.name for node in tree):
        tree.insert(
            0,
            Indicator(
                name="预算执行率",
                kind="execution_rate",
                weight=facts.execution["weight"].value,
                score=facts.execution["score"].value,
            ),
        )
    known = {node.name: node for _, node, _ in walk_indicators(tree)}
    for row in facts.indicators:
        reason = " ".join(doc.text[start:end].strip() for start, end in row.reason).strip() or None
        if row.name in known:
            if reason and not known[row.name].reason:
                known[row.name].reason = reason
            continue
        parent = child_named(tree, row.level1 or "绩效指标")
        if row.level2:
            parent = child_named(parent.children, row.level2)
        node = Indicator(
            name=row.name,
            target=cell_text(doc, row.target),
            actual=cell_text(doc, row.actual),
            weight=row.weight.value,
            score=row.score.value,
            reason=reason,
        )
        parent.children.append(node)
        known[row.name] = node


def cell_text(doc: Text, span: tuple[int, int] | None) -> str | None:
    """A value as written; its unit or ``≤`` cell joined to it (``≤ | 30 | 万元`` → ``≤30万元``)."""
    return re.sub(r"\s*[|｜]\s*", "", doc.text[span[0] : span[1]]).strip() or None if span else None


def child_named(nodes: list[Indicator], name: str) -> Indicator:
    """The node of ``nodes`` called ``name``, appended when there is none."""
    node = next((node for node in nodes if node.name == name), None)
    if node is None:
        node = Indicator(name=name)
        nodes.append(node)
    return node


def add_glued_rows(
    doc: Text,
    tree: list[Indicator],
    origin: dict[int, tuple[pt.CategoryLine | pt.IndicatorLine | GluedRow, int]],
) -> None:
    """Rows of a glued self-evaluation table (``…72.74%100%22是``) under 绩效指标, budget row first."""
    execution = execution_row(doc.norm, doc.body_start)
    if execution is not None and not any(node.kind == "execution_rate" for node in tree):
        tree.insert(0, execution.indicator)
        origin[id(execution.indicator)] = (execution, doc.line_of(execution.spans["weight"][0]))
    rows = glued_rows(doc.norm, doc.body_start)
    if not rows:
        return
    parent = next((node for node in tree if node.name == "绩效指标"), None)
    if parent is None:
        parent = Indicator(name="绩效指标")
        tree.append(parent)
    for row in rows:
        parent.children.append(row.indicator)
        origin[id(row.indicator)] = (row, doc.line_of(row.spans["weight"][0]))


def add_indicator_figures(
    doc: Text,
    out: Assembly,
    tree: list[Indicator],
    origin: dict[int, tuple[pt.CategoryLine | pt.IndicatorLine | GluedRow, int]],
) -> None:
    """Weights and scores of indicator and category lines become stated figures with their paths."""
    for path, node, _ in walk_indicators(tree):
        if id(node) not in origin:
            continue
        source, _ = origin[id(node)]
        for key, kind in (("weight", "weight"), ("score", "score"), ("deduction", "score")):
            if key in source.spans:
                start, end = source.spans[key]
                label = {"weight": "分值", "score": "得分", "deduction": "扣分"}[key]
                out.figures.append(
                    (pt.Found(kind, Decimal(doc.norm[start:end]), "分", start, end, label), f"{path}.{key}")
                )


# --- rates over counts, total score ------------------------------------------------------------------


def rate_facts(doc: Text, out: Assembly, tree: list[Indicator]) -> list[RateFact]:
    """``共125件，…审核化解率为88.9%`` → base 125; a second rate in the chain → ``base_of`` the first."""
    facts: list[RateFact] = []
    figures = sorted((f for f, _ in out.figures if f.kind in {"rate", "count"}), key=lambda f: f.start)
    ranges = indicator_ranges(doc, tree, out)
    last_count: pt.Found | None = None
    last_rate_label: str | None = None
    sentence = -1
    for item in figures:
        here = sentence_of(doc, item.start)
        if here != sentence:
            sentence, last_count, last_rate_label = here, None, None
        if item.kind == "count":
            if not item.approx:
                last_count, last_rate_label = item, None
            continue
        clause = clause_before(doc, item.start)
        label_match = RATE_LABEL.search(re.sub(r"(?:为|达到|达|是)$", "", clause.strip()))
        if not label_match or PLANNED.search(clause) or "均" in clause or last_count is None:
            continue
        label = re.sub(r"^(?:当前|目前|现|全年|今年)", "", label_match.group())
        rate = Stated(value=item.value, unit="%", decimals=decimals_of(item.value), text=f"{item.value}%")
        fact = RateFact(label=label, rate=rate, indicator=indicator_at(ranges, item.start))
        if last_rate_label is None:
            fact.base = int(last_count.value)
        else:
            fact.base_of = last_rate_label
        index = len(facts)
        facts.append(fact)
        out.spans[f"rates[{index}].rate"] = doc.span(item.start, item.end)
        out.spans[f"rates[{index}]"] = doc.span(last_count.start, item.end)
        last_rate_label = label
    return facts


def sentence_of(doc: Text, offset: int) -> int:
    """An id of the sentence holding ``offset`` (its start)."""
    begin = offset
    while begin > 0 and doc.norm[begin - 1] not in "。；;\n":
        begin -= 1
    return begin


def indicator_ranges(doc: Text, tree: list[Indicator], out: Assembly) -> list[tuple[int, str]]:
    """(start offset of each level-3 indicator's line, its path), in order."""
    ranges = []
    for path, node, depth in walk_indicators(tree):
        if depth > 1 and not node.children and path in out.spans:
            line = out.spans[path].line or 1
            ranges.append((doc.starts[line - 1], path))
    return sorted(ranges)


def indicator_at(ranges: list[tuple[int, str]], offset: int) -> str | None:
    chosen = None
    for start, path in ranges:
        if start <= offset:
            chosen = path
    return chosen


def read_total_score(doc: Text, out: Assembly, facts: TableFacts) -> Declared:
    """``部门整体支出绩效得分99分`` / ``自评总分(分)97.6`` / a table's 总分 row → declared.total_score."""
    match = pt.TOTAL_SCORE_RE.search(doc.norm, doc.body_start)
    if not match:
        if facts.total_score is None:
            return Declared()
        add_figure(doc, out, facts.total_score, "declared.total_score")
        return Declared(total_score=facts.total_score.value)
    value = Decimal(match.group("score"))
    if value > 100:
        return Declared()
    found = pt.Found("score", value, "分", match.start("score"), match.end("score"), "总分")
    add_figure(doc, out, found, "declared.total_score")
    return Declared(total_score=value)


def narrative_of(doc: Text, headings: list[Heading], title: str | None) -> Narrative:
    """Title, outline, staff, and the problems / measures sections as paragraphs."""
    narrative = Narrative(title=title, outline=[h.section for h in headings])
    staff = STAFF_RE.search(doc.norm, doc.body_start)
    if staff:
        narrative.staff = int(staff.group("n"))
    narrative.problems = section_paragraphs(doc, headings, r"问题")
    narrative.measures = section_paragraphs(doc, headings, r"措施|建议|改进")
    return narrative


def section_paragraphs(doc: Text, headings: list[Heading], title_re: str) -> list[str]:
    """The lines under the first level-1 heading whose title matches, up to the next level-1 heading."""
    for index, heading in enumerate(headings):
        if heading.level == 1 and re.search(title_re, heading.section.title):
            first = (heading.section.line or 0) + 1
            later = [h.section.line or 0 for h in headings[index + 1 :] if h.level == 1]
            last = later[0] if later else len(doc.starts) + 1
            lines = [doc.line_text(n)[0].strip() for n in range(first, last)]
            return [line for line in lines if line]
    return []
