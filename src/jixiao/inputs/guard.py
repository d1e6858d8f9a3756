"""One guard for every file that comes in (CLI, batch, web uploads), before any parser sees it.

It reads only the file's size, its first bytes and, for a zip container (.docx, .xlsx), the central
directory: the sizes the archive declares. Python's ``zipfile`` never inflates a member past the size the
central directory declares (it stops there and checks the CRC), so bounding the declared sizes bounds the
work of python-docx and openpyxl, which both read through ``zipfile``.

A refusal is an ``Issue`` with the code of the caller's family: ``EXT`` for a published document,
``INP`` for a workbook or YAML/JSON, ``REC`` for a register. ``content_matches`` tells whether a file's
first bytes are what its suffix claims (the web upload asks it before saving anything).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from jixiao.issues import Issue, Severity

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF"
# Compound File Binary: a legacy .doc/.xls, or an encrypted .docx/.xlsx
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What a file of one kind may be: on disk and, for a zip container, once inflated."""

    max_bytes: int
    max_inflated: int = 0  # sum of the members' declared sizes
    max_ratio: int = 100  # inflated / compressed, over the archive and over any member above RATIO_FLOOR
    max_entries: int = 10_000


# Real .docx/.xlsx compress 3-20x (a sheet of repeated cells up to ~50x); a bomb hundreds or thousands of
# times. A member smaller than RATIO_FLOOR inflated costs nothing whatever its ratio (an empty styles part).
RATIO_FLOOR = 1 * MB

LIMITS: dict[str, Limits] = {
    "text": Limits(max_bytes=20 * MB),  # a report of 20 MB plain text is already absurd
    "structured": Limits(max_bytes=50 * MB),  # YAML / JSON
    "docx": Limits(max_bytes=100 * MB, max_inflated=200 * MB),
    # a filled template is ~50 KB; openpyxl spends ~0.7 s a MB of sheet XML, so 30 MB inflated is ~20 s
    "xlsx": Limits(max_bytes=20 * MB, max_inflated=30 * MB),
    "pdf": Limits(max_bytes=100 * MB),
    "doc": Limits(max_bytes=100 * MB),
    "html": Limits(max_bytes=100 * MB),
    # a scan (.png .jpg .tif, read by OCR): its pixels are bounded from its header in the OCR child
    "image": Limits(max_bytes=50 * MB),
}

KIND_OF_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".yaml": "structured",
    ".yml": "structured",
    ".json": "structured",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".html": "html",
    ".htm": "html",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


@dataclass(frozen=True, slots=True)
class Codes:
    """The issue codes a family gives each refusal."""

    too_large: str
    not_container: str  # not a zip, or a broken one
    bomb: str
    encrypted: str  # an OLE file where a zip was expected


DOCUMENT_CODES = Codes(too_large="EXT002", not_container="EXT003", bomb="EXT004", encrypted="EXT003")
WORKBOOK_CODES = Codes(too_large="INP022", not_container="INP020", bomb="INP022", encrypted="INP021")
STRUCTURED_CODES = Codes(too_large="INP001", not_container="INP002", bomb="INP001", encrypted="INP002")

# what a file of each kind starts with; the text kinds hold no NUL byte (unless UTF-16, with its BOM)
MAGIC_OF_KIND = {"docx": ZIP_MAGIC, "xlsx": ZIP_MAGIC, "pdf": PDF_MAGIC, "doc": OLE_MAGIC}
TEXT_KINDS = frozenset({"text", "structured", "html"})
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def content_matches(suffix: str, head: bytes) -> bool:
    """The first bytes of a file (``head``, a few KB) are what ``suffix`` claims: a zip for .docx/.xlsx,
    ``%PDF`` for .pdf, an OLE file for .doc, text without NUL bytes for .txt/.html/.yaml/.json; False for
    a suffix the guard does not know. An image is left to the OCR child, which reads its header."""
    kind = KIND_OF_SUFFIX.get(suffix.lower())
    if kind is None:
        return False
    if kind in TEXT_KINDS:
        return b"\x00" not in head or head.startswith(UTF16_BOMS)
    magic = MAGIC_OF_KIND.get(kind)
    return magic is None or head.startswith(magic)


_NAMES = {"docx": ".docx 文件", "xlsx": "Excel 工作簿（.xlsx）"}
_SAVE_AS = {"docx": "请用 Word 另存为 .docx 后重试", "xlsx": "在 Excel 中另存为 .xlsx 后再试"}


def _issue(name: str, code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code=code, severity=Severity.ERROR, message=message, file=name, hint=hint)


def check_file(
    source: Path | IO[bytes],
    suffix: str | None = None,
    *,
    name: str | None = None,
    codes: Codes | None = None,
    limits: Limits | None = None,
    what: str | None = None,
) -> Issue | None:
    """The issue that stops ``source`` before any parser sees it, or None.

    ``source`` is a path, or an open binary stream (a web upload: read from its start, position kept).
    ``suffix`` defaults to the path's; ``name`` is what the issue calls the file; ``codes`` default to the
    workbook family for .xlsx and the document family for everything else; ``limits`` to the kind's
    (a register workbook may be larger than an input workbook); ``what`` names the kind of file in the
    messages (``台账工作簿``; by default ``.docx 文件``, ``Excel 工作簿（.xlsx）``).
    """
    if isinstance(source, Path):
        suffix = suffix or source.suffix
        name = name or str(source)
    kind = KIND_OF_SUFFIX.get((suffix or "").lower())
    name = name or "<上传文件>"
    if kind is None:
        return None  # an unknown suffix is the caller's to refuse, with its own list of what is supported
    codes = codes or (WORKBOOK_CODES if kind == "xlsx" else DOCUMENT_CODES)
    position = None if isinstance(source, Path) else source.tell()
    try:
        return _check(source, kind, name, codes, limits or LIMITS[kind], what)
    finally:
        if position is not None and not isinstance(source, Path):
            source.seek(position)


def _check(
    source: Path | IO[bytes], kind: str, name: str, codes: Codes, limits: Limits, what: str | None
) -> Issue | None:
    try:
        size, head = _size_and_head(source)
    except OSError as exc:
        return _issue(name, "EXT001", f"无法读取文件：{exc.strerror or exc}")
    if size > limits.max_bytes:
        return _issue(
            name, codes.too_large, f"文件过大（{size / MB:.1f} MB，上限 {limits.max_bytes // MB} MB）"
        )
    if kind not in {"docx", "xlsx"}:
        return None
    if head.startswith(OLE_MAGIC):
        return _issue(
            name,
            codes.encrypted,
            f"{what or _NAMES[kind]}设有打开密码（已加密），或实为旧版 Office 格式（.doc/.xls），无法读取",
            f"取消密码后，{_SAVE_AS[kind]}",
        )
    return check_zip(source, limits, name=name, codes=codes, what=what or _NAMES[kind], hint=_SAVE_AS[kind])


def check_zip(
    source: Path | IO[bytes], limits: Limits, *, name: str, codes: Codes, what: str, hint: str
) -> Issue | None:
    """Refuse a zip whose central directory is broken, or declares too much: the bounds of ``limits``."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return _issue(name, codes.not_container, f"不是有效的{what}（压缩包损坏或格式不符）", hint)
    if len(infos) > limits.max_entries:
        return _issue(
            name,
            codes.bomb,
            f"{what}含 {len(infos)} 个部件（上限 {limits.max_entries}），疑似恶意构造，已拒绝读取",
        )
    inflated = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if inflated > limits.max_inflated:
        return _issue(
            name,
            codes.bomb,
            f"{what}解压后体积异常（{inflated / MB:.0f} MB，上限 {limits.max_inflated // MB} MB），"
            "疑似压缩炸弹，已拒绝读取",
        )
    ratios = [(inflated / packed, "")]
    ratios += [
        (info.file_size / max(info.compress_size, 1), info.filename)
        for info in infos
        if info.file_size > RATIO_FLOOR
    ]
    ratio, member = max(ratios)
    if ratio > limits.max_ratio:
        part = f"其中“{member[:60]}”" if member else ""
        return _issue(
            name,
            codes.bomb,
            f"{what}{part}压缩比异常（{ratio:.0f} 倍，上限 {limits.max_ratio} 倍），疑似压缩炸弹，已拒绝读取",
        )
    return None


def _size_and_head(source: Path | IO[bytes]) -> tuple[int, bytes]:
    """The size in bytes and the first 8 bytes, leaving a stream where it was."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return source.stat().st_size, handle.read(8)
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    head = source.read(8)
    source.seek(0)
    return size, head
