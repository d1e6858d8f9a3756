"""The category names of a self-evaluation table: level-1 (产出指标 …) and level-2 (数量指标 …) cells.

Shared by the reading of table grids (``inputs.facts``: where a row whose merged cells were left out stands
under its header) and the score-table checks (``checks._scoretable``). Names as the national templates
write them (财预〔2020〕10号 and the 2013 framework), with or without 指标, a weight or a range written in
the cell (``产出指标（50分）``, ``成本指标(0-20)分``) ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

LEVEL1 = re.compile(r"^(?:产出|效益|效果|满意度|成本|预算执行|投入|过程)(?:指标)?$")
LEVEL2 = re.compile(
    r"^(?:数量|质量|时效|(?:经济|社会|生态环境|生态)(?:效益|成本)|可持续影响|(?:社会公众或)?服务对象满意度|"
    r"项目成本|目标设定|预算配置|预算执行|预算管理|资产管理|职责履行|履职效益)(?:指标)?$"
)
_BRACKETS = re.compile(r"[（(][^）)]*[)）]")
_WEIGHT = re.compile(r"[（(]\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*分\s*[)）]")
_NOISE = re.compile(r"\s+|[\d.\-–~]+分$|^绩效指标")


@lru_cache(maxsize=4096)  # pure; every text cell of every table asks, and the names repeat
def category_level(text: str) -> tuple[int, str] | None:
    """(1 or 2, the name without weight) when a cell names a category: ``产出指标（50分）`` → (1, 产出指标);
    ``数量指标`` → (2, 数量指标); None otherwise."""
    plain = _NOISE.sub("", _BRACKETS.sub("", text))
    plain = _NOISE.sub("", plain)
    if not plain:
        return None
    if LEVEL1.match(plain):
        return 1, plain
    if LEVEL2.match(plain):
        return 2, plain
    return None


def weight_in_text(text: str) -> Decimal | None:
    """The weight written in a cell: ``产出指标（50分）`` → 50 (never a range: ``(40-50)分``)."""
    found = _WEIGHT.search(re.sub(r"\s+", "", text))
    return Decimal(found.group("w")) if found else None


_FORM_HEADER = re.compile(r"三\s*级\s*指\s*标|指\s*标\s*名\s*称")


def forms_in(text: str) -> int:
    """How many indicator tables a document writes (each header names 三级指标 or 指标名称; the two within
    a few characters are one header): a report that appends several projects' forms reads them into one
    indicator tree, and its sums are no form's."""
    count, last = 0, -100
    for match in _FORM_HEADER.finditer(text):
        if match.start() - last > 30:
            count += 1
        last = match.end()
    return count
