"""Check families; importing this package registers every check (see ``registry``).

Code prefixes (a public API, never reused): BUD budget arithmetic, IND indicators and weights,
SCO scoring, DOC structure and numbering, RAT rates over whole counts, PLA plausibility,
REC figures computed from records, QUA indicator quality, REL budget reliability,
TAB totals against parts in any table of a published report, FIG relations among its figures,
ACC the balance of final accounts, EXT extraction, ENG engine, INP input files, RUL rule sets,
LIB indicator-library files.
"""

from jixiao.checks import (
    accounts,
    budget,
    changes,
    completion,
    document,
    enumeration,
    indicators,
    perhead,
    plausibility,
    quality,
    rates,
    readable,
    records,
    reliability,
    restated,
    scores,
    shares,
    tables,
    values,
)

__all__ = [
    "accounts",
    "budget",
    "changes",
    "completion",
    "document",
    "enumeration",
    "indicators",
    "perhead",
    "plausibility",
    "quality",
    "rates",
    "readable",
    "records",
    "reliability",
    "restated",
    "scores",
    "shares",
    "tables",
    "values",
]
