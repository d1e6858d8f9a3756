"""Cells run together with no separator where the header tells the columns: ``年度资金总额:525210100.00%10``
under 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 is 52 | 52 | 10 | 100.00% | 10.

The digits are cut into as many numbers as the header names columns, every way that gives well-formed
numbers (no leading zero, at most two decimals, ``%`` closing the rate column); a cut is kept when its
figures agree with each other — the rate is executed ÷ budget (rounded or truncated as written), the score
is at most the weight and the weight times the rate — and only when exactly one cut does. Anything else
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
    if not rates or len(amounts) < 2 or amounts[0] == 0:
        return False  # without a rate and its amounts nothing tells a cut from another
    rate = rates[0]
    if rate == 0 or amounts[-1] == 0 or rate > 1000:
        return False  # a zero agrees with any cut: it tells none apart
    exact = amounts[-1] * 100 / amounts[0]
    exponent = rate.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    if abs(exact - rate) >= places:  # rounded or truncated to the written decimals
        return False
    if weights and weights[0] > 100:
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

    The ``%`` closes the rate column, so the digits before it and after it are cut apart."""
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
            if _agree(kinds, values):
                found.append([*left, *right])
                if len(found) > 1:
                    return None
    return found[0] if found else None


def glued_tables(blocks: list[Block]) -> list[Block]:
    """Paragraphs that are glued rows under a header paragraph naming their columns → one table each run
    of them (the header paragraph becomes its header row)."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
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
