"""Rate facts: a rate stated over a count in the same sentence (``共125件，…审核化解率为88.9%``)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from jixiao.extract import patterns as pt
from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.extract.prose_budget import clause_before
from jixiao.extract.statements import percent_stated
from jixiao.extract.text import Text
from jixiao.model import Indicator, RateFact, Span, walk_indicators

PLANNED = re.compile(r"计划|目标|力争|预计|要求|确保|争取")
RATE_LABEL = re.compile(r"[\u4e00-\u9fff]{1,10}率$")


def rates(reading: Reading, earlier: Earlier) -> Findings:
    """``共125件，…审核化解率为88.9%`` → base 125; a second rate in the chain → ``base_of`` the first."""
    doc = reading.doc
    facts: list[RateFact] = []
    spans: dict[str, Span] = {}
    figures = sorted((f for f, _ in earlier.figures if f.kind in {"rate", "count"}), key=lambda f: f.start)
    ranges = indicator_ranges(doc, earlier.value("indicators"), earlier.spans)
    last_count: pt.Found | None = None
    last_rate_label: str | None = None
    sentence = -1
    for item in figures:
        here = sentence_of(doc, item.start)
        if here != sentence:
            sentence, last_count, last_rate_label = here, None, None
        if item.kind == "count":
            if not item.approx:
                last_count, last_rate_label = item, None
            continue
        label = rate_label(doc, item.start)
        if label is None or last_count is None:
            continue
        fact = RateFact(
            label=label, rate=percent_stated(item.value), indicator=indicator_at(ranges, item.start)
        )
        if last_rate_label is None:
            fact.base = int(last_count.value)
        else:
            fact.base_of = last_rate_label
        index = len(facts)
        facts.append(fact)
        spans[f"rates[{index}].rate"] = doc.span(item.start, item.end)
        spans[f"rates[{index}]"] = doc.span(last_count.start, item.end)
        last_rate_label = label
    return Findings(spans=spans, values={"rates": facts})


def rate_label(doc: Text, start: int) -> str | None:
    """The ``…率`` the clause before a rate names, unless planned (目标, 计划 …) or an average (均)."""
    clause = clause_before(doc, start)
    label_match = RATE_LABEL.search(re.sub(r"(?:为|达到|达|是)$", "", clause.strip()))
    if not label_match or PLANNED.search(clause) or "均" in clause:
        return None
    return re.sub(r"^(?:当前|目前|现|全年|今年)", "", label_match.group())


def sentence_of(doc: Text, offset: int) -> int:
    """An id of the sentence holding ``offset`` (its start)."""
    return pt.after_last(doc.norm, "。；;\n", doc.starts[doc.line_of(offset) - 1], offset)


def indicator_ranges(doc: Text, tree: list[Indicator], spans: Mapping[str, Span]) -> list[tuple[int, str]]:
    """(start offset of each level-3 indicator's line, its path), in order."""
    ranges = []
    for path, node, depth in walk_indicators(tree):
        if depth > 1 and not node.children and path in spans:
            line = spans[path].line or 1
            ranges.append((doc.starts[line - 1], path))
    return sorted(ranges)


def indicator_at(ranges: list[tuple[int, str]], offset: int) -> str | None:
    """The path of the last indicator whose line starts at or before ``offset``."""
    chosen = None
    for start, path in ranges:
        if start <= offset:
            chosen = path
    return chosen
