"""Readers: a published file → one plain text (tables as ``|``-separated rows), with hard limits.

Every reader returns ``(Document | None, issues)``. A hostile or broken file (zip bomb, truncated PDF,
huge text, binary junk, absurdly nested HTML) ends in one located ``EXT`` issue in Chinese, within
bounded time and memory: sizes are checked before anything is decompressed or parsed, and PDF/DOC
conversion runs in a child process with a timeout and an address-space limit.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao import ocr
from jixiao.extract import scans
from jixiao.extract.html_tables import table_cells
from jixiao.extract.pdf_layout import document_text
from jixiao.extract.pdf_reader import kept_child, read_pdf_pages
from jixiao.extract.scans import IMAGE_SUFFIXES
from jixiao.inputs.document import Cell, Document, Table
from jixiao.inputs.encoding import decode_text, looks_like_text
from jixiao.inputs.guard import check_file
from jixiao.inputs.tables import recognise, with_header
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.ocr.layout import Edges

MAX_HTML_DEPTH = 1000  # real pages nest < 100 deep; lexbor is quadratic on 100k
CONVERT_TIMEOUT = 120  # seconds for LibreOffice in the child (PDFium: pdf_reader.PDF_TIMEOUT)


def fail(path: Path, code: str, message: str, hint: str | None = None) -> tuple[None, list[Issue]]:
    """The single issue of an unreadable file."""
    return None, [Issue(code=code, severity=Severity.ERROR, message=message, file=str(path), hint=hint)]


def read_document(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """Read ``path`` by its suffix; unknown or broken input becomes an issue, never an exception.

    ``keep_children``: the PDF and OCR children are kept for the next file (a batch worker's many files);
    otherwise each file is read in children of its own (``read_pdf``)."""
    suffix = path.suffix.lower()
    readers = {".docx": read_docx, ".doc": read_doc, ".pdf": read_pdf, ".html": read_html, ".htm": read_html}
    readers.update(dict.fromkeys(IMAGE_SUFFIXES, read_image))
    if suffix not in {".txt", ".text", *readers}:
        return fail(path, "EXT001", f"不支持从“{suffix or '无扩展名'}”文件提取")
    refused = check_file(path)
    if refused is not None:
        return None, [refused]
    if suffix in {".txt", ".text"}:
        return read_text_bytes(path.read_bytes(), path)
    if suffix == ".pdf" or suffix in IMAGE_SUFFIXES:
        return read_pdf(path, keep_children) if suffix == ".pdf" else read_image(path, keep_children)
    return readers[suffix](path)


# --- plain text ------------------------------------------------------------------------------------


_META_RE = re.compile(r"(?:URL|QUERY):[^\n]*\n")


def read_text_bytes(
    data: bytes, path: Path | None = None, fmt: str = "txt"
) -> tuple[Document | None, list[Issue]]:
    """Decode a text file; binary content is refused with EXT005."""
    where = path or Path("<文本>")
    decoded = decode_text(data)
    if decoded is None or not looks_like_text(decoded[0]):
        return fail(
            where, "EXT005", "文件不是可识别编码的文本（可能是二进制文件）", "请提供 UTF-8 或 GBK 编码的文本"
        )
    text, encoding = decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    metadata = count_metadata_lines(text)
    return Document(
        text=text, format=fmt, encoding=encoding, metadata_lines=metadata, blocks=recognise(text)
    ), []


def count_metadata_lines(text: str) -> int:
    """How many leading ``URL:``/``QUERY:`` lines a stored web page carries."""
    count = 0
    position = 0
    while match := _META_RE.match(text, position):
        count += 1
        position = match.end()
    return count


# --- .docx -----------------------------------------------------------------------------------------


def read_docx(path: Path) -> tuple[Document | None, list[Issue]]:
    """Paragraphs and tables in body order; each table row becomes ``cell | cell | cell``."""
    refused = check_file(path)
    if refused is not None:
        return None, [refused]
    from jixiao.extract.docx_reader import docx_blocks  # noqa: PLC0415 (python-docx: only for a .docx)

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


# --- .doc (LibreOffice, antiword) ------------------------------------------------------------------


def read_doc(path: Path) -> tuple[Document | None, list[Issue]]:
    """Convert through LibreOffice headless (own profile, timeout); antiword when that fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        if soffice:
            profile = Path(tmp, "profile").as_uri()
            command = [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                tmp,
                str(path),
            ]
            with contextlib.suppress(subprocess.TimeoutExpired):
                subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
            converted = Path(tmp, path.stem + ".docx")
            if converted.is_file():
                document, issues = read_docx(converted)
                if document is not None:
                    document.format = "doc"
                    return document, issues
        antiword = shutil.which("antiword")
        if antiword:
            try:
                done = subprocess.run(
                    [antiword, "-w", "0", str(path)],
                    capture_output=True,
                    timeout=CONVERT_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return fail(path, "EXT006", "转换 .doc 文件超时")
            if done.returncode == 0 and done.stdout.strip():
                return read_text_bytes(done.stdout, path, fmt="doc")
    return fail(
        path,
        "EXT006",
        "无法转换 .doc 文件（LibreOffice 与 antiword 均失败）",
        "请用 Word 另存为 .docx 后重试",
    )


# --- .pdf (PDFium in a child process) --------------------------------------------------------------


def read_pdf(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """The text layer of every page, read by PDFium in a child process (PDFium is not thread-safe).

    ``keep_children`` (a batch worker says so): PDFs are read by one long-lived PDFium child per process
    instead of a fresh child per file (100 ms saved a file), and OCR keeps its child likewise; limits and
    isolation are the same (``jixiao.extract.pdf_reader``). The CLI and the web app read each file in a
    child of its own."""
    result = kept_child().read(path) if keep_children else read_pdf_pages(path)
    if "timeout" in result:
        return fail(path, "EXT007", f"读取 PDF 超时（超过 {result['timeout']:g} 秒）")
    if "crashed" in result:
        return fail(path, "EXT007", "无法读取 PDF 文件（解析进程异常退出，文件可能已损坏）")
    if "error" in result:
        return fail(path, "EXT007", f"无法读取 PDF 文件（文件损坏或被截断：{result['error']}）")
    pages, boxes = result["pages"], result.get("boxes") or [None] * len(result["pages"])
    scanned, issues = None, []
    wanted = scans.pages_to_read(pages, result.get("images"))
    if wanted and ocr.available():
        scanned = scans.read_scanned_pages(path, pages, boxes, wanted, keep_children)
        issues = scanned.issues
    elif wanted:
        issues = [scans.missing_extra(path, wanted, Severity.WARNING)]
    text = reflow(document_text(pages, boxes), scanned.edges if scanned is not None else None)
    if not text.strip():
        if wanted and not ocr.available():
            return fail(
                path, "EXT008", "PDF 没有文字层（扫描件），未安装文字识别（OCR）组件", ocr.INSTALL_HINT
            )
        hint = "请提供带文字层的 PDF 或 Word 原件"
        return None, issues + fail(path, "EXT008", "PDF 没有可识别的文字（文字层与文字识别均为空）", hint)[1]
    document = Document(text=text, format="pdf", blocks=recognise(text), scanned=scanned)
    scans.locate_blocks(document)  # cells and paragraphs read by OCR keep their page, box, confidence
    return document, issues


def read_image(path: Path, keep_children: bool = False) -> tuple[Document | None, list[Issue]]:
    """A scanned page or a photographed table (.png .jpg .tif): every page read by OCR (its size on disk
    checked by the file guard, its pixels by the OCR child from its header)."""
    if not ocr.available():
        return None, [scans.missing_extra(path, None, Severity.ERROR)]
    pages, boxes, scanned = scans.read_image_pages(path, keep_children)
    if not pages:
        return None, scanned.issues
    text = reflow(document_text(pages, boxes), scanned.edges)
    if not text.strip():
        return None, scanned.issues + fail(path, "EXT008", "图片中没有识别出文字", "请提供更清晰的扫描件")[1]
    document = Document(
        text=text, format=path.suffix.lower().lstrip("."), blocks=recognise(text), scanned=scanned
    )
    scans.locate_blocks(document)
    return document, scanned.issues


_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff，。；：、（）%])[ \t]+(?=[\u4e00-\u9fff，。；：、（）])")
# what a line break cannot split: a number or a Latin word, else one character
_FIRST_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.")
# a table row: cells apart by tabs (pdf_layout), or numbers side by side ("2000.00 2150.00", "5 5")
_TABLE_ROW = re.compile(r"\t|\d%?[ ]+[\d.]")
_SENTENCE_END = ("。", "；", "：", ":", "！", "？", "|")
_FULL_LINE_SHARE = 0.9  # the line width nine lines in ten stay within: a page's type area
_MIN_FULL_WIDTH = 15.0  # narrower than this there is no prose to reflow (a table-only document)
_WRAP_SLACK = 2.0  # em: justification, kerning and the estimate of Latin widths
_EDGE_SLACK = 1.0  # em: a line's measured room at its end (OCR boxes), give or take a box's padding
_INDENT = 1.0  # em: a line starting this far right of its column's left margin starts a paragraph
_OUTSIDE = 4.0  # em: a line starting this far right of the left margin is no paragraph's (a page number)


def text_width(text: str) -> float:
    """The width of a line in em: a Chinese character (or ≥ — “ …: three UTF-8 bytes) 1, a digit, Latin
    letter or space (one byte) ½. From the lengths alone: (characters + UTF-8 bytes) / 4."""
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) / 4


def reflow(text: str, edges: Mapping[str, Edges] | None = None) -> str:
    """Undo PDF layout: drop justification spaces between Chinese characters, join wrapped lines.

    A line continues the one before when that one was full, i.e. the first word of this line would not
    have fitted on it (the width of the page's type area is the width nine lines in ten stay within), or
    when it starts with punctuation no line may start with. A heading that closes its bracket
    (``（一）预算执行率（分值10分，得9.8分）``) is complete however wide. Table rows and cells, whose lines
    stop well short of the type area, stay lines of their own: joining by a line's own length, or every
    line that starts with a digit, ran a whole table into one line.

    ``edges``: for lines read by OCR, by their text, where each really ends and starts against its
    column's margins (``jixiao.ocr.layout.Edges``, in em, from the recogniser's boxes). A line with edges
    was full when the first word of the next would not have fitted in its room and it starts near the
    left margin (a centred page number reaching the right margin does not), and a line indented from the
    left margin starts a paragraph: counting characters misjudges a justified line of digits
    (``…预算执行率`` / ``99.83%。`` stayed apart). Lines of a text layer are judged as before.
    """
    measured_edges = {_CJK_GAP.sub("", line).strip(): found for line, found in (edges or {}).items()}
    raw_lines = [line if "\t" in line else _CJK_GAP.sub("", line) for line in text.split("\n")]
    # a table row (cells apart by tabs, pdf_layout) is a line of its own, and no measure of the type area
    widths = [0.0 if "\t" in line else text_width(line.strip()) for line in raw_lines]
    measured = sorted(width for width in widths if width)
    full = measured[int(len(measured) * _FULL_LINE_SHARE)] if measured else 0.0
    lines: list[str] = []
    previous_width = 0.0
    previous_edges: Edges | None = None
    for line, width in zip(raw_lines, widths, strict=True):
        stripped = line.strip()
        previous = lines[-1].rstrip() if lines else ""
        token = _FIRST_TOKEN.match(stripped)
        own_edges = measured_edges.get(stripped)
        if previous_edges is not None:
            wrapped = (
                token is not None
                and previous_edges.room < text_width(token.group()) + _EDGE_SLACK
                and previous_edges.indent < _OUTSIDE
                and (own_edges is None or own_edges.indent < _INDENT)
            )
        else:
            wrapped = (
                full >= _MIN_FULL_WIDTH
                and token is not None
                and previous_width + text_width(token.group()) > full - _WRAP_SLACK
            )
        if (
            previous
            and stripped
            and not _TABLE_ROW.search(line)
            and not _TABLE_ROW.search(previous)
            and not previous.endswith(_SENTENCE_END)
            and not _HEADING_START.match(line)
            and not (_HEADING_START.match(previous) and previous.endswith(("）", ")")))
            and (wrapped or stripped[0] in "，。；、%")
        ):
            lines[-1] = previous + stripped
        else:
            lines.append(line)
        previous_width = width
        previous_edges = own_edges
    return "\n".join(lines)


# --- .html -----------------------------------------------------------------------------------------

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
