"""Indicator values as tables write them: the one parser for targets (年度指标值) and actuals (实际完成值).

Public API (other modules and engineers build on these names only):

- :func:`parse_value` ``(text, vocabulary=None) -> ParsedValue`` — numbers, units and dimensions,
  direction, bands, deadlines, met/missed words, and :class:`Note` for what was not understood.
- :func:`read_indicator` ``(target, actual, vocabulary=None, *, direction=None, unit=None, year=None)
  -> Reading`` — target and actual brought to one unit, with the direction decided and every assumption
  and ambiguity as a note; this is what scoring scores.
- :class:`Vocabulary`, :func:`default_vocabulary` — the words (a rule set's ``vocabulary:`` extends them).
"""

from __future__ import annotations

from jixiao.values.dates import DateSpan
from jixiao.values.parse import Note, ParsedValue, Quantity, parse_value
from jixiao.values.reading import Reading, read_indicator
from jixiao.values.vocabulary import Direction, Vocabulary, default_vocabulary

__all__ = [
    "DateSpan",
    "Direction",
    "Note",
    "ParsedValue",
    "Quantity",
    "Reading",
    "Vocabulary",
    "default_vocabulary",
    "parse_value",
    "read_indicator",
]
