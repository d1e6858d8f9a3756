"""The whole-document patterns are written for speed (a consumed character first, look-behinds after it);
they must find exactly what their plain formulations (look-behind first, one alternation) find."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.extract import patterns as pt
from jixiao.extract.breakdowns import COUNT, total_counts
from jixiao.extract.department import GAP, SEAL
from jixiao.extract.department import patterns as unit_patterns
from jixiao.extract.department import words as unit_words
from jixiao.numbers import NumberError, parse_decimal

NUM = pt.NUM
PLAIN_AMOUNT = re.compile(
    rf"(?<![\d.,A-Za-z])(?P<num>{NUM})[ \t]*(?P<approx>余|多)?[ \t]*"
    r"(?:(?P<unit>亿元|万元|千元|元)(?!旦)|(?P<mid>万|亿)(?P<over>余|多)元|[(（](?P<bracket>亿元|万元|千元|元)[)）])"
    rf"|(?<![零〇一二两三四五六七八九十百千万])(?P<cn>[零〇一二两三四五六七八九十百千万]{{2,}})(?P<cnunit>亿元|万元|元)"
)
# numbers listed before a shared unit: apart by 、, or by commas between numbers with decimals
PLAIN_LIST = re.compile(
    r"(?<![\d.,])((?:\d+(?:\.\d+)?[ \t]*、[ \t]*)+|(?:\d+\.\d+[ \t]*,[ \t]*)+)(\d+(?:\.\d+)?)[ \t]*"
    r"(亿元|万元|千元|元)(?!旦)"
)
PLAIN_RATE = re.compile(rf"(?<![\d.,])(?P<num>{NUM})[ \t]*%")
PLAIN_COUNT = re.compile(
    r"(?<![\d.第])(?P<num>\d+)[ \t]*(?P<approx>余|多)?(?P<unit>人次|件|户|人|批|份|名|家|所|项|个|次)"
)
PLAIN_TOTAL_COUNT = re.compile(rf"(?P<noun>[\u4e00-\u9fff]{{2}})?共\s*(?P<num>\d+)\s*(?P<unit>{COUNT})")


def texts(*pieces: str) -> st.SearchStrategy[str]:
    """Text made of the pieces a pattern turns on, so that random text hits its edges often."""
    return st.lists(st.sampled_from(pieces), max_size=24).map("".join)


AMOUNT_TEXT = texts(*"0123.,Ax 十千一百万零余多旦、(（)）", "万元", "元", "千元", "亿元")
RATE_COUNT_TEXT = texts(*"012.,% 第余多件个人次")
TOTAL_TEXT = texts(*"共12 个项，。A第", "人次", "项目", "新增", "年初")
FIELD_TEXT = texts(
    "部门",
    "主管",
    "中央",
    "省级",
    "财政",
    "实施单位",
    "项目",
    "单位名称",
    "档案",
    "馆",
    "局",
    ":",
    "|",
    " ",
    "1",
    "联系",
)


def spans(matches: list[re.Match[str]], *groups: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(g), m.end(g), m.group(g)) for m in matches for g in groups if m.group(g) is not None]


def plain_amounts(text: str) -> list[tuple[int, int, Decimal, str, bool]]:
    """``find_amounts`` as it was: one scan of one alternation."""
    found = []
    for m in PLAIN_AMOUNT.finditer(text):
        number, unit = ("num", "unit") if m.group("num") else ("cn", "cnunit")
        try:
            value = parse_decimal(m.group(number))
        except NumberError:
            continue
        written = m.group(unit) or m.group("bracket") or (m.group("mid") or "") + "元"
        found.append((m.start(number), m.end(), value, written, bool(m.group("approx") or m.group("over"))))
    starts = {item[0] for item in found}
    listed = []
    for m in PLAIN_LIST.finditer(text):
        items = [*re.finditer(r"\d+(?:\.\d+)?", m.group(1)), None]
        for item in items:
            at, end = (m.start(1) + item.start(), m.start(1) + item.end()) if item else m.span(2)
            if at not in starts:
                listed.append((at, end, Decimal(text[at:end]), m.group(3), False))
    return sorted(found + listed, key=lambda item: item[0])


@settings(max_examples=1000, deadline=None)
@given(AMOUNT_TEXT)
@example("A12万元，x5元，十千元，3.5余万元，一百四十万元旦")
def test_amounts_as_one_plain_scan(text: str) -> None:
    found = [(f.start, f.end, f.value, f.unit, f.approx) for f in pt.find_amounts(text)]
    assert found == plain_amounts(text)


@settings(max_examples=1000, deadline=None)
@given(RATE_COUNT_TEXT)
@example("1.2.3% 第3件 ,5% 12余人次")
def test_rates_and_counts_as_plain_scans(text: str) -> None:
    assert spans(list(pt.RATE_RE.finditer(text)), "num") == spans(list(PLAIN_RATE.finditer(text)), "num")
    fast, plain = list(pt.COUNT_RE.finditer(text)), list(PLAIN_COUNT.finditer(text))
    assert spans(fast, "num", "approx", "unit") == spans(plain, "num", "approx", "unit")


@settings(max_examples=1000, deadline=None)
@given(TOTAL_TEXT)
@example("项目共3人次共5个，A共2项")
def test_total_counts_and_their_nouns_as_a_plain_scan(text: str) -> None:
    fast = [(m.start("num"), m.group("num"), m.group("unit"), noun) for m, noun in total_counts(text, 0)]
    plain = [
        (m.start("num"), m.group("num"), m.group("unit"), m.group("noun") or "")
        for m in PLAIN_TOTAL_COUNT.finditer(text)
    ]
    assert fast == plain


def plain_labels(labels: tuple[str, ...]) -> str:
    """The labels as one alternation, each behind look-behinds for the prefixes of another body's field."""
    prefixes = "".join(f"(?<!{p})" for p in unit_words().foreign_prefixes)
    return "|".join(prefixes + label for label in sorted(labels, key=len, reverse=True))


@settings(max_examples=1000, deadline=None)
@given(FIELD_TEXT)
@example("主管部门:档案馆 中央主管部门档案局 项目实施单位|档案局 省级财政部门档案局")
def test_unit_labels_as_plain_alternations(text: str) -> None:
    for key, labels in (("supervisor_label", unit_words().supervisor_labels),):
        plain = re.compile(rf"(?:{plain_labels(labels)}){SEAL}{GAP}(?P<run>[^\s|:]{{2,80}})")
        fast = unit_patterns()[key]
        assert [m.span("run") for m in fast.finditer(text)] == [m.span("run") for m in plain.finditer(text)]
    colon = "|".join(unit_words().colon_labels)
    plain = re.compile(
        rf"(?:{plain_labels(unit_words().unit_labels)}){SEAL}{GAP}(?P<run>[^\s|:]{{2,80}})"
        rf"|(?<![\u4e00-\u9fff])(?:{colon})\s*:\s*(?P<colon_run>[^\s|:]{{2,80}})"
    )
    fast = unit_patterns()["unit_label"]
    assert spans(list(fast.finditer(text)), "run", "colon_run") == spans(
        list(plain.finditer(text)), "run", "colon_run"
    )


STOP_TEXT = texts(*pt.CLAUSE_STOP, *"ab中文12^-\\", "]")
STOP_SETS = [pt.CLAUSE_STOP, "，,。；;\n", "^-]\\"]  # the callers' sets, and characters a class must escape


@settings(max_examples=1000, deadline=None)
@given(STOP_TEXT, st.integers(0, 30), st.integers(0, 30), st.sampled_from(STOP_SETS))
@example("前，中\n后", 0, 5, "，,。；;\n")
def test_after_last_is_the_last_stop_of_the_window(text: str, a: int, b: int, stops: str) -> None:
    """One regex search finds what a backward walk over the window finds."""
    floor, end = min(a, b, len(text)), min(max(a, b), len(text))
    walked = next((i + 1 for i in range(end - 1, floor - 1, -1) if text[i] in stops), floor)
    assert pt.after_last(text, stops, floor, end) == walked
