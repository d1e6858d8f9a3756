"""The one service every front end calls: load or extract → figures → scoring → checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from jixiao.checks.registry import Context, run_checks
from jixiao.figures import Figures, derive
from jixiao.intake import read_report
from jixiao.issues import Issue, Severity, count_by_severity, sort_issues
from jixiao.model import Evaluation, walk_indicators
from jixiao.records.compute import RecordsOutcome, compute_records
from jixiao.records.table import Table
from jixiao.rules import load_ruleset
from jixiao.rules.model import RuleSet
from jixiao.scoring import Scorecard, score
from jixiao.unsure import soften

if TYPE_CHECKING:
    from jixiao.inputs.document import Document
    from jixiao.inputs.facts import Fact


class Result(BaseModel):
    """The evaluation, its scorecard and every issue found (load issues included)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    file: str | None = None
    evaluation: Evaluation | None = None
    scorecard: Scorecard | None = None
    ruleset: RuleSet | None = None
    records: RecordsOutcome | None = None  # figures computed from the department's records, with k/n
    issues: list[Issue] = Field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when the input could not be loaded at all (CLI exit 2)."""
        return self.evaluation is not None and self.ruleset is not None

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == Severity.ERROR for issue in self.issues)

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    def figures(self) -> Figures | None:
        return derive(self.evaluation) if self.evaluation else None


def evaluate_model(
    evaluation: Evaluation,
    ruleset: RuleSet,
    file: str | None = None,
    *,
    records_dir: Path | None = None,
    tables: Mapping[str, Table] | None = None,
    document: Document | None = None,
    facts: Sequence[Fact] = (),
) -> Result:
    """Score and check an evaluation already in memory (the web app and the batch use this).

    A published report's ``document`` and ``facts`` (``intake.read_report``) feed the checks of
    relations among its figures; without them those checks say nothing.

    Records sources are read from files only under ``records_dir`` (the folder of the evaluation file,
    given by :func:`evaluate`); a caller holding tables already read (the web app's uploads) passes
    them by source name in ``tables``. Rows written inline are always read.
    """
    figures = derive(evaluation)
    card, issues = score(evaluation, ruleset, figures)
    ctx = Context(
        evaluation=evaluation,
        figures=figures,
        scorecard=card,
        ruleset=ruleset,
        file=file or (evaluation.source.file if evaluation.source else None),
        document=document,
        facts=facts,
    )
    ctx.records = _records(evaluation, records_dir, tables)
    issues.extend(run_checks(ctx))
    for i, project in enumerate(evaluation.projects):
        sub = evaluate_model(project, ruleset, ctx.file, records_dir=records_dir, tables=tables)
        name = project.project or project.department
        for issue in sub.issues:
            path = f"projects[{i}].{issue.path}" if issue.path else f"projects[{i}]"
            issues.append(
                issue.model_copy(update={"path": path, "message": f"项目“{name}”：{issue.message}"})
            )
    issues = soften(issues, evaluation)  # an error resting on a figure OCR read unsurely is a warning
    return Result(
        file=ctx.file,
        evaluation=evaluation,
        scorecard=card,
        ruleset=ruleset,
        records=ctx.records,
        issues=sort_issues(issues),
    )


def _records(
    evaluation: Evaluation, records_dir: Path | None, tables: Mapping[str, Table] | None
) -> RecordsOutcome | None:
    bound = any(fact.computed for fact in evaluation.rates) or any(
        node.computed for _path, node, _depth in walk_indicators(evaluation.indicators)
    )
    if not evaluation.records and not bound:
        return None
    own = None
    if records_dir is not None and evaluation.source and evaluation.source.format == "xlsx":
        own = Path(evaluation.source.file or "")
    return compute_records(
        evaluation, base_dir=records_dir, own_workbook=own, tables=tables, read_files=records_dir is not None
    )


def evaluate(
    source: str | Path | Evaluation, ruleset: str | RuleSet | None = None, *, keep_children: bool = False
) -> Result:
    """Load (or extract) ``source`` and score and check it under ``ruleset``.

    The rule set is, in order: the one given, the one the evaluation names, the national default.
    ``keep_children``: a batch worker reads many files, its PDF and OCR children kept between them.
    """
    load_issues: list[Issue] = []
    document: Document | None = None
    facts: Sequence[Fact] = ()
    if isinstance(source, Evaluation):
        evaluation: Evaluation | None = source
        file = source.source.file if source.source else None
    else:
        file = str(source)
        evaluation, load_issues, document, facts = read_report(source, keep_children=keep_children)
    if evaluation is None:
        return Result(file=file, issues=load_issues)
    if isinstance(ruleset, RuleSet):
        rules: RuleSet | None = ruleset
        rule_issues: list[Issue] = []
    else:
        rules, rule_issues = load_ruleset(ruleset or evaluation.ruleset)
        if rules is None and ruleset is None and evaluation.ruleset:
            rule_issues = [_at_ruleset_field(issue, evaluation, file) for issue in rule_issues]
    if rules is None:
        return Result(file=file, evaluation=evaluation, issues=load_issues + rule_issues)
    result = evaluate_model(
        evaluation,
        rules,
        file,
        records_dir=Path(file).parent if file else None,
        document=document,
        facts=facts,
    )
    result.issues = sort_issues(load_issues + result.issues)
    return result


def _at_ruleset_field(issue: Issue, evaluation: Evaluation, file: str | None) -> Issue:
    """An unknown rule set named in the input is a mistake at its ``ruleset:`` line."""
    if issue.code != "RUL002" or issue.line is not None:
        return issue
    span = evaluation.spans.get("ruleset")
    update = {"file": file, "line": span.line if span else None, "path": "ruleset"}
    return issue.model_copy(update={**update, "message": f"ruleset：{issue.message}"})
