"""Facts: every number of a Document, with its value as written, resolved unit, kind, label path and span.

In a table a number's unit comes from the cell itself (``2.38万元``), else its column header (``金额(万元)``,
``(万元`` whose bracket was lost), else its row label, else the table's declaration (caption, ``单位：元``
above or in the header). Its kind follows from its column (分值/权重 → weight, 得分 → score, 执行率/占比 →
rate, 年度 → year, 文号 → document number, 人数/个数 → count) before any unit: a rubric score under an
earlier ``(万元)`` header is a score. A ``%`` makes a rate. Years and document numbers are never amounts.
In prose a number is a fact with the unit written after it (元/千元/万元/亿元, a bare 万 or 亿, %, 分, a
count word) and the clause before it as its label.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.categories import category_level
from jixiao.inputs.document import Cell, Document, Paragraph, Table
from jixiao.inputs.tables import realigned

MONEY = ("亿元", "千元", "万元", "元")
BARE = {"万": "万元", "亿": "亿元", "萬": "万元", "億": "亿元"}  # and their traditional forms
NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# a number in a cell, with what may stand around it: ≤ / ≥ before, a unit after
CELL_VALUE = re.compile(
    rf"^(?P<op>[≤≥<>=]|不低于|不高于|不超过)?\s*(?P<num>{NUM})\s*(?P<unit>%|[^\d\s]{{0,4}})$"
)
COUNT_UNITS = (
    "人次",
    "个",
    "人",
    "项",
    "件",
    "次",
    "户",
    "家",
    "所",
    "批",
    "份",
    "名",
    "台",
    "辆",
    "套",
    "场",
)
UNIT_IN_HEADER = re.compile(
    r"[(（]\s*(?P<u>亿元|千元|万元|元|%|分|人|个)\s*(?:[)）,，、]|$)|^(?P<w>亿元|千元|万元|元)$"
)
UNIT_DECLARED = re.compile(r"单位\s*[:：]?\s*(?:人民币)?(?P<u>亿元|千元|万元|元)")
UNIT_ROW = re.compile(r"^(?:金额|计量)?单位\s*[:：]\s*(?:人民币)?(?P<u>亿元|千元|万元|元)$")
COLUMN_KINDS = (
    (re.compile(r"文号|文件号"), "document-number"),
    (re.compile(r"年度$|年份|^年$"), "year"),
    (re.compile(r"序号|行次|栏次|编号|代码"), "ordinal"),
    (re.compile(r"得分系数|得分率|系数"), "rate"),  # a coefficient (%) beside the score, never a score
    (re.compile(r"分值|权重"), "weight"),
    (re.compile(r"得分|评分"), "score"),
    (re.compile(r"率|占比|比例|比重|增幅|增长|进度|系数|[%％]$"), "rate"),
    (
        re.compile(
            r"(?:人|个|次|户|项|项目|村|单位|家|件|所|批|名|台|辆|套|场|份)数(?!额|据)|数量"
            r"|(?:[(（](?:人次|人|个|户|次|辆|批|台|套|件|家|所|份|名|场|项)[)）])"
        ),
        "count",
    ),
)
# a number not starting inside another: the digit consumed first, the look-behind checking the character
# before it (the regex engine then skips to the next digit in C; see extract.patterns.lead_num)
LEAD_NUM = r"\d(?<![\d.,A-Za-z]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
# prose: a number and the unit written after it
PROSE_NUMBER = re.compile(
    # a bare 万 / 亿 ends its clause (``16.5万,``); ``10万斤``, ``3万人次`` count something else
    rf"(?P<num>{LEAD_NUM})\s*(?P<unit>亿元|千元|万元|元|[万亿]?[余多]元(?!化)|[万萬](?![\u4e00-\u9fff\w])|"
    r"[亿億](?![\u4e00-\u9fff\w])|%|分(?!之|钟|别|配|类|项|析|布|解)|"
    rf"{'|'.join(COUNT_UNITS)}|年(?![度内底初末])|年度)?"
)
# numbers that share the unit written after the last (``收、支总计各是4125.49,4143.91万元``,
# ``各为3.2、3.1万元``, ``分别为320.5和210万元``): apart by 、 (the last by 和/及/与 too), or by commas
# between numbers with decimals (no thousands separator there); as extract.patterns.SHARED_UNIT reads them
SHARED_UNIT = re.compile(
    r"(?<![\d.,])(?P<items>(?:\d+(?:\.\d+)?[ \t]*[、和及与][ \t]*){1,6}|(?:\d+\.\d+[ \t]*,[ \t]*){1,6})"
    r"(?P<last>\d+(?:\.\d+)?)[ \t]*(?P<unit>亿元|万元|千元|元)(?!旦)"
)
_ITEM = re.compile(r"\d+(?:\.\d+)?")
DOCUMENT_NUMBER = re.compile(r"[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d+\s*号")
DATE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?")
CLAUSE = re.compile(r"[，,。；;：:！？\n|]")


@dataclass(slots=True)
class Fact:
    """One number of the document."""

    value: Decimal
    text: str  # the number as written
    unit: str | None  # 元 / 千元 / 万元 / 亿元 / % / 分 / a count word, resolved; None when nothing says
    kind: str  # amount / rate / score / weight / count / year / date / document-number / ordinal / number
    labels: tuple[str, ...]  # caption, column headers, row label (a table); the clause before it (prose)
    start: int
    end: int
    unit_from: str | None = None  # cell / column / row / table / text: where the unit was read
    column_header: str = ""  # a table number's column header texts, joined by "/"
    table: int | None = None  # index of the table among the document's tables
    row: int | None = None
    column: int | None = None
    page: int | None = None  # read by OCR: 1-based page, box (points from the page's top-left), confidence
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "value": str(self.value),
            "unit": self.unit,
            "labels": list(self.labels),
            "span": [self.start, self.end],
            "unit_from": self.unit_from,
            "column_header": self.column_header or None,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            **({"page": self.page} if self.page is not None else {}),
            **({"box": list(self.box)} if self.box is not None else {}),
            **({"confidence": self.confidence} if self.confidence is not None else {}),
        }


def read_facts(document: Document) -> list[Fact]:
    """Every number of ``document`` in reading order."""
    return _facts(document, lambda _paragraph: True)


def _facts(document: Document, wanted: Callable[[Paragraph], bool]) -> list[Fact]:
    """The facts of every table and of the ``wanted`` paragraphs, in reading order. Each block's facts
    are read once per document (``Document.derived``) and the same Fact objects handed out again: the
    amounts pass reads the tables and a few paragraphs, the checks then read every block."""
    cached = document.derived.get("facts")
    if cached is None or cached[0] is not document.blocks or len(cached[1]) != len(document.blocks):
        empty: list[list[Fact] | None] = [None] * len(document.blocks)
        cached = document.derived["facts"] = (document.blocks, empty)
    read: list[list[Fact] | None] = cached[1]
    facts: list[Fact] = []
    tables = 0
    for position, block in enumerate(document.blocks):
        if isinstance(block, Table):
            found = read[position]
            if found is None:
                found = read[position] = table_facts(block, tables)
            tables += 1
        elif wanted(block):
            found = read[position]
            if found is None:
                found = read[position] = prose_facts(block)
        else:
            continue
        facts.extend(found)
    return on_scan(document, facts)


def on_scan(document: Document, facts: list[Fact]) -> list[Fact]:
    """Facts read by OCR get the page, box and confidence of their own figure (a paragraph's lowest line
    would otherwise lower every figure of it); a document without OCR is returned as it is."""
    if document.scanned is None:
        return facts
    for fact in facts:
        place = document.ocr_place(fact.start, fact.end)
        if place is not None:
            fact.page, fact.box, fact.confidence = place
    return facts


_BARE_AMOUNT = re.compile(r"\d\s*[万亿萬億](?![\u4e00-\u9fff\w])")


def table_and_bare_amount_facts(document: Document) -> list[Fact]:
    """The facts the intake's amounts pass needs (``inputs.stated``): every table's, and those of the
    paragraphs holding a bare 万/亿 amount — a fraction of ``read_facts``'s work on a long report."""
    return _facts(document, lambda paragraph: _BARE_AMOUNT.search(paragraph.text) is not None)


# --- tables ------------------------------------------------------------------------------------------------


GLUED_PERCENT = 100_000  # a percentage of six or more digits is cells run together (extract.patterns)
MAX_DIGITS = 20  # a run of digits beyond any figure (an id, a glued row left whole) is no number


def _value(text: str) -> Decimal | None:
    """The number as written (the patterns only hand over well-formed digits); None past MAX_DIGITS."""
    plain = text.replace(",", "")
    if len(plain) > MAX_DIGITS + 2:
        return None
    try:
        return Decimal(plain)
    except ArithmeticError:
        return None


def column_headers(rows: list[list[Cell]], width: int) -> list[list[str]]:
    """For each column, the texts of its header cells (top to bottom, repeats of a merged cell once)."""
    headers: list[list[str]] = [[] for _ in range(width)]
    for row in rows:
        for index, cell in enumerate(row):
            if cell.text and (not headers[index] or headers[index][-1] != cell.text):
                headers[index].append(cell.text)
    return headers


@dataclass(slots=True)
class _Header:
    """The header the rows below stand under: a table's own, or a section header inside a form."""

    width: int
    texts: list[list[str]]
    units: list[str | None]
    kinds: list[str | None]
    stub_unit: str | None  # ``项目资金(万元)`` in the header's first cell: the unit of its rows
    names: tuple[int | None, int | None, int | None] = (None, None, None)  # 一级/二级/三级指标 columns

    @classmethod
    def of(cls, rows: list[list[Cell]], table_width: int = 0) -> _Header:
        rows = stacked_header(rows, table_width)
        width = len(rows[-1])
        texts = column_headers(rows, max(len(row) for row in rows))
        stub = next((c.text for row in rows for c in row[:1] if c.text), "")
        bracket = UNIT_IN_HEADER.search(stub)
        return cls(
            width=width,
            texts=texts,
            units=[_header_unit(column) for column in texts],
            kinds=[_column_kind(column) for column in texts],
            stub_unit=bracket.group("u") if bracket and bracket.group("u") in MONEY else None,
            names=_name_columns(texts),
        )


_NAME_COLUMNS = (re.compile(r"一级指标"), re.compile(r"二级指标"), re.compile(r"三级指标|指标名称"))
_TOTAL_ROW = re.compile(r"^(?:总分|合计|总计|小计|综合得分|自评总分|自评得分|总得分)")


def _name_columns(texts: list[list[str]]) -> tuple[int | None, int | None, int | None]:
    """The columns of an indicator header naming 一级指标, 二级指标 and 三级指标 (指标名称)."""
    found: list[int | None] = []
    for pattern in _NAME_COLUMNS:
        found.append(next((i for i, column in enumerate(texts) if pattern.search(" ".join(column))), None))
    return found[0], found[1], found[2]


def anchored(row: list[Cell], header: _Header) -> int | None:
    """How far right of its grid position ``row`` stands under ``header``: 0 for a row as wide as the
    header; for a row of an indicator table whose merged category cells were left out (``数量指标 | 名称
    | …`` or ``名称 | …`` under ``一级指标 | 二级指标 | 三级指标 | …``, the grid padded or not), the
    distance from its first name to the header column of that name's level; None when it cannot be
    placed."""
    level1, level2, level3 = header.names
    plain = len(row) == header.width
    if level3 is None and level2 is None:
        return 0 if plain else None
    filled = [i for i, cell in enumerate(row) if cell.text.strip() and not cell.merged]
    if not filled:
        return 0 if plain else None
    first = filled[0]
    if first == 0 and header.texts[0] and row[0].text.strip() == header.texts[0][-1].strip():
        filled = filled[1:]  # the header's own first cell repeated (绩效指标): a merged cell's copy
        if not filled:
            return 0 if plain else None
        first = filled[0]
    text = row[first].text.strip()
    if CELL_VALUE.match(text) or _TOTAL_ROW.match(re.sub(r"\s+", "", text)):
        return 0 if plain else None
    level = category_level(text)
    target = level1 if level and level[0] == 1 else level2 if level else level3
    if target is None:
        return 0 if plain else None
    offset = target - first
    if offset < 0 or filled[-1] + offset >= header.width:
        return 0 if plain else None
    return offset


def stacked_header(rows: list[list[Cell]], table_width: int = 0) -> list[list[Cell]]:
    """Header rows with each lower row of a multi-level header put under its own columns (``realigned``)."""
    if len(rows) < 2:
        return rows
    out = [rows[0]]
    for row in rows[1:]:
        pair = realigned(out[-1], row, table_width)
        if pair is None:
            out.append(row)
        else:
            out[-1:] = pair
    return out


def _row_unit(row: list[Cell]) -> str | None:
    """``单位:万元`` standing alone in a row of a table (a caption row inside it, maybe beside a stray
    mark): the unit of the rows below, until another such row."""
    filled = [c.text.strip() for c in row if c.text.strip() and not c.merged]
    if not 1 <= len(filled) <= 2:
        return None
    found = [UNIT_ROW.match(text) for text in filled]
    declared = [m.group("u") for m in found if m]
    if len(declared) != 1 or any(CELL_VALUE.match(text) for text in filled):
        return None
    return declared[0]


# a header cell led by its year (``2019年决算数``, ``2020年 预算数``): words, not a number with a unit
YEAR_WORDS = re.compile(r"^(?:19|20)\d{2}\s*年度?\s*[\u4e00-\u9fff]")


def _is_section_header(row: list[Cell]) -> bool:
    """A row of a form that heads the rows below: two or more texts and no number (a cell led by a
    year, ``2020年执行数``, is a text)."""
    texts = [c for c in row if c.text]
    return len(texts) >= 2 and not any(
        CELL_VALUE.match(c.text) and not YEAR_WORDS.match(c.text) for c in texts
    )


def _header_unit(texts: list[str]) -> str | None:
    for text in reversed(texts):
        found = UNIT_IN_HEADER.search(text) or UNIT_DECLARED.search(text)
        if found:
            return found.group("u") or found.group("w")
    return None


def names_money_only(table: Table) -> bool:
    """True when no header cell of ``table`` names a column of another kind (分值, 得分, 率, 年度, 人数,
    ``(%)`` …): a number the header cannot place still stands among amounts only. A table without
    header rows names nothing (its caption may be the header: ``项目资金(万元) … 分值 执行率 得分``)."""
    if not table.header_rows:
        return False
    texts = [cell.text for row in table.header() for cell in row if cell.text]
    if table.caption is not None:
        texts.append(table.caption.text)
    return not any(_column_kind([text]) or _header_unit([text]) not in (None, *MONEY) for text in texts)


def _column_kind(texts: list[str]) -> str | None:
    joined = " ".join(texts)
    for pattern, kind in COLUMN_KINDS:
        if pattern.search(joined):
            return kind
    return None


def table_facts(table: Table, index: int) -> list[Fact]:
    width = table.width
    header = _Header.of(table.header(), width) if table.header_rows else None
    caption = (table.caption.text,) if table.caption else ()
    facts = []
    key = ""  # the text of the row above when it was its only cell: the key of a key-value form
    declared = table.unit  # a ``单位:万元`` row inside the table declares the unit of the rows below it
    above: list[Cell] | None = table.header()[-1] if table.header_rows else None  # a header row right above
    for row_index, row in enumerate(table.body(), start=table.header_rows):
        row_declared = _row_unit(row)
        if row_declared:
            declared, above = row_declared, None
            continue
        if _is_section_header(row):
            # a second header row right under the first is its lower level when it fits under its groups
            pair = realigned(above, row, width) if above is not None else None
            header = _Header.of(pair, width) if pair else _Header.of([row], width)
            above = row
            continue
        above = None
        # a row as wide as its header stands under its columns; a shorter or longer one (a merged cell
        # left out, a row continued on the next line) cannot be placed, and its columns say nothing —
        # unless it is an indicator row whose first name says where it stands (``anchored``)
        offset = anchored(row, header) if header is not None else None
        placed = offset is not None
        shift = offset or 0
        label = next((c.text for c in row if c.text and not CELL_VALUE.match(c.text)), "")
        filled = [c for c in row if c.text]
        if not label and len(filled) == 1 and key:
            label = key  # a form of keys and values, one per row: ``区级资金拨付数 |`` then ``246.37 |``
        key = filled[0].text if len(filled) == 1 and not CELL_VALUE.match(filled[0].text) else ""
        row_unit = _header_unit([label]) if label else None
        row_kind = _column_kind([label]) if label else None
        for column, cell in enumerate(row):
            match = None if cell.merged else CELL_VALUE.match(cell.text)
            value = _value(match.group("num")) if match else None
            if match is None or value is None:
                continue
            at = column + shift
            column_texts = header.texts[at] if header and placed and at > 0 and at < len(header.texts) else []
            written = match.group("unit") or None
            table_unit = declared
            if header is not None and (placed or not any(header.kinds)):
                # a row that cannot be placed under a header naming 分值/得分/率 columns may hold them
                table_unit = header.stub_unit or table_unit
            elif header is not None:
                table_unit = None
            kind, unit, source = classify(
                value,
                match.group("num"),
                written,
                column_kind=header.kinds[at] if header and column_texts else None,
                column_unit=header.units[at] if header and column_texts else None,
                row_kind=row_kind,
                row_unit=row_unit,
                table_unit=table_unit,
                first_column=column == 0,
            )
            facts.append(
                Fact(
                    value=value,
                    text=cell.text,
                    unit=unit,
                    kind=kind,
                    labels=(*caption, *column_texts, *([label] if label and label != cell.text else [])),
                    start=cell.start + match.start("num"),
                    end=cell.start + match.end("unit" if written else "num"),
                    unit_from=source,
                    column_header="/".join(column_texts),
                    table=index,
                    row=row_index,
                    column=column,
                    page=cell.page,
                    box=cell.box,
                    confidence=cell.confidence,
                )
            )
    return facts


def classify(
    value: Decimal,
    digits: str,
    written: str | None,
    *,
    column_kind: str | None,
    column_unit: str | None,
    row_kind: str | None,
    row_unit: str | None,
    table_unit: str | None,
    first_column: bool,
) -> tuple[str, str | None, str | None]:
    """(kind, unit, where the unit was read) of a table number."""
    if written == "%":
        if value >= GLUED_PERCENT and "," not in digits:
            return "number", None, None  # ``303010100%``: a row's cells run together, no percentage
        return "rate", "%", "cell"
    if written in MONEY or written in BARE:
        return "amount", BARE.get(written, written), "cell"
    if written in ("分",):
        return (column_kind if column_kind in ("weight", "score") else "score"), "分", "cell"
    if written and written.startswith(COUNT_UNITS):
        return "count", written, "cell"
    if written and written not in ("年",):
        return "number", written, "cell"  # 500亩, 3公里: a quantity of something else, never money
    if written == "年" or (_is_year(value, digits) and (first_column or column_kind == "year")):
        return "year", None, None
    kind = column_kind or row_kind
    if kind in ("weight", "score"):
        return kind, "分", "column" if column_kind else "row"
    if kind == "rate":
        return "rate", "%", "column" if column_kind else "row"
    if kind in ("year", "document-number", "ordinal", "count"):
        return kind, None, None
    for unit, source in ((column_unit, "column"), (row_unit, "row"), (table_unit, "table")):
        if unit in MONEY:
            return "amount", unit, source
        if unit == "%":
            return "rate", "%", source
        if unit == "分":
            return "score", "分", source
        if unit in ("人", "个"):
            return "count", unit, source
    return "number", None, None


def _is_year(value: Decimal, digits: str) -> bool:
    return digits.isdigit() and len(digits) == 4 and 1990 <= value <= 2100


# --- prose -------------------------------------------------------------------------------------------------


_DIGIT = re.compile(r"\d")


def prose_facts(paragraph: Paragraph) -> list[Fact]:
    text = paragraph.text
    if not _DIGIT.search(text):
        return []
    clauses = [m.end() for m in CLAUSE.finditer(text)]
    facts: list[Fact] = []
    skip: list[tuple[int, int]] = [m.span() for m in DOCUMENT_NUMBER.finditer(text)]
    for start, end in skip:
        facts.append(_prose_fact(paragraph, clauses, start, end, "document-number", None, text[start:end]))
    for match in DATE.finditer(text):
        if not any(a <= match.start() < b for a, b in skip) and not match.group().endswith("年"):
            skip.append(match.span())
            facts.append(_prose_fact(paragraph, clauses, *match.span(), "date", None, match.group()))
    for match in PROSE_NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in skip):
            continue
        digits, unit = match.group("num"), match.group("unit")
        value = _value(digits)
        if value is None:
            continue
        if unit in MONEY or unit in BARE:
            kind, unit = "amount", BARE.get(unit, unit)
        elif unit and unit.endswith(("余元", "多元")):  # 1.2万余元: about 1.2 万元; 25000余元
            kind, unit = "amount", unit[:-2] + "元"
        elif unit == "%":
            kind = "rate"
        elif unit == "分":
            kind = "score"
        elif unit in ("年", "年度") or (unit is None and _is_year(value, digits)):
            kind, unit = "year", None
        elif unit in COUNT_UNITS:
            kind = "count"
        else:
            kind = "number"
        fact = _prose_fact(
            paragraph, clauses, match.start("num"), match.end("num"), kind, unit, digits, value
        )
        facts.append(fact)
    return sorted(_shared_units(paragraph, clauses, facts), key=lambda fact: fact.start)


def _shared_units(paragraph: Paragraph, clauses: list[int], facts: list[Fact]) -> list[Fact]:
    """The numbers of a list take the money unit written after its last one: a bare number becomes that
    amount, and a number a comma hid from PROSE_NUMBER (``4125.49,4143.91万元``) is read."""
    text = paragraph.text
    if "元" not in text:
        return facts
    at = {fact.start - paragraph.start: index for index, fact in enumerate(facts)}
    for match in SHARED_UNIT.finditer(text):
        unit = match.group("unit")
        items = [*_ITEM.finditer(text, match.start("items"), match.end("items"))]
        spans = [(item.start(), item.end()) for item in items] + [(match.start("last"), match.end("last"))]
        for start, end in spans:
            index = at.get(start)
            if index is not None and facts[index].kind not in ("number", "amount"):
                continue  # a year, a date, a rate: not an item of the list
            if index is not None and facts[index].kind == "amount":
                continue
            amount = _prose_fact(paragraph, clauses, start, end, "amount", unit, text[start:end])
            amount.value = Decimal(text[start:end])
            if index is None:
                facts.append(amount)
            else:
                facts[index] = amount
    return facts


def _prose_fact(
    paragraph: Paragraph,
    clauses: list[int],
    start: int,
    end: int,
    kind: str,
    unit: str | None,
    written: str,
    value: Decimal | None = None,
) -> Fact:
    text = paragraph.text
    before = bisect_right(clauses, start)
    clause_start = clauses[before - 1] if before else 0
    label = text[clause_start:start].strip()
    if value is None:
        digits = re.findall(r"\d+", written)
        value = Decimal(digits[-1]) if digits else Decimal(0)
    return Fact(
        value=value,
        text=written,
        unit=unit,
        kind=kind,
        labels=(label,) if label else (),
        start=paragraph.start + start,
        end=paragraph.start + end,
        unit_from="text" if unit else None,
        page=paragraph.page,
        box=paragraph.box,
        confidence=paragraph.confidence,
    )


__all__ = ["Cell", "Fact", "names_money_only", "read_facts"]
