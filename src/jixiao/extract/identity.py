"""Who, when, what: the document's title line, the department (unit) and the year evaluated."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jixiao.extract import patterns as pt
from jixiao.extract.text import Text

TITLE_LINES = 60
# navigation a web page puts before the article: never a title
_NAVIGATION = re.compile(r"您现在的位置|当前位置|首页\s*>|>\s*首页|欢迎(?:来到|访问|光临)")
# a title at the head of a longer line: "《…自评表.docx》由会员分享…", "1、…自评表主管部门…"
_TITLE_HEAD = re.compile(
    r"^\s*(?:《|1[、.]\s*)?(?P<title>[^《》|]{0,40}?绩效[^《》|。,，]{0,16}?"
    r"(?:自评表|评价表|目标表|审批表|报告|说明|通报|情况表))"
)
_LIST_ITEM = re.compile(r"^\s*(?:[2-9]|\d{2})[、.]")
_TITLE_START = re.compile(r"^绩效|^(?:自评|评价)(?:报告|表)")
# a line with these is a sentence or a field, not half of a title
_TITLE_BREAK = re.compile(r"[。，,;；:：|>《》]")

# a numbered heading line (a table of contents entry) is never the title
_HEADING_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
# nor the second half of a wrapped title: a heading or a numbered list item
_NOT_TITLE_LINE = re.compile(rf"{_HEADING_LINE.pattern}|^\s*\d+[、.]")
# a final-accounts or budget document's own title (``某校2022年度单位决算``), and an attachment's
_ACCOUNTS_TITLE = re.compile(r"^.{2,40}(?:决算|预算)(?:公开|说明|情况说明|报告)?$")
_ATTACHED = re.compile(r"^附件\s*\d{0,2}\s*[:：、]?")


def find_title(doc: Text) -> tuple[str, int, int] | None:
    """The title line: the first short line naming a performance report or table, or the head of a
    longer line that does; a title broken over two lines is joined."""
    last = min(len(doc.starts), doc.body_line + TITLE_LINES)
    accounts = False  # a final-accounts or budget title above: a later 附件's title is not the document's
    for number in range(doc.body_line, last + 1):
        original, norm, offset = doc.line_text(number)
        stripped = norm.strip()
        if not stripped or "|" in norm or _NAVIGATION.search(norm) or _LIST_ITEM.match(norm):
            continue
        if _HEADING_LINE.match(norm):
            continue
        if accounts and _ATTACHED.match(stripped):
            return None
        accounts = accounts or bool(_ACCOUNTS_TITLE.search(stripped) and not _TITLE_BREAK.search(stripped))
        marked = re.match(r"\s*(?:《|1[、.])", norm)  # a file name or a viewer's page number before it
        if 6 <= len(stripped) <= 60 and pt.TITLE_RE.search(stripped) and not marked:
            end = offset + norm.index(stripped) + len(stripped)
            begin = joined_start(doc, number, end - len(stripped), stripped)
            return doc.text[begin:end].replace("\n", ""), begin, end
        head = _TITLE_HEAD.match(norm)
        if head and len(head.group("title").strip()) >= 6:
            start = offset + head.start("title")
            return original[head.start("title") : head.end("title")], start, offset + head.end("title")
        begin = offset + norm.index(stripped)
        wrapped = None if marked else wrapped_title(doc, number, stripped, begin, last)
        if wrapped:
            return wrapped
    return None


def wrapped_title(doc: Text, number: int, first: str, begin: int, last: int) -> tuple[str, int, int] | None:
    """A title a PDF wrapped over two lines anywhere, even inside a word (``…部门整体支出绩`` / ``效自评
    报告``): two short lines without punctuation that name a report only when joined. ``first`` is the
    text of line ``number``, starting at offset ``begin``."""
    if number >= last or not 4 <= len(first) <= 40 or _TITLE_BREAK.search(first):
        return None
    _, second_norm, second_offset = doc.line_text(number + 1)
    second = second_norm.strip()
    if not 2 <= len(second) <= 30 or _TITLE_BREAK.search(second) or _NOT_TITLE_LINE.match(second_norm):
        return None
    if not pt.TITLE_RE.search(first + second):
        return None
    end = second_offset + second_norm.index(second) + len(second)
    return doc.text[begin:end].replace("\n", ""), begin, end


def joined_start(doc: Text, number: int, begin: int, title: str) -> int:
    """Where a title starts when its first half stands on the line before (``…资金`` / ``绩效自评报告``)."""
    if not _TITLE_START.search(title) or number <= doc.body_line:
        return begin
    _, previous, offset = doc.line_text(number - 1)
    head = previous.strip()
    if 4 <= len(head) <= 30 and not re.search(r"[。，,;；:：|>]", head) and not _LIST_ITEM.match(head):
        return offset + previous.index(head)
    return begin


# a year as written: digits or Chinese numerals (``二〇二三年度``), ``度`` after it, a month after it (a date)
_YEAR = re.compile(
    r"(?:(?<!\d)(?P<digits>199\d|20\d{2})|(?<![〇零○一二三四五六七八九十])"
    r"(?P<chinese>一九九[〇零○一二三四五六七八九]|二[〇零○][〇零○一二三四五六七八九]{2}))"
    r"\s*年(?P<du>度)?(?P<month>\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月)?"
)
_CHINESE_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_CITED = re.compile(r"《[^《》\n]{0,120}》")
# a government's budget or final-accounts report: its title's first year is the year reported on, before
# any ``20xx年度`` of the text (``关于2022年预算执行情况和2023年预算草案的报告`` … ``2023年度预算安排``)
_BUDGET_REPORT = re.compile(r"预算执行|预算草案|决算(?:\(草案\)|草案)?的?报告")
# a year a figure is compared with (``比2021年预算减少``, ``与2021年持平``): not the year evaluated
_COMPARED = re.compile(r"(?:比|较|与|同|相比|对比)\s*$")


@dataclass(frozen=True, slots=True)
class Year:
    """A year named in the text: its value, where it stands, and how it is used."""

    value: int
    start: int
    end: int
    du: bool  # ``2023年度``
    date: bool  # ``2024年3月``: when something was written or is due, not the year evaluated
    cited: bool  # in the title of a cited document (《某市2022年度…办法》)
    compared: bool  # ``比2021年``


def years_in(text: str, start: int = 0, offset: int = 0) -> list[Year]:
    """The years named in ``text`` from ``start`` (offsets shifted by ``offset``)."""
    cited = [m.span() for m in _CITED.finditer(text, start)]
    found = []
    for match in _YEAR.finditer(text, start):
        group = "digits" if match.group("digits") else "chinese"
        value = int(match.group(group).translate(_CHINESE_DIGITS))
        at = match.start(group)
        found.append(
            Year(
                value,
                offset + at,
                offset + match.end(group),
                bool(match.group("du")),
                bool(match.group("month")),
                any(a <= at < b for a, b in cited),
                bool(_COMPARED.search(text, max(0, at - 3), at)),
            )
        )
    return found


# a form's year field: ``评价年度 | 2023``, ``年度:2022`` (no 年 after the digits); never 上年度, 前年度
_YEAR_FIELD = re.compile(
    r"(?:评价|预算|所属|自评|实施|项目)?(?<![上前去下])年度\s*[:：|]\s*[|\s]*"
    r"(?P<year>(?:19|20)\d{2})(?![\d年.\-/])"
)


def year_field(doc: Text) -> Year | None:
    """A form's year field (``评价年度 | 2023``)."""
    field = _YEAR_FIELD.search(doc.norm, doc.body_start)
    if field is None:
        return None
    return Year(int(field.group("year")), field.start("year"), field.end("year"), True, False, False, False)


def find_year(doc: Text, title: tuple[str, int, int] | None) -> tuple[int, int, int] | None:
    """The year evaluated: the title's ``20xx年度`` (its first year in a budget report), else a form's
    year field (``评价年度 | 2023``), else the first ``20xx年度`` of the text, else the title's ``20xx年``,
    else the year most named; never a year cited in 《》, a date's year only when no other is named, a
    year compared with (``比2021年``) only when nothing else is; Chinese numerals (``二〇二三年度``) too."""
    title_years = years_in(pt.normalise(title[0]), 0, title[1]) if title else []
    text_years = [y for y in years_in(doc.norm, doc.body_start) if not y.cited]
    budget_report = bool(title and _BUDGET_REPORT.search(title[0]))
    chosen = (
        next((y for y in title_years if y.du or (budget_report and not y.date)), None)
        or year_field(doc)
        or next((y for y in text_years if y.du), None)
        or next((y for y in title_years if not y.date), None)
    )
    if chosen is None:
        own = (
            [y for y in text_years if not y.compared and not y.date]
            or [y for y in text_years if not y.compared]
            or text_years
        )
        if own:
            common, _ = Counter(y.value for y in own).most_common(1)[0]
            chosen = next(y for y in own if y.value == common)
    return (chosen.value, chosen.start, chosen.end) if chosen else None


# a project self-evaluation form: its table title near the top and its 项目名称 field
_PROJECT_FORM = re.compile(r"项目支出绩效(?:自评|评价)表")
_DEPARTMENT_WORDS = re.compile(r"部门整体|整体支出")
_PROJECT_FIELD = re.compile(
    r"项目名称\s*[:|]?[\s|]*(?:[0-9A-Z]{6,}-)?(?P<name>[^\s|:]{2,40}?)(?=[\s|]|主管部门|实施单位|$)"
)
_NOT_PROJECT_NAME = re.compile(r"主管部门|实施单位|单位|项目名称|绩效|自评")
PROJECT_FORM_HEAD = 2000  # characters of the body in which the form's title stands


def find_project(doc: Text) -> tuple[str, int, int] | None:
    """The project a project self-evaluation form (项目支出绩效自评表) is about: its 项目名称 field.

    None for a departmental document (it names 部门整体 / 整体支出 anywhere, e.g. a report with its
    project tables appended) and for a text whose form title or project name is missing.
    """
    body = doc.norm[doc.body_start :]
    if _DEPARTMENT_WORDS.search(body) or not _PROJECT_FORM.search(body[:PROJECT_FORM_HEAD]):
        return None
    match = _PROJECT_FIELD.search(doc.norm, doc.body_start)
    if match is None or _NOT_PROJECT_NAME.search(match.group("name")):
        return None
    return doc.text[match.start("name") : match.end("name")], match.start("name"), match.end("name")
