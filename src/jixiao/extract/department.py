"""The department (unit) a published report is about, from the strongest evidence to the weakest.

1. a unit label of a form (单位名称, 实施单位, ``部门:`` …, words in ``unit_words.yaml``) and its value: the
   next cell of a table's grid, else what follows the label in the text (``label | value``, one cell per
   line, or cells glued together, where the value ends at the next label);
2. the title or a title-like line near the top naming a body (``某县农业农村局2023年度部门决算``,
   ``2023年度某县农业农村局单位决算``, ``关于某区司法局…的说明``);
3. ``第一部分 某局概况`` of a final-accounts note;
4. a line holding only a body's name under the title (the author of a budget report), or the signature
   (落款) right above a date;
5. the page's publisher (发布机构, 信息来源, 来源): the finance bureau may publish for the unit, so it
   ranks below the title;
6. the supervising department (主管部门);
7. the page's breadcrumb;
8. the place a government's budget report is about (``关于某县2023年预算执行情况…的报告``);
9. the body the prose names most often.

A wrong department is worse than none: every source accepts only a whole name ending in a body's suffix
(a place's, for a label's value and a government's report), never a meeting or a fragment of a sentence.
A web address is never a department.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from jixiao.extract import patterns as pt
from jixiao.extract.text import Text, simplified
from jixiao.inputs.document import Document

WORDS_FILE = Path(__file__).with_name("unit_words.yaml")
HEAD_LINES = 40  # lines of the body in which a title-like line stands
AUTHOR_LINES = 4  # lines under the title in which its author's name stands
LONGEST_NAME = 40

Found = tuple[str, int, int]  # the name as written, its start and end in the text


@dataclass(frozen=True)
class Words:
    """The vocabulary of ``unit_words.yaml``, compiled."""

    unit_labels: tuple[str, ...]
    colon_labels: tuple[str, ...]
    supervisor_labels: tuple[str, ...]
    publisher_labels: tuple[str, ...]
    foreign_prefixes: tuple[str, ...]
    other_labels: tuple[str, ...]
    unit_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    not_names: tuple[str, ...]
    provinces: tuple[str, ...]
    name_extensions: tuple[str, ...]
    clause_words: tuple[str, ...]

    @property
    def all_labels(self) -> tuple[str, ...]:
        return self.unit_labels + self.supervisor_labels + self.publisher_labels + self.other_labels


@cache
def words() -> Words:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return Words(**{key: tuple(value) for key, value in data.items()})


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))


SEAL = r"(?:\s*[(（](?:盖章|公章|签章|章)[)）])?"  # ``实施单位(盖章)``
GAP = r"[\s:|\-•·]*"  # between a label and its value: blanks, a colon, bars, a list's dash or bullet


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    w = words()
    body = rf"[\u4e00-\u9fff][\u4e00-\u9fff()]{{1,{LONGEST_NAME}}}?(?:{_alternation(w.unit_suffixes)})"

    def labelled(labels: tuple[str, ...]) -> str:
        # each label, then look-behinds for the prefixes that make it another body's field
        # (``中央主管部门``): every alternative starts with a literal, a fast scan
        return "|".join(
            re.escape(label) + "".join(f"(?<!{re.escape(prefix + label)})" for prefix in w.foreign_prefixes)
            for label in sorted(labels, key=len, reverse=True)
        )

    return {
        "unit_name": re.compile(rf"^{body}$"),
        "place_name": re.compile(
            rf"^[\u4e00-\u9fff][\u4e00-\u9fff()]{{1,{LONGEST_NAME}}}?(?:{_alternation(w.place_suffixes)})$"
        ),
        # a label and the run after it, up to a blank, a bar, a colon or the line's end
        "unit_label": re.compile(
            rf"(?:{labelled(w.unit_labels)}){SEAL}{GAP}(?P<run>[^\s|:]{{2,80}})"
            rf"|(?<![\u4e00-\u9fff])(?:{_alternation(w.colon_labels)})\s*:\s*(?P<colon_run>[^\s|:]{{2,80}})"
        ),
        "supervisor_label": re.compile(
            rf"(?:{labelled(w.supervisor_labels)}){SEAL}{GAP}(?P<run>[^\s|:]{{2,80}})"
        ),
        "publisher_label": re.compile(
            rf"(?:{_alternation(w.publisher_labels)})\s*[:|\-]\s*-?\s*(?P<run>[^\s|:]{{2,80}})"
        ),
        "next_label": re.compile(_alternation(w.all_labels)),
        "body": re.compile(body),
        # a name never ends in a meeting or a generic word, never holds a clause's words or a session
        "not_name": re.compile(
            rf"(?:{_alternation(w.not_names)})$|[为的在对把将了是、]|网站$"
            r"|第[一二三四五六七八九十\d]+[届次]"
        ),
        # a name standing after a title's year names its place (``2023年度某县某局``), not ``新增地方政府``;
        # a province may be named without 省 (``湖北残疾人联合会``)
        "placed": re.compile(
            rf"{_alternation(w.place_suffixes)}|^中国|^中共|^(?:{_alternation(w.provinces)})"
        ),
        # the prose guess: what ends a clause before a name (``…资金安排某市某中心``), what may follow a
        # name's suffix and still be the name (``某市烈士陵园`` + ``管理处``)
        "clause": re.compile(rf".*(?:{_alternation(w.clause_words)})"),
        "extension": re.compile(rf"(?:{_alternation(w.name_extensions)})"),
    }


# a code before the name (``219001-某镇人民政府``), ``本级`` after it (``某局本级``: the bureau itself)
_CODE = re.compile(r"^[0-9A-Za-z]+[-_－]")
_OWN_LEVEL = re.compile(r"(?:本级|部门)$")


def clean_name(run: str, *, places: bool = False) -> tuple[int, int] | None:
    """Where the name stands in ``run`` (the text after a label): the code before it dropped, the run
    cut at the next label, ``本级`` after it dropped; None unless the rest is a whole name."""
    begin = 0
    code = _CODE.match(run)
    if code:
        begin = code.end()
    end = len(run)
    following = patterns()["next_label"].search(run, begin + 2)
    if following:
        end = following.start()
    name = run[begin:end]
    stripped = _OWN_LEVEL.sub("", name)
    if stripped != name and is_name(stripped, places=places):
        return begin, begin + len(stripped)
    if is_name(name, places=places):
        return begin, end
    # cells run together with a word no label list knows (``某局项Fl资金``): the longest name it starts with
    for cut in range(len(name) - 1, 2, -1):
        if is_name(name[:cut], places=places) and patterns()["placed"].search(name[: cut - 1]):
            return begin, begin + cut
    return None


def is_name(name: str, *, places: bool = False) -> bool:
    """True for a whole body's name (a place's too when ``places``), never a generic word or a phrase."""
    if not 3 <= len(name) <= LONGEST_NAME or patterns()["not_name"].search(name):
        return False
    if name in words().all_labels:
        return False
    return bool(patterns()["unit_name"].match(name) or (places and patterns()["place_name"].match(name)))


def _labelled(doc: Text, pattern: re.Pattern[str], places: bool) -> Found | None:
    for match in pattern.finditer(doc.norm, doc.body_start):
        group = "run" if match.group("run") is not None else "colon_run"
        start = match.start(group)
        where = clean_name(match.group(group), places=places)
        if where:
            begin, end = start + where[0], start + where[1]
            return doc.text[begin:end], begin, end
    return None


def label_in_grid(document: Document, doc: Text) -> Found | None:
    """A unit label cell of a table and the next non-empty cell of its row."""
    labels = set(words().unit_labels)
    for table in document.tables():
        for row in table.rows:
            for index, cell in enumerate(row):
                label = re.sub(r"[\s:：]|[(（](?:盖章|公章|签章|章)[)）]", "", simplified(cell.text))
                if label not in labels:
                    continue
                value = next((c for c in row[index + 1 :] if not c.empty and c.text != cell.text), None)
                if value is None or value.end > len(doc.norm):
                    continue
                text = doc.norm[value.start : value.end]
                run = text.strip()
                where = clean_name(run, places=True)
                if where:
                    begin = value.start + text.index(run) + where[0]
                    end = begin + where[1] - where[0]
                    return doc.text[begin:end], begin, end
    return None


def unit_label(document: Document, doc: Text) -> Found | None:
    """The first unit label's value, from a table's grid or the text, whichever stands first."""
    found = [f for f in (label_in_grid(document, doc), _labelled(doc, patterns()["unit_label"], True)) if f]
    return min(found, key=lambda f: f[1]) if found else None


def supervisor(doc: Text) -> Found | None:
    return _labelled(doc, patterns()["supervisor_label"], places=False)


def publisher(doc: Text) -> Found | None:
    return _labelled(doc, patterns()["publisher_label"], places=False)


# --- titles ----------------------------------------------------------------------------------------

# a line naming a kind of published document
_DOCUMENT_KIND = re.compile(r"绩效|自评|决算|预算|三公|报告|说明|通报|公开")
_YEAR_HEAD = r"(?:(?:19|20)\d{2}\s*年度?\s*)"
# what follows the body's name in a title: a year, 关于, the kind of document, or the level of the money
# it reports on (``某区残联中央转移支付2023年度绩效自评报告``)
_AFTER_NAME = (
    r"(?=\s*(?:(?:19|20)\d{2}\s*年|关于|本级|部门|单位|整体|项目|专项|财政|预算|决算|[“\"]?三公|政府决算"
    r"|中央|省级|市级|县级|区级))"
)
_ATTACHMENT = r"(?:附件\s*\d{0,2}\s*:?\s*)?"  # ``附件3`` before a form's or a report's title
_LEAD = re.compile(
    r"^\s*(?:《|\d+[、.]\s*)?"
    + _ATTACHMENT
    + r"(?:关于)?\s*(?:[(（][\u4e00-\u9fff]{2,6}[)）])?\s*"
    + _YEAR_HEAD
    + "?"
)


def title_name(line: str) -> tuple[int, int] | None:
    """Where the body a title names first stands in ``line`` (``某局2023年度部门决算``, ``2023年度某局
    单位决算``, ``关于某局…``), or None."""
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    for match in re.finditer(rf"(?P<name>{patterns()['body'].pattern}){_AFTER_NAME}", line[start:]):
        if match.start() != 0:
            break
        name = match.group("name")
        if is_name(name) and (start == 0 or patterns()["placed"].search(name[:-1])):
            return start + match.start(), start + match.end()
    return None


_SENTENCE = re.compile(r"[,，。;；|]")  # a sentence or a table row, not a title


def head_lines(doc: Text) -> Iterator[tuple[str, int]]:
    """The short lines near the top naming a kind of document: (normalised line, its offset)."""
    for number in range(doc.body_line, min(len(doc.starts), doc.body_line + HEAD_LINES) + 1):
        _, norm, offset = doc.line_text(number)
        line = norm.strip(" |\t")
        if len(line) <= 80 and _DOCUMENT_KIND.search(line) and not _SENTENCE.search(line):
            yield norm, offset


def in_title(doc: Text, title: Found | None) -> Found | None:
    """The body the title (or, failing it, a title-like line near the top) names first."""
    candidates: list[tuple[str, int]] = []
    if title:
        candidates.append((pt.normalise(title[0]).replace("\n", ""), title[1]))
    candidates.extend(head_lines(doc))
    for line, offset in candidates:
        where = title_name(line)
        if where:
            begin, end = offset + where[0], offset + where[1]
            if doc.norm[begin:end] == line[where[0] : where[1]]:
                return doc.text[begin:end], begin, end
    return None


_PART = re.compile(
    r"第一部分\s*(?P<name>[\u4e00-\u9fff()]{3,40}?)(?:部门|单位|系统)*(?:[(（][^()（）]{1,8}[)）])?概况"
)


def part_one(doc: Text) -> Found | None:
    """``第一部分 某局概况`` of a final-accounts note."""
    for match in _PART.finditer(doc.norm, doc.body_start):
        name = match.group("name")
        trimmed = re.sub(r"(?:部门|单位|系统)+$", "", name)
        if is_name(trimmed):
            return trimmed, match.start("name"), match.start("name") + len(trimmed)
    return None


# --- lines holding only a name ---------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*$"
)


def _names_only(line: str) -> tuple[int, int] | None:
    """Where the first name stands in a line holding only names (``某县财政局 某县农业农村局``)."""
    pieces = line.split()
    if not pieces or not all(is_name(piece) for piece in pieces):
        return None
    start = line.index(pieces[0])
    return start, start + len(pieces[0])


def author_line(doc: Text, title: Found | None) -> Found | None:
    """A line holding only a body's name right under the title (``某县财政局`` under a budget report):
    the first line after it, past blank lines, a second title line and a ``(…会议上)`` line."""
    if title is None:
        return None
    first = doc.line_of(title[2] - 1) + 1
    for number in range(first, min(len(doc.starts), first + AUTHOR_LINES - 1) + 1):
        _, norm, offset = doc.line_text(number)
        line = norm.strip()
        if not line or _UNDER_TITLE.match(line) or (len(line) <= 80 and _DOCUMENT_KIND.search(line)):
            continue
        where = _names_only(norm)
        if where is None:
            return None
        return doc.text[offset + where[0] : offset + where[1]], offset + where[0], offset + where[1]
    return None


_UNDER_TITLE = re.compile(r"^[(（].*[)）]$|^[—-]{1,2}")


def signed_by(doc: Text) -> Found | None:
    """The first body of a signature: a line holding only body names right above a line holding only a
    date, the way a notice or a report is signed at its end."""
    for number in range(doc.body_line, len(doc.starts) + 1):
        _, norm, _offset = doc.line_text(number)
        if not _DATE_LINE.match(norm):
            continue
        above = number - 1
        while above >= doc.body_line and not doc.line_text(above)[1].strip():
            above -= 1  # blank lines between the names and the date
        if above < doc.body_line:
            continue
        _, names, start = doc.line_text(above)
        where = _names_only(names)
        if where:
            return doc.text[start + where[0] : start + where[1]], start + where[0], start + where[1]
    return None


# --- the page around the report --------------------------------------------------------------------

_BREADCRUMB = re.compile(r"(?:首页|当前位置|您的位置|您现在的位置|当前页面)[^\n]*?(?:>|»|/)")
_CRUMB = re.compile(r"[^>»/\n]+")
BREADCRUMB_LINES = 12


def breadcrumb(doc: Text) -> Found | None:
    """The last body named in the page's breadcrumb (the department whose page publishes the report)."""
    for number in range(doc.body_line, min(len(doc.starts), doc.body_line + BREADCRUMB_LINES) + 1):
        _, norm, offset = doc.line_text(number)
        if not _BREADCRUMB.search(norm):
            continue
        for crumb in reversed(list(_CRUMB.finditer(norm))):
            name = crumb.group().strip()
            if is_name(name) and not _BARE_PLACE.match(name):
                start = offset + crumb.start() + crumb.group().index(name)
                return doc.text[start : start + len(name)], start, start + len(name)
    return None


# ``小榄镇2025年上半年预算执行情况的报告``, ``关于某县2023年预算执行情况…的报告``, ``2023年某县决算(草案)的
# 报告``: the place reports on itself
_PLACE_TITLE = re.compile(
    r"^" + _ATTACHMENT + r"(?:关于)?\s*(?:(?:19|20)\d{2}\s*年度?\s*)?"
    r"(?P<org>[\u4e00-\u9fff]{1,20}?(?:省|市|州|县|区|旗|镇|乡|街道))(?:本级)?"
    r"(?=\s*(?:(?:19|20)\d{2}\s*年|(?:地方)?(?:财政)?(?:预算|决算)))"
)


# a government's budget or final-accounts report, a town's or a county's accounts
_BUDGET_REPORT = re.compile(r"预算执行|预算草案|决算(?:\(草案\)|草案)?的?报告|(?:财政|政府)决算|预算调整")


def place_title(doc: Text, title: Found | None, budget_only: bool = False) -> Found | None:
    """The place a report names at the head of its title, before its year; with ``budget_only``, only
    when the title is a government's budget or final-accounts report (the place is its unit, ahead of the
    finance bureau publishing it), not a project's report a county's department writes."""
    candidates: list[tuple[str, int]] = []
    if title:
        candidates.append((pt.normalise(title[0]).replace("\n", ""), title[1]))
    candidates.extend((line.strip(), offset + line.index(line.strip())) for line, offset in head_lines(doc))
    for line, offset in candidates:
        if budget_only and not _BUDGET_REPORT.search(line):
            continue
        match = _PLACE_TITLE.match(line)
        if match and len(match.group("org")) >= 2 and not patterns()["not_name"].search(match.group("org")):
            begin, end = offset + match.start("org"), offset + match.end("org")
            if doc.norm[begin:end] == match.group("org"):
                return doc.text[begin:end], begin, end
    return None


# --- prose -------------------------------------------------------------------------------------------

_PROSE_NAME = re.compile(
    rf"[\u4e00-\u9fff]{{1,8}}?(?:省|市|州|县|区|旗|镇|乡)[\u4e00-\u9fff]{{1,12}}?{pt.ORG_END}"
    # ``某市本级部门``, ``某局局长``, ``社会保障``: the suffix is half of another word
    r"(?![门长员议理务保])"
)
# the clause before a body's name: the last of these words ends it (``…自评报告根据某区财政局``); single
# characters only where no place name holds them (和平区, 向阳区, 将乐县, 经开区 are places)
_BEFORE_NAME = re.compile(
    r".*(?:欢迎来到|欢迎访问|欢迎光临|按照|根据|依据|遵照|关于|报告|通知|要求|委托|年度|完成|上报|报送|会同|现将"
    r"|[的是在对把了我受])"
)
# a body named right after these asked for the report or receives it: not its author
_OTHER_BODY = re.compile(r"(?:按照|根据|依据|遵照|会同|上报|报送)$")
_CITED = re.compile(r"《[^《》\n]{0,120}》")
_SESSION = re.compile(r"人大|常委")
_AFTER_FIELD = re.compile(r"(?:部门|单位|机构|来源)[\s:|]*$")
_BARE_PLACE = re.compile(r"^[省市州县区旗镇乡]")  # ``县政协办`` in running text: the place is cut off
_SCHOOL = re.compile(r"(?<=小学|中学|中心)校")  # ``某镇小学校``, ``某镇中心校``: the 校 ends the name
# ``全县``, ``本市``, ``我区``: no place's name, the whole of one
_GENERIC_PLACE = re.compile(r"[全本该我各此每其][省市州县区旗镇乡]")
# right after a name: it issued a document the text cites (``某省财政厅《关于…》``, ``某局关于印发…``) or it
# is the code of a document number (``某市财办社〔2022〕3号``): not the body reporting
_ISSUER = re.compile(
    r"\s*(?:《|关于(?:印发|下达|开展|做好|转发|进一步))"
    r"|[\u4e00-\u9fff]{0,4}[〔\[【]\s*(?:19|20)\d{2}\s*[〕\]】]"
)


_INTRODUCED = re.compile(r"[(（]\s*以下简称")


def introduced(doc: Text) -> Found | None:
    """The body the prose introduces with a short name (``某区卫生健康委员会(以下简称“区卫健委”)``): the
    report's own unit, however often the text names others."""
    for match in _INTRODUCED.finditer(doc.norm, doc.body_start):
        before = doc.norm[max(doc.body_start, match.start() - LONGEST_NAME) : match.start()]
        run = re.search(r"[\u4e00-\u9fff()]{3,}$", before)
        if run is None:
            continue
        clause = _BEFORE_NAME.match(run.group())
        name = run.group()[clause.end() :] if clause else run.group()
        if is_name(name) and patterns()["placed"].search(name[:-1]) and not _BARE_PLACE.match(name):
            start = match.start() - len(name)
            return doc.text[start : match.start()], start, match.start()
    return None


def most_named(doc: Text) -> Found | None:
    """The place-named body (``某区信访局``) the prose names most often, leading filler removed; the issuer
    of a document cited by its title (《某市财政局关于…的通知》) and sessions of a congress not counted."""
    names: Counter[str] = Counter()
    first: dict[str, int] = {}
    cited = [m.span() for m in _CITED.finditer(doc.norm, doc.body_start)]
    for match in _PROSE_NAME.finditer(doc.norm, doc.body_start):
        if any(a <= match.start() < b for a, b in cited) or _AFTER_FIELD.search(
            doc.norm, max(0, match.start() - 12), match.start()
        ):
            continue  # a cited document's issuer; a form field's value (省级主管部门 | 某省某厅)
        text = match.group()
        extension = patterns()["extension"].match(doc.norm, match.end()) or _SCHOOL.match(
            doc.norm, match.end()
        )
        if extension:  # ``某市烈士陵园`` + ``管理处``, ``某镇小学`` + ``校``
            text += extension.group()
        if _ISSUER.match(doc.norm, match.start() + len(text)):
            continue  # ``某省财政厅《…》``, ``某市财办社〔2022〕``: a cited document's issuer
        place = re.search(r"[省市州县区旗镇乡]", text)
        clause = _BEFORE_NAME.match(text, 0, place.start() if place else len(text))
        if clause and _OTHER_BODY.search(clause.group()):
            continue  # ``根据某区财政局…的要求``: the body that asked, not the one reporting
        noise_end = clause.end() if clause else 0
        # ``…经费安排某市某中心``: the name starts after the clause's last word, which may have begun
        # before the match (``设`` + ``立某某委员会``)
        before = doc.norm[max(doc.body_start, match.start() - 3) : match.start()]
        words = patterns()["clause"].match(
            before + text, 0, len(before) + (place.start() if place else len(text))
        )
        if words:
            noise_end = max(noise_end, words.end() - len(before))
        name = re.sub(r"网站?$", "", text[noise_end:])  # "南县政协网站": the body, not its web site
        labels = list(patterns()["next_label"].finditer(name))
        if labels:  # ``…主管部门某市教育局``: the name after the field's label
            noise_end += labels[-1].end()
            name = name[labels[-1].end() :]
        if (
            len(name) < 4
            or _SESSION.search(name)
            or _BARE_PLACE.match(name)
            or _GENERIC_PLACE.match(name)
            or not is_name(name)
        ):
            continue
        names[name] += 1
        first.setdefault(name, match.start() + noise_end)
    if not names:
        return None
    name, _count = names.most_common(1)[0]
    return name, first[name], first[name] + len(name)


# --- a name without its place ---------------------------------------------------------------------

_PLACE_RUN = re.compile(r"[\u4e00-\u9fff]{2,12}$")
_NOT_PLACE = re.compile(r"[年月日号的在和与及是为对]")  # ``2022年县农业农村局``: 年 is no place
_WHOLE_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|州|县|区|旗|盟)")


def completed(doc: Text, found: Found) -> Found:
    """A name given without its place (``财政局``, ``县农业农村局``) completed by the first place-named body
    the text names with it (``某市财政局``, ``某县农业农村局``): the page names its unit in full somewhere
    (the publisher's line, the line under the title). A bare ``县``/``区`` keeps its level (``县财政局``
    is never completed by ``某市财政局``); the body named after 根据/按照 (which asked for the report) is no
    completion; without one the name stays as it was found."""
    name = doc.norm[found[1] : found[2]]
    if not name or (patterns()["placed"].search(name[:-1]) and not _BARE_PLACE.match(name)):
        return found
    level = name[0] if _BARE_PLACE.match(name) else ""
    core = name[1:] if level else name
    if len(core) < 3:
        return found
    for match in re.compile(re.escape(core)).finditer(doc.norm, doc.body_start):
        run = _PLACE_RUN.search(doc.norm, max(doc.body_start, match.start() - 12), match.start())
        if run is None:
            continue
        clause = _BEFORE_NAME.match(run.group())
        if clause and _OTHER_BODY.search(clause.group()):
            continue
        place = run.group()[clause.end() :] if clause else run.group()
        if (
            not _WHOLE_PLACE.fullmatch(place)
            or _GENERIC_PLACE.match(place)
            or _BARE_PLACE.match(place)
            or _NOT_PLACE.search(place)
            or (level and not place.endswith(level))
        ):
            continue
        begin = match.start() - len(place)
        return doc.text[begin : match.end()], begin, match.end()
    return found


def find_department(document: Document, doc: Text, title: Found | None) -> tuple[Found, str] | None:
    """The department and the source it was read from (``label``, ``title``, … ``prose``), or None."""
    sources: list[tuple[str, Callable[[], Found | None]]] = [
        ("label", lambda: unit_label(document, doc)),
        ("title", lambda: in_title(doc, title)),
        ("part-one", lambda: part_one(doc)),
        ("author", lambda: author_line(doc, title) or signed_by(doc)),
        ("budget-place", lambda: place_title(doc, title, budget_only=True)),
        ("publisher", lambda: publisher(doc)),
        ("supervisor", lambda: supervisor(doc)),
        ("breadcrumb", lambda: breadcrumb(doc)),
        ("place", lambda: place_title(doc, title)),
        ("introduced", lambda: introduced(doc)),
        ("prose", lambda: most_named(doc)),
    ]
    for source, find in sources:
        found = find()
        if found:
            begin, end = completed(doc, found)[1:]
            return (doc.text[begin:end], begin, end), source  # as written (a traditional page's too)
    return None
