"""The text of a .docx read straight from its main document part (lxml), as python-docx would give it.

python-docx builds an object model of the whole package (every part, custom element classes) before the
first paragraph: 9–10 ms a report. Reading only ``word/document.xml`` with plain lxml takes a fraction
of that and gives the same text: the body's paragraphs and tables in order, a paragraph's text from its
runs and hyperlinks (``w:t``, tabs, line breaks), each table row as ``cell | cell`` with a horizontally
merged cell (``w:gridSpan``) once and a vertically merged one (``w:vMerge``) repeated from the cell
above, exactly as python-docx 1.2's ``_Row.cells``. tests/extract/test_readers_docx.py compares both.
The caller checks the zip (size, ratio) before anything here inflates it.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import cast

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PKG_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
TCPR, GRID_SPAN, V_MERGE = W + "tcPr", W + "gridSpan", W + "vMerge"
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}

# python-docx's parser settings: no entity expansion (no billion laughs), blank text between tags dropped
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class NotWordDocumentError(ValueError):
    """The package has no WordprocessingML main document (e.g. a renamed .xlsx)."""


def docx_blocks(path: Path) -> list[str | list[list[tuple[str, int]]]]:
    """The body of a .docx in order: a paragraph's text, or a table's rows of cell texts; raises on a
    malformed file."""
    with zipfile.ZipFile(path) as archive:
        body = main_document(archive).find(W + "body")
    if body is None:
        raise NotWordDocumentError("no w:body")
    blocks: list[str | list[list[tuple[str, int]]]] = []
    for block in body:
        if block.tag == P:
            blocks.append(paragraph_text(block))
        elif block.tag == TBL:
            blocks.append(table_rows(block))
    return blocks


def docx_lines(path: Path) -> list[str]:
    """The lines of a .docx: one per body paragraph, one per table row (``cell | cell``)."""
    lines: list[str] = []
    for block in docx_blocks(path):
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend(" | ".join(text for text, _ in cells) for cells in block)
    return lines


def main_document(archive: zipfile.ZipFile) -> etree._Element:
    """The parsed main document part, found like python-docx does (package relationship, content type)."""
    rels = etree.fromstring(archive.read("_rels/.rels"), _PARSER)
    targets = [
        rel.get("Target", "")
        for rel in rels.iter(_PKG_RELS + "Relationship")
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External"
    ]
    if not targets:
        raise NotWordDocumentError("no officeDocument relationship")
    partname = posixpath.normpath(posixpath.join("/", targets[0]))
    if content_type(archive, partname) != MAIN_CONTENT_TYPE:
        raise NotWordDocumentError(f"{partname} is not a Word main document")
    return etree.fromstring(archive.read(partname.lstrip("/")), _PARSER)


def content_type(archive: zipfile.ZipFile, partname: str) -> str | None:
    """The content type of a part: its Override, else the Default of its extension."""
    types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
    overrides = {
        o.get("PartName", "").lower(): o.get("ContentType") for o in types.iter(_PKG_TYPES + "Override")
    }
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(_PKG_TYPES + "Default")
    }
    extension = posixpath.splitext(partname)[1].lstrip(".").lower()
    return cast("str | None", overrides.get(partname.lower(), defaults.get(extension)))


def paragraph_text(p: etree._Element) -> str:
    """The runs and hyperlinks directly in ``w:p`` (python-docx's ``Paragraph.text``)."""
    parts: list[str] = []
    for child in p:
        if child.tag == R:
            parts.append(run_text(child))
        elif child.tag == W + "hyperlink":
            parts.extend(run_text(run) for run in child if run.tag == R)
    return "".join(parts)


def run_text(r: etree._Element) -> str:
    """Text, tabs and breaks of one ``w:r``; a page or column break is no text."""
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == T:
            parts.append(child.text or "")
        elif tag == W + "br":
            parts.append("\n" if child.get(W + "type", "textWrapping") == "textWrapping" else "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
    return "".join(parts)


def table_rows(tbl: etree._Element) -> list[list[tuple[str, int]]]:
    """Each ``w:tr`` as its cells' (text, columns spanned), a merged cell once per row (python-docx
    ``row.cells``).

    One pass: each cell's properties are read once, and a ``vMerge`` continue cell takes the content
    cell of the one above it at the same grid column (python-docx walks the rows up again per cell).
    """
    lines: list[list[tuple[str, int]]] = []
    above: dict[int, tuple[etree._Element, int]] = {}  # grid column → content cell and its span, row above
    for tr in tbl.iterchildren(TR):
        offset, here = grid_before(tr), {}
        cells: list[tuple[str, int]] = []
        last = None
        for tc in tr.iterchildren(TC):
            span, merge = _cell_properties(tc)
            root = (tc, span)
            if merge == "continue":
                if offset not in above:
                    raise ValueError(f"no `tc` element at grid_offset={offset} in the row above")
                root = above[offset]
            here[offset] = root
            offset += span
            if root[0] is last or root[1] < 1:  # python-docx lists a merged cell once per row
                continue
            last = root[0]
            cells.append((" ".join(cell_text(last).split()), root[1]))
        above = here
        lines.append(cells)
    return lines


def cell_text(tc: etree._Element) -> str:
    """The paragraphs directly in a cell, one per line (nested tables are not part of it)."""
    return "\n".join(paragraph_text(p) for p in tc.iterchildren(P))


def _cell_properties(tc: etree._Element) -> tuple[int, str | None]:
    """(``gridSpan``, ``vMerge``) of a cell: 1 and None when absent; a bare ``vMerge`` continues."""
    span, merge = 1, None
    # a plain walk over the few children: ``find`` goes through ElementPath (a third of a read), and
    # ``iterchildren`` with several tags builds a matcher per call (7 % more instructions a read)
    for props in tc:
        if props.tag == TCPR:
            for prop in props:
                if prop.tag == GRID_SPAN:
                    span = int(prop.get(W + "val"))
                elif prop.tag == V_MERGE:
                    merge = prop.get(W + "val", "continue")
            break
    return span, merge


def grid_before(tr: etree._Element) -> int:
    for props in tr.iterchildren(W + "trPr"):
        for before in props.iterchildren(W + "gridBefore"):
            return int(before.get(W + "val"))
        break
    return 0
