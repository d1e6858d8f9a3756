"""A records table kept between requests: the same k/n after storing, no free text kept (not even as a
key), and a formula that needs what was not kept is refused instead of counting wrongly."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from jixiao.model import RecordSource
from jixiao.records import stored, xinfang
from jixiao.records.compute import wanted_columns
from jixiao.records.engine import Period, evaluate
from jixiao.records.formula import FormulaError, parse_formula
from jixiao.records.register import measure_register, read_register
from jixiao.records.table import read_file
from jixiao.records.values import text_key

from .helpers import register, table

Y2024 = Period.year(2024)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-register-2024.xlsx"
NAME, ID_NUMBER = "王小明", "999999199001011234"


def counts(rows: list[object]) -> dict[str, tuple[object, object]]:
    return {row.measure.name: (row.measurement.k, row.measurement.n) for row in rows if row.measurement}  # type: ignore[attr-defined]


def test_the_example_register_gives_the_same_measures_after_storing() -> None:
    read = read_register(EXAMPLE)
    before = counts(measure_register(read, Y2024))
    blob = stored.dump(read_register(EXAMPLE), [])
    again = stored.load(blob)
    assert counts(measure_register(again, Y2024)) == before
    assert before["满意率"] == (846, 851)
    assert (again.sha256, again.rows[:2], again.personal) == (read.sha256, read.rows[:2], read.personal)
    assert len(blob) < 40_000  # 1,032 cases, 14 columns


def test_free_text_is_kept_only_as_a_surrogate() -> None:
    rows = [
        {"编号": "A1", "类别": "培训", "登记日期": "2024-03-01"},
        {"编号": NAME, "类别": ID_NUMBER, "登记日期": "2024-03-02"},  # a register whose columns slipped
        {"编号": "A1", "类别": "会议", "登记日期": "2024-03-03"},
    ]
    source = table(rows, ["编号", "类别", "登记日期"])
    formulas = [parse_formula("share(类别 = 培训)"), parse_formula("count(类别 != 会议)")]
    kept = stored.compared_values(formulas, source.columns).values()
    blob = stored.dump(source, kept)
    text = zlib.decompress(blob).decode("utf-8")
    for secret in (NAME, ID_NUMBER):
        assert secret not in text
        assert f"{text_key(secret):x}" not in text  # not even its key
    assert f"{text_key('培训'):x}" in text
    again = stored.load(blob)
    for formula in ("share(类别 = 培训)", "count(类别 != 会议)", "count(编号 = 编号)"):
        assert (
            evaluate(parse_formula(formula), again, Y2024).k
            == evaluate(parse_formula(formula), source, Y2024).k
        )
    numbers = again.columns["编号"].values
    assert numbers[0] == numbers[2] != numbers[1]  # duplicates stay duplicates


def test_a_value_that_was_not_kept_is_refused_not_miscounted() -> None:
    source = table([{"类别": "培训"}, {"类别": "会议"}], ["类别"])
    again = stored.load(
        stored.dump(source, stored.compared_values([parse_formula("count(类别 = 培训)")]).values())
    )
    assert evaluate(parse_formula("count(类别 = 培训)"), again, Y2024).k == 1
    with pytest.raises(FormulaError, match="重新上传"):
        evaluate(parse_formula("count(类别 = 会议)"), again, Y2024)


def test_closed_lists_of_the_register_are_always_kept() -> None:
    source = register([{"编号": "1", "登记日期": "2024-01-02", "渠道": "网上", "评价": "满意"}])
    xinfang.complete(source)
    again = stored.load(stored.dump(source, []))
    assert evaluate(parse_formula("count(渠道 = 来信)"), again, Y2024).k == 0  # 来信 was never typed
    assert evaluate(parse_formula("count(渠道 = 网上 且 评价 = 满意)"), again, Y2024).k == 1


def test_a_column_of_the_file_that_was_not_read_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("编号,类别,备注\nA1,培训,x\n", encoding="utf-8")
    read = read_file(
        tmp_path / "t.csv",
        "t",
        wanted_columns(RecordSource(name="t"), [parse_formula("count(类别 = 培训)")]),
        sheet=None,
        header_row=None,
    )
    assert read.ignored == ["编号", "备注"]
    with pytest.raises(FormulaError, match="“备注”列未读取"):
        evaluate(parse_formula("count(备注 = x)"), read, Y2024)  # was: 备注 read as a value, k = 0


def test_a_register_formula_may_use_a_column_outside_the_schema(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "编号,登记日期,街道\n1,2024-01-02,东区\n2,2024-01-03,西区\n", encoding="utf-8"
    )
    measure = parse_formula("count(街道 = 东区)")
    wanted = wanted_columns(RecordSource(name="r", kind="xinfang"), [measure])
    assert [spec.name for spec in wanted][-1] == "街道"
    read = read_file(tmp_path / "r.csv", "r", wanted, sheet=None, header_row=None)
    assert evaluate(measure, read, Y2024).k == 1


def test_a_blob_is_bounded_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(stored.StoredTableError):
        stored.load(b"not zlib")
    with pytest.raises(stored.StoredTableError):
        stored.load(zlib.compress(json.dumps({"format": 99}).encode()))
    blob = stored.dump(table([{"a": "1"}] * 500, ["a"]), [])
    monkeypatch.setattr(stored, "MAX_INFLATED", 100)
    with pytest.raises(stored.StoredTableError, match="too large"):
        stored.load(blob)
