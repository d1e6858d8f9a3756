"""The form's tables as HTML built in Python (``format_html``: every value escaped as ``{{ }}`` would).

The report page holds a budget table and up to 300 indicator rows of seven cells, each with its issue
slots and comments. Through the template engine that was ~20 template nodes per cell, most of the page's
CPU; here each row is one ``format_html`` call. Markup and ids are those the live preview swaps
(``iss-…`` slots) and the tests and browser flows look for.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from jixiao.issues import Issue
from jixiao.numbers import round_half_up
from jixiao.web.forms import KINDS, Cell, Layout, Row
from jixiao.web.labels import field_label


def _escaped(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return escape(value)
    if kind is int or kind is Decimal:  # digits, sign, point: nothing to escape
        return str(value)
    return value if isinstance(value, SafeString) else escape(str(value))


def format_html(template: str, *args: Any) -> SafeString:
    """``django.utils.html.format_html`` without its lazy-string machinery (a third of the page's CPU):
    every argument escaped (``& < > " '``) unless it is already safe markup or a number."""
    return SafeString(template.format(*map(_escaped, args)))


EMPTY = mark_safe("")  # constant markup
SELECTED = mark_safe(" selected")
PLACEHOLDER = mark_safe(' placeholder="新增指标名称"')
LEVELS = (1, 2, 3)
COMMENT = '<div class="comment">💬 {}：{}</div>'


def issue_html(issue: Issue) -> SafeString:
    """One issue: severity, code, message, expected/found, hint (every issue list of the app)."""
    detail = EMPTY
    if issue.expected is not None or issue.found is not None:
        detail = format_html("（应为 {}，实为 {}）", issue.expected or "—", issue.found or "—")
    hint = format_html("<br><small>建议：{}</small>", issue.hint) if issue.hint else EMPTY
    return format_html(
        '<div class="issue sev-{}" data-code="{}" data-path="{}"><b>{}</b> [{}] {}{}{}</div>',
        issue.severity.value, issue.code, issue.path or "", issue.severity.label, issue.code, issue.message,
        detail, hint,
    )  # fmt: skip


def source_issue_html(issue: Issue) -> SafeString:
    """An issue of an uploaded published report: its line in the document, then the issue."""
    place = format_html("<small>第 {} 行</small> ", issue.line) if issue.line is not None else EMPTY
    return format_html('<div class="source-issue">{}{}</div>', place, issue_html(issue))


def issues_html(slot: str, issues: list[Issue]) -> SafeString:
    """An issue slot (the live preview replaces it by id) with its issues."""
    if not issues:  # most slots: nothing to escape but the id
        return SafeString(f'<div class="issues" id="{escape(slot)}"></div>')
    return format_html('<div class="issues" id="{}">{}</div>', slot, _join(issue_html(i) for i in issues))


def _join(parts: Any) -> SafeString:
    return mark_safe("".join(parts))


def _comments(cell: Cell) -> SafeString:
    return _join(
        format_html(
            '<div class="comment">💬 {}：{}</div>', c.author.get_username() if c.author else "", c.text
        )
        for c in cell.comments
    )


def _cell_tail(cell: Cell) -> SafeString:
    if not cell.comments:
        return issues_html(cell.slot, cell.issues)
    return format_html("{}{}", issues_html(cell.slot, cell.issues), _comments(cell))


def budget_html(rows: list[Row], editable: bool) -> SafeString:
    """The budget table's body: a row per budget line, a cell per column, each with its issue slot."""
    out = []
    for row in rows:
        cells = []
        for cell in row.cells:
            if editable:
                field = format_html(
                    '<input type="text" name="{}" value="{}" data-path="{}" aria-label="{}{}" '
                    'inputmode="decimal">', cell.name, cell.value, cell.path, row.label, cell.label,
                )  # fmt: skip
            else:
                field = format_html('<span class="ro" data-path="{}">{}</span>', cell.path, cell.value)
            cells.append(format_html("<td>{}{}</td>", field, _cell_tail(cell)))
        if len(row.cells) == 4:
            cells.append(mark_safe("<td></td>"))
        out.append(format_html('<tr data-path="{}"><th>{}{}</th>{}</tr>\n', row.path, row.label,
                               issues_html(row.slot, row.issues), _join(cells)))  # fmt: skip
    return _join(out)


LEVEL_OPTIONS = {  # constant markup for each selected level (none selected for another)
    level: "".join(f'<option value="{v}"{" selected" if v == level else ""}>{v}级</option>' for v in LEVELS)
    for level in (0, *LEVELS)
}


def _level_select(n: int, level: int) -> SafeString:
    options = LEVEL_OPTIONS.get(level, LEVEL_OPTIONS[0])
    return SafeString(f'<select name="ind-{int(n)}-level" aria-label="级次">{options}</select>')


def _kind_select(cell: Cell) -> SafeString:
    options = _join(
        format_html(
            '<option value="{}"{}>{}</option>', value, SELECTED if value == cell.value else EMPTY, label
        )
        for value, label in KINDS
    )
    return format_html(
        '<select name="{}" data-path="{}" aria-label="类型">{}</select>', cell.name, cell.path, options
    )


def _prior_html(prior: dict[str, Any] | None) -> SafeString:
    """Last year's actual and score under this year's actual (a report begun by ``jixiao next``)."""
    if not prior:
        return EMPTY
    score = prior.get("rule_score", prior.get("score"))
    return format_html(
        '<small class="prior" title="上年（{}年）的实际完成值和得分">上年：{}{}</small>',
        prior.get("year") or "", prior.get("actual") or "—",
        format_html("，得分 {}", score) if score is not None else EMPTY,
    )  # fmt: skip


def computed_html(figure: dict[str, Any] | None) -> SafeString:
    """ "由台账计算" with k/n under an actual computed from records (or why it could not be)."""
    if not figure:
        return EMPTY
    if figure.get("error"):
        return format_html('<small class="computed error" title="{}">台账计算未完成</small>', figure["error"])
    value = figure.get("value")
    shown = f"{figure.get('k')}/{figure.get('n')}" if figure.get("n") is not None else str(figure.get("k"))
    if value is not None and figure.get("unit") == "%":
        shown += f" = {round_half_up(Decimal(value), 2)}%"
    return format_html(
        '<small class="computed" title="{}：{}">由台账计算：{}</small>', figure.get("source", ""),
        figure.get("formula", ""), shown,
    )  # fmt: skip


def indicator_row_html(n: int, row: Row, editable: bool) -> SafeString:
    """One indicator row numbered ``n`` (its fields are ``ind-n-…``)."""
    if editable:
        first = format_html(
            '<input type="hidden" name="ind-{}-orig" value="{}">{}<button type="button" class="row-remove" '
            'title="删除该行（保存后生效）" aria-label="删除该行">✕</button>',
            n, row.orig, _level_select(n, row.level),
        )  # fmt: skip
    else:
        first = format_html("{}级", row.level)
    cells = []
    for position, cell in enumerate(row.cells, start=1):
        if editable and position == 2:
            field = _kind_select(cell)
        elif editable:
            placeholder = PLACEHOLDER if position == 1 and not row.orig else EMPTY
            field = format_html(
                '<input type="text" name="{}" value="{}" data-path="{}" aria-label="{}"{}>',
                cell.name, cell.value, cell.path, cell.label, placeholder,
            )  # fmt: skip
        else:
            field = format_html('<span class="ro" data-path="{}">{}</span>', cell.path, cell.shown)
        row_slot = issues_html(row.slot, row.issues) if position == 1 else EMPTY
        if position == 4:  # under the actual: computed from records, last year's (jixiao next)
            row_slot = format_html("{}{}", computed_html(row.records), _prior_html(row.prior))
        cells.append(format_html('<td class="c-{}">{}{}{}</td>', position, field, row_slot, _cell_tail(cell)))
    return format_html(
        '<tr class="lvl-{}{}" data-path="{}" id="ind-row-{}"><td>{}</td>{}</tr>\n',
        row.level, "" if row.orig else " blank-row", row.path, n, first, _join(cells),
    )  # fmt: skip


def indicators_html(rows: list[Row], editable: bool) -> SafeString:
    return _join(indicator_row_html(n, row, editable) for n, row in enumerate(rows))


def preview_slots_html(slots: list[tuple[str, list[Issue]]]) -> SafeString:
    """Every issue slot of the form, swapped out of band by the live preview (empty ones clear theirs)."""
    return _join(
        format_html(
            '<div class="issues" id="{}" hx-swap-oob="true">{}</div>\n',
            slot,
            _join(issue_html(i) for i in issues),
        )
        for slot, issues in slots
    )


def field_options_html(form: Layout) -> SafeString:
    """The comment form's choice of field: every field of the form, by its readable Chinese name."""
    paths = [c.path for row in form.budget for c in row.cells]
    paths += [c.path for row in form.indicators if row.orig for c in row.cells]
    paths += [c.path for c in form.scalars]
    return _join(format_html('<option value="{}">{}</option>', path, field_label(path)) for path in paths)
