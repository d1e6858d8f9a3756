"""The outline finder: every numbered heading as written (一、 / （一） / 1、 1. / （1）), in order.

Malformed numbering is kept as it stands (``七、六、存在的问题…`` gives two headings on one line) so
that the DOC checks can report it; a heading glued after a full stop (``…99.41%。七、…``) is found too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.model import Section

_BOOKMARK = re.compile(r"^(?:\s*\[bookmark:[^\]]*\])+")
_NUMBER = (
    r"(?P<number>[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]"
    r"|\d{1,2}[、．.](?!\d)|[(（]\d{1,2}[)）])"
)
_HEADING_RE = re.compile(rf"\s*{_NUMBER}\s*")
_LEAD_LABEL = re.compile(r"^\s*(?:注|附件|附|说明|备注)\s*[:：]\s*(?=\d{1,2}[、．.](?!\d))")
_GLUED_RE = re.compile(r"[。！？](?P<rest>\s*[一二三四五六七八九十]{1,3}、.*)$")
_TITLE_END = re.compile(r"[，,。；;：:（(]")
_HEADING_WORD = re.compile(r"情况|分析|指标|概况|问题|措施|建议|目标")
_PART_RE = re.compile(r"\s*(?P<number>第[一二三四五六七八九十]{1,3}(?:部分|章|篇))\s*")
_CONTENTS = re.compile(r"^\s*目\s*[录錄]\s*$")  # 錄: a page served in 繁體
MAX_TITLE = 30
SHORT_TITLE = 16


@dataclass(slots=True)
class Heading:
    """A heading found on a line: the Section plus where its text starts and its level."""

    section: Section
    start: int
    level: int


def level_of(number: str) -> int:
    """第一部分 → 0, 一、 → 1, （一） → 2, 1、 → 3, （1） → 4."""
    if number[0] == "第":
        return 0
    if number[0] in "(（":
        return 2 if not number[1].isdigit() else 4
    return 1 if not number[0].isdigit() else 3


def heading_title(rest: str) -> str:
    """The title of a heading: its text up to the first clause punctuation, capped."""
    cut = _TITLE_END.search(rest)
    title = rest[: cut.start()] if cut else rest
    title = title.strip()
    if len(title) > MAX_TITLE and "情况" in title[:MAX_TITLE]:
        title = title[: title.index("情况") + 2]  # "(二)项目支出情况项目支出是…": glued paragraph
    word = _HEADING_WORD.search(title)
    if len(title) > SHORT_TITLE and re.search(r"\d", title) and word:
        title = title[: word.end()]  # "4.成本指标国家规定标准发放指标为100%…": a paragraph glued on
    return title[:MAX_TITLE]


def headings_in_line(line: str, offset: int, number: int) -> list[Heading]:
    """The headings at the start of ``line`` (and chained ones such as ``七、六、…``)."""
    found: list[Heading] = []
    text = _BOOKMARK.sub(lambda m: " " * len(m.group()), line) if "[bookmark:" in line else line
    part = _PART_RE.match(text)
    if part:  # "第二部分 …决算情况说明": a part heading, under which 一、 starts again
        token = part.group("number")
        section = Section(number=token, title=heading_title(text[part.end() :]), line=number)
        return [Heading(section, offset + part.start("number"), 0)]
    position = 0
    lead = _LEAD_LABEL.match(text)
    if lead:
        position = lead.end()  # "注:1.资金使用单位…" / "附件:1.…分配表": a numbered list after a label
    elif not _HEADING_RE.match(text) and (glued := _GLUED_RE.search(text)):
        position = glued.start("rest")
    while match := _HEADING_RE.match(text, position):
        token = match.group("number")
        rest = text[match.end() :]
        if token[0].isdigit() and not rest.strip():
            break  # "86." alone: a number wrapped in a narrow table cell of a PDF, not a heading
        chained = _HEADING_RE.match(rest)
        title = "" if chained else heading_title(rest)
        found.append(
            Heading(
                Section(number=token.strip(), title=title, line=number),
                offset + match.start("number"),
                level_of(token.strip()),
            )
        )
        if not chained:
            break
        position = match.end()
    return found


def find_outline(text: str, skip_lines: int = 0, exclude: set[int] | None = None) -> list[Heading]:
    """Every heading in ``text`` in reading order; lines in ``exclude`` (indicator lines) are skipped."""
    headings: list[Heading] = []
    contents: int | None = None  # index of the first heading after a 目录 line
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if number > skip_lines and _CONTENTS.match(line):
            contents = len(headings)
        elif number > skip_lines and (exclude is None or number not in exclude) and "|" not in line:
            headings.extend(headings_in_line(line, offset, number))
        offset += len(line) + 1
    return without_contents(headings, contents)


def without_contents(headings: list[Heading], start: int | None) -> list[Heading]:
    """The outline without a table of contents: after 目录, up to the repeat of its first entry."""
    if start is None or start >= len(headings):
        return headings
    first = headings[start].section.number
    repeat = next((i for i in range(start + 1, len(headings)) if headings[i].section.number == first), None)
    if repeat is None:
        return headings
    return headings[:start] + headings[repeat:]
