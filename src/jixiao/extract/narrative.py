"""Narrative sections: title, outline, staff count, and the problems / measures paragraphs."""

from __future__ import annotations

import re

from jixiao.extract.outline import Heading
from jixiao.extract.text import Text
from jixiao.model import Narrative

STAFF_RE = re.compile(r"在职人员\s*(?P<n>\d+)\s*人")


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
            later = [h.section.line or 0 for h in headings[index + 1 :] if h.level <= 1]
            last = later[0] if later else len(doc.starts) + 1
            lines = [doc.line_text(n)[0].strip() for n in range(first, last)]
            return [line for line in lines if line]
    return []


# a project's, or a fund's (a transfer, a special fund, an allowance, works: money for one purpose)
_PROJECT_TITLE = re.compile(r"项目|资金|经费|转移支付|专项|工程")


def is_project_report(title: str | None) -> bool:
    """A project (not departmental) self-evaluation: the title names 项目 or a fund (``某某专项资金绩效自评
    报告``, ``某某补助经费转移支付…``) and not 部门整体 / 整体支出."""
    return bool(title and _PROJECT_TITLE.search(title) and not re.search("部门整体|整体支出", title))
