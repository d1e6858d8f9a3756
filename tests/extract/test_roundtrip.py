"""Round trip: every example rendered to .docx, .pdf and .html and read back keeps its primary figures."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jixiao.inputs.facts import read_facts
from jixiao.inputs.files.read import read_document
from jixiao.inputs.tables import is_number
from jixiao.intake import extract_file, load

from .office import convert

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
PRIMARY = ("initial", "adjusted", "executed")


def primary(evaluation: object) -> dict[str, object]:
    budget = evaluation.budget  # type: ignore[attr-defined]
    found: dict[str, object] = {}
    for name in ("basic", "project"):
        line = getattr(budget, name)
        for column in PRIMARY if line is not None else ():
            if getattr(line, column) is not None:
                found[f"{name}.{column}"] = getattr(line, column)
    if budget.basic is not None and budget.basic.personnel is not None:
        found["personnel.executed"] = budget.basic.personnel.executed
    return found


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("target", ["docx", "pdf", "html"])
def test_render_then_extract_gives_the_primary_figures(tmp_path: Path, example: Path, target: str) -> None:
    original, issues = load(example)
    assert original is not None, issues
    output = tmp_path / f"report.{target}"
    done = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "render", str(example), "--to", target, "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert output.is_file(), done.stdout + done.stderr
    extracted, _ = extract_file(output)
    assert extracted is not None
    expected = primary(original)
    assert expected, "the example states no budget lines"
    assert primary(extracted) == expected
    assert extracted.year == original.year
    if target in ("html", "pdf"):
        # the web page appends the self-evaluation table: read once, total row not an indicator; the PDF's
        # table cells come out of PDFium one per line (numbers never wrapped inside a cell, rows never run
        # together), and its title wraps over two lines
        from_docx, _ = extract_file(rendered(example, tmp_path / "report.docx"))
        assert from_docx is not None
        assert extracted.declared.total_score == from_docx.declared.total_score
        assert scored_total(extracted) == scored_total(from_docx)
        assert indicator_tree(extracted.indicators) == indicator_tree(from_docx.indicators)
        assert extracted.declared.total_score is not None
        title = extracted.narrative.title
        assert title is not None
        assert from_docx.narrative.title is not None
        assert "".join(title.split()) == from_docx.narrative.title  # a PDF spaces digits from Chinese


def rendered(example: Path, output: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jixiao.cli",
            "render",
            str(example),
            "--to",
            output.suffix[1:],
            "-o",
            str(output),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert output.is_file()
    return output


def scored_total(evaluation: object) -> object:
    """The total the rules give (a table read twice or a 总分 row read as an indicator would change it)."""
    from jixiao.rules import load_ruleset
    from jixiao.scoring import score

    ruleset, issues = load_ruleset("cz2020-self")
    assert ruleset is not None, issues
    card, _ = score(evaluation, ruleset)  # type: ignore[arg-type]
    return card.total


def indicator_tree(nodes: list[Any]) -> list[tuple[object, ...]]:
    """Names, weights and scores of the indicator tree: the attached table read row by row."""
    return [(n.name, n.weight, n.score, indicator_tree(n.children)) for n in nodes]


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_pdf_whose_table_cells_are_centred_reads_like_the_docx(tmp_path: Path, example: Path) -> None:
    """Word often centres cells vertically: the PDF's rows still come out whole, across page breaks too."""
    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    source = rendered(example, tmp_path / "report.docx")
    document = docx.Document(str(source))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    centred = tmp_path / "centred.docx"
    document.save(str(centred))
    pdf = convert(centred, "pdf", tmp_path)
    from_pdf, _ = extract_file(pdf)
    from_docx, _ = extract_file(centred)
    assert from_pdf is not None
    assert from_docx is not None
    assert indicator_tree(from_pdf.indicators) == indicator_tree(from_docx.indicators)
    assert from_pdf.declared.total_score == from_docx.declared.total_score
    assert scored_total(from_pdf) == scored_total(from_docx)


def table_facts(path: Path) -> Counter[tuple[str, str, str | None]]:
    """The facts of a rendering's tables: (kind, value, unit) as a multiset."""
    document, issues = read_document(path)
    assert document is not None, issues
    return Counter((f.kind, str(f.value), f.unit) for f in read_facts(document) if f.table is not None)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("target", ["docx", "html"])
def test_table_facts_are_the_same_as_the_text_renderings(tmp_path: Path, example: Path, target: str) -> None:
    # the Markdown rendering is the text twin (``|`` rows); .docx and .html hand over their grids
    twin = rendered_to(example, tmp_path / "report.md")
    text = tmp_path / "report.txt"
    text.write_bytes(twin.read_bytes())
    expected = table_facts(text)
    assert sum(expected.values()) > 10
    assert table_facts(rendered_to(example, tmp_path / f"report.{target}")) == expected


def numeric_rows(path: Path, columns: bool = True) -> Counter[tuple[tuple[int, str], ...]]:
    """The grid's rows that hold numbers: each number cell's column (``columns``) and text, merged copies
    left out (a ``colspan`` repeats its text, the Markdown twin leaves the cells empty)."""
    document, issues = read_document(path)
    assert document is not None, issues
    rows: Counter[tuple[tuple[int, str], ...]] = Counter()
    for table in document.tables():
        for row in table.rows:
            cells = tuple(
                (k if columns else 0, c.text) for k, c in enumerate(row) if not c.merged and is_number(c.text)
            )
            if cells:
                rows[cells] += 1
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("target", ["docx", "html", "pdf"])
def test_grid_cells_are_the_same_as_the_text_renderings(tmp_path: Path, example: Path, target: str) -> None:
    # every number in the same row, under the same column, as in the text twin; a PDF's rows lose their
    # empty cells (PDFium gives no piece for them, ADR 0010), so there only each row's numbers in order
    twin = rendered_to(example, tmp_path / "report.md")
    text = tmp_path / "report.txt"
    text.write_bytes(twin.read_bytes())
    columns = target != "pdf"
    expected = numeric_rows(text, columns)
    assert sum(expected.values()) > 10
    assert numeric_rows(rendered_to(example, tmp_path / f"report.{target}"), columns) == expected


def rendered_to(example: Path, output: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jixiao.cli",
            "render",
            str(example),
            "--to",
            output.suffix[1:],
            "-o",
            str(output),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return output
