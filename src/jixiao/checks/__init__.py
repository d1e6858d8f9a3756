"""Check families; importing this package registers every check (see ``registry``).

Code prefixes (a public API, never reused): BUD budget arithmetic, IND indicators and weights,
SCO scoring, DOC structure and numbering, RAT rates over whole counts, PLA plausibility,
REC figures computed from records,
EXT extraction, ENG engine, INP input files, RUL rule sets.
"""

from jixiao.checks import budget, document, indicators, plausibility, rates, records, scores, values

__all__ = ["budget", "document", "indicators", "plausibility", "rates", "records", "scores", "values"]
