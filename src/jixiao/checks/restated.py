"""The same figure stated twice with different values (FIG004): text against table, two paragraphs.

A figure is named by its **subject** (which line: 基本支出, 公务接待费…; none: the report's whole) and its
**measure** (年初预算, 全年预算, 全年执行, 决算; none for a bare 预算), both recognised through the rule set's
``figure_names`` (data: ``全年预算数 = 调整后预算数 = 全年预算``). In prose the subject is the last one
named in the sentence up to the figure and the measure the one named in its own clause; in a table the
row label and the column header name them. A clause about another year or a change (上年, 比2021年, 增加…)
states another figure and is left out, as is a figure of another year than the rest of its name.

Two statements of one name are the same figure when their amounts agree in 万元 to the precision written
(``2455.5`` and ``2455.53``, ``79万元`` and ``790000元`` are one figure). A name stated with two values is:
- an **error** when the two places are confirmed to speak of the same thing: another figure is stated in
  both places (the same table, or the text) and agrees;
- a **warning** when they are not confirmed but the name is specific (a measure is named) or one place is
  a table and the other the text;
- nothing otherwise, and nothing for a name stated with three or more values (several projects or
  years, not a restatement).

A document number cited twice with the sum it allocates (``呼财农指〔2023〕41号…下达资金5万元``) names one
figure too: two different sums are a warning (the later may be a part of it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import half_step, place, wanyuan, written
from jixiao.checks._prose import sentences_of
from jixiao.checks._stacked import stacked_labels
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact
    from jixiao.rules.model import FigureNames

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_QUOTES = re.compile(r"[“”\"'‘’\s]")
# a line that starts another report: a title ending in 报告 (and a number), not a numbered heading
_REPORT_TITLE = re.compile(
    r"\n[ \t\u3000]*(?![一二三四五六七八九十\d（(第])[^\n，,。；]{2,40}报告\s*\d{0,3}[ \t]*(?=\n)"
)
_ALLOCATE = re.compile(r"下达|拨付|安排|分配|批复|补助")
_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,8}$")


@dataclass(frozen=True, slots=True)
class Named:
    """A figure and the name it is stated under."""

    fact: Fact
    subject: str  # canonical subject; "" for the report's whole
    measure: str  # canonical measure; "" when none is named
    year: str | None  # a year named with it, if any
    place: str  # "text" or "table N"
    within: str = ""  # the whole it is stated as a part of (``占基本支出预算 81.45%``: 基本支出), if any


class Vocabulary:
    """The rule set's figure names as longest-first lookups over plain text (no spaces or quotes)."""

    def __init__(self, names: FigureNames) -> None:
        self.subjects = _lookup(names.subjects)
        self.measures = _lookup(names.measures)
        self.whole = sorted((_plain(w) for w in names.whole), key=len, reverse=True)
        self.other = [_plain(w) for w in names.other_figure_words]

    def last(self, table: list[tuple[str, str]], text: str) -> tuple[str, int] | None:
        """The canonical name found last in ``text`` (the longest at a place), and where it ends."""
        best: tuple[str, int] | None = None
        for word, canonical in table:
            at = text.rfind(word)
            if at >= 0 and (best is None or at + len(word) > best[1]):
                best = (canonical, at + len(word))
        return best

    def strip_whole(self, text: str) -> str:
        for word in self.whole:
            text = text.replace(word, "")
        return text

    def has_whole(self, text: str) -> bool:
        return any(w in text for w in self.whole)

    def other_figure(self, text: str) -> bool:
        return any(w in text for w in self.other)


def _lookup(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    pairs = [(_plain(word), name) for name, words in groups.items() for word in (*words, name)]
    return sorted(set(pairs), key=lambda pair: len(pair[0]), reverse=True)


def _plain(text: str) -> str:
    return _QUOTES.sub("", text).replace("（", "(").replace("）", ")")


_SHARE_OF = re.compile(r"^\s*(?:亿元|千元|万元|元)?[\s,，、]*(?:其|共)?占\s*(?P<whole>[^\d%,，。；;]{2,24})")


def vocabulary_of(ctx: Context) -> Vocabulary:
    """The rule set's figure names as lookups, made once per context (``Context.derived``)."""
    return ctx.derived(_vocabulary_of_context)


def _vocabulary_of_context(ctx: Context) -> Vocabulary:
    return Vocabulary(ctx.ruleset.figure_names)


def named_figures_of(ctx: Context) -> list[Named]:
    """``named_figures`` under the rule set's vocabulary, made once for FIG010, FIG011 and FIG013
    (``Context.derived``); the checks only read it."""
    return ctx.derived(_named_figures_of_context)


def _named_figures_of_context(ctx: Context) -> list[Named]:
    return named_figures(ctx, vocabulary_of(ctx))


def named_figures(ctx: Context, words: Vocabulary) -> list[Named]:
    """Every amount of the document stated under a recognised name.

    In prose, a sentence whose first amount names no recognised line (``科学技术支出 19816.81 元，基本支出
    19816.81 元，项目支出 0 元``) speaks of that line's parts: its later figures are left out, as they are
    not the report's 基本支出 or 项目支出. A figure followed by ``占W`` is a part of W (``within``)."""
    assert ctx.document is not None
    found: list[Named] = []
    text = ctx.document.text
    for sentence in sentences_of(ctx):
        amounts = [fact for fact in sentence.facts if wanyuan(fact) is not None]
        for index, fact in enumerate(amounts):
            named = _prose_name(words, fact, _plain(_opening(text, sentence.start, fact.start)))
            if index == 0 and named is None:
                break  # the sentence is about a line no name covers: its figures are that line's parts
            if named is not None:
                following = amounts[index + 1].start if index + 1 < len(amounts) else sentence.end
                found.append(_within(words, named, _plain(text[fact.end : min(following, fact.end + 40)])))
    captions = _captions(ctx)
    stacked = _stacked_names(ctx)
    for fact in ctx.facts:
        if fact.table is not None and wanyuan(fact) is not None:
            if id(fact) in stacked:
                named = _stacked_name(words, fact, stacked[id(fact)], captions)
            else:
                named = _table_name(words, fact, captions)
            if named is not None:
                found.append(named)
    return found


def _stacked_names(ctx: Context) -> dict[int, str]:
    """Leaf column names of the tables flattened with their header stacked above one row of values."""
    assert ctx.document is not None
    names: dict[int, str] = {}
    for index, table in enumerate(ctx.document.tables()):
        names.update(stacked_labels(table, [f for f in ctx.facts if f.table == index]))
    return names


def _stacked_name(words: Vocabulary, fact: Fact, leaf: str, captions: dict[int, str]) -> Named | None:
    label = _plain(leaf)
    if words.other_figure(label):
        return None
    subject = words.last(words.subjects, label)
    if subject is None:
        return None
    caption = captions.get(fact.table, "") if fact.table is not None else ""
    measure = words.last(words.measures, label) or words.last(words.measures, _plain(caption))
    years = _YEAR.findall(caption)
    return Named(
        fact,
        subject[0],
        measure[0] if measure else "",
        years[-1] if years else None,
        f"table {fact.table}",
    )


WRAPPED = 25  # a line at least this long, broken without a sentence's end, is prose wrapped (a PDF's)


def _opening(text: str, start: int, end: int) -> str:
    """The sentence from ``start`` up to the figure at ``end``, without the short lines (a title, a
    heading) that no 。 separated from it."""
    lines = text[start:end].split("\n")
    kept = [lines[-1]]
    for line in reversed(lines[:-1]):
        if len(line.strip()) < WRAPPED:
            break
        kept.append(line)
    return "".join(reversed(kept))


def _within(words: Vocabulary, named: Named, after: str) -> Named:
    """``named`` with the whole it is said to be a share of (``，占基本支出预算 81.45%``), if any."""
    share = _SHARE_OF.match(after.replace("\n", ""))
    whole = words.last(words.subjects, share.group("whole")) if share else None
    if whole is None or whole[0] == named.subject:
        return named
    return Named(named.fact, named.subject, named.measure, named.year, named.place, whole[0])


def _prose_name(words: Vocabulary, fact: Fact, before: str) -> Named | None:
    """The name of a prose figure: the subject and measure of its own clause; a clause naming only a
    measure (``，全年预算安排163.09万元``) speaks of the subject named before it in the sentence."""
    # the clause after any figure written into it (``其他资金859.6万元2023年支出``)
    clause = _AFTER_FIGURE.split(_plain(fact.labels[-1]) if fact.labels else "")[-1]
    if not clause or words.other_figure(clause):
        return None
    measure = words.last(words.measures, clause)
    subject = words.last(words.subjects, clause)
    if subject is None:
        rest = _FILLER.sub("", words.strip_whole(clause.replace(_word_of(words, clause), "")))
        if measure is None or rest:
            return None  # the clause names something no subject word covers (``科技活动交流经费``)
        subject = words.last(words.subjects, before)
        if subject is None and not words.has_whole(before):
            return None  # no subject and no whole named: ``项目年初预算`` may be 项目支出's
    years = _YEAR.findall(clause)
    return Named(
        fact,
        subject[0] if subject else "",
        measure[0] if measure else "",
        years[-1] if years else None,
        "text",
    )


_AFTER_FIGURE = re.compile(r"\d[\d.,]*(?:亿元|千元|万元|元|%)")
_FILLER = re.compile(r"[^\u4e00-\u9fff]|(?:19|20)\d\d年度?|为|是|共|计|达|约|了|本年|全年|年度|总额|合计")


def _word_of(words: Vocabulary, clause: str) -> str:
    """The measure word as written in ``clause`` (the longest found last)."""
    best = ""
    for word, _canonical in words.measures:
        at = clause.rfind(word)
        if at >= 0 and (not best or at + len(word) > clause.rfind(best) + len(best)):
            best = word
    return best


def _table_name(words: Vocabulary, fact: Fact, captions: dict[int, str]) -> Named | None:
    header = _plain(fact.column_header)
    row = _plain(_row_label(fact, captions))
    if words.other_figure(header) or words.other_figure(row):
        return None
    subject = words.last(words.subjects, row) or words.last(words.subjects, header)
    measure = words.last(words.measures, header) or words.last(words.measures, row)
    if subject is None and not (words.has_whole(row) and measure is not None):
        return None
    caption = captions.get(fact.table, "") if fact.table is not None else ""
    years = _YEAR.findall(header + row) or _YEAR.findall(caption)  # a table's year: its own, or its title's
    return Named(
        fact,
        subject[0] if subject else "",
        measure[0] if measure else "",
        years[-1] if years else None,
        f"table {fact.table}",
    )


def _captions(ctx: Context) -> dict[int, str]:
    if ctx.document is None:
        return {}
    return {i: t.caption.text for i, t in enumerate(ctx.document.tables()) if t.caption is not None}


def _row_label(fact: Fact, captions: dict[int, str]) -> str:
    """A table figure's row label: its labels less the caption and the column headers."""
    columns = set(fact.column_header.split("/")) if fact.column_header else set()
    caption = captions.get(fact.table) if fact.table is not None else None
    rest = [label for label in fact.labels if label not in columns and label != caption]
    return rest[-1] if rest else ""


def _same(a: Fact, b: Fact) -> bool:
    """One amount to the precision written: the coarser figure's half step covers the difference."""
    x, y = wanyuan(a), wanyuan(b)
    if x is None or y is None:
        return False
    step = max(half_step(a) * _factor(a), half_step(b) * _factor(b))
    return abs(x - y) <= step


def _factor(fact: Fact) -> Decimal:
    amount = wanyuan(fact)
    return amount / fact.value if amount is not None and fact.value else Decimal(1)


def _clusters(items: Sequence[Named]) -> list[list[Named]]:
    groups: list[list[Named]] = []
    for item in items:
        for group in groups:
            if _same(group[0].fact, item.fact):
                group.append(item)
                break
        else:
            groups.append([item])
    return groups


def _label(named: Named) -> str:
    return "·".join(part for part in (named.subject, named.measure) if part) or "合计"


def _where(ctx: Context, named: Named) -> str:
    """A figure's place; a table's names its row and column."""
    fact = named.fact
    if fact.table is None:
        return place(ctx, fact)
    captions = _captions(ctx)
    columns = fact.column_header.split("/") if fact.column_header else []
    cell = "·".join(
        p for p in (_row_label(fact, captions).strip(), columns[-1].strip() if columns else "") if p
    )
    return f"表中{place(ctx, fact, cell)}"


@check("FIG004", name="figures.same-figure-same-value", group="figures", also=("FIG005",))
def same_figure_same_value(ctx: Context) -> Iterator[Issue]:
    """同一数字在两处所述金额一致；名称按规则集的同义词认定（全年预算数 = 调整后预算数）.

    A document number cited twice with different sums allocated is FIG005 (a warning).

    Wrong::

        全年预算数 150 万元，全年执行数 142.5 万元。
        项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数
        年度资金总额 | 120 | 160 | 142.5

    Right::

        全年预算数 160 万元，全年执行数 142.5 万元。
        项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数
        年度资金总额 | 120 | 160 | 142.5
    """
    if ctx.document is None:
        return
    figures = named_figures_of(ctx)
    by_name: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for named in figures:
        # a part of another whole (工资福利支出 占项目支出 beside 工资福利支出 占基本支出) is another figure
        subject = f"{named.subject}（{named.within}）" if named.within else named.subject
        by_name[(subject, named.measure)].append(named)
    agreeing = _agreeing_places(by_name)
    for name, items in by_name.items():
        issue = _restated(ctx, name, items, agreeing)
        if issue is not None:
            yield issue
    yield from _allocations(ctx)


def _agreeing_places(
    by_name: dict[tuple[str, str], list[Named]],
) -> dict[frozenset[str], set[tuple[str, str]]]:
    """For each pair of places (or one place twice), the names stated in both with one value."""
    found: dict[frozenset[str], set[tuple[str, str]]] = defaultdict(set)
    for name, items in by_name.items():
        if len(items) < 2 or len(_clusters(items)) != 1 or not items[0].fact.value:
            continue  # a zero stated twice confirms little (因公出国(境)费 0 in every 三公 note)
        places = [item.place for item in items]
        for i, a in enumerate(places):
            for b in places[i + 1 :]:
                found[frozenset((a, b))].add(name)
    return found


def _pair(clusters: list[list[Named]]) -> tuple[Named, Named] | None:
    """The first statements of the two values whose years do not tell them apart."""
    for a in clusters[0]:
        for b in clusters[1]:
            if a.year is None or b.year is None or a.year == b.year:
                return (a, b) if a.fact.start < b.fact.start else (b, a)
    return None


def _restated(
    ctx: Context,
    name: tuple[str, str],
    items: list[Named],
    agreeing: dict[frozenset[str], set[tuple[str, str]]],
) -> Issue | None:
    clusters = _clusters(items)
    if len(clusters) != 2:
        return None
    pair = _pair(clusters)
    if pair is None:
        return None
    a, b = pair
    if a.place.startswith("table") and b.place.startswith("table"):
        return None  # two tables of one name: often two projects' self-evaluation tables
    assert ctx.document is not None
    if _REPORT_TITLE.search(ctx.document.text[a.fact.end : b.fact.start]):
        return None  # a page holding several reports (“…绩效自评报告2”): each states its own figures
    places = frozenset((a.place, b.place))
    confirmed = bool(agreeing.get(places, set()) - {name})
    specific = bool(name[1]) or a.place != b.place
    if not confirmed and not specific:
        return None
    severity = Severity.ERROR if confirmed else Severity.WARNING
    why = "两处其他数字一致，可确认所指相同" if confirmed else "名称相同，请核对是否同一数字"
    return ctx.issue(
        None,
        f"“{_label(a)}”两处所述不一致：{_where(ctx, a)}，{_where(ctx, b)}（{why}）",
        expected=written(a.fact),
        found=written(b.fact),
        severity=severity,
        at=(b.fact.start, b.fact.end),
        cites=[a.fact],
        hint="同一数字在正文、表格各处应一致；如确为不同口径，请写明",
    )


def _allocations(ctx: Context) -> Iterator[Issue]:
    """A document number cited in two sentences, each with the sum it allocates, the sums different."""
    assert ctx.document is not None
    text = ctx.document.text
    cited: list[tuple[str, str, Fact]] = []  # (issuer's abbreviation as written, number, sum allocated)
    for sentence in sentences_of(ctx):
        numbers = [f for f in sentence.facts if f.kind == "document-number"]
        if len(numbers) != 1:
            continue
        number = numbers[0]
        after = [f for f in sentence.facts if f.start > number.end and wanyuan(f) is not None]
        if not after or not _ALLOCATE.search(text[number.end : after[0].start]):
            continue
        prefix = _PREFIX.search(_plain(text[max(0, number.start - 12) : number.start]))
        cited.append((prefix.group() if prefix else "", _plain(number.text), after[0]))
    reported: set[str] = set()
    for index, (issuer, code, first) in enumerate(cited):
        if code in reported:
            continue
        for other_issuer, other_code, second in cited[index + 1 :]:
            if other_code != code or not _same_issuer(issuer, other_issuer) or _same(first, second):
                continue
            sums = [amount for who, what, amount in cited if what == code and _same_issuer(who, issuer)]
            if len(_clusters([Named(a, "", "", None, "text") for a in sums])) != 2:
                break  # three sums: several allocations under one number, not a restatement
            reported.add(code)
            yield ctx.issue(
                None,
                f"同一文件（{_longer(issuer, other_issuer)}{code}）所下达的资金前后不一："
                f"{place(ctx, first)}，{place(ctx, second)}",
                expected=written(first),
                found=written(second),
                code="FIG005",
                severity=Severity.WARNING,
                at=(second.start, second.end),
                hint="核对该文件下达的金额；如后者只是其中一部分，请写明",
            )
            break


def _same_issuer(a: str, b: str) -> bool:
    """Two abbreviations before one number name one issuer when the shorter ends the longer (``某财预``,
    ``市财政局某财预``); a sentence may cut the longer one short."""
    short, long = sorted((a, b), key=len)
    return (not short and not long) or (len(short) >= 2 and long.endswith(short))


def _longer(a: str, b: str) -> str:
    return a if len(a) >= len(b) else b
