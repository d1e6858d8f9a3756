"""Cells run together with no separator where the header tells the columns: ``年度资金总额:525210100.00%10``
under 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 is 52 | 52 | 10 | 100.00% | 10.

The digits are cut into as many numbers as the header names columns, every way that gives well-formed
numbers (no leading zero, at most two decimals, ``%`` closing the rate column); a cut is kept when its
figures agree with each other — the rate is executed ÷ budget (rounded or truncated as written), the score
is at most the weight and the weight times the rate — and only when exactly one cut does. A row may
leave out its score, or its weight and score (a ``其中`` row), and a whole form may be glued into one
paragraph, its header words followed by its rows (``inline_tables``). Anything else
stays as written: a glued row is never guessed apart.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations
from math import comb

from jixiao.inputs.document import Block, Cell, Paragraph, Table

# the header words of a budget row's numeric columns, and the kind each names
COLUMN_WORD = re.compile(
    r"(?P<rate>执行率|完成率)|(?P<weight>分值|权重)|(?P<score>得分)"
    r"|(?P<amount>(?:年初|全年|调整后)?预算数?|(?:全年)?执行数?|决算数|实际支出)(?:\s*[(（][A-Za-z][)）])?"
)
GLUED_ROW = re.compile(r"^(?P<label>[^\d|\t]{2,30}?)[:：]?\s*(?P<run>\d[\d.,%]{5,40})$")
MAX_DIGITS = 30
MAX_CUTS = 20_000  # ways to cut one run tried at most (a 5-column row of 25 characters: 10,626)


def header_columns(text: str) -> list[tuple[str, int, int]]:
    """The numeric columns a header line names, in order: (kind, start, end) within ``text``."""
    return [(match.lastgroup or "", match.start(), match.end()) for match in COLUMN_WORD.finditer(text)]


def _number_ok(piece: str) -> bool:
    body = piece[:-1] if piece.endswith("%") else piece
    if not body or "%" in body or body.count(".") > 1 or body.startswith(".") or body.endswith("."):
        return False
    whole, _, decimals = body.partition(".")
    return len(decimals) <= 2 and (whole == "0" or not whole.startswith("0"))


def _agree(kinds: list[str], values: list[Decimal]) -> bool:
    by_kind: dict[str, list[Decimal]] = {}
    for kind, value in zip(kinds, values, strict=True):
        by_kind.setdefault(kind, []).append(value)
    amounts, rates = by_kind.get("amount", []), by_kind.get("rate", [])
    weights, scores = by_kind.get("weight", []), by_kind.get("score", [])
    if not rates or len(amounts) < 2 or amounts[-2] == 0:
        return False  # without a rate and its amounts nothing tells a cut from another
    rate = rates[0]
    if rate == 0 or amounts[-1] == 0 or rate > 1000:
        return False  # a zero agrees with any cut: it tells none apart
    exact = amounts[-1] * 100 / amounts[-2]  # 执行率 = 执行数 ÷ 全年预算数, the last two amounts
    exponent = rate.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    if not rate - places / 2 <= exact < rate + places:  # rounded or truncated to the written decimals
        return False
    if weights and not 0 < weights[0] <= 100:
        return False
    if weights and scores:
        weight, score = weights[0], scores[0]
        expected = weight * min(rate, Decimal(100)) / 100
        if score > weight or abs(expected - score) > Decimal("0.5"):
            return False
    return True


def _cuts(length: int, pieces: int) -> list[list[tuple[int, int]]]:
    """Every way to cut ``length`` characters into ``pieces`` non-empty spans."""
    if pieces == 0:
        return [[]] if length == 0 else []
    return [
        [(bounds[k], bounds[k + 1]) for k in range(pieces)]
        for cuts in combinations(range(1, length), pieces - 1)
        for bounds in ([0, *cuts, length],)
    ]


def split_run(run: str, kinds: list[str]) -> list[tuple[int, int]] | None:
    """The one cut of ``run`` into ``len(kinds)`` numbers whose figures agree, as spans within ``run``.

    The ``%`` closes the rate column, so the digits before it and after it are cut apart. A row of zeros
    (``0.000.000.000.00%``, a fund source with no money) agrees with any cut: it is kept when it is the one
    cut into well-formed numbers."""
    if len(run) > MAX_DIGITS or "rate" not in kinds or run.count("%") != 1:
        return None
    rate_at = kinds.index("rate")
    close = run.index("%") + 1
    before, after = rate_at + 1, len(kinds) - rate_at - 1
    if comb(close - 1, before - 1) * comb(max(len(run) - close - 1, 0), max(after - 1, 0)) > MAX_CUTS:
        return None  # bounded work per row, whatever a hostile text glues together
    rights = [[(close + a, close + b) for a, b in cut] for cut in _cuts(len(run) - close, after)]
    found: list[list[tuple[int, int]]] = []
    for left in _cuts(close, before):
        pieces = [run[a:b] for a, b in left]
        if not all(_number_ok(p) for p in pieces) or any(p.endswith("%") for p in pieces[:-1]):
            continue
        for right in rights:
            tail = [run[a:b] for a, b in right]
            if not all(_number_ok(p) and not p.endswith("%") for p in tail):
                continue
            values = [Decimal(p.rstrip("%")) for p in (*pieces, *tail)]
            if _agree(kinds, values) or not any(values):
                found.append([*left, *right])
                if len(found) > 1:
                    return None
    return found[0] if found else None


TOTAL_ROW = re.compile(r"总额|合计|总计")


PLACEHOLDERS = "—–/"  # a form's mark for a cell that does not apply (分值 and 得分 of a ``其中`` row)


def split_row(run: str, kinds: list[str], label: str = "") -> list[tuple[int, int] | None] | None:
    """``split_row`` of a run that may mark the cells it leaves empty with a dash or a slash
    (``52.0052.0051.60—99.23%—``): the marks are taken out before cutting, the spans point into ``run``."""
    if not any(mark in run for mark in PLACEHOLDERS):
        return _split_row(run, kinds, label)
    kept = [k for k, ch in enumerate(run) if ch not in PLACEHOLDERS]
    spans = _split_row("".join(run[k] for k in kept), kinds, label)
    if spans is None:
        return None
    return [None if span is None else (kept[span[0]], kept[span[1] - 1] + 1) for span in spans]


def _split_row(run: str, kinds: list[str], label: str = "") -> list[tuple[int, int] | None] | None:
    """The cut of ``run`` under the header's ``kinds``, a column the row leaves empty allowed: a total
    row (资金总额, 合计) may have lost its score after the rate; a part (``其中:财政拨款``, 上年结转) carries
    no weight or score, the form gives them to the total only. Each column's span within ``run``, None
    for an empty one; None when no reading, or more than one, agrees."""
    rate = kinds.index("rate") if "rate" in kinds else -1
    if rate < 0:
        return None
    columns = list(range(len(kinds)))
    if TOTAL_ROW.search(label) and not label.startswith("其中"):
        variants = [columns, columns[: rate + 1]]
    else:
        variants = [[k for k in columns[: rate + 1] if kinds[k] != "weight"]]
    readings: dict[tuple[int, ...], list[tuple[int, int] | None]] = {}
    for kept in variants:
        if len(kept) < 3 or tuple(kept) in readings:
            continue
        spans = split_run(run, [kinds[k] for k in kept])
        if spans is not None:
            by_column: list[tuple[int, int] | None] = [None] * len(kinds)
            for column, span in zip(kept, spans, strict=True):
                by_column[column] = span
            readings[tuple(kept)] = by_column
    values = {tuple(run[a:b] for a, b in filter(None, reading)) for reading in readings.values()}
    if len(values) != 1:
        return None
    return next(iter(readings.values()))


# a header's column words standing together, then rows: a label and its run of digits closed by ``%``
INLINE_GAP = 3  # characters at most between two column words of one header
INLINE_ROW = re.compile(
    r"\s*(?P<label>[^\d%|\s][^\d%|]{1,23}?)[:：]?\s*"
    r"(?:(?P<run>\d[\d.,—–/]{2,38}%(?:\d+(?:\.\d+)?|[—–/]{1,2})?)(?![\d.%])"
    r"|(?P<nums>(?:[-+]?\d[\d.,]*%?(?=\s|$)\s*){1,16}))"
)


def inline_tables(paragraph: Paragraph) -> list[Block] | None:
    """A paragraph holding a whole self-evaluation table with no separator (OCR of a shared document:
    ``…年初预算数全年预算数全年执行分值执行率得分年度资金总额40404010100%其中:财政拨款404040100%…``):
    each header naming an amount, rate, weight or score column and the glued rows right after it → a
    table; the text around stays paragraphs. None when the paragraph holds no such table."""
    text = paragraph.text
    blocks: list[Block] = []
    done = 0
    for columns in _inline_headers(text):
        kinds = [kind for kind, _, _ in columns]
        at = columns[-1][2]
        rows: list[list[Cell]] = []
        cut = 0
        while (row := INLINE_ROW.match(text, at)) is not None:
            if row.group("nums") is not None:
                cells = _spaced_cells(paragraph, row, len(kinds))
                if cells is None:
                    break
                cut += len(cells) == len(kinds) + 1 and not cells[-1].empty
                rows.append(cells)
                at = row.end()
                continue
            spans = split_row(row.group("run"), kinds, row.group("label").strip())
            if spans is not None:
                cut += 1
            rows.append(_inline_cells(paragraph, row, spans))
            at = row.end()
        if not cut or columns[0][1] < done:
            continue
        if columns[0][1] > done:
            blocks.append(_piece(paragraph, done, columns[0][1]))
        header = [Cell(text[a:b], paragraph.start + a, paragraph.start + b) for _, a, b in columns]
        blocks.append(
            Table(
                rows=[[Cell("", header[0].start, header[0].start), *header], *rows],
                layout="glued",
                header_rows=1,
            )
        )
        done = at
    if not blocks:
        return None
    if done < len(text):
        blocks.append(_piece(paragraph, done, len(text)))
    return blocks


def _inline_headers(text: str) -> list[list[tuple[str, int, int]]]:
    """Runs of column words standing together (≤ ``INLINE_GAP`` characters apart) that name at least
    three columns, one of them a rate."""
    found: list[list[tuple[str, int, int]]] = []
    run: list[tuple[str, int, int]] = []
    for column in header_columns(text):
        if run and column[1] - run[-1][2] > INLINE_GAP:
            found.append(run)
            run = []
        run.append(column)
    found.append(run)
    return [r for r in found if len(r) >= 3 and any(kind == "rate" for kind, _, _ in r)]


def _inline_cells(
    paragraph: Paragraph, row: re.Match[str], spans: list[tuple[int, int] | None] | None
) -> list[Cell]:
    """A row's cells: its label, then each column's number (empty where the row leaves it out); a run
    no reading cuts stays one cell."""
    base = paragraph.start
    label = row.group("label").strip()
    label_at = base + row.start("label") + row.group("label").index(label) if label else base + row.start()
    cells = [Cell(label, label_at, label_at + len(label))]
    at = base + row.start("run")
    run = row.group("run")
    end = at
    if spans is None:
        return [*cells, Cell(run, at, at + len(run))]
    for span in spans:
        if span is None:
            cells.append(Cell("", end, end))
            continue
        cells.append(Cell(run[span[0] : span[1]], at + span[0], at + span[1]))
        end = at + span[1]
    return cells


def _spaced_cells(paragraph: Paragraph, row: re.Match[str], width: int) -> list[Cell] | None:
    """A row written with spaces (``年度资金总额: 0 0 0 10 0 0``): its label and numbers, left-aligned
    under the header's columns, the ones it leaves out empty; None when it has more numbers."""
    base = paragraph.start
    label = row.group("label").strip()
    label_at = base + row.start("label") + row.group("label").index(label)
    numbers = [
        Cell(m.group(), base + row.start("nums") + m.start(), base + row.start("nums") + m.end())
        for m in re.finditer(r"\S+", row.group("nums"))
    ]
    if len(numbers) > width:
        return None
    end = numbers[-1].end
    return [
        Cell(label, label_at, label_at + len(label)),
        *numbers,
        *(Cell("", end, end) for _ in range(width - len(numbers))),
    ]


def _piece(paragraph: Paragraph, start: int, end: int) -> Paragraph:
    text = paragraph.text[start:end]
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    at = paragraph.start + start + lead
    return Paragraph(body, at, at + len(body), page=paragraph.page)


def glued_tables(blocks: list[Block]) -> list[Block]:
    """Paragraphs that are glued rows under a header paragraph naming their columns → one table each run
    of them (the header paragraph becomes its header row); a paragraph holding a whole table glued
    inline → its pieces (``inline_tables``)."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Paragraph) and "率" in block.text:
            pieces = inline_tables(block)
            if pieces is not None:
                out.extend(pieces)
                index += 1
                continue
        columns = header_columns(block.text) if isinstance(block, Paragraph) and _short(block.text) else []
        rows: list[list[Cell]] = []
        after = index + 1
        if len(columns) >= 3 and any(kind == "rate" for kind, _, _ in columns):
            kinds = [kind for kind, _, _ in columns]
            while after < len(blocks) and isinstance(blocks[after], Paragraph):
                row = glued_row(blocks[after], kinds)  # type: ignore[arg-type]
                if row is None:
                    break
                rows.append(row)
                after += 1
        if not rows:
            out.append(block)
            index += 1
            continue
        assert isinstance(block, Paragraph)
        stub = block.text[: columns[0][1]].strip()
        header = [Cell(stub, block.start, block.start + len(stub))]
        header += [Cell(block.text[a:b], block.start + a, block.start + b) for _, a, b in columns]
        out.append(Table(rows=[header, *rows], layout="glued", header_rows=1, caption=None))
        index = after
    return out


def _short(text: str) -> bool:
    return len(text) <= 200 and "率" in text and "。" not in text  # a header names its rate column


def glued_row(paragraph: Paragraph, kinds: list[str]) -> list[Cell] | None:
    match = GLUED_ROW.match(paragraph.text)
    if match is None:
        return None
    run = match.group("run")
    spans = split_run(run, kinds)
    if spans is None:
        return None
    label = match.group("label").strip()
    at = paragraph.start + match.start("run")
    cells = [
        Cell(
            label, paragraph.start + match.start("label"), paragraph.start + match.start("label") + len(label)
        )
    ]
    cells += [Cell(run[a:b], at + a, at + b) for a, b in spans]
    return cells
