""".html: the article text of a web page (menus, navigation, scripts dropped), each ``<table>`` as the grid
the page gives, merged cells (rowspan / colspan) expanded.

A merged cell stands in every row and column it covers, as a .docx reader repeats a merged cell:
``<td rowspan=4>产出指标</td>`` gives ``产出指标`` at the head of each of its four rows, so the
columns of every row line up with the header and a category name is never read as a value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jixiao.inputs.document import Cell, Document, Table
from jixiao.inputs.encoding import decode_text
from jixiao.inputs.files import fail
from jixiao.inputs.tables import recognise, with_header
from jixiao.issues import Issue

MAX_HTML_DEPTH = 1000  # real pages nest < 100 deep; lexbor is quadratic on 100k

_TAG_RE = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {
    b"br",
    b"hr",
    b"img",
    b"input",
    b"meta",
    b"link",
    b"area",
    b"base",
    b"col",
    b"embed",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"p",
    b"li",
    b"td",
    b"tr",
    b"th",
    b"option",
}
ARTICLE_SELECTORS = (
    "article",
    "#content",
    ".content",
    ".article",
    ".TRS_Editor",
    "#zoom",
    ".zoom",
    ".main-text",
    "main",
    "#article",
    ".detail",
    ".con",
)
NOISE_TAGS = ["script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "select", "button"]


def html_depth(data: bytes) -> int:
    """Maximum element nesting, counted with a cheap tag scan (optional closers not counted)."""
    depth = deepest = 0
    for match in _TAG_RE.finditer(data):
        closing, name, selfclose = match.groups()
        name = name.lower()
        if name in _VOID or selfclose:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_HTML_DEPTH:
            break
    return deepest


def read_html(path: Path) -> tuple[Document | None, list[Issue]]:
    """The article text of a web page (menus, navigation, scripts dropped), tables as ``|`` rows."""
    return html_to_document(path.read_bytes(), path)


def html_to_document(data: bytes, path: Path | None = None) -> tuple[Document | None, list[Issue]]:
    """Parse HTML bytes with selectolax (lexbor) after a nesting-depth guard."""
    where = path or Path("<网页>")
    if html_depth(data) > MAX_HTML_DEPTH:
        return fail(where, "EXT009", f"网页嵌套层级超过 {MAX_HTML_DEPTH} 层，疑似恶意构造，已拒绝读取")
    decoded = decode_html(data)
    from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415 (only for a web page)

    tree = LexborHTMLParser(decoded)
    tree.strip_tags(NOISE_TAGS)
    grids: list[list[list[tuple[str, bool]]]] = []
    for table in tree.css("table"):
        grids.append(table_cells(table))  # rowspan/colspan expanded, the copies marked
        rows = [" | ".join(text for text, _ in cells) for cells in grids[-1]]
        marker = tree.create_node("pre") if hasattr(tree, "create_node") else None
        if marker is not None:
            marker.insert_child("\n".join(rows))
            table.replace_with(marker)
        else:
            table.replace_with("\n" + "\n".join(rows) + "\n")
    best = None
    for selector in ARTICLE_SELECTORS:
        for node in tree.css(selector):
            length = len(node.text(strip=True))
            if best is None or length > best[0]:
                best = (length, node)
    root = best[1] if best and best[0] > 200 else (tree.body or tree.root)
    if root is None:
        return fail(where, "EXT010", "网页中没有正文")
    for block in root.css("p, div, br, h1, h2, h3, h4, h5, h6, li, tr, section, pre"):
        block.insert_after("\n")
    text = root.text(separator="", strip=False)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        return fail(where, "EXT010", "网页中没有正文")
    return Document(text=text, format="html", blocks=recognise(text, known=locate_tables(text, grids))), []


def locate_tables(text: str, grids: list[list[list[tuple[str, bool]]]]) -> list[Table]:
    """The grids a page's ``<table>`` elements gave, found again in the article text (in order; a table
    outside the article, or one whose rows are not there line by line, is left to the recogniser)."""
    tables: list[Table] = []
    cursor = 0
    for grid in grids:
        rows: list[list[Cell]] = []
        position = cursor
        for marked in grid:
            cells = [content for content, _ in marked]
            rendered = " ".join(" | ".join(cells).split())
            if not rendered:
                continue
            found = text.find(rendered, position)
            if found < 0 or (found and text[found - 1] != "\n"):
                rows = []
                break
            row = placed_cells(text, found, cells)
            for placed, (_, merged) in zip(row, marked, strict=True):
                placed.merged = merged
            rows.append(row)
            position = found + len(rendered)
        if rows:
            tables.append(with_header(Table(rows=rows, layout="html")))
            cursor = position
    return tables


def placed_cells(text: str, start: int, cells: list[str]) -> list[Cell]:
    """The known cells of a row rendered at ``start`` (`` | ``-joined, spaces collapsed), each at its
    offset; an empty cell stands where it would have been written."""
    placed = []
    cursor = start
    for content in cells:
        written = " ".join(content.split())
        at = text.find(written, cursor) if written else cursor
        at = cursor if at < 0 else at
        placed.append(Cell(written, at, at + len(written)))
        cursor = at + len(written)
    return placed


def decode_html(data: bytes) -> str:
    """HTML bytes → str: the declared charset, else the text decoder's guess."""
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_text(data)
    return decoded[0] if decoded else data.decode("utf-8", errors="replace")


# --- merged cells ---------------------------------------------------------------------------------

MAX_SPAN = 100  # a hostile rowspan="100000" must not make rows without end


def span_of(cell: Any, name: str) -> int:
    """The cell's rowspan / colspan as a bounded positive int (1 when absent or not a number)."""
    value = (cell.attributes or {}).get(name) or "1"
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except ValueError:
        return 1


def cell_text(cell: Any) -> str:
    return " ".join(cell.text(separator=" ").split())


def table_rows(table: Any) -> list[list[str]]:
    """The rows of a selectolax ``<table>`` node, each a list of cell texts with spans expanded."""
    return [[text for text, _ in row] for row in table_cells(table)]


def table_cells(table: Any) -> list[list[tuple[str, bool]]]:
    """``table_rows`` with, for each position, whether it is a copy of a merged cell that starts in an
    earlier row or column (``Cell.merged``, as the .docx reader marks them)."""
    rows: list[list[tuple[str, bool]]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still covered)
    for tr in table.css("tr"):
        row: list[tuple[str, bool]] = []
        cells = tr.css("td, th")
        column = 0
        for cell in cells:
            column = fill_pending(row, pending, column)
            text, width, height = cell_text(cell), span_of(cell, "colspan"), span_of(cell, "rowspan")
            for offset in range(width):
                row.append((text, offset > 0))
                if height > 1:
                    pending[column + offset] = (text, height - 1)
            column += width
        while column in pending:
            column = fill_pending(row, pending, column)
        rows.append(row)
    return rows


def fill_pending(row: list[tuple[str, bool]], pending: dict[int, tuple[str, int]], column: int) -> int:
    """Put the cells carried down from rows above at ``column`` onwards (copies); the next free column."""
    while column in pending:
        text, left = pending[column]
        row.append((text, True))
        if left > 1:
            pending[column] = (text, left - 1)
        else:
            del pending[column]
        column += 1
    return column
