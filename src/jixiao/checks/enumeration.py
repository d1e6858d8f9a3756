"""A stated count against the items enumerated after it (FIG006): ``共3项：一是…二是…三是…四是…``.

The count is a number (or a Chinese numeral) of items — 项、个、条、点、方面、类 — said right before a colon;
the items are what follows it in the same paragraph, marked ``一是 二是…``, ``第一 第二…``, ``1. 2.…``,
``(1) (2)…`` or ``①②…``, consecutive from one (the marks that start first: an item may hold a list of its
own). More items than the count is an error; fewer a warning (the list may go on where jixiao does not
see it), and nothing when the document ends inside the list (an excerpt cut short).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.numbers import parse_chinese_integer

_CN = "一二三四五六七八九十"
# ``共3项：`` ``主要有以下三个方面：`` ``存在4个问题：`` ``采取了五项措施：``
COUNT = re.compile(
    rf"(?:共|共有|共计|主要有|主要是|包括|分为|有以下|以下|存在|采取了?|提出了?|开展了?|完成了?)"
    rf"(?P<n>\d{{1,2}}|[{_CN}两]{{1,3}})\s*(?:个|项|条|点|类|大类|种|部分)"
    r"(?P<what>方面|问题|措施|项目|内容|工作|任务|指标|建议|原因|特点|亮点|做法|举措|环节|阶段)?"
    r"[^。；\n：:]{0,8}?[：:]"
)
MARKS = (
    re.compile(rf"(?<![{_CN}])(?P<k>[{_CN}]{{1,3}})是"),  # 一是 二是
    re.compile(rf"第(?P<k>[{_CN}]{{1,3}})[，,、是]"),  # 第一， 第二，
    re.compile(r"(?:^|[。；;，,\s：:])(?P<k>\d{1,2})[.、．](?!\d)"),  # 1. 2、
    re.compile(r"[（(](?P<k>\d{1,2})[)）]"),  # (1) （2）
    re.compile(r"(?P<k>[①②③④⑤⑥⑦⑧⑨⑩])"),
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
MAX_SPAN = 2000  # characters after the colon in which the items are looked for


@dataclass(slots=True)
class Listing:
    count: int
    count_at: tuple[int, int]
    items: list[tuple[int, int]]  # (number, offset) of each item mark, consecutive from one
    over: bool  # the list is plainly over (other text or a heading follows)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in CIRCLED:
        return CIRCLED.index(text) + 1
    return parse_chinese_integer(text.replace("两", "二"))


def listings(text: str) -> Iterator[Listing]:
    """Every stated count followed by an enumeration of its items."""
    for match in COUNT.finditer(text):
        count = _number(match.group("n"))
        if count is None or count < 2:
            continue
        start = match.end()
        paragraph_end = _paragraph_end(text, start)
        span = text[start:paragraph_end]
        # the list's own marks are the ones that start first (items may hold lists of their own)
        lists = [items for items in (_consecutive(p, span, start) for p in MARKS) if len(items) >= 2]
        best = min(lists, key=lambda items: items[0][1], default=[])
        if len(best) < 2:
            continue
        # cut short: the last item runs to the end of the document without ending its sentence
        cut = not re.search(r"[。！？；;!?\n]", text[best[-1][1] :].rstrip())
        yield Listing(count, match.span("n"), best, over=not cut)


def _paragraph_end(text: str, start: int) -> int:
    """Where the enumeration may run: the end of the paragraph, or of the lines of its items."""
    end = min(len(text), start + MAX_SPAN)
    blank = text.find("\n\n", start, end)
    return blank if blank >= 0 else end


def _consecutive(pattern: re.Pattern[str], span: str, offset: int) -> list[tuple[int, int]]:
    """The marks 1, 2, 3… of ``pattern`` in order from one, stopping at the first gap or restart."""
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(span):
        number = _number(match.group("k"))
        if number is None:
            continue
        if number == len(found) + 1:
            found.append((number, offset + match.start("k")))
        elif found and number <= len(found):
            break  # a new list starts (a nested one, or the next section's)
    return found


@check("FIG006", name="figures.count-matches-items", group="figures")
def count_matches_items(ctx: Context) -> Iterator[Issue]:
    """所述个数与其后逐条列举的条目数一致（“共3项：一是…二是…三是…”）.

    Wrong::

        存在的问题主要有三个方面：一是预算编制不够精准；二是执行进度偏慢；三是绩效目标不够细化；四是宣传不足。

    Right::

        存在的问题主要有四个方面：一是预算编制不够精准；二是执行进度偏慢；三是绩效目标不够细化；四是宣传不足。
    """
    if ctx.document is None:
        return
    text = ctx.document.text
    for listing in listings(text):
        enumerated = len(listing.items)
        if enumerated == listing.count or (enumerated < listing.count and not listing.over):
            continue
        line_count = ctx.line_of(listing.count_at[0])
        last = ctx.line_of(listing.items[-1][1])
        where = f"第{line_count}行" + (f"至第{last}行" if last != line_count else "")
        said = text[listing.count_at[0] : listing.count_at[1]]
        more = enumerated > listing.count
        yield ctx.issue(
            None,
            f"{where}称共“{said}”项，其后逐条列举了 {enumerated} 项"
            + ("（多于所述）" if more else "（少于所述）"),
            expected=str(listing.count),
            found=str(enumerated),
            severity=Severity.ERROR if more else Severity.WARNING,
            at=listing.count_at,
            hint="核对所述个数与所列条目，补上遗漏的条目或更正个数",
        )
