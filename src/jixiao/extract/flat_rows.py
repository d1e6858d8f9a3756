"""Indicator rows flattened with spaces onto one line: ``产出指标(50分) 数量指标 名称 ≥50个 50 8 8``.

The text words of such a row were merged into one label cell; its words are read again: words of the
table's header are cut off, category words set the row's level-1 / level-2 category (text before the
last category word is the previous row's reason), the next word is the name and the words after it are
text values (``≥50个``, ``达成预期指标``). The row is read only when the value words and the numbers fill
exactly the value columns, 分值 and 得分, or only 分值 and 得分 (the value cells left empty, which a
flattened row cannot show): a name written with spaces, or a reason run into the next row with no
category to mark where it ends, cannot be cut apart with certainty and is left out.
"""

from __future__ import annotations

import re

from jixiao.extract.indicator_tables import category_of, observe_category, read_indicator, value_columns
from jixiao.extract.table_grid import Cell, TableFacts, TableState

HEADER_WORD = re.compile(
    r"^(?:绩效指标|[一二三]级指标|(?:年度)?指标值|(?:实际)?完成值|全年实际值|分值|权重|得分|指标性质|度量单位)"
    r"|原因|改进措施"
)


def is_flat_row(label: Cell) -> bool:
    """A label cell merged from several space-separated words."""
    return len(label.words) >= 2


def read_flat_row(label: Cell, values: list[Cell], state: TableState, facts: TableFacts) -> None:
    """Categories, name and text values from the label's words, then the row's numbers."""
    words = after_header(label.words)
    last_category = -1
    for index, word in enumerate(words):
        if category_of(word.text) is not None:
            last_category = index
    for word in words[: last_category + 1]:
        observe_category(word.text, state, word.start)
    rest = words[last_category + 1 :]
    if not rest:
        return
    slots = [*rest[1:], *values]
    if len(slots) not in (value_columns(state) + 2, 2) or rest[0].number is not None:
        return  # every value column filled, or only 分值 and 得分 (the value cells left empty)
    read_indicator(rest[0].text, slots, state, facts)


def after_header(words: list[Cell]) -> list[Cell]:
    """The words after the last word of the table's header (all of them when there is none)."""
    cut = 0
    for index, word in enumerate(words):
        if HEADER_WORD.search(word.text):
            cut = index + 1
    return words[cut:]
