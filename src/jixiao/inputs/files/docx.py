""".docx: paragraphs and tables in body order, the tables' grids as the file has them (``docx_xml``)."""

from __future__ import annotations

from pathlib import Path

from jixiao.inputs.document import Cell, Document, Table
from jixiao.inputs.files import fail
from jixiao.inputs.guard import check_file
from jixiao.inputs.tables import recognise, with_header
from jixiao.issues import Issue


def read_docx(path: Path) -> tuple[Document | None, list[Issue]]:
    """Paragraphs and tables in body order; each table row becomes ``cell | cell | cell``."""
    refused = check_file(path)
    if refused is not None:
        return None, [refused]
    from jixiao.inputs.files.docx_xml import docx_blocks  # noqa: PLC0415 (lxml: only for a .docx)

    try:
        body = docx_blocks(path)
    except Exception as exc:  # a malformed package raises many types (zip, zlib, lxml, missing parts)
        return fail(path, "EXT003", f"无法解析 .docx 文件：{type(exc).__name__}")
    text, tables = render_blocks(body, "docx")
    return Document(text=text, format="docx", blocks=recognise(text, known=tables)), []


def render_blocks(body: list[str | list[list[tuple[str, int]]]], layout: str) -> tuple[str, list[Table]]:
    """Paragraphs and tables → the text (a table row as ``cell | cell``, a merged cell once) and the
    tables' grids, every cell at its offset in that text, a cell spanning columns repeated in each
    (``Cell.merged`` on the copies)."""
    lines: list[str] = []
    tables: list[Table] = []
    position = 0
    for block in body:
        if isinstance(block, str):
            lines.append(block)
            position += len(block) + 1
            continue
        rows: list[list[Cell]] = []
        for cells in block:
            row = []
            for index, (content, span) in enumerate(cells):
                if index:
                    position += 3  # " | "
                row.append(Cell(content, position, position + len(content)))
                row.extend(
                    Cell(content, position, position + len(content), merged=True) for _ in range(span - 1)
                )
                position += len(content)
            lines.append(" | ".join(content for content, _ in cells))
            position += 1
            rows.append(row)
        if any(rows):
            tables.append(with_header(Table(rows=[row for row in rows if row], layout=layout)))
    return "\n".join(lines), tables
