"""The scorecard: every indicator's declared and rule score, with formula and inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

ZERO = Decimal(0)


class ScoreNote(BaseModel):
    """What scoring could not do or had to choose, for the checks to report (SCO011, SCO012).

    ``unscorable``: the rules cannot compute this score (the declared one stands); ``ambiguous``: the
    value was read one way of several, said with the reading chosen.
    """

    kind: Literal["unscorable", "ambiguous"]
    message: str


class ScoreLine(BaseModel):
    """One indicator's score: declared by the author, computed under the rule set, and why."""

    path: str
    name: str
    level: int
    category: str | None = None  # rule-set key of the level-1 category above it
    kind: str | None = None
    weight: Decimal | None = None
    declared: Decimal | None = None
    computed: Decimal | None = None  # None: the rules cannot compute it (qualitative, missing input)
    used: Decimal | None = None  # what counts toward jixiao's total
    method: str = "declared"
    formula: str = ""
    inputs: dict[str, str] = Field(default_factory=dict)
    band: tuple[Decimal, Decimal] | None = None  # qualitative: allowed interval of the score
    band_upper_inclusive: bool = True
    value: Decimal | None = None  # the indicator's own value where computed (e.g. 执行率 %)
    is_leaf: bool = True
    notes: list[ScoreNote] = Field(default_factory=list)


class Scorecard(BaseModel):
    ruleset: str
    lines: list[ScoreLine] = Field(default_factory=list)
    total: Decimal | None = None
    declared_total: Decimal | None = None
    grade: str | None = None
    declared_grade: str | None = None
    weight_total: Decimal | None = None
    partial: bool = False  # the indicators cover less than the rule set's total weight: no total, no grade
    covered: Decimal | None = None  # the weight the indicators cover (model.covered_weight)
    full_weight: Decimal | None = None  # the rule set's total weight

    def partial_note(self) -> str:
        """Why there is no total: ``无法计算（已读取的指标仅覆盖 10/100 分）``; empty when not partial."""
        if not self.partial or self.covered is None or self.full_weight is None:
            return ""
        covered, full = (format(v.normalize(), "f") for v in (self.covered, self.full_weight))
        return f"无法计算（已读取的指标仅覆盖 {covered}/{full} 分）"

    def line(self, path: str) -> ScoreLine | None:
        return next((line for line in self.lines if line.path == path), None)

    def leaves(self) -> list[ScoreLine]:
        return [line for line in self.lines if line.is_leaf]
