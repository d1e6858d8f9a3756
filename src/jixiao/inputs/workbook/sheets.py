"""The sheets of the input workbook → the plain data ``build_evaluation`` validates, with locations.

The indicator tree is rebuilt from flat rows: the deepest name filled (一级 → 二级 → 三级) is the row's
level; a row with only 一级 (or 一级 and 二级) filled is that category itself and carries its weight and
score; an empty 一级/二级 on a deeper row means "as above"; a name that differs from the current one
opens a new category with no figures of its own (its weight and score follow from its children).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from jixiao.inputs.workbook import layout
from jixiao.inputs.workbook.cells import CODE_REQUIRED, CODE_STRUCTURE, Cell, CellIssues, convert, text_of
from jixiao.model import Span

CODE_LAYOUT = "INP023"
_UNIT_SUFFIX_RE = re.compile(r"（[^（）]*）$")


def normalise_label(text: str) -> str:
    """A header or label as compared: no spaces, full-width brackets, no （必填） or unit suffix."""
    plain = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace("*", "")
    plain = plain.replace("（必填）", "")
    return _UNIT_SUFFIX_RE.sub("", plain) or plain


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """``set_path(d, "declared.total_score", v)`` creates the intermediate mappings."""
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


@dataclass
class Sheet:
    """A sheet's rows as (value, number format) pairs, 0-based."""

    name: str
    rows: list[list[tuple[Any, str]]]

    def cell(self, row: int, col: int, header: str) -> Cell:
        values = self.rows[row] if row < len(self.rows) else []
        value, number_format = values[col] if col < len(values) else (None, "General")
        return Cell(self.name, row + 1, get_column_letter(col + 1), header, value, number_format or "General")

    def columns(
        self, spec: tuple[layout.Column, ...], out: CellIssues
    ) -> dict[str, tuple[int, layout.Column]] | None:
        """Key → (index, column) by the header text in row 1; None (with an issue) if no header is known."""
        wanted = {normalise_label(column.header): column for column in spec}
        found: dict[str, tuple[int, layout.Column]] = {}
        for col in range(len(self.rows[0]) if self.rows else 0):
            text = text_of(self.cell(0, col, "表头"))
            column = wanted.get(normalise_label(text)) if text else None
            if column is not None and column.key not in found:
                found[column.key] = (col, column)
        if found.get(spec[0].key) is None:
            expected = "、".join(column.header for column in spec[:4])
            out.error(
                self.cell(0, 0, "表头"),
                f"第 1 行不是预期的表头（应有 {expected} 等列）",
                code=CODE_LAYOUT,
                hint="请勿修改模板的表头文字；可用 jixiao template 重新生成模板",
            )
            return None
        return found

    def record(
        self,
        row: int,
        columns: dict[str, tuple[int, layout.Column]],
        out: CellIssues,
        skip: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], dict[str, Span]]:
        """One table row: key → converted value (filled cells only), key → where it stands."""
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        for key, (col, column) in columns.items():
            if key in skip:
                continue
            cell = self.cell(row, col, column.header)
            spans[key] = cell.span
            value = convert(cell, column.type, out)
            if value is not None:
                values[key] = value
        return values, spans


def read_basic(sheet: Sheet, data: dict[str, Any], locations: dict[str, Span], out: CellIssues) -> None:
    """基本信息: value in column B of the row whose column A holds the field's label."""
    fields = {normalise_label(field.label): field for field in (*layout.BASIC_FIELDS, *layout.DEPT_FIELDS)}
    seen: set[str] = set()
    for row in range(1, len(sheet.rows)):
        label = text_of(sheet.cell(row, 0, "项目"))
        field = fields.get(normalise_label(label)) if label else None
        if field is None or field.path in seen:
            continue
        seen.add(field.path)
        cell = sheet.cell(row, 1, field.label)
        locations[field.path] = cell.span
        value = convert(cell, field.type, out)
        if value is not None:
            set_path(data, field.path, value)
        elif field.required and cell.empty:
            out.error(cell, "必填项未填写", code=CODE_REQUIRED)
    for field in layout.BASIC_FIELDS:
        if field.required and field.path not in seen:
            out.error(
                sheet.cell(0, 0, "项目"),
                f"缺少“{field.label}”一行（A 列应有该名称，B 列填写内容）",
                code=CODE_LAYOUT,
                hint="请勿修改模板的 A 列文字；可用 jixiao template 重新生成模板",
            )


def read_budget(sheet: Sheet, data: dict[str, Any], locations: dict[str, Span], out: CellIssues) -> None:
    """预算: the fixed rows by their 行次 label, then one project per further filled row."""
    columns = sheet.columns(layout.BUDGET_COLUMNS, out)
    if columns is None:
        return
    paths = {normalise_label(label): path for label, path in layout.BUDGET_ROWS}
    items: list[dict[str, Any]] = []
    row_col = columns["row"][0]
    for row in range(1, len(sheet.rows)):
        label_cell = sheet.cell(row, row_col, "行次")
        label = text_of(label_cell)
        values, spans = sheet.record(row, columns, out, skip=("row",))
        path = paths.get(normalise_label(label)) if label else None
        if path is not None:
            for key, value in values.items():
                set_path(data, f"budget.{path}.{key}", value)
            locations.update({f"budget.{path}.{key}": span for key, span in spans.items()})
            locations[f"budget.{path}"] = label_cell.span
        elif label in {None, layout.PROJECT_ROW_LABEL}:
            if not values:
                continue
            if "name" not in values:
                out.error(
                    sheet.cell(row, columns["name"][0] if "name" in columns else row_col, "名称"),
                    "项目行须填写项目名称",
                    code=CODE_STRUCTURE,
                )
            prefix = f"budget.project.items[{len(items)}]"
            locations.update({f"{prefix}.{key}": span for key, span in spans.items()})
            items.append(values)
        else:
            known = "、".join(label for label, _ in layout.BUDGET_ROWS)
            out.error(label_cell, f"未知的行次“{label}”", code=CODE_LAYOUT, hint=f"行次应为 {known} 或 项目")
    if items:
        set_path(data, "budget.project.items", items)


class _TreeBuilder:
    """Flat indicator rows → nested dicts, each node's input path recorded for locations."""

    def __init__(self, locations: dict[str, Span]) -> None:
        self.roots: list[dict[str, Any]] = []
        self.locations = locations
        self.current: list[tuple[dict[str, Any], str]] = []  # (node, path) for level 1 and level 2

    def add(self, level: int, name: str, values: dict[str, Any], spans: dict[str, Span], at: Span) -> None:
        """Open a node at ``level`` (1 or 2, or 3 under the current level 2 or level 1)."""
        parent = self.current[min(level, len(self.current) + 1) - 2] if level > 1 else None
        siblings = self.roots if parent is None else parent[0].setdefault("children", [])
        path = "indicators" if parent is None else f"{parent[1]}.children"
        path = f"{path}[{len(siblings)}]"
        node = {"name": name, **values}
        siblings.append(node)
        self.locations[path] = at
        self.locations[f"{path}.name"] = at
        self.locations.update({f"{path}.{key}": span for key, span in spans.items()})
        if level <= 2:
            self.current = [*self.current[: level - 1], (node, path)]

    def name_at(self, level: int) -> str | None:
        return self.current[level - 1][0]["name"] if len(self.current) >= level else None


def library_id_in(text: str) -> str:
    """The id in a drop-down label ``群众满意率（xinfang.satisfaction-rate）``, else the text itself."""
    match = re.search(r"[（(]\s*([a-z0-9][a-z0-9.\-]*)\s*[）)]\s*$", text)
    return match.group(1) if match else text.strip()


def read_indicators(sheet: Sheet, data: dict[str, Any], locations: dict[str, Span], out: CellIssues) -> None:
    """指标: one row per node; see the module docstring for how rows become the tree."""
    columns = sheet.columns(layout.INDICATOR_COLUMNS, out)
    if columns is None:
        return
    tree = _TreeBuilder(locations)
    name_keys = ("level1", "level2", "level3")
    for row in range(1, len(sheet.rows)):
        name_cells = [
            sheet.cell(row, columns[k][0], columns[k][1].header) if k in columns else None for k in name_keys
        ]
        names = [text_of(cell) if cell is not None else None for cell in name_cells]
        values, spans = sheet.record(row, columns, out, skip=name_keys)
        if isinstance(values.get("library_id"), str):  # "名称（编号）" as the drop-down offers it, or the id
            values["library_id"] = library_id_in(values["library_id"])
        bind_records(values, spans)
        if not any(names) and not values:
            continue
        level = next((i + 1 for i in (2, 1, 0) if names[i]), 0)
        first = next(cell for cell in name_cells if cell is not None)
        if level == 0:
            out.error(first, "该行填写了数据，但没有指标名称", code=CODE_STRUCTURE)
            continue
        here = (name_cells[level - 1] or first).span
        if level > 1 and names[0] and names[0] != tree.name_at(1):
            tree.add(1, names[0], {}, {}, here)
        if level > 1 and tree.name_at(1) is None:
            out.error(first, "未填写一级指标（第一个指标行必须写明所属的一级指标）", code=CODE_STRUCTURE)
            continue
        if level == 3 and names[1] and names[1] != tree.name_at(2):
            tree.add(2, names[1], {}, {}, here)
        tree.add(level, str(names[level - 1]), values, spans, here)
    if tree.roots:
        data["indicators"] = tree.roots


def read_simple_tables(
    sheets: dict[str, Sheet], data: dict[str, Any], locations: dict[str, Span], out: CellIssues
) -> None:
    """比率 (one fact per row), 问题与措施 (one item per row and column), 报告提纲 (one heading per row)."""
    if layout.RATES in sheets:
        rates = _rows(sheets[layout.RATES], layout.RATE_COLUMNS, "rates", locations, out)
        if rates:
            data["rates"] = rates
    if layout.PROBLEMS in sheets:
        sheet = sheets[layout.PROBLEMS]
        columns = sheet.columns(layout.PROBLEM_COLUMNS, out) or {}
        for key, (col, column) in columns.items():
            items: list[str] = []
            for row in range(1, len(sheet.rows)):
                cell = sheet.cell(row, col, column.header)
                text = text_of(cell)
                if text:
                    locations[f"narrative.{key}[{len(items)}]"] = cell.span
                    items.append(text)
            if items:
                set_path(data, f"narrative.{key}", items)
    if layout.RECORD_SOURCES in sheets:
        sources = _rows(
            sheets[layout.RECORD_SOURCES], layout.RECORD_SOURCE_COLUMNS, "records", locations, out
        )
        if sources:
            data["records"] = sources
    if layout.OUTLINE in sheets:
        outline = _rows(sheets[layout.OUTLINE], layout.OUTLINE_COLUMNS, "narrative.outline", locations, out)
        if outline:
            set_path(data, "narrative.outline", [{"title": "", **section} for section in outline])


def _rows(
    sheet: Sheet, spec: tuple[layout.Column, ...], prefix: str, locations: dict[str, Span], out: CellIssues
) -> list[dict[str, Any]]:
    columns = sheet.columns(spec, out)
    if columns is None:
        return []
    found: list[dict[str, Any]] = []
    for row in range(1, len(sheet.rows)):
        values, spans = sheet.record(row, columns, out)
        bind_records(values, spans)
        if values:
            locations.update({f"{prefix}[{len(found)}].{key}": span for key, span in spans.items()})
            found.append(values)
    return found


def bind_records(values: dict[str, Any], spans: dict[str, Span]) -> None:
    """计算来源 and 计算公式 of a row become its ``computed: {source, formula}`` (both or neither: the
    model says which one is missing, at its cell)."""
    source, formula = values.pop("computed_source", None), values.pop("computed_formula", None)
    for key, field in (("computed_source", "source"), ("computed_formula", "formula")):
        if key in spans:
            spans[f"computed.{field}"] = spans.pop(key)
    if source is not None or formula is not None:
        values["computed"] = {"source": source, "formula": formula}


def bind_register(data: dict[str, Any], sheets: dict[str, Sheet]) -> None:
    """A figure bound to the source 台账, which the 台账来源 sheet does not declare, reads this
    workbook's 台账 sheet as a 信访 register."""
    declared = {source.get("name") for source in data.get("records", [])}
    if layout.REGISTER not in sheets or layout.REGISTER in declared:
        return
    nodes: list[dict[str, Any]] = list(data.get("rates", []))
    stack: list[dict[str, Any]] = list(data.get("indicators", []))
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("children", []))
    if any((node.get("computed") or {}).get("source") == layout.REGISTER for node in nodes):
        register = {"name": layout.REGISTER, "kind": "xinfang", "sheet": layout.REGISTER}
        data["records"] = [*data.get("records", []), register]
