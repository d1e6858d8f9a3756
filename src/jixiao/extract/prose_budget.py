"""Budget figures from prose: amounts, rates and counts in sentences, with canonical budget paths.

A path comes from the *subject* named before the figure on its line (基本支出, 人员经费, 项目支出, 财政拨款 …)
or from the section heading, and from the *column* words of its clause (年初 / 全年预算 / 执行·支出);
``占…的X%`` is the share of the previous subject. Three passes: the prose figures (``prose_budget``), the
table rows' figures with the total row's paths (``table_figures``) and amounts written without a unit
(``unitless``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from jixiao.extract import patterns as pt
from jixiao.extract.outline import Heading
from jixiao.extract.passes import Collector, Earlier, Findings, Reading
from jixiao.extract.tables import TableFacts
from jixiao.extract.text import Text
from jixiao.issues import Issue, Severity

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
UNITLESS_RE = re.compile(
    r"(?:年初预算数?|全年预算数?|全年执行数|预算执行数|实际支出|预算安排)(?:为|是|:)?\s*(?P<num>\d+(?:\.\d+)?)"
    r"(?![\d.]|\s*(?:万元|元|亿元|千元|%|万|亿))"
)


class HeadingSubjects:
    """The budget line the section headings before an offset are about (``(一)基本支出情况`` → basic).

    Built once per document (the headings are in reading order): every figure asks, and searching
    every heading title again for each one cost more than reading the figures.
    """

    def __init__(self, headings: list[Heading]) -> None:
        self.starts = [heading.start for heading in headings]
        self.subjects: list[str | None] = []  # the subject in force from each heading on
        subject = None
        for heading in headings:
            if heading.level <= 2:
                match = SUBJECT_RE.search(heading.section.title)
                subject = match.lastgroup if match else None
            self.subjects.append(subject)

    def at(self, offset: int) -> str | None:
        """The subject of the last level-1/2 heading starting at or before ``offset``."""
        index = bisect_right(self.starts, offset)
        return self.subjects[index - 1] if index else None


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
    """The words of the clause before ``start`` (back to the last comma, full stop or line break)."""
    floor = max(doc.body_start, doc.starts[doc.line_of(start) - 1])  # a line break is a stop too
    return doc.norm[pt.after_last(doc.norm, "，,。；;\n", floor, start) : start]


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


TARGET_SIGN_RE = re.compile(r"[≤≥<>＜＞]=?\s*$")


def prose_budget(reading: Reading, earlier: Earlier) -> Findings:
    """Amounts, rates and counts written in sentences, with canonical paths where the words say so;
    the fund sources the text says there are none of."""
    doc = reading.doc
    out = Collector(doc, earlier.paths)
    found = (
        pt.find_amounts(doc.norm, doc.body_start)
        + pt.find_rates(doc.norm, doc.body_start)
        + pt.find_counts(doc.norm, doc.body_start)
    )
    found.sort(key=lambda f: f.start)
    last_subject: str | None = None
    last_line = 0
    subjects = HeadingSubjects(earlier.value("headings"))
    for item in found:
        line = doc.line_of(item.start)
        if line != last_line:
            last_subject, last_line = None, line
        path = None
        if item.kind in {"amount", "rate"}:
            path, last_subject = figure_path(doc, subjects, item, last_subject)
        out.add(item, path)
    sources = missing_sources(doc, out)
    return out.findings(sources=sources)


def figure_path(
    doc: Text, subjects: HeadingSubjects, item: pt.Found, last_subject: str | None
) -> tuple[str | None, str | None]:
    """(the path an amount or rate states, the subject a later ``占…的`` share refers to)."""
    subject = subject_at(doc, item.start) or subjects.at(item.start)
    clause = clause_before(doc, item.start)
    if TARGET_SIGN_RE.search(clause):
        return None, last_subject  # "项目总成本 ≤90万元": an indicator's target value, not a budget figure
    if item.kind == "amount" and subject:
        column = field_of(clause)
        return (f"{SUBJECT_PATH[subject]}.{column}" if column else None), subject
    if item.kind == "rate" and SHARE_RE.search(clause) and last_subject:
        return f"{SUBJECT_PATH[last_subject]}.share", last_subject
    if item.kind == "rate" and RATE_FIELD_RE.search(clause) and subject:
        return f"{SUBJECT_PATH[subject]}.rate", last_subject
    return None, last_subject


def missing_sources(doc: Text, out: Collector) -> dict[str, tuple[str, int, int]]:
    """``无政府性基金预算财政拨款支出`` → that fund source is stated as zero (its line is the note)."""
    sources: dict[str, tuple[str, int, int]] = {}
    for match in NO_SOURCE_RE.finditer(doc.norm, doc.body_start):
        key = SOURCE_KEY[match.group("src")]
        if key not in sources:
            line_text, _, _ = doc.line_text(doc.line_of(match.start()))
            sources[key] = (line_text.strip(), match.start(), match.end())
            out.spans[f"budget.sources.{key}"] = doc.span(match.start(), match.end())
    return sources


def table_figures(reading: Reading, earlier: Earlier) -> Findings:
    """The table rows' figures (``tables``), the total row's with their ``budget.total`` paths; the parts
    of a glued cell replace the raw rate the prose pass read from it."""
    doc = reading.doc
    facts: TableFacts = earlier.value("tables")
    out = Collector(doc, earlier.paths)
    withdrawn = (
        tuple(f for f, _ in earlier.figures if (f.start, f.end) in facts.replaced) if facts.replaced else ()
    )
    by_id = {id(f): column for column, f in facts.total.items()}  # glued parts share one span
    by_key = {(f.start, f.end, f.kind, f.value): column for column, f in facts.total.items()}
    for item in facts.figures:
        column = by_id.get(id(item)) or by_key.get((item.start, item.end, item.kind, item.value))
        out.add(item, f"budget.total.{column}" if column else None)
    repath = total_rate(facts, earlier, withdrawn, out)
    return out.findings(withdraw=withdrawn, repath=repath)


def total_rate(
    facts: TableFacts, earlier: Earlier, withdrawn: tuple[pt.Found, ...], out: Collector
) -> tuple[tuple[pt.Found, str], ...]:
    """The total row's rate gives budget.total.rate: to the prose figure on its span, else added."""
    rate_total = facts.total.get("rate")
    if rate_total is None or out.has("budget.total.rate"):
        return ()
    gone = {id(f) for f in withdrawn}
    for figure, path in (*((f, p) for f, p in earlier.figures if id(f) not in gone), *out.figures):
        if figure.kind == "rate" and figure.start == rate_total.start and path is None:
            out.give(figure, "budget.total.rate")
            if any(f is figure for f, _ in out.figures):
                out.figures = [(f, "budget.total.rate" if f is figure else p) for f, p in out.figures]
                return ()
            return ((figure, "budget.total.rate"),)
    out.add(rate_total, "budget.total.rate")
    return ()


def unitless(reading: Reading, earlier: Earlier) -> Findings:
    """A budget amount written in a sentence without a unit cannot be read: say so (EXT011)."""
    doc = reading.doc
    issues = []
    for match in UNITLESS_RE.finditer(doc.norm, doc.body_start):
        _line_text, norm_line, _ = doc.line_text(doc.line_of(match.start()))
        if "|" in norm_line or not re.search(r"[,。]", norm_line):
            continue  # a table row: the unit stands in its header
        number = doc.text[match.start("num") : match.end("num")]
        issues.append(
            Issue(
                code="EXT011",
                severity=Severity.WARNING,
                file=reading.file,
                line=doc.line_of(match.start()),
                span=(match.start("num"), match.end("num")),
                message=f"金额“{number}”没有单位，无法确定是元还是万元，未予提取",
                hint="在数字后注明单位，如 303.06万元",
            )
        )
    return Findings(issues=tuple(issues))
