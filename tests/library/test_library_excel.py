"""The library in the Excel template: drop-downs on the hidden sheet, and the library id kept through a
workbook (as the id, or as the "名称（编号）" label the drop-down offers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from jixiao.inputs.structured.yaml_io import load_yaml
from jixiao.inputs.workbook.write import load_workbook, write_template, write_workbook
from jixiao.library import default_library
from jixiao.model import walk_indicators

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_template_offers_library_names_and_ids_as_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    header = [cell.value for cell in sheet[1]]
    lists = book["下拉选项"]
    by_name = {lists.cell(1, col).value: col for col in range(1, lists.max_column + 1)}
    labels = [lists.cell(row, by_name["library"]).value for row in range(2, lists.max_row + 1)]
    assert "信访事项群众满意率（xinfang.satisfaction-rate）" in labels
    assert len([x for x in labels if x]) == len(default_library())
    sources = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    library_column = openpyxl.utils.get_column_letter(header.index("指标库编号") + 1)
    name_column = openpyxl.utils.get_column_letter(header.index("三级指标") + 1)
    assert openpyxl.utils.get_column_letter(by_name["library"]) in sources[f"{library_column}2"]
    assert openpyxl.utils.get_column_letter(by_name["library_names"]) in sources[f"{name_column}2"]


def test_library_id_survives_a_workbook(tmp_path: Path) -> None:
    evaluation, _ = load_yaml(EXAMPLES / "clean-archives-2024.yaml")
    assert evaluation is not None
    leaves = [node for _, node, _ in walk_indicators(evaluation.indicators) if not node.children]
    leaves[0].library_id = "archives.digitised-pages"
    path = tmp_path / "book.xlsx"
    write_workbook(evaluation, path)
    loaded, issues = load_workbook(path)
    assert loaded is not None, [i.one_line() for i in issues]
    ids = [node.library_id for _, node, _ in walk_indicators(loaded.indicators) if not node.children]
    assert ids[0] == "archives.digitised-pages"
    assert ids[1:] == [None] * (len(ids) - 1)

    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("指标库编号") + 1
    row = next(
        r for r in range(2, sheet.max_row + 1) if any(c.value == "档案查阅服务人次" for c in sheet[r][:3])
    )
    sheet.cell(row, column).value = "档案查阅服务人次（archives.reading-room-visits）"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    reloaded, issues = load_workbook(edited)
    assert reloaded is not None, [i.one_line() for i in issues]
    found = {node.name: node.library_id for _, node, _ in walk_indicators(reloaded.indicators)}
    assert found["档案查阅服务人次"] == "archives.reading-room-visits"
