"""The builder: a Document → the Evaluation, every value with its span and line.

Understanding is a list of passes with one signature (``passes.Pass``: the reading and the earlier
passes' findings in, its own findings out), run in the order of ``PASSES``:

1. ``indicator_statements`` — category and indicator lines (``(一)预算执行率(分值10分,得9分)``);
2. ``glued_forms`` — the rows of a self-evaluation form run together in a paragraph (``…50件50件2020``);
   ``cell_forms`` — the rows of one written one cell per line, rows of differing widths;
   ``glued_table_rows`` — the rows of a table whose cells reached us glued (``…72.74%100%22是``), each
   ending in coefficient, weight and score;
3. ``outline`` — the numbered headings (indicator lines and the lines of a glued form left out);
4. ``prose_budget`` — amounts, rates and counts in sentences, with budget paths from subject and clause;
5. ``table_rows`` — the rows of every table: budget, indicator and money-list rows;
6. ``table_figures`` — the table rows' figures, the total row's with ``budget.total`` paths;
7. ``indicators`` — the indicator tree (lines, table rows, glued rows), weights and scores stated;
8. ``rates`` — a rate over the count stated in its sentence (``共125件，…化解率88.9%``);
9. ``total_score`` — the declared total score;
10. ``breakdowns`` — ``其中`` breakdowns and project items;
11. ``unitless`` — EXT011 for a budget amount written without a unit;
12. ``fact_amounts`` — table amounts and bare 万/亿 amounts no pass read, from the facts (``inputs.stated``);
13. ``identity`` — title, department and year (EXT020/EXT021 when missing);
14. ``project`` — the project a project self-evaluation form is about.

``evaluation_of`` then assembles the Evaluation from what they found.
"""

from __future__ import annotations

from typing import Any

from jixiao.extract.budget_lines import breakdowns, budget_of
from jixiao.extract.cell_forms import cell_forms
from jixiao.extract.department import find_department
from jixiao.extract.glued_forms import glued_forms
from jixiao.extract.glued_rows import glued_table_rows
from jixiao.extract.identity import find_project, find_title, find_year
from jixiao.extract.indicator_lines import indicator_statements, indicators, total_score
from jixiao.extract.narrative import is_project_report, narrative_of
from jixiao.extract.outline import find_outline
from jixiao.extract.passes import Earlier, Findings, Pass, Reading, run
from jixiao.extract.prose_budget import prose_budget, table_figures, unitless
from jixiao.extract.rate_facts import rates
from jixiao.extract.statements import distinct_figures, stated_of, warn
from jixiao.extract.tables import table_rows
from jixiao.extract.text import simplified_view, without_pinyin
from jixiao.inputs.document import Document
from jixiao.inputs.stated import fact_amounts
from jixiao.issues import Issue
from jixiao.model import Evaluation, Span

__all__ = ["PASSES", "build"]


def outline(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the numbered headings (``values["headings"]``), indicator lines left out."""
    doc = reading.doc
    exclude = set(earlier.value("indicator_lines")) | earlier.value("glued_forms").lines
    headings = find_outline(doc.text, skip_lines=doc.body_line - 1, exclude=exclude)
    return Findings(values={"headings": headings})


Found = tuple[str, int, int]


def who_and_when(reading: Reading) -> tuple[Found | None, Found | None, tuple[int, int, int] | None]:
    """(title, department, year) with their offsets, read from a simplified twin of the text (a page in
    traditional script names 某某委員會, 決算) and, on a mirror that writes pinyin after its characters
    (``區(qū)``), from the text without it: names without the pinyin, offsets mapped back."""
    compact = without_pinyin(reading.doc)
    if compact is None:
        doc = simplified_view(reading.doc)
        title = find_title(doc)
        return (
            title,
            (found[0] if (found := find_department(reading.document, doc, title)) else None),
            (find_year(doc, title)),
        )
    text, back = compact
    doc = simplified_view(text)
    title = find_title(doc)
    found = find_department(Document(text=text.text, format="txt"), doc, title)  # no grid: its offsets differ
    year = find_year(doc, title)

    def mapped(item: tuple[Any, int, int] | None) -> Any:
        return (item[0], back[item[1]], back[item[2] - 1] + 1) if item else None

    return mapped(title), mapped(found[0] if found else None), mapped(year)


def identity(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: (title, department, year) with their spans and the outline's; a warning for each missing."""
    doc = reading.doc
    title, department, year = who_and_when(reading)
    spans: dict[str, Span] = {}
    if department:
        spans["department"] = doc.span(*department[1:])
    if year:
        spans["year"] = doc.span(*year[1:])
    if title:
        spans["narrative.title"] = doc.span(*title[1:])
    for index, heading in enumerate(earlier.value("headings")):
        spans[f"narrative.outline[{index}]"] = doc.span(
            heading.start, heading.start + len(heading.section.number)
        )
    issues = []
    if not department:
        issues.append(warn("EXT020", "未能识别部门（单位）名称", reading.file))
    if not year:
        issues.append(warn("EXT021", "未能识别评价年度", reading.file))
    values = {
        "title": title[0] if title else None,
        "department": department[0] if department else None,
        "year": year[0] if year else None,
    }
    return Findings(spans=spans, issues=tuple(issues), values=values)


def project(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the project a project self-evaluation form names (``values["project"]``)."""
    found = find_project(reading.doc)
    if not found:
        return Findings(values={"project": None})
    return Findings(spans={"project": reading.doc.span(*found[1:])}, values={"project": found[0]})


PASSES: tuple[Pass, ...] = (
    indicator_statements,
    glued_forms,
    cell_forms,
    glued_table_rows,
    outline,
    prose_budget,
    table_rows,
    table_figures,
    indicators,
    rates,
    total_score,
    breakdowns,
    unitless,
    fact_amounts,
    identity,
    project,
)


def build(document: Document, file: str | None = None) -> tuple[Evaluation, list[Issue]]:
    """Run every pass over ``document`` and assemble the Evaluation."""
    reading = Reading(document, file)
    found = run(PASSES, reading)
    return evaluation_of(reading, found), list(found.issues)


def evaluation_of(reading: Reading, found: Earlier) -> Evaluation:
    doc = reading.doc
    figures = distinct_figures(list(found.figures))
    if found.values.get("facts_added"):
        figures.sort(key=lambda figure: (figure[0].start, figure[0].end))
    title = found.value("title")
    project_name = found.value("project")
    return Evaluation(
        kind="project" if project_name or is_project_report(title) else "department",
        department=found.value("department") or "",
        year=found.value("year"),  # None when the document does not say: an EXT021 warning, never made up
        project=project_name,
        budget=budget_of(found),
        indicators=found.value("indicators"),
        declared=found.value("declared"),
        narrative=narrative_of(doc, found.value("headings"), title),
        rates=found.value("rates"),
        breakdowns=[item.breakdown for item in found.value("breakdowns")],
        stated=[stated_of(doc, f, path) for f, path in figures],
        spans=dict(found.spans),
    )
