"""The report's view: every figure a report or self-evaluation table prints, computed by the core.

``report_view(result) -> ReportView``. The most detailed stated amounts are primary (人员经费 and
日常公用经费, the project items, basic and project expenditure where they have no parts); totals are
sums of parts, rates are executed / adjusted, shares are part / parent. The reconciled evaluation is
scored again, so that the execution-rate score, the category scores, the total and the grade agree
with the amounts the report prints. Wherever the author's stated figure differs from the one printed,
a :class:`Correction` says so. Renderers read the view and compute nothing (style.md §10).

Modules: ``view`` (the types renderers read), ``corrections`` (stated figures replaced),
``compute`` (the reconciled, re-scored data), ``rows`` (the funds and indicator tables),
``text`` (titles and sentences), ``blocks`` (the numbered outline), ``build`` (``report_view``).
Like every core module, none of them imports a renderer or front end (render, cli, web, batch).
"""

from jixiao.report.build import report_view
from jixiao.report.view import INDICATOR_HEADER, BudgetRow, IndicatorRow, ReportView

__all__ = ["INDICATOR_HEADER", "BudgetRow", "IndicatorRow", "ReportView", "report_view"]
