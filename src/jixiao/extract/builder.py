"""The builder: a document's text → the Evaluation, every value with its span and line.

The passes, in order: indicator and category lines (``indicator_lines``), the outline, budget figures
from prose (``prose_budget``), the table pass (``tables``) merged in, the indicator tree, rate facts
(``rate_facts``), the declared total, breakdowns and project items (``budget_lines``), identity
(``identity``) and the narrative (``narrative``).
"""

from __future__ import annotations

from jixiao.extract.assembly import Assembly, distinct_figures, stated_of, warn
from jixiao.extract.budget_lines import budget_of, read_breakdowns
from jixiao.extract.identity import find_department, find_project, find_title, find_year
from jixiao.extract.indicator_lines import assemble_indicators, read_indicator_lines, read_total_score
from jixiao.extract.narrative import is_project_report, narrative_of
from jixiao.extract.outline import Heading, find_outline
from jixiao.extract.prose_budget import merge_tables, prose_figures, unitless_issues
from jixiao.extract.rate_facts import rate_facts
from jixiao.extract.tables import table_facts
from jixiao.extract.text import Text, prepare
from jixiao.issues import Issue
from jixiao.model import Evaluation

__all__ = ["build"]


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
    breakdowns = read_breakdowns(doc, out)
    unitless_issues(doc, out, file)
    out.figures = distinct_figures(out.figures)
    title, department, year = read_identity(doc, headings, out, file)
    project = find_project(doc)
    if project:
        out.spans["project"] = doc.span(*project[1:])
    evaluation = Evaluation(
        kind="project" if project or is_project_report(title) else "department",
        department=department if department is not None else "",
        year=year,
        project=project[0]
        if project
        else None,  # None when the document does not say: an EXT021 warning, never a made-up year
        budget=budget_of(out),
        indicators=indicators,
        declared=declared,
        narrative=narrative_of(doc, headings, title),
        rates=rates,
        breakdowns=[item.breakdown for item in breakdowns],
        stated=[stated_of(doc, f, path) for f, path in out.figures],
        spans=out.spans,
    )
    return evaluation, out.issues


def read_identity(
    doc: Text, headings: list[Heading], out: Assembly, file: str | None
) -> tuple[str | None, str | None, int | None]:
    """(title, department, year) with their spans and the outline's; a warning for each one missing."""
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
    return (title[0] if title else None), (department[0] if department else None), (year[0] if year else None)
