"""Indicator lines: the indicator tree from category and indicator lines, table rows and glued rows.

Category lines open a level-1 node, indicator lines stand under the last one (with the paragraph under
them as ``text``); self-evaluation table rows go under their level-1 (and level-2) category, glued rows
under 绩效指标. Weights and scores become stated figures with their paths; the declared total score is
read here too.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.categories import forms_in
from jixiao.extract import patterns as pt
from jixiao.extract.cell_forms import CellForms
from jixiao.extract.glued_forms import GluedForm
from jixiao.extract.glued_rows import GluedRow, GluedTable, direction_of
from jixiao.extract.indicator_tables import reads_as_value, score_table_rows
from jixiao.extract.outline import Heading
from jixiao.extract.passes import Collector, Earlier, Findings, Reading
from jixiao.extract.score_rows import glued_budget_row, header_weight_row
from jixiao.extract.tables import TableFacts, TableIndicator
from jixiao.extract.text import Text
from jixiao.inputs.structured.normalise import split_target
from jixiao.model import Declared, Indicator, walk_indicators
from jixiao.values import parse_value

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# id(node) → the line, category or glued row it was read from, and its line number
Origin = dict[int, tuple[pt.CategoryLine | pt.IndicatorLine | GluedRow, int]]


def indicator_statements(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: category and indicator lines (``values["categories"]``, ``values["indicator_lines"]``)."""
    categories, lines = read_indicator_lines(reading.doc)
    return Findings(values={"categories": categories, "indicator_lines": lines})


def read_indicator_lines(doc: Text) -> tuple[dict[int, pt.CategoryLine], dict[int, pt.IndicatorLine]]:
    """Category lines and indicator lines, by line number."""
    categories: dict[int, pt.CategoryLine] = {}
    indicators: dict[int, pt.IndicatorLine] = {}
    for number in range(doc.body_line, len(doc.starts) + 1):
        original, norm, offset = doc.line_text(number)
        cleaned = BOOKMARK.sub(lambda m: " " * len(m.group()), norm)
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
        cleaned = BOOKMARK.sub("", original).strip()
        cleaned = re.split(r"[。]\s*[一二三四五六七八九十]{1,3}、", cleaned)[0]
        if cleaned:
            parts.append(cleaned)
    return "".join(parts).strip() or None


def indicators(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the tree of category lines with the indicator lines under them, then the table rows'
    and glued rows' indicators (``values["indicators"]``); weights and scores as stated figures."""
    doc = reading.doc
    out = Collector(doc, earlier.paths)
    categories, lines = earlier.value("categories"), earlier.value("indicator_lines")
    tree, origin = line_tree(doc, categories, lines, earlier.value("headings"))
    glued: GluedForm = earlier.value("glued_forms")
    cells: CellForms = earlier.value("cell_forms")
    grids = [(table.start, table.end) for table in reading.document.tables() if table.rows]
    if forms_in(doc.text) > 1:
        grids = [(0, len(doc.text))]  # several forms: a category's written weight is one form's only
    scored = score_table_rows(grids_of(reading), reading.document.text)
    more = [*glued.indicators, *cells.indicators, *scored]
    stated = add_table_indicators(doc, tree, earlier.value("tables"), more, grids)
    if not any("预算执行" in node.name for node in tree):
        execution = header_weight_row(reading.document, reading.facts) or glued_budget_row(
            doc.norm, doc.body_start
        )
        if execution is not None:
            node = Indicator(
                name="预算执行率",
                kind="execution_rate",
                weight=execution["weight"].value,
                score=execution["score"].value,
            )
            tree.insert(0, node)
            stated[id(node)] = execution
    add_glued_rows(doc, tree, origin, earlier.value("glued_rows"))
    for path, node, _ in walk_indicators(tree):
        if id(node) in origin:
            source, _number = origin[id(node)]
            for key, (start, end) in source.spans.items():
                out.spans[path if key == "name" else f"{path}.{key}"] = doc.span(start, end)
    add_indicator_figures(doc, out, tree, origin)
    add_table_figures(out, tree, stated)
    withdrawn, targets = glued_amounts(doc, earlier, more)
    out.figures.extend((target, None) for target in targets)
    return out.findings(values={"indicators": tree}, withdraw=withdrawn)


def line_tree(
    doc: Text,
    categories: dict[int, pt.CategoryLine],
    lines: dict[int, pt.IndicatorLine],
    headings: list[Heading],
) -> tuple[list[Indicator], Origin]:
    """Category nodes in line order, each indicator line under the category before it."""
    tree: list[Indicator] = []
    origin: Origin = {}
    stops = sorted(set(categories) | set(lines) | {h.section.line or 0 for h in headings if h.level <= 2})
    current: Indicator | None = None
    for number in sorted(set(categories) | set(lines)):
        if number in categories:
            current = category_node(categories[number])
            tree.append(current)
            origin[id(current)] = (categories[number], number)
            continue
        item = lines[number]
        following = [s for s in stops if s > number]
        node = indicator_node(
            item, indicator_text(doc, number + 1, following[0] if following else number + 1)
        )
        (current.children if current is not None else tree).append(node)
        origin[id(node)] = (item, number)
    return tree, origin


def category_node(category: pt.CategoryLine) -> Indicator:
    return Indicator(
        name=category.name,
        weight=category.weight,
        score=category.score,
        deduction=category.deduction,
        kind="execution_rate" if "预算执行" in category.name else None,
    )


def indicator_node(item: pt.IndicatorLine, text: str | None) -> Indicator:
    """An indicator line as a node: quantitative (direction, target and actual values) or qualitative."""
    node = Indicator(
        name=item.name,
        target=item.target,
        actual=item.actual,
        weight=item.weight,
        score=item.score,
        text=text,
    )
    return typed(node)


def typed(node: Indicator, cost: bool = False) -> Indicator:
    """Quantitative when the target holds a number (≥90%, ≤30万元, 26次): direction, target and actual
    values, so the rules can score it; a band (90%-110%) or a deadline (12月底前) is quantitative too, the
    scorer reads it from the text; otherwise qualitative.

    A target written without ≥/≤ takes its direction from the indicator's name (成本, 发生率, 投诉 … less is
    better; 完成率, 人数 … more) or from standing under 成本指标 (``cost``), else more is better: reading
    ≥ into a cost would call a cost kept under its target a shortfall."""
    target = pt.normalise(node.target or "").replace(">=", "≥").replace("<=", "≤")
    direction, value, unit = split_target(target)
    if value is None:
        scored_from_text = parse_value(target).form in ("band", "deadline")
        node.kind = "quantitative" if scored_from_text else "qualitative"
        return node
    direction = direction or direction_of(node.name, unit) or ("<=" if cost else ">=")
    node.kind = "quantitative"
    node.direction = direction  # type: ignore[assignment]
    node.target_value = value
    node.unit = unit
    actual = re.search(r"\d+(?:\.\d+)?", pt.normalise(node.actual or ""))
    node.actual_value = Decimal(actual.group()) if actual else None
    return node


# id(node) → the figures a table gave it (``weight``/``score``), each the Found the table pass read
TableStated = dict[int, dict[str, pt.Found]]


def add_table_indicators(
    doc: Text,
    tree: list[Indicator],
    facts: TableFacts,
    more: list[TableIndicator] | None = None,
    grids: list[tuple[int, int]] | None = None,
) -> TableStated:
    """Self-evaluation table rows under their level-1 (and level-2) category; the budget row's 分值/得分;
    a level-1 category's weight where its cell writes one (``产出指标(50分)``). Returns the figures each
    node took from the table, so that they are stated with the node's path.

    ``more`` are rows read otherwise (a form run together in a paragraph), placed the same way. A
    category weight written inside a table grid (``grids``: their spans) is left to the score-table
    checks, which read the grid's categories themselves (IND007). A row whose indicator the prose
    already gave (a report and its appended table) only adds the reason.
    """
    stated: TableStated = {}
    if facts.execution and not any("预算执行" in node.name for node in tree):
        execution = Indicator(
            name="预算执行率",
            kind="execution_rate",
            weight=facts.execution["weight"].value,
            score=facts.execution["score"].value,
        )
        tree.insert(0, execution)
        stated[id(execution)] = dict(facts.execution)
    known = {node.name: node for _, node, _ in walk_indicators(tree)}  # what the prose gave
    read = [(row.weight.start, (row.score or row.weight).end) for row in more or []]
    rows = [
        row
        for row in facts.indicators
        if not any(start <= row.weight.start < end for start, end in read)  # read as a whole row already
        and not reads_as_value(row.name)  # a row of a form whose name cell was lost: not an indicator
    ]
    for row in sorted([*(more or []), *rows], key=lambda row: row.weight.start):  # in reading order
        reason = " ".join(doc.text[start:end].strip() for start, end in row.reason).strip() or None
        given = known.get(row.name) or given_under_fuller_name(known, row.name)
        if given is not None:
            if reason and not given.reason:
                given.reason = reason
            continue
        parent = child_named(tree, row.level1 or "绩效指标")
        written = row.level1_weight
        if (
            written is not None
            and parent.weight is None
            and doc.norm[written.start : written.end] == format(written.value, "f")
            and not any(start <= written.start < end for start, end in grids or [])
        ):
            parent.weight = written.value
            stated[id(parent)] = {"weight": written}
        if row.level2:
            parent = child_named(parent.children, row.level2)
        if any(child.name == row.name for child in parent.children):
            continue  # the same row read twice; one name under two categories is two indicators
        node = table_node(doc, row, reason)
        parent.children.append(node)
        stated[id(node)] = {"weight": row.weight, **({"score": row.score} if row.score is not None else {})}
    return stated


def add_table_figures(out: Collector, tree: list[Indicator], stated: TableStated) -> None:
    """The weights and scores a table gave the tree, stated again with their nodes' paths (the table
    pass stated them without one), so that the model's checks cite where they stand."""
    for path, node, _ in walk_indicators(tree):
        for key, found in stated.get(id(node), {}).items():
            if getattr(node, key) == found.value:
                out.add(found, f"{path}.{key}")


def table_node(doc: Text, row: TableIndicator, reason: str | None) -> Indicator:
    node = Indicator(
        name=row.name,
        target=cell_text(doc, row.target),
        actual=cell_text(doc, row.actual),
        weight=row.weight.value,
        score=row.score.value if row.score is not None else None,
        reason=reason,
    )
    return typed(node, cost=bool(row.level2 and "成本" in row.level2))


def cell_text(doc: Text, span: tuple[int, int] | None) -> str | None:
    """A value as written; its unit or ``≤`` cell joined to it (``≤ | 30 | 万元`` → ``≤30万元``)."""
    return re.sub(r"\s*[|｜]\s*", "", doc.text[span[0] : span[1]]).strip() or None if span else None


def child_named(nodes: list[Indicator], name: str) -> Indicator:
    """The node of ``nodes`` called ``name`` (``产出`` is ``产出指标``, ``效果`` is ``效益指标``), appended
    when there is none."""
    key = category_key(name)
    node = next((node for node in nodes if category_key(node.name) == key), None)
    if node is None:
        node = Indicator(name=name)
        nodes.append(node)
    return node


def given_under_fuller_name(known: dict[str, Indicator], name: str) -> Indicator | None:
    """The indicator the prose gave whose name this table name starts (``档案资源共`` of ``档案资源共享利用
    水平``: a name cut where its cell wrapped, the rest left on the next page)."""
    if len(name) < 4:
        return None
    return next((node for full, node in known.items() if full.startswith(name) and not node.children), None)


def category_key(name: str) -> str:
    """A category's name without its 指标 suffix, 效果 and 效益 alike (the 2013 and 2020 templates)."""
    return name.removesuffix("指标").replace("效果", "效益")


def add_glued_rows(doc: Text, tree: list[Indicator], origin: Origin, glued: GluedTable) -> None:
    """Rows of a glued self-evaluation table (``…72.74%100%22是``, the ``glued_table_rows`` pass) under
    绩效指标, budget row first; the tree holds copies (an earlier pass's findings are never changed)."""
    execution = glued.execution
    if execution is not None and not any(node.kind == "execution_rate" for node in tree):
        node = execution.indicator.model_copy(deep=True)
        tree.insert(0, node)
        origin[id(node)] = (execution, doc.line_of(execution.spans["weight"][0]))
    if not glued.rows:
        return
    parent = child_named(tree, "绩效指标")
    for row in glued.rows:
        node = row.indicator.model_copy(deep=True)
        parent.children.append(node)
        origin[id(node)] = (row, doc.line_of(row.spans["weight"][0]))


def add_indicator_figures(doc: Text, out: Collector, tree: list[Indicator], origin: Origin) -> None:
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


def grids_of(reading: Reading) -> list[list[list[tuple[str, int, int]]]]:
    """The document's tables as grids of (text, start, end) cells."""
    return [
        [[(cell.text, cell.start, cell.end) for cell in row] for row in table.rows]
        for table in reading.document.tables()
    ]


def total_score(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: ``values["declared"]`` with its figure."""
    out = Collector(reading.doc, earlier.paths)
    totals: list[pt.Found] = []
    score_table_rows(grids_of(reading), reading.document.text, totals)
    declared = read_total_score(
        reading.doc,
        out,
        earlier.value("tables"),
        earlier.value("glued_forms"),
        earlier.value("cell_forms"),
        totals,
    )
    return out.findings(values={"declared": declared})


def read_total_score(
    doc: Text,
    out: Collector,
    facts: TableFacts,
    glued: GluedForm | None = None,
    cells: CellForms | None = None,
    scored: list[pt.Found] | None = None,
) -> Declared:
    """``部门整体支出绩效得分99分`` / ``自评总分(分)97.6`` / a table's 总分 row (or a glued form's:
    ``总分10098``, or one written one cell per line; the first form's) → declared.total_score."""
    match = pt.TOTAL_SCORE_RE.search(doc.norm, doc.body_start)
    if not match:
        table_total = facts.total_score
        if table_total is None and glued is not None and glued.totals:
            table_total = glued.totals[0][1]
        if table_total is None and cells is not None and cells.totals:
            table_total = cells.totals[0][1]
        if table_total is None and scored:
            table_total = scored[0]  # a score table's 合计 / 总分 row
        if table_total is None:
            table_total = label_cell_total(doc)
        if table_total is None:
            return Declared()
        out.add(table_total, "declared.total_score")
        return Declared(total_score=table_total.value)
    value = Decimal(match.group("score"))
    if value > 100:
        return Declared()
    found = pt.Found("score", value, "分", match.start("score"), match.end("score"), "总分")
    out.add(found, "declared.total_score")
    return Declared(total_score=value)


# A form written one cell per line whose 自评得分 cell spans rows: its figure comes after the cells of the
# rows beside it (``自评得分`` / ``省级财政部门`` / ``某省财政厅`` / ``省级主管部门`` / ``某局`` / ``100``).
TOTAL_LABEL_LINE = re.compile(r"^\s*(?:自评得分|自评总分|自评总得分)(?:\(分\))?\s*$")
BARE_SCORE_LINE = re.compile(r"^\s*(?P<score>\d{1,3}(?:\.\d{1,2})?)\s*(?:分)?\s*$")
MAX_CELLS_BETWEEN = 6


def label_cell_total(doc: Text) -> pt.Found | None:
    """The total score of a 自评得分 cell alone on its line: the first line after it that is a bare
    number, when only cells without digits stand between (at most six) and no number follows it."""
    lines = doc.norm.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for index, line in enumerate(lines):
        if offsets[index] < doc.body_start or not TOTAL_LABEL_LINE.match(line):
            continue
        cells = [(k, text) for k, text in enumerate(lines[index + 1 :], index + 1) if text.strip()]
        for position, (k, text) in enumerate(cells[: MAX_CELLS_BETWEEN + 1]):
            bare = BARE_SCORE_LINE.match(text)
            if bare is None:
                if re.search(r"\d", text):
                    break  # a figure of another cell: the layout is not the one read here
                continue
            following = cells[position + 1][1] if position + 1 < len(cells) else ""
            value = Decimal(bare.group("score"))
            if BARE_SCORE_LINE.match(following) or not 0 < value <= 100:
                break
            start = offsets[k] + bare.start("score")
            return pt.Found("score", value, "分", start, start + len(bare.group("score")), "自评得分")
    return None


GLUED_MONEY = re.compile(r"^[≥≤≧≦<>=]{0,2}(?P<value>\d+(?:\.\d+)?)(?P<unit>万元|元|亿元)$")


def glued_amounts(
    doc: Text, earlier: Earlier, rows: list[TableIndicator]
) -> tuple[tuple[pt.Found, ...], list[pt.Found]]:
    """A row run together (``项目计划总投资1020万元20万元10``) whose weight the prose pass read as part of an
    amount (``1020万元``): that amount withdrawn, and the row's money target and actual (``20万元``) stated
    as the amounts they are. Only rows whose weight stands right before their target."""
    weights = {row.weight.start: row for row in rows if row.target and row.target[0] == row.weight.end}
    withdrawn = tuple(
        figure
        for figure, _ in earlier.figures
        if figure.kind == "amount"
        and figure.start in weights
        and figure.end > weights[figure.start].weight.end
    )
    amounts: list[pt.Found] = []
    taken = {(figure.start, figure.end) for figure, _ in earlier.figures if figure.kind == "amount"}
    for figure in withdrawn:
        row = weights[figure.start]
        for span in (row.target, row.actual):
            if span is None or span in taken:
                continue
            money = GLUED_MONEY.match(doc.norm[span[0] : span[1]])
            if money is not None:
                start = span[0] + money.start("value")
                amounts.append(
                    pt.Found(
                        "amount",
                        Decimal(money.group("value")),
                        money.group("unit"),
                        start,
                        start + len(money.group("value")),
                        row.name,
                    )
                )
    return withdrawn, amounts
