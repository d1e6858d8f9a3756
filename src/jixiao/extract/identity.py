"""Who, when, what: the document's title line, the department (unit) and the year evaluated."""

from __future__ import annotations

import re
from collections import Counter

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

# form fields naming the unit, strongest first: the unit that spent the money, the publisher, the
# supervising department (each alternative starts with a literal, look-behinds after it: a fast scan)
_FIELD_TIERS = [
    r"资金使用单位|实施单位|单位名称|部门名称|填报单位|预算单位|项目单位"
    r"|部门(?<!主管部门)(?<!中央部门)(?<!财政部门)",  # 省级财政部门 | 某省财政厅: the funder, not the unit
    r"发布机构|来源|主办单位|发文机关",
    r"主管部门(?<!中央主管部门)",
]
_FIELD_RES = [
    re.compile(rf"(?:{keys})\s*[:|\]]?\s*(?P<org>{pt.ORG})(?=[\s|:\]]|$|部门联系|联系|项目|主管|\d)")
    for keys in _FIELD_TIERS
]
_ORG_NOISE = re.compile(r"^(?:欢迎来到|欢迎访问|欢迎光临|按照|根据|依据|关于|经|年度|年|我受|受)")
# a final-accounts document opens with "第一部分 XX局概况"
_PART_ORG = re.compile(rf"第一部分\s*(?P<org>{pt.ORG})(?:部门|单位)?概况")
# a numbered heading line (a table of contents entry) is never the title
_HEADING_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
# nor the second half of a wrapped title: a heading or a numbered list item
_NOT_TITLE_LINE = re.compile(rf"{_HEADING_LINE.pattern}|^\s*\d+[、.]")
_NOT_ORG = re.compile(r"[为的在对把将了是]|网站$")
_BARE_PLACE = re.compile(r"^[省市县区]")  # "县政协办" in running text: the place is cut off
_ORG_END_RE = re.compile(rf"{pt.ORG_END}$")


def find_title(doc: Text) -> tuple[str, int, int] | None:
    """The title line: the first short line naming a performance report or table, or the head of a
    longer line that does; a title broken over two lines is joined."""
    last = min(len(doc.starts), doc.body_line + TITLE_LINES)
    for number in range(doc.body_line, last + 1):
        original, norm, offset = doc.line_text(number)
        stripped = norm.strip()
        if not stripped or "|" in norm or _NAVIGATION.search(norm) or _LIST_ITEM.match(norm):
            continue
        if _HEADING_LINE.match(norm):
            continue
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


def find_department(doc: Text, title: tuple[str, int, int] | None) -> tuple[str, int, int] | None:
    """The department: named in the title, in a form field (资金使用单位, 实施单位, 单位名称 … before
    发布机构 / 来源, before 主管部门), in a title-like line, or the body most often named."""
    if title:
        match = pt.TITLE_ORG_RE.search(pt.normalise(title[0]).replace("\n", ""))
        if match and not _NOT_ORG.search(match.group("org")):
            return match.group("org"), title[1] + match.start("org"), title[1] + match.end("org")
    for tier, field_re in enumerate(_FIELD_RES):
        matches = list(field_re.finditer(doc.norm, doc.body_start))
        if tier == 1:  # "第一部分 XX局概况" names the unit before the publisher does
            matches = list(_PART_ORG.finditer(doc.norm, doc.body_start)) + matches
        for match in matches:
            if not _NOT_ORG.search(match.group("org")):
                return doc.text[match.start("org") : match.end("org")], match.start("org"), match.end("org")
    found = signed_by(doc) or breadcrumb_org(doc) or place_in_title(title)
    if found:
        return found
    for number in range(doc.body_line, min(len(doc.starts), doc.body_line + 40) + 1):
        _, norm, offset = doc.line_text(number)
        if pt.TITLE_RE.search(norm) or (len(norm.strip()) <= TITLE_MAX and _BUDGET_TITLE.search(norm)):
            match = pt.TITLE_ORG_RE.search(norm.strip())
            if match and not _NOT_ORG.search(match.group("org")):
                name = match.group("org")
                lead = len(name) - len(name.removeprefix("关于"))  # ``关于某局2017年度…的说明``
                start = offset + norm.index(norm.strip()) + match.start("org") + lead
                return name[lead:], start, start + len(name) - lead
    return most_named(doc)


# the title of a final-accounts, budget or “三公” note (``某县幼儿园2023年度部门决算公开``,
# ``某区审计局2024年度财政拨款“三公”经费支出决算情况``): the body it names first is the unit
_BUDGET_TITLE = re.compile(r"(?:决算|预算)(?:公开|说明|报告|情况|表|草案)|三公")
TITLE_MAX = 60
# the signature (落款) of a notice: a line of body names right above its date (``2020年10月13日``)
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_SIGNATURE = re.compile(rf"^\s*(?P<org>{pt.ORG})(?:\s+{pt.ORG})*\s*$")


def signed_by(doc: Text) -> tuple[str, int, int] | None:
    """The first body of a signature: a line holding only body names (``某县财政局 某县农业农村局``) right
    above a line holding only a date, the way a notice or a report is signed at its end."""
    lines = len(doc.starts)
    for number in range(doc.body_line, lines):
        _, norm, _offset = doc.line_text(number)
        if not _DATE_LINE.match(norm):
            continue
        above = number - 1
        while above >= doc.body_line and not doc.line_text(above)[1].strip():
            above -= 1  # blank lines between the names and the date
        if above < doc.body_line:
            continue
        _, names, start = doc.line_text(above)
        match = _SIGNATURE.match(names)
        if match and not _NOT_ORG.search(match.group("org")) and not _BARE_PLACE.match(match.group("org")):
            begin, end = start + match.start("org"), start + match.end("org")
            return doc.text[begin:end], begin, end
    return None


# a web page's path to the article: ``首页 >> 部门信息公开 >> 牟定县交通运输局 >> 正文``
_BREADCRUMB = re.compile(r"(?:首页|当前位置|您的位置|您现在的位置)[^\n]*?(?:>|»|/)")
_CRUMB = re.compile(r"[^>»/\n]+")
_ORG_ONLY = re.compile(rf"^{pt.ORG}$")
BREADCRUMB_LINES = 12


def breadcrumb_org(doc: Text) -> tuple[str, int, int] | None:
    """The last body named in the page's breadcrumb (the department whose page publishes the report)."""
    for number in range(doc.body_line, min(len(doc.starts), doc.body_line + BREADCRUMB_LINES) + 1):
        _, norm, offset = doc.line_text(number)
        if not _BREADCRUMB.search(norm):
            continue
        crumbs = [m for m in _CRUMB.finditer(norm) if _ORG_ONLY.match(m.group().strip())]
        for crumb in reversed(crumbs):
            name = crumb.group().strip()
            if _BARE_PLACE.match(name) is None and not _NOT_ORG.search(name):
                start = offset + crumb.start() + crumb.group().index(name)
                return doc.text[start : start + len(name)], start, start + len(name)
    return None


# ``小榄镇2025年上半年预算执行情况的报告``, ``关于某县2023年预算执行情况…的报告``: the place reports on itself
_PLACE_TITLE = re.compile(
    r"^(?:关于)?(?P<org>[\u4e00-\u9fff]{1,10}?(?:省|市|州|县|区|旗|镇|乡|街道))(?:本级)?(?=\d{4}年)"
)


def place_in_title(title: tuple[str, int, int] | None) -> tuple[str, int, int] | None:
    """The place a report's title starts with, before its year (a government's budget report)."""
    if title is None:
        return None
    match = _PLACE_TITLE.match(pt.normalise(title[0]))
    if match is None or len(match.group("org")) < 2:
        return None
    return match.group("org"), title[1] + match.start("org"), title[1] + match.end("org")


_CITED = re.compile(r"《[^《》\n]{0,120}》")


def most_named(doc: Text) -> tuple[str, int, int] | None:
    """The place-named body (``XX区信访局``) the text names most often, leading filler removed."""
    names: Counter[str] = Counter()
    first: dict[str, int] = {}
    cited = [m.span() for m in _CITED.finditer(doc.norm, doc.body_start)]
    for match in pt.PLACE_ORG_RE.finditer(doc.norm, doc.body_start):
        if any(a <= match.start() < b for a, b in cited):
            continue  # the issuer of a document cited by its title (《某市财政局关于…的通知》)
        noise = _ORG_NOISE.match(match.group())
        name = match.group()[noise.end() :] if noise else match.group()
        name = re.sub(r"网站?$", "", name)  # "南县政协网站": the body, not its web site
        if len(name) < 4 or _NOT_ORG.search(name) or _BARE_PLACE.match(name) or not _ORG_END_RE.search(name):
            continue
        names[name] += 1
        first.setdefault(name, match.start() + (noise.end() if noise else 0))
    if not names:
        return None
    name, _count = names.most_common(1)[0]
    return name, first[name], first[name] + len(name)


def find_year(doc: Text, title: tuple[str, int, int] | None) -> tuple[int, int, int] | None:
    """The year evaluated: the title's ``20xx年度``, else the first ``20xx年度`` of the text, else the
    title's ``20xx年``, else the year most named other than in comparisons (``比2021年``)."""
    title_years = list(pt.YEAR_RE.finditer(pt.normalise(title[0]))) if title else []
    for match in title_years:
        if match.group("du") and title:
            return int(match.group("year")), title[1] + match.start("year"), title[1] + match.end("year")
    years = list(pt.YEAR_RE.finditer(doc.norm, doc.body_start))
    with_du = [m for m in years if m.group("du")]
    if with_du:
        first = with_du[0]
        return int(first.group("year")), first.start("year"), first.end("year")
    if title_years and title:
        match = title_years[0]
        return int(match.group("year")), title[1] + match.start("year"), title[1] + match.end("year")
    own = [m for m in years if not _COMPARED.search(doc.norm, max(0, m.start() - 3), m.start())] or years
    if own:
        common, _ = Counter(m.group("year") for m in own).most_common(1)[0]
        chosen = next(m for m in own if m.group("year") == common)
        return int(common), chosen.start("year"), chosen.end("year")
    return None


# a year a figure is compared with (``比2021年预算减少``, ``与2021年持平``): not the year evaluated
_COMPARED = re.compile(r"(?:比|较|与|同|相比|对比)\s*$")


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
