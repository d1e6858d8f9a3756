"""The records formula language: a small declarative vocabulary, parsed here, never ``eval``-ed.

Measures (Chinese or English names)::

    count(FILTER?)                    计数(…)        rows that pass the filter
    sum(COLUMN, FILTER?)              合计(…)        Σ of a number column
    share(FILTER, BASE?)              占比(…)        rows passing FILTER and BASE ÷ rows passing BASE
    ratio(FILTER, FILTER)             比率(…)        count of the first ÷ count of the second
    avg_days(START, END, FILTER?)     平均天数(…)    mean days from START to END, END within the year
    within(START, END, LIMIT, FILTER?) 按期占比(…)   share of rows whose END came within LIMIT of
                                                     START, counted in the year the outcome was known

Filters: ``评价 in [满意, 基本满意]``, ``办结日期 - 受理日期 <= 60天 + 延期``,
``是否受理 = 是 且 办结日期 为空``, ``登记日期 属于本年度``; ``且``/``and``, ``或``/``or``,
``非``/``not``, parentheses. ``且`` and ``或`` stand between spaces; ``为空``, ``不为空`` and
``属于本年度`` may follow a column name directly. A bare word is a column when the table has one of that
name, else a value; ``「…」`` always names a column, quotes always make a value. ``年初``/``年末`` are
the first and last day of the year.

The text is bounded (length, tokens, nesting depth, list length) before and while it is parsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MAX_FORMULA_CHARS = 1000
MAX_TOKENS = 400
MAX_DEPTH = 20
MAX_LIST_ITEMS = 100


class FormulaError(ValueError):
    """A formula that cannot be parsed: the message is Chinese, ``position`` the offset in the text."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


# --- the syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A bare word: a column when the table has it, else a text value."""

    text: str
    quoted_column: bool = False


@dataclass(frozen=True)
class Literal:
    """A value written in the formula: text (quoted), a number, a date, a number of days."""

    text: str
    days: bool = False  # ``60天``


@dataclass(frozen=True)
class YearBound:
    end: bool  # 年初 (False) / 年末 (True)


@dataclass(frozen=True)
class Arith:
    left: Expr
    op: str  # "+" or "-"
    right: Expr


Expr = Name | Literal | YearBound | Arith


@dataclass(frozen=True)
class Compare:
    left: Expr
    op: str  # = != < <= > >=
    right: Expr


@dataclass(frozen=True)
class Member:
    column: Expr
    values: tuple[Expr, ...]
    negated: bool = False


@dataclass(frozen=True)
class Empty:
    column: Expr
    negated: bool = False  # 不为空


@dataclass(frozen=True)
class InYear:
    column: Expr


@dataclass(frozen=True)
class Logic:
    op: str  # "and" / "or"
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class Not:
    part: Filter


Filter = Compare | Member | Empty | InYear | Logic | Not


@dataclass(frozen=True)
class Measure:
    """A parsed formula: the measure and its arguments."""

    kind: str  # count / sum / share / ratio / avg_days / within
    column: Expr | None = None  # sum
    start: Expr | None = None  # avg_days, within
    end: Expr | None = None
    limit: Expr | None = None  # within
    where: Filter | None = None
    base: Filter | None = None  # share's base, ratio's denominator
    text: str = ""


MEASURES = {
    "count": "count",
    "计数": "count",
    "sum": "sum",
    "合计": "sum",
    "求和": "sum",
    "share": "share",
    "占比": "share",
    "ratio": "ratio",
    "比率": "ratio",
    "avg_days": "avg_days",
    "平均天数": "avg_days",
    "within": "within",
    "按期占比": "within",
    "期限内占比": "within",
}
_AND = {"且", "并且", "and", "AND", "&&"}
_OR = {"或", "或者", "or", "OR", "||"}
_NOT = {"非", "not", "NOT", "!"}
_IN = {"in", "IN", "属于"}
_NOT_IN = {"不属于"}
_EMPTY = {"为空"}
_NOT_EMPTY = {"不为空", "非空"}
_YEAR = {"本年度", "year"}
_YEAR_START = {"年初", "year_start"}
_YEAR_END = {"年末", "year_end"}
_SUFFIXES = ("属于本年度", "不为空", "为空", "非空")  # may follow a column name without a space
_COMPARE = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "≠": "!=", "<": "<", "<=": "<=", "≤": "<=",
            ">": ">", ">=": ">=", "≥": ">="}  # fmt: skip

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<column>「[^」]{1,100}」|`[^`]{1,100}`)
  | (?P<string>"[^"]{0,200}"|'[^']{0,200}'|“[^”]{0,200}”|‘[^’]{0,200}’)
  | (?P<date>\d{4}(?:-|/|年)\d{1,2}(?:-|/|月)\d{1,2}日?)
  | (?P<number>\d{1,15}(?:\.\d{1,10})?(?P<unit>天|日|days?)?)
  | (?P<op><=|>=|!=|<>|==|&&|\|\||[=<>≤≥≠!+\-(),\[\];])
  | (?P<word>[^\s「」`"'“”‘’()\[\],;=<>≤≥≠!+\-]{1,100})
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _split_word(text: str, position: int) -> list[_Token]:
    """A bare word, with a suffix keyword (``办结日期为空``, ``登记日期属于本年度``) split off."""
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            head = text[: -len(suffix)]
            at = position + len(head)
            tail = [_Token("word", suffix, at)]
            if suffix == "属于本年度":
                tail = [_Token("word", "属于", at), _Token("word", "本年度", at + 2)]
            return ([_Token("word", head, position)] if head else []) + tail
    return [_Token("word", text, position)]


def tokenize(text: str) -> list[_Token]:
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"公式过长（{len(text)} 个字符，上限 {MAX_FORMULA_CHARS}）")
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"第 {position + 1} 个字符“{text[position]}”无法识别", position)
        kind = match.lastgroup or ""
        value = match.group(0)
        if kind == "word":
            tokens.extend(_split_word(value, position))
        elif kind == "number" and match.group("unit"):
            tokens.append(_Token("days", value[: match.start("unit") - match.start()], position))
        elif kind != "space":
            tokens.append(_Token(kind, value, position))
        position = match.end()
        if len(tokens) > MAX_TOKENS:
            raise FormulaError(f"公式过长（超过 {MAX_TOKENS} 个词）")
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    # --- token helpers
    def peek(self, offset: int = 0) -> _Token | None:
        at = self.index + offset
        return self.tokens[at] if at < len(self.tokens) else None

    def at(self, *texts: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("op", "word") and token.text in texts

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise FormulaError("公式不完整（意外结束）", len(self.text))
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.peek()
        if token is None or token.text != text:
            found = "结尾" if token is None else f"“{token.text}”"
            where = len(self.text) if token is None else token.position
            raise FormulaError(f"第 {where + 1} 个字符处应为“{text}”，实为{found}", where)
        self.index += 1

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"公式嵌套过深（上限 {MAX_DEPTH} 层）")

    # --- grammar
    def formula(self) -> Measure:
        token = self.take()
        kind = MEASURES.get(token.text)
        if token.kind != "word" or kind is None:
            names = "count/计数、sum/合计、share/占比、ratio/比率、avg_days/平均天数、within/按期占比"
            raise FormulaError(f"公式应以度量开头（{names}），实为“{token.text}”", token.position)
        self.expect("(")
        measure = self.arguments(kind)
        self.expect(")")
        extra = self.peek()
        if extra is not None:
            raise FormulaError(f"第 {extra.position + 1} 个字符起多余的内容“{extra.text}”", extra.position)
        return measure

    def arguments(self, kind: str) -> Measure:
        if kind == "count":
            return Measure(kind, where=None if self.at(")") else self.filter())
        if kind == "sum":
            column = self.expr()
            return Measure(kind, column=column, where=self.optional_filter())
        if kind in ("share", "ratio"):
            where = self.filter()
            base = None
            if kind == "ratio":
                self.expect(",")
                base = self.filter()
            else:
                base = self.optional_filter()
            return Measure(kind, where=where, base=base)
        start = self.expr()
        self.expect(",")
        end = self.expr()
        if kind == "avg_days":
            return Measure(kind, start=start, end=end, where=self.optional_filter())
        self.expect(",")
        limit = self.expr()
        return Measure(kind, start=start, end=end, limit=limit, where=self.optional_filter())

    def optional_filter(self) -> Filter | None:
        if self.at(",", ";"):
            self.take()
            return self.filter()
        return None

    def filter(self) -> Filter:
        self.nest()
        parts = [self.conjunction()]
        while self.at(*_OR):
            self.take()
            parts.append(self.conjunction())
        self.depth -= 1
        return parts[0] if len(parts) == 1 else Logic("or", tuple(parts))

    def conjunction(self) -> Filter:
        parts = [self.negation()]
        while self.at(*_AND):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else Logic("and", tuple(parts))

    def negation(self) -> Filter:
        if self.at(*_NOT):
            self.take()
            self.nest()
            inner = self.negation()
            self.depth -= 1
            return Not(inner)
        if self.at("(") and not self._parenthesised_expression():
            self.take()
            inner = self.filter()
            self.expect(")")
            return inner
        return self.condition()

    def _parenthesised_expression(self) -> bool:
        """``(办结日期 - 受理日期) <= 60天``: a parenthesis that opens an expression, not a filter."""
        depth = 0
        for token in self.tokens[self.index :]:
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and (token.text in _COMPARE or token.text in _IN | _NOT_IN | _EMPTY | _NOT_EMPTY):
                return False
            elif depth == 1 and token.text in ("+", "-"):
                return True
        return False

    def condition(self) -> Filter:
        left = self.expr()
        token = self.peek()
        if token is None:
            raise FormulaError("条件不完整：缺少比较（=、<=、in …）", len(self.text))
        if token.text in _COMPARE and token.kind == "op":
            self.take()
            return Compare(left, _COMPARE[token.text], self.expr())
        if token.text in _IN | _NOT_IN:
            self.take()
            if self.at(*_YEAR):
                self.take()
                return InYear(left) if token.text not in _NOT_IN else Not(InYear(left))
            return Member(left, self.value_list(), negated=token.text in _NOT_IN)
        if token.text in _EMPTY | _NOT_EMPTY:
            self.take()
            return Empty(left, negated=token.text in _NOT_EMPTY)
        if token.text in ("is", "IS"):
            self.take()
            negated = self.at("not", "NOT")
            if negated:
                self.take()
            self.expect("empty")
            return Empty(left, negated=negated)
        raise FormulaError(
            f"第 {token.position + 1} 个字符处应为比较（=、!=、<、<=、>、>=、in、为空），实为“{token.text}”",
            token.position,
        )

    def value_list(self) -> tuple[Expr, ...]:
        self.expect("[")
        values: list[Expr] = []
        while not self.at("]"):
            values.append(self.term())
            if len(values) > MAX_LIST_ITEMS:
                raise FormulaError(f"列表过长（上限 {MAX_LIST_ITEMS} 项）")
            if not self.at("]"):
                self.expect(",")
        self.take()
        if not values:
            raise FormulaError("列表 [ ] 不能为空")
        return tuple(values)

    def expr(self) -> Expr:
        left = self.term()
        while self.at("+", "-"):
            op = self.take().text
            left = Arith(left, op, self.term())
        return left

    def term(self) -> Expr:
        token = self.take()
        if token.kind == "op" and token.text == "(":
            self.nest()
            inner = self.expr()
            self.expect(")")
            self.depth -= 1
            return inner
        if token.kind == "column":
            return Name(token.text[1:-1].strip(), quoted_column=True)
        if token.kind == "string":
            return Literal(token.text[1:-1])
        if token.kind in ("number", "date"):
            return Literal(token.text)
        if token.kind == "days":
            return Literal(token.text, days=True)
        if token.kind == "word":
            if token.text in _YEAR_START | _YEAR_END:
                return YearBound(end=token.text in _YEAR_END)
            keywords = _AND | _OR | _NOT | _IN | _NOT_IN | _EMPTY | _NOT_EMPTY | set(MEASURES)
            if token.text in keywords:
                raise FormulaError(
                    f"第 {token.position + 1} 个字符处“{token.text}”是关键字，此处应为列名或值",
                    token.position,
                )
            return Name(token.text)
        raise FormulaError(f"第 {token.position + 1} 个字符处“{token.text}”不应出现在这里", token.position)


def normalise_formula(text: str) -> str:
    """Full-width forms to ASCII (，（）＜＝ → ,()<=), as users type them in Chinese input methods."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_formula(text: str) -> Measure:
    """Parse a formula; raises :class:`FormulaError` with a Chinese message."""
    normalised = normalise_formula(text)
    if not normalised:
        raise FormulaError("公式为空")
    measure = _Parser(normalised).formula()
    return Measure(
        measure.kind,
        column=measure.column,
        start=measure.start,
        end=measure.end,
        limit=measure.limit,
        where=measure.where,
        base=measure.base,
        text=normalised,
    )


def nodes_of(node: object) -> Iterator[object]:
    """Every node of a parsed formula, depth first (the node itself first)."""
    yield node
    if isinstance(node, tuple):
        for part in node:
            yield from nodes_of(part)
    elif hasattr(node, "__dataclass_fields__"):
        for field in node.__dataclass_fields__:
            yield from nodes_of(getattr(node, field))


def names_in(node: object) -> set[str]:
    """Every bare or quoted name a formula mentions (columns or values: the table decides)."""
    return {item.text for item in nodes_of(node) if isinstance(item, Name)}
