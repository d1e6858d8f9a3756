"""The records stage of the pipeline: read each records source once, compute every bound figure.

An indicator's actual (``indicators[…].computed``) or a rate over a whole base (``rates[i].computed``)
names a source of ``evaluation.records`` and a formula. This stage reads the source (a file beside the
evaluation, the evaluation's own workbook, rows written inline, or a table the caller already holds, as the
web app does with an upload), computes each formula, and returns a :class:`RecordsOutcome`: the figures
with k/n and provenance, a summary of each table, and the problems found. The checks of family REC turn
the outcome into issues; nothing here raises on a user's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model import Computed, Evaluation, RecordSource, walk_indicators
from jixiao.records import xinfang
from jixiao.records.engine import Measurement, Period, evaluate
from jixiao.records.formula import FormulaError, Measure, names_in, parse_formula
from jixiao.records.table import Problem, Table, Wanted, is_personal, read_file, read_inline
from jixiao.records.values import as_any

MAX_SOURCES = 20
MAX_BINDINGS = 500


class TableSummary(BaseModel):
    """What was read from one source: provenance, what was used and ignored, problems by code."""

    name: str
    kind: str
    file: str | None = None
    sha256: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    rows: int = 0
    columns: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list)
    personal: list[str] = Field(default_factory=list)
    problems: dict[str, int] = Field(default_factory=dict)
    year: int | None = None


class RecordsFigure(BaseModel):
    """A figure computed from records, with its whole counts and where they came from."""

    path: str  # indicators.满意度指标.群众满意度 or rates[1]
    label: str
    source: str
    formula: str  # as written
    evaluated: str | None = None  # the formula computed (a standard measure's full text)
    kind: str | None = None
    k: Decimal | None = None
    n: int | None = None
    value: Decimal | None = None
    unit: str | None = None
    pending: int = 0
    skipped: int = 0
    error: str | None = None


class SourceProblem(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: int  # index in evaluation.records (-1: no such source)
    code: str
    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    file: str | None = None
    sheet: str | None = None


class RecordsOutcome(BaseModel):
    tables: list[TableSummary] = Field(default_factory=list)
    figures: list[RecordsFigure] = Field(default_factory=list)
    problems: list[SourceProblem] = Field(default_factory=list)

    def figure(self, path: str) -> RecordsFigure | None:
        return next((figure for figure in self.figures if figure.path == path), None)


def bindings(evaluation: Evaluation) -> list[tuple[str, str, Computed]]:
    """(model path, label, formula binding) of every figure declared as computed from records."""
    found = [
        (path, node.name, node.computed)
        for path, node, _depth in walk_indicators(evaluation.indicators)
        if node.computed is not None
    ]
    found += [
        (f"rates[{i}]", fact.label, fact.computed) for i, fact in enumerate(evaluation.rates) if fact.computed
    ]
    return found[:MAX_BINDINGS]


def parse_bound(source: RecordSource, computed: Computed) -> tuple[Measure, str | None]:
    """The formula of a binding: a standard measure of a 信访 register by name, or a formula."""
    if source.kind == "xinfang":
        standard = xinfang.standard_formula(computed.formula)
        if standard is not None:
            return parse_formula(standard.formula), standard.formula
    return parse_formula(computed.formula), None


def wanted_columns(source: RecordSource, measures: list[Measure]) -> list[Wanted]:
    """The columns to read: every name the formulas mention (a bare name is a column only if the table
    has one), with the 信访 register's own columns first under their schema."""
    names = sorted(set().union(*(names_in(measure) for measure in measures))) if measures else []
    schema = list(xinfang.COLUMNS) if source.kind == "xinfang" else []
    known = {spec.name for spec in schema} | {header for spec in schema for header in spec.headers}
    derived = {"处理日期", "办理期限"} if source.kind == "xinfang" else set()
    extra = [name for name in names if name not in known and name not in derived and not is_personal(name)]
    return schema + [Wanted(name, (), as_any) for name in extra]


def load_table(
    source: RecordSource,
    wanted: list[Wanted],
    *,
    base_dir: Path | None,
    own_workbook: Path | None,
    provided: Table | None,
    read_files: bool = True,
) -> Table:
    if provided is not None:
        return provided
    if source.rows:
        return read_inline(source.name, source.rows, wanted)
    if (source.file or source.sheet) and not read_files:
        table = Table(name=source.name)
        table.problems.append(Problem("REC006", f"台账“{source.name}”未上传（此处不读取服务器上的文件）"))
        return table
    if source.file:
        path = Path(source.file)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return read_file(path, source.name, wanted, sheet=source.sheet, header_row=source.header_row)
    if own_workbook is not None and source.sheet:
        return read_file(own_workbook, source.name, wanted, sheet=source.sheet, header_row=source.header_row)
    table = Table(name=source.name)
    table.problems.append(
        Problem("REC006", f"台账“{source.name}”没有指定文件（file）、工作表（sheet）或内嵌行（rows）")
    )
    return table


def prepare(table: Table, source: RecordSource, period: Period) -> None:
    """A 信访 register gets its defaults, derived columns and its own validation."""
    if source.kind == "xinfang" and table.header_row is not None and "编号" in table.columns:
        xinfang.complete(table)
        xinfang.validate(table, period)


def summary(table: Table, source: RecordSource, year: int | None) -> TableSummary:
    counts: dict[str, int] = {}
    for problem in table.problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
    return TableSummary(
        name=source.name,
        kind=source.kind,
        file=table.file,
        sha256=table.sha256,
        sheet=table.sheet,
        header_row=table.header_row,
        rows=len(table),
        columns=[column.header for column in table.columns.values() if column.letter],
        ignored=table.ignored,
        personal=table.personal,
        problems=counts,
        year=year,
    )


def figure_of(measurement: Measurement) -> dict[str, object]:
    return {
        "kind": measurement.kind,
        "k": measurement.k,
        "n": measurement.n,
        "value": measurement.value,
        "unit": measurement.unit,
        "pending": measurement.pending,
        "skipped": measurement.skipped,
    }


def compute_records(
    evaluation: Evaluation,
    *,
    base_dir: Path | None = None,
    own_workbook: Path | None = None,
    tables: Mapping[str, Table] | None = None,
    read_files: bool = True,
) -> RecordsOutcome:
    """Compute every figure bound to records; ``tables`` holds sources already read (by name).

    With ``read_files`` false no file is opened (a web upload is the only way in there)."""
    outcome = RecordsOutcome()
    bound = bindings(evaluation)
    if not bound and not evaluation.records:
        return outcome
    sources = {source.name: i for i, source in reversed(list(enumerate(evaluation.records[:MAX_SOURCES])))}
    for path, label, computed in bound:
        if computed.source not in sources:
            known = "、".join(sources) or "无"
            error = f"没有名为“{computed.source}”的台账（records 中有：{known}）"
            outcome.figures.append(
                RecordsFigure(
                    path=path, label=label, source=computed.source, formula=computed.formula, error=error
                )
            )
    for index, source in enumerate(evaluation.records[:MAX_SOURCES]):
        if sources.get(source.name) != index:
            continue
        mine = [(path, label, computed) for path, label, computed in bound if computed.source == source.name]
        _compute_source(
            outcome, evaluation, index, source, mine, (base_dir, own_workbook, read_files), tables
        )
    order = {path: i for i, (path, _, _) in enumerate(bound)}
    outcome.figures.sort(key=lambda figure: order.get(figure.path, 0))
    return outcome


def _compute_source(
    outcome: RecordsOutcome,
    evaluation: Evaluation,
    index: int,
    source: RecordSource,
    mine: list[tuple[str, str, Computed]],
    where: tuple[Path | None, Path | None, bool],
    tables: Mapping[str, Table] | None,
) -> None:
    year = source.year or evaluation.year
    parsed: list[tuple[str, str, Computed, Measure | None, str | None, str | None]] = []
    for path, label, computed in mine:
        try:
            measure, expanded = parse_bound(source, computed)
            personal = sorted(name for name in names_in(measure) if is_personal(name))
            refused = f"“{personal[0]}”是含个人信息的列，公式不能使用" if personal else None
            parsed.append((path, label, computed, None if refused else measure, expanded, refused))
        except FormulaError as exc:
            parsed.append((path, label, computed, None, None, f"公式有误：{exc}"))
    measures = [item[3] for item in parsed if item[3] is not None]
    wanted = wanted_columns(source, measures)
    provided = tables.get(source.name) if tables else None
    base_dir, own_workbook, read_files = where
    table = load_table(
        source, wanted, base_dir=base_dir, own_workbook=own_workbook, provided=provided, read_files=read_files
    )
    readable = table.header_row is not None or bool(source.rows) or provided is not None
    if year is None:
        table.problems.append(Problem("REC006", "评价年度未知，无法按年度计算台账"))
        readable = False
    period = Period.year(year) if year is not None else None
    if readable and period is not None:
        prepare(table, source, period)
    for path, label, computed, bound_measure, expanded, parse_error in parsed:
        figure = RecordsFigure(
            path=path, label=label, source=source.name, formula=computed.formula, evaluated=expanded
        )
        error = parse_error
        if error is None and not readable:
            error = f"台账“{source.name}”无法读取，未能计算"
        if error is None and bound_measure is not None and period is not None:
            try:
                measured = evaluate(bound_measure, table, period, source.days)
                figure = figure.model_copy(update=figure_of(measured))
            except FormulaError as exc:
                error = f"公式有误：{exc}"
        outcome.figures.append(figure.model_copy(update={"error": error}) if error else figure)
    unique = list({(p.code, p.row, p.column, p.message): p for p in table.problems}.values())
    table.problems = unique
    outcome.tables.append(summary(table, source, year))
    for problem in unique:
        outcome.problems.append(
            SourceProblem(
                source=index,
                code=problem.code,
                message=problem.message,
                row=problem.row,
                column=problem.column,
                letter=problem.letter,
                file=table.file,
                sheet=table.sheet,
            )
        )
