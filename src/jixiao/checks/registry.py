"""The registry of checks: one small decorated function per check, registered once by its code.

A check receives a :class:`Context` and yields :class:`~jixiao.issues.Issue` objects through
``ctx.issue(...)``, which fills in the severity (from the rule set, else the check's default) and the
source location of the model path. A check that raises becomes an ``ENG001`` issue; the run goes on.

``ctx.issue`` is also the one place where the facts an issue rests on lower its severity: an error any of
whose cited facts (those at ``at`` and those passed as ``cites``) was read by OCR below the confidence
threshold becomes a warning that says so (ADR 0012, :mod:`jixiao.unsure`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from jixiao.issues import Issue, Severity
from jixiao.unsure import TRUST, ocr_note

if TYPE_CHECKING:
    from jixiao.figures import Figures
    from jixiao.inputs.document import Document
    from jixiao.inputs.facts import Fact
    from jixiao.model import Evaluation, Span
    from jixiao.records.compute import RecordsOutcome
    from jixiao.rules.model import RuleSet
    from jixiao.scoring import Scorecard

CheckFunc = Callable[["Context"], Iterable[Issue]]
T = TypeVar("T")


@dataclass(frozen=True)
class CheckInfo:
    code: str
    name: str
    group: str
    severity: Severity
    func: CheckFunc
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # further codes this check emits (e.g. a warning variant)

    @property
    def summary(self) -> str:
        """The first line of the docstring: what the check is about, shown to users."""
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


REGISTRY: dict[str, CheckInfo] = {}
_ALIASES: dict[str, str] = {}
EMITTED_BY: dict[str, str] = {}  # every code a check may emit → the check's own code


class DuplicateCheckError(RuntimeError):
    """Two checks claim the same code: a programming error, raised at import."""


def check(
    code: str,
    *,
    name: str,
    group: str,
    severity: Severity = Severity.ERROR,
    aliases: tuple[str, ...] = (),
    also: tuple[str, ...] = (),
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check under a stable public ``code`` (``BUD003``); ``also`` lists the further codes it
    emits (each is public too, and reserved to this check)."""

    def register(func: CheckFunc) -> CheckFunc:
        for taken in (code, *aliases, *also):
            if taken in EMITTED_BY or taken in _ALIASES:
                raise DuplicateCheckError(f"check code {taken} is registered twice")
        REGISTRY[code] = CheckInfo(code, name, group, severity, func, aliases, also)
        for alias in aliases:
            _ALIASES[alias] = code
        for emitted in (code, *also):
            EMITTED_BY[emitted] = code
        return func

    return register


def canonical_code(code: str) -> str:
    return _ALIASES.get(code, code)


@dataclass
class Context:
    """What a check sees: the evaluation, the derived figures, the scorecard and the rule set; for a
    published report also its Document and every number of it as a fact (the relation checks read them
    as plain data and never call the intake: nothing below the pipeline imports it)."""

    evaluation: Evaluation
    figures: Figures
    scorecard: Scorecard
    ruleset: RuleSet
    file: str | None = None
    records: RecordsOutcome | None = None  # figures computed from records (the REC checks read them)
    document: Document | None = None  # a published report: its paragraphs and table grids
    facts: Sequence[Fact] = ()  # every number of ``document``, in reading order
    current: CheckInfo | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _derived: dict[Callable[[Context], Any], Any] = field(default_factory=dict, repr=False)

    def derived(self, make: Callable[[Context], T]) -> T:
        """``make(self)``, made once per context: a view of the document or the evaluation that several
        checks read (the score forms, the table grids, the numbered headings, the leaf indicators). The
        checks only read it; a ``make`` that raises raises again for the next check."""
        if make not in self._derived:
            self._derived[make] = make(self)
        return self._derived[make]  # type: ignore[no-any-return]

    def issue(
        self,
        path: str | None,
        message: str,
        *,
        expected: object = None,
        found: object = None,
        hint: str | None = None,
        severity: Severity | None = None,
        code: str | None = None,
        at: tuple[int, int] | None = None,
        cites: Iterable[Fact] = (),
    ) -> Issue:
        """An Issue of the running check, located through the evaluation's span map, or at the offsets
        ``at`` of the document's text (a relation among facts). ``cites`` are the further facts the
        finding rests on (a total's parts): with the facts at ``at``, an unsure OCR reading among them
        makes an error a warning."""
        info = self.current
        assert info is not None, "ctx.issue() called outside a check"
        issue_code = code or info.code
        assert issue_code == info.code or issue_code in info.also, f"{info.code} may not emit {issue_code}"
        configured = self.ruleset.checks.severity.get(issue_code)
        chosen = Severity(configured) if configured else (severity or info.severity)
        if chosen == Severity.ERROR and self.facts:
            basis = self.unsure_basis(at, cites)
            if basis is not None:
                chosen = Severity.WARNING
                message += ocr_note(f"{basis.value}{basis.unit or ''}", basis.page, basis.confidence or 0.0)
        span = self.locate(path)
        if at is not None:
            return Issue(
                code=issue_code,
                severity=chosen,
                message=message,
                path=path,
                file=self.file,
                line=self.line_of(at[0]),
                span=at,
                expected=None if expected is None else str(expected),
                found=None if found is None else str(found),
                hint=hint,
            )
        return Issue(
            code=issue_code,
            severity=chosen,
            message=message,
            path=path,
            file=self.file,
            line=span.line if span else None,
            span=(span.start, span.end) if span and span.start is not None and span.end is not None else None,
            sheet=span.sheet if span else None,
            cell=f"{span.column or ''}{span.line or ''}" if span and span.sheet else None,
            expected=None if expected is None else str(expected),
            found=None if found is None else str(found),
            hint=hint,
        )

    def unsure_basis(self, at: tuple[int, int] | None, cites: Iterable[Fact]) -> Fact | None:
        """The least sure fact read by OCR below the threshold among those at ``at`` and ``cites``."""
        cited = [f for f in self.facts if at is not None and f.start < at[1] and at[0] < f.end]
        unsure = [f for f in (*cited, *cites) if f.confidence is not None and f.confidence < TRUST]
        return min(unsure, key=lambda f: f.confidence or 0.0, default=None)

    def line_of(self, offset: int) -> int | None:
        """The 1-based line of ``offset`` in the document's text (None without a document)."""
        if self.document is None:
            return None
        if self._line_starts is None:
            text = self.document.text
            self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        return bisect_right(self._line_starts, offset)

    def locate(self, path: str | None) -> Span | None:
        """The source span of ``path``, or of its nearest located ancestor."""
        spans = self.evaluation.spans
        while path:
            if path in spans:
                return spans[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else None
        return None


def run_checks(ctx: Context) -> Iterator[Issue]:
    """Run every registered check the rule set selects; a crashing check becomes an ENG001 issue."""
    from jixiao import checks as _families  # noqa: F401, PLC0415  (registers every family; a cycle at the top)

    selection = ctx.ruleset.checks
    for code, info in sorted(REGISTRY.items()):
        if code in selection.exclude or (selection.only and code not in selection.only):
            continue
        excluded_extra = set(info.also) & set(selection.exclude)
        ctx.current = info
        try:
            yield from (i for i in info.func(ctx) if i.code not in excluded_extra)
        except Exception as exc:
            yield Issue(
                code="ENG001",
                severity=Severity.ERROR,
                message=f"检查 {code}（{info.name}）内部出错，已跳过：{type(exc).__name__}: {exc}",
                file=ctx.file,
                hint="这是 jixiao 的缺陷，请连同输入文件报告给开发者",
            )
    ctx.current = None
