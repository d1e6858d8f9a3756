"""Plain text (.txt, UTF-8 / GBK / GB18030 …): decoded, the tables found by the recogniser."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.inputs.document import Document
from jixiao.inputs.encoding import decode_text, looks_like_text
from jixiao.inputs.files import fail
from jixiao.inputs.tables import recognise
from jixiao.issues import Issue

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
