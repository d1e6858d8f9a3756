"""Figures computed from a department's own records (cases, inspections, trainings), with k/n.

A records table (CSV or .xlsx) is read for the columns its formulas need and nothing else
(:mod:`.table`); formulas are a small declarative vocabulary (:mod:`.formula`) evaluated exactly over whole
counts (:mod:`.engine`); the 信访 register is built in with its time limits and standard measures
(:mod:`.xinfang`); :func:`compute_records` is the pipeline's records stage. No web or CLI import here.
"""

from __future__ import annotations

from jixiao.records.compute import RecordsFigure, RecordsOutcome, TableSummary, compute_records
from jixiao.records.engine import Measurement, Period, evaluate
from jixiao.records.formula import FormulaError, parse_formula
from jixiao.records.table import Problem, Table

__all__ = [
    "FormulaError",
    "Measurement",
    "Period",
    "Problem",
    "RecordsFigure",
    "RecordsOutcome",
    "Table",
    "TableSummary",
    "compute_records",
    "evaluate",
    "parse_formula",
]
