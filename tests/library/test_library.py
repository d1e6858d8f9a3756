"""The indicator library: every shipped entry parses and is consistent; examples map to it; a bureau's own
file extends it, and its mistakes are located issues."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao import library
from jixiao.cli import app
from jixiao.inputs.structured.yaml_io import load_yaml
from jixiao.library import DIRECTION_LABELS, has_date, load_library
from jixiao.model import walk_indicators
from jixiao.values import parse_value

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SECTORS = {"共性", "信访", "教育", "卫健", "农业农村", "交通", "民政", "档案"}

# Indicators of the examples that are the department's own (个性), on purpose: no library entry fits.
CUSTOM = {
    "yanfeng-xinfang-2024.yaml": {
        "区人民来访接待中心窗口服务",  # a qualitative description of the reception window's work
        "信访工作法治化",
        "信访积案处理",  # qualitative (按质按量完成); the measurable form is xinfang.backlog-resolution-rate
        "强化督导",
        "信访法规政策的宣传",
        "强化信访源头治理",
        "维稳工作",
    },
    "hunan-dept-2018.yaml": set(),
    "clean-archives-2024.yaml": set(),
}


def test_every_shipped_entry_parses() -> None:
    found, issues = load_library()
    assert issues == []
    assert len(found) >= 100
    assert set(found.sectors) >= SECTORS
    for sector in SECTORS - {"共性"}:
        assert len(found.search(sector=sector)) >= 10, sector
    assert {e.framework for e in found.search(sector="共性")} == {"cz2013", "cz2020"}


@pytest.mark.parametrize("entry", load_library()[0].entries, ids=lambda e: e.id)
def test_unit_and_direction_agree_with_the_target_form(entry: library.LibraryEntry) -> None:
    """As the value parser (jixiao.values) reads the entry's usual target."""
    parsed = parse_value(entry.target)
    quantity = parsed.quantity
    if entry.form == "text":
        assert parsed.form in ("words", "status"), parsed.form
        assert (entry.unit, entry.direction) == (None, None)
        assert entry.kind == "qualitative"
        return
    assert entry.kind == "quantitative"
    if entry.form == "date":
        assert parsed.form == "deadline"
        assert has_date(entry.target)
        assert entry.unit is None
        assert entry.direction == parsed.direction == "<="
        return
    assert parsed.form == "number", f"{entry.target} is read as {parsed.form}"
    assert quantity is not None
    assert parsed.direction == entry.direction, f"{entry.target}: {parsed.direction} ≠ {entry.direction}"
    assert entry.unit is not None
    # the parser reads the unit of a rate per unit (元/亩) as its money unit (元): the entry's begins with it
    assert entry.unit.startswith(quantity.unit), f"{entry.target}: unit {quantity.unit} ≠ {entry.unit}"
    assert entry.unit in entry.target
    expected = {"percent": "percent", "money": "money", "duration": "duration"}.get(entry.form)
    if expected:
        assert quantity.dimension == expected, f"{entry.target}: {quantity.dimension}"
    else:
        assert quantity.dimension not in ("percent", "money", "duration")


def test_names_are_unique_within_a_level_path() -> None:
    seen: dict[tuple[str, tuple[str, ...]], str] = {}
    for entry in load_library()[0].entries:
        key = (library.plain(entry.name), entry.path)
        assert key not in seen, f"{entry.id} repeats {seen[key]}"
        seen[key] = entry.id


@pytest.mark.parametrize("example", sorted(CUSTOM))
def test_every_example_indicator_maps_to_the_library_or_is_custom_on_purpose(example: str) -> None:
    evaluation, issues = load_yaml(EXAMPLES / example)
    assert evaluation is not None, issues
    found = load_library()[0]
    prefer = ("cz2013",) if evaluation.ruleset == "cz2013-dept" or "hunan" in example else ("cz2020",)
    unmatched, matched = set(), {}
    for path, node, _depth in walk_indicators(evaluation.indicators):
        if node.children:
            continue
        ancestors = path.split(".")[1:-1]
        entry = found.match(node.name, ancestors, prefer)
        if entry is None:
            unmatched.add(node.name)
        else:
            matched[node.name] = entry.id
    assert unmatched == CUSTOM[example]
    assert matched, "no indicator of the example is in the library"


def test_matching_uses_the_categories_above_and_the_preferred_framework() -> None:
    found = load_library()[0]
    budget = found.match("管理制度健全性", ["过程", "预算管理"])
    assets = found.match("管理制度健全性", ["过程", "资产管理"])
    assert budget is not None
    assert assets is not None
    assert (budget.id, assets.id) == ("cz2013.budget-rules-sound", "cz2013.asset-rules-sound")
    assert found.match("资金使用合规性", [], prefer=("cz2013",)).id == "cz2013.funds-compliance"
    assert found.match("资金使用合规性", []).id == "cz2020.funds-compliance"
    assert found.match("“三公经费”变动率").id == found.match('"三公"经费变动率').id
    assert found.match("没有这个指标") is None


def _bureau_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bureau.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_bureau_file_extends_the_library(tmp_path: Path) -> None:
    path = _bureau_file(
        tmp_path,
        "sector: 信访\nindicators:\n"
        "  - {id: county.xinfang.hotline, name: 信访热线接通率, path: [产出指标, 质量指标],"
        " definition: 接通的来电 ÷ 来电总数, form: percent, target: ≥95%, unit: '%', direction: '>=',"
        " data_source: 热线系统, records: true}\n",
    )
    extended, issues = load_library([path])
    assert issues == []
    assert extended.get("county.xinfang.hotline").sector == "信访"
    assert len(extended) == len(load_library()[0]) + 1


def test_a_bureau_id_already_used_is_refused(tmp_path: Path) -> None:
    path = _bureau_file(
        tmp_path,
        "sector: 信访\nindicators:\n"
        "  - {id: xinfang.satisfaction-rate, name: 另一个满意率, path: [满意度指标], definition: x,"
        " form: percent, target: ≥90%, unit: '%', direction: '>=', data_source: x}\n",
    )
    extended, issues = load_library([path])
    assert [i.code for i in issues] == ["LIB002"]
    assert extended.get("xinfang.satisfaction-rate").name == "信访事项群众满意率"


def test_a_bad_bureau_entry_is_a_located_issue(tmp_path: Path) -> None:
    path = _bureau_file(
        tmp_path,
        "sector: 信访\nindicators:\n  - id: ok.one\n    name: 甲\n    path: [产出指标]\n"
        "    definition: x\n    form: percentage\n    target: ≥1%\n    data_source: x\n",
    )
    _, issues = load_library([path])
    assert [i.code for i in issues] == ["LIB001"]
    assert issues[0].line == 7
    assert "form" in issues[0].message
    broken = _bureau_file(tmp_path, "sector: [unclosed\n")
    _, issues = load_library([broken])
    assert issues[0].code == "LIB001"
    assert issues[0].line is not None


def test_library_files_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = _bureau_file(tmp_path, "sector: 信访\n# " + "x" * 200 + "\n")
    monkeypatch.setattr(library, "MAX_FILE_BYTES", 100)
    _, issues = load_library([big])
    assert issues
    assert "超过" in issues[0].message
    monkeypatch.setattr(library, "MAX_FILE_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(library, "MAX_ENTRIES", 2)
    many = _bureau_file(
        tmp_path,
        "sector: 信访\nindicators:\n"
        + "".join(
            f"  - {{id: b.n{i}, name: 指标{i}, path: [产出指标], definition: x, form: text, target: 完成,"
            " data_source: x}\n"
            for i in range(3)
        ),
    )
    extended, issues = load_library([many])
    assert "b.n1" in extended.by_id
    assert "b.n2" not in extended.by_id
    assert any("超过 2 项" in i.message for i in issues)


def test_cli_lists_by_sector_and_search() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["indicators", "--sector", "信访", "--search", "满意", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "信访事项群众满意率" in result.output
    assert "学生及家长满意度" not in result.output
    unknown = runner.invoke(app, ["indicators", "--sector", "不存在"])
    assert unknown.exit_code == 2
    assert DIRECTION_LABELS[">="] == "≥"
