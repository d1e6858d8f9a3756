"""OCR of scans (issue 17): a table read back as rows of cells, a mixed PDF, a garbage text layer, the limits.

Kept few and small (each scan is a fraction of a page): the OCR child loads its models in 1–2 s and reads
such a scan in a second or two. Figures are made up.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from jixiao import ocr
from jixiao.inputs.files.read import read_document
from jixiao.inputs.guard import LIMITS, Limits
from jixiao.intake import extract_file
from jixiao.pipeline import evaluate

from .scan_maker import image_pdf, justified_image, mixed_pdf, table_image, text_image

TABLE = [
    ["项目", "全年预算数", "全年执行数", "执行率"],
    ["基本支出", "120.50", "118.20", "98.09%"],
    ["项目支出", "60.00", "57.30", "95.50%"],
    ["合计", "180.50", "175.50", "97.23%"],
]
PROSE = ["本年度全年预算 86.40 万元，实际支出 81.25 万元，", "预算执行率为 94.04%。"]


def test_a_scanned_table_is_read_back_as_rows_of_cells(tmp_path: Path) -> None:
    scan = tmp_path / "自评表.png"
    table_image(TABLE).save(scan, dpi=(150, 150))
    document, issues = read_document(scan)
    assert document is not None, issues
    rows = [line.split("\t") for line in document.text.splitlines() if "\t" in line]
    assert rows == TABLE
    evaluation, _ = extract_file(scan)
    assert evaluation is not None
    assert evaluation.source is not None
    assert evaluation.source.ocr is not None
    assert evaluation.source.ocr.pages == [1]
    amounts = [figure for figure in evaluation.stated if figure.kind == "amount"]
    assert {str(figure.value) for figure in amounts} >= {"120.50", "118.20", "175.50"}
    for figure in amounts:  # each OCR-read figure keeps its page, its box and the recogniser's confidence
        assert figure.page == 1
        assert figure.box is not None
        assert 0.5 < (figure.confidence or 0) <= 1
        left, top, right, bottom = figure.box
        assert 0 <= left < right
        assert 0 <= top < bottom


def test_a_mixed_pdf_reads_text_pages_as_text_and_scanned_pages_by_ocr(tmp_path: Path) -> None:
    pdf = mixed_pdf(
        tmp_path / "mixed.pdf",
        ["Annual self-evaluation, text layer page", "Department budget report 2024"],
        text_image(PROSE),
    )
    evaluation, issues = extract_file(pdf)
    assert evaluation is not None, issues
    assert evaluation.source is not None
    assert evaluation.source.ocr is not None
    assert evaluation.source.ocr.pages == [2]  # the page with a text layer is never OCRed
    values = {str(figure.value): figure for figure in evaluation.stated}
    assert "81.25" in values
    assert values["81.25"].page == 2
    assert all(figure.confidence is None for figure in evaluation.stated if figure.page is None)


def test_a_garbage_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "garbled.pdf", text_image(PROSE), text_layer=list(range(0x41, 0x41 + 40)))
    evaluation, issues = extract_file(pdf)
    assert evaluation is not None, issues
    assert evaluation.source is not None
    assert evaluation.source.ocr is not None
    assert evaluation.source.ocr.pages == [1]
    assert "81.25" in {str(figure.value) for figure in evaluation.stated}


def test_without_the_ocr_extra_jixiao_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "scan.png"
    text_image(PROSE).save(scan)
    result = evaluate(scan)
    assert not result.readable
    [issue] = result.issues
    assert issue.code == "EXT013"
    assert issue.severity.value == "error"
    assert "pip install 'jixiao[ocr]'" in (issue.hint or "")
    pdf = image_pdf(tmp_path / "scan.pdf", text_image(PROSE))
    [issue] = evaluate(pdf).issues
    assert issue.code == "EXT008"
    assert "pip install 'jixiao[ocr]'" in (issue.hint or "")


def test_an_image_with_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000), 1).save(bomb)  # 81 M pixels in a few kilobytes
    assert bomb.stat().st_size < 100_000
    document, issues = read_document(bomb)
    assert document is None
    assert [issue.code for issue in issues] == ["EXT014"]
    assert "too many pixels" in issues[0].message


def test_an_image_file_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LIMITS, "image", Limits(max_bytes=1000))
    scan = tmp_path / "scan.jpg"
    text_image(PROSE).save(scan, quality=90)
    document, issues = read_document(scan)
    assert document is None
    assert [issue.code for issue in issues] == ["EXT002"]


def test_a_page_over_its_time_limit_costs_that_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT", 0.05)  # the models' loading keeps its own allowance
    scan = tmp_path / "scan.png"
    text_image(PROSE).save(scan)
    document, issues = read_document(scan)
    assert document is None
    assert [issue.code for issue in issues] == ["EXT012", "EXT008"]
    assert "超时" in issues[0].message
    assert issues[0].severity.value == "warning"


def test_the_ocr_child_makes_no_network_connection() -> None:
    """Every OCR test above loads the models in a child without network: nothing is fetched at run time."""
    code = (
        "from jixiao.ocr.engine import no_network\n"
        "no_network()\n"
        "import urllib.request\n"
        "try:\n"
        "    urllib.request.urlopen('http://127.0.0.1:9/', timeout=5)\n"
        "except OSError as exc:\n"
        "    print('refused:', exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "makes no network connection" in done.stdout


def test_red_seal_ink_is_removed_and_black_text_under_it_kept() -> None:
    import numpy

    from jixiao.ocr.engine import without_red_ink

    page = numpy.full((20, 20, 3), 255, dtype=numpy.uint8)
    page[0, 0] = (225, 60, 60)  # the seal's red
    page[1, 1] = (40, 10, 10)  # black text under the seal (ink over ink stays dark)
    page[2, 2] = (0, 0, 0)
    clean = without_red_ink(page, 200.0)
    assert clean[0, 0].tolist() == [255, 255, 255]
    assert clean[1, 1].tolist() == [40, 10, 10]
    assert clean[2, 2].tolist() == [0, 0, 0]
    assert page[0, 0].tolist() == [225, 60, 60]  # the caller's raster is left as it was


def test_the_grey_outline_a_jpeg_leaves_round_red_ink_goes_with_it() -> None:
    """A JPEG keeps colour at half resolution: a red stroke comes out outlined in grey without red in it.
    That outline is removed within 1/50 inch of the red (2 px at 200 dpi); black text there is kept, and
    grey further away (a light stroke of text) is kept too."""
    import numpy

    from jixiao.ocr.engine import without_red_ink

    page = numpy.full((20, 20, 3), 255, dtype=numpy.uint8)
    page[10, 5:15] = (225, 60, 60)  # a red stroke
    page[11, 5:15] = (150, 140, 140)  # its grey outline below
    page[9, 8] = (20, 20, 20)  # black text touching it
    page[13, 8] = (150, 140, 140)  # grey three pixels away: out of reach at 200 dpi
    clean = without_red_ink(page, 200.0)
    assert clean[11, 5:15].tolist() == [[255, 255, 255]] * 10
    assert clean[9, 8].tolist() == [20, 20, 20]
    assert clean[13, 8].tolist() == [150, 140, 140]
    assert without_red_ink(page, 300.0)[13, 8].tolist() == [255, 255, 255]  # 3 px reach at 300 dpi


WRONG_TOTAL = [
    ["项目", "全年预算数", "全年执行数"],
    ["人员经费", "120.50", "118.20"],
    ["公用经费", "30.00", "29.00"],
    ["合计", "150.50", "149.70"],  # 118.20 + 29.00 = 147.20
]


def test_a_scanned_table_gives_facts_with_page_box_and_confidence_and_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from jixiao.checks import registry
    from jixiao.cli import app

    scan = tmp_path / "支出表.png"
    table_image(WRONG_TOTAL).save(scan, dpi=(150, 150))
    result = CliRunner().invoke(app, ["extract", str(scan), "--facts", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["value"]: row for row in json.loads(result.output)}
    total = rows["149.70"]
    assert (total["table"], total["page"]) == (0, 1)
    left, top, right, bottom = total["box"]
    assert 0 <= left < right
    assert 0 <= top < bottom
    assert 0.9 < total["confidence"] <= 1
    text = CliRunner().invoke(app, ["extract", str(scan), "--facts"]).output
    assert re.search(r"149\.70\s.*\s第1页\[[\d.,]+\] 识别置信度(?:0\.9\d|1\.00)", text)
    # the relation among OCR-read figures is checked like any other: an error when they were read surely
    [issue] = [i for i in evaluate(scan).issues if i.code == "TAB001"]
    assert (issue.severity.value, issue.found) == ("error", "149.70")
    # ... and a warning saying OCR read them when the recogniser was less sure than the threshold
    monkeypatch.setattr(registry, "TRUST", 1.01)
    [issue] = [i for i in evaluate(scan).issues if i.code == "TAB001"]
    assert issue.severity.value == "warning"
    assert "文字识别（OCR）" in issue.message


def test_check_without_the_ocr_extra_exits_2_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "扫描件.jpg"
    text_image(PROSE).save(scan)
    result = CliRunner().invoke(app, ["check", str(scan)])
    assert result.exit_code == 2
    assert "EXT013" in result.output
    assert "未安装文字识别（OCR）组件" in result.output
    assert "pip install 'jixiao[ocr]'" in result.output


def test_a_line_read_across_a_table_rule_is_cut_at_the_rule() -> None:
    """The detector may read two neighbouring cells as one line (``2850人`` and ``10``); the rule between
    them cuts it, and a cell's wrapped line (``次``, its box overshooting the cell's rule a little) joins
    its own cell."""
    from jixiao.ocr.child import PageRead
    from jixiao.ocr.layout import page_pieces

    rules = {
        "h": [[190.0, 0.0, 600.0], [260.0, 0.0, 600.0]],
        "v": [[50.0, 180.0, 270.0], [180.0, 180.0, 270.0]],
    }
    rules["v"].append([300.0, 180.0, 270.0])
    read = PageRead(
        1,
        [["2850人10", [100.0, 200.0, 220.0, 222.0], 0.97], ["次", [44.0, 228.0, 66.0, 250.0], 0.95]],
        width=600,
        height=800,
        dpi=72.0,
        rules=rules,
    )
    _text, layout, pieces, _edges = page_pieces(read)
    assert [[cell[0] for cell in line] for line in layout if line] == [["2850人次", "10"]]
    cut = {piece.text: piece for piece in pieces}
    assert cut["10"].box[0] == 180  # from the rule on
    assert cut["10"].confidence == 0.97


def test_the_rules_of_a_two_row_table_are_found() -> None:
    """The end of a table carried over to a new page may be two rows, less than an inch high: its column
    rules still make cells (without them a wrapped label ran into the next row)."""
    import numpy

    from jixiao.ocr.engine import rulings

    page = numpy.asarray(table_image([["满意度指标", "群众满意度", "10"], ["总分", "95", "95"]]))
    assert page.shape[0] - 2 * 40 < 150  # the table (the image less its margins) under an inch at 150 dpi
    found = rulings(page, 0.0, 150.0)
    assert len(found["h"]) == 3
    assert len(found["v"]) == 4


JUSTIFIED = [
    [
        "本单位严格按照预算管理的有关规定组织实施项目，资金拨付及时，核",
        "算规范，会计资料完整，各项支出均严格按规定程序审批。本年度财政拨款",
        "全年预算数1303.55万元，全年执行数1301.06万元，执行率",
        "99.81%。",
    ],
    ["项目支出情况说明"],
    ["2024年度项目年初预算安排89.92万元，实际支出88.40万元。"],
]


def test_a_justified_line_of_a_scan_is_joined_by_where_it_ends_not_by_its_characters(tmp_path: Path) -> None:
    """A justified line of digits reaches the right margin with fewer characters than a line of Chinese:
    counted, it looked short and ``99.81%。`` stayed on a line of its own (the seed's BUD006 was lost
    from its scan). The recogniser's boxes say where each line really ends."""
    from jixiao.inputs.files.pdf_layout import text_width

    full, digits = JUSTIFIED[0][1], JUSTIFIED[0][2]
    assert text_width(digits) + text_width("99.81%") < text_width(full) - 2  # counting would not join
    scan = tmp_path / "说明.png"
    justified_image(JUSTIFIED).save(scan, dpi=(150, 150))
    document, issues = read_document(scan)
    assert document is not None, issues
    lines = document.text.split("\n")
    [joined] = [line for line in lines if "执行率" in line]
    assert joined.startswith("本单位")
    assert joined.endswith("执行率99.81%。")
    # a short line (a title) stays apart from the paragraph after it, which starts indented
    assert "项目支出情况说明" in lines
    assert any(line.startswith("2024年度项目") for line in lines)


def test_line_edges_need_three_lines_at_the_right_margin_and_keep_the_shorter_of_two_readings() -> None:
    """The column's margins are measured only where three lines of prose reach the right one (two may
    meet by chance on a page of tables); otherwise ``reflow`` estimates as for a text layer. The same
    text twice keeps the reading further from the margins."""
    from jixiao.ocr.layout import Piece, line_edges

    def line(text: str, left: float, right: float, top: float) -> list[Piece]:
        return [Piece(text, 1, (left, top, right, top + 20.0), 0.99)]

    body = "本年度预算执行情况良好资金使用规范有效"  # 19 characters: 19 em wide
    full = [line(body, 100, 480, 100), line(body, 100, 481, 130), line(body, 101, 480, 160)]
    assert line_edges(full[:2]) == {}  # two lines of prose: no margin to measure
    assert line_edges([*full[:2], line(body[:12], 100, 340, 160)]) == {}  # two reach the right margin
    edges = line_edges(
        [
            *full,
            line("二〇二四年度", 140, 260, 190),  # 6 em, indented 2 em: a heading, its room 11 em
            line("二〇二四年度", 100, 220, 220),
        ]
    )
    assert edges[body].room < 0.1
    assert edges[body].indent < 0.1
    assert 10.5 < edges["二〇二四年度"].room < 13.5  # the shorter of the two readings
    assert 1.9 < edges["二〇二四年度"].indent < 2.1


def test_reflow_joins_an_ocr_line_by_its_edges_and_keeps_text_layer_lines_as_before() -> None:
    from jixiao.inputs.files.pdf_layout import reflow
    from jixiao.ocr.layout import Edges

    text = "全年执行数1301.06万元，执行率\n99.81%。\n— 7 —\n附件：2024年度绩效自评表"
    assert reflow(text) == text  # counted, the first line looks short: apart (a text layer's way)
    at_margin = {"全年执行数1301.06万元，执行率": Edges(0.3, 0.0)}
    assert reflow(text, at_margin).split("\n")[0] == "全年执行数1301.06万元，执行率99.81%。"
    # a centred page number reaching the right margin is no paragraph's line: the next stays apart
    centred = {"— 7 —": Edges(0.5, 24.0)}
    assert reflow(text, centred).split("\n")[-2:] == ["— 7 —", "附件：2024年度绩效自评表"]
    short = {"全年执行数1301.06万元，执行率": Edges(6.0, 0.0)}  # room for 99.81%: a line ending short
    assert reflow(text, short) == text
    indented = {"全年执行数1301.06万元，执行率": Edges(0.3, 0.0), "99.81%。": Edges(20.0, 2.0)}
    assert reflow(text, indented) == text  # the next line starts a paragraph


def test_stacked_strokes_in_a_cell_are_no_rule_and_a_cell_carried_to_the_next_page_is_finished() -> None:
    """Two ruled rows; in the last cell of the page the 1s of ``71`` / ``15`` stand one above the other,
    blurred into a vertical stroke of half an inch, meeting no row rule: no rule, no cut. The cell's last
    character stands at the top of the next page, under the page number: the cell is finished there."""
    import numpy

    from jixiao.inputs.files.pdf_layout import document_text
    from jixiao.ocr.child import PageRead
    from jixiao.ocr.engine import rulings
    from jixiao.ocr.layout import page_pieces

    page = numpy.full((400, 600, 3), 255, dtype=numpy.uint8)
    for y in (50, 150, 300):  # row rules
        page[y : y + 3, 50:550] = 0
    for x in (50, 300, 550):  # column rules
        page[50:303, x : x + 3] = 0
    page[170:280, 400:404] = 0  # strokes stacked in the second row's right cell, 110 px: over half an inch
    rules = rulings(page, 0.0, 200.0)
    assert sorted(round(x) for x, _, _ in rules["v"]) == [52, 302, 552]
    first = PageRead(
        1,
        [
            ["维稳工作", [70.0, 170.0, 200.0, 200.0], 0.99],
            ["7115人", [320.0, 170.0, 480.0, 200.0], 0.99],
            ["- 8 -", [270.0, 360.0, 330.0, 385.0], 0.99],
        ],
        width=600,
        height=400,
        dpi=200.0,
        rules=rules,
    )
    second = PageRead(
        2,
        [["次", [320.0, 20.0, 345.0, 45.0], 0.99], ["一、总体评价", [70.0, 80.0, 260.0, 105.0], 0.99]],
        width=600,
        height=400,
        dpi=200.0,
    )
    pages, boxes = zip(*(page_pieces(read)[:2] for read in (first, second)), strict=True)
    text = document_text(list(pages), list(boxes))
    assert "维稳工作\t7115人次" in text.split("\n")
    assert "次" not in text.split("\n")
