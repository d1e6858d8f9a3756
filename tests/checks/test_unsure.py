"""A figure read by OCR below the confidence threshold is never the sole basis of an error (jixiao.unsure)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.inputs.document import Document
from jixiao.inputs.facts import Fact, read_facts
from jixiao.intake import load, read_text
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Span, StatedFigure
from jixiao.pipeline import evaluate_model
from jixiao.rules import load_ruleset
from jixiao.unsure import TRUST

SEED_YAML = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-2024.yaml"


def seed() -> Evaluation:
    evaluation, _ = load(SEED_YAML)
    assert evaluation is not None
    return evaluation


def errors(evaluation: Evaluation) -> dict[str, str]:
    rules, _ = load_ruleset(evaluation.ruleset)
    assert rules is not None
    result = evaluate_model(evaluation, rules)
    return {f"{i.code} {i.path}": i.severity.value for i in result.issues if i.code in {"BUD001", "BUD003"}}


def test_an_error_on_an_unsure_figure_becomes_a_warning_that_says_ocr_read_it() -> None:
    plain = errors(seed())
    assert plain == {"BUD001 budget.total.executed": "error", "BUD003 budget.basic.public.share": "error"}
    evaluation = seed()
    # budget.total.executed read by OCR at 0.62: the sum check on it (its own path) may not be an error
    evaluation.spans["budget.total.executed"] = Span(start=10, end=16, page=3, confidence=0.62)
    softened = errors(evaluation)
    assert softened["BUD001 budget.total.executed"] == "warning"
    assert softened["BUD003 budget.basic.public.share"] == "error"  # rests on other figures
    rules, _ = load_ruleset(evaluation.ruleset)
    assert rules is not None
    [issue] = [i for i in evaluate_model(evaluation, rules).issues if i.code == "BUD001"]
    assert "文字识别（OCR）" in issue.message
    assert "第 3 页" in issue.message
    assert "0.62" in issue.message


def test_a_sure_figure_changes_nothing_and_a_cited_unsure_number_softens() -> None:
    evaluation = seed()
    evaluation.spans["budget.total.executed"] = Span(start=10, end=16, page=3, confidence=TRUST + 0.05)
    assert set(errors(evaluation).values()) == {"error"}
    # the share check cites 13.82: a stated figure of that value read unsurely softens it
    evaluation.stated.append(
        StatedFigure(
            kind="amount",
            label="日常公用经费",
            value=Decimal("13.82"),
            unit="万元",
            span=(500, 505),
            line=9,
            page=2,
            confidence=0.41,
        )
    )
    assert errors(evaluation)["BUD003 budget.basic.public.share"] == "warning"


# --- a relation among facts read by OCR (the one place: Context.issue, from the facts it cites) ---

OCR_TABLE = """表1 部门支出情况表
单位：万元
项目 | 全年预算数 | 全年执行数
人员经费 | 120 | 118
公用经费 | 30 | 29
合计 | 150 | 149.5

以上为本年支出情况。
"""


def ocr_read(text: str, unsure: dict[str, float]) -> tuple[Evaluation, Document, list[Fact]]:
    """``text`` as if OCR had read it: one piece per cell or line (page 1, a made-up box), confidence
    0.98 except the pieces named in ``unsure``; the Document's cells get them as a reader gives them."""
    from jixiao.inputs.files.scans import Scanned, locate_blocks
    from jixiao.ocr.layout import Piece

    pieces = []
    for row, line in enumerate(text.splitlines()):
        for column, cell in enumerate(c.strip() for c in line.split("|")):
            if cell:
                box = (40.0 + 100 * column, 30.0 + 20 * row, 120.0 + 100 * column, 44.0 + 20 * row)
                pieces.append(Piece(cell, 1, box, unsure.get(cell, 0.98)))
    evaluation, _issues, document = read_text(text, "scan.png")
    document.scanned = Scanned(pieces=pieces, pages=[1])
    locate_blocks(document)
    return evaluation, document, read_facts(document)


def tab001(text: str, unsure: dict[str, float]) -> Issue:
    evaluation, document, facts = ocr_read(text, unsure)
    rules, _ = load_ruleset(None)
    assert rules is not None
    result = evaluate_model(evaluation, rules, "scan.png", document=document, facts=facts)
    [issue] = [i for i in result.issues if i.code == "TAB001"]
    return issue


def test_cells_read_by_ocr_keep_page_box_and_confidence_and_so_do_their_facts() -> None:
    _evaluation, document, facts = ocr_read(OCR_TABLE, {"29": 0.55})
    [table] = document.tables()
    cell = table.rows[-1][2]
    assert (cell.text, cell.page, cell.confidence) == ("149.5", 1, 0.98)
    assert cell.box == (240.0, 130.0, 320.0, 144.0)
    [fact] = [f for f in facts if f.value == Decimal("29")]
    assert (fact.page, fact.confidence, fact.box) == (1, 0.55, (240.0, 110.0, 320.0, 124.0))
    assert fact.as_json()["confidence"] == 0.55


def test_a_total_check_on_sure_ocr_figures_stays_an_error() -> None:
    issue = tab001(OCR_TABLE, {})
    assert issue.severity == Severity.ERROR
    assert "OCR" not in issue.message


def test_a_total_check_citing_an_unsure_part_is_a_warning_that_says_ocr_read_it() -> None:
    issue = tab001(OCR_TABLE, {"29": 0.55})  # a part of the total, not the total's own cell
    assert issue.severity == Severity.WARNING
    assert "文字识别（OCR）" in issue.message
    assert "“29万元”" in issue.message
    assert "第 1 页" in issue.message
    assert "0.55" in issue.message


def test_an_unsure_total_softens_too_and_an_unsure_figure_elsewhere_does_not() -> None:
    assert tab001(OCR_TABLE, {"149.5": 0.7}).severity == Severity.WARNING
    assert tab001(OCR_TABLE, {"120": 0.5, "以上为本年支出情况。": 0.3}).severity == Severity.ERROR
    assert tab001(OCR_TABLE, {"29": TRUST}).severity == Severity.ERROR  # at the threshold: sure


def test_an_unsure_heading_does_not_soften_an_issue_on_another_heading() -> None:
    from jixiao.unsure import soften

    evaluation = seed()
    evaluation.spans["narrative.outline[1]"] = Span(start=131, end=134, page=1, confidence=0.5)
    issue = Issue(
        code="DOC001", severity=Severity.ERROR, message="标题编号不连续", path="narrative.outline[15]"
    )
    [same] = soften([issue], evaluation)
    assert same.severity == Severity.ERROR
    on_it = issue.model_copy(update={"path": "narrative.outline[1]"})
    [softened] = soften([on_it], evaluation)
    assert softened.severity == Severity.WARNING
