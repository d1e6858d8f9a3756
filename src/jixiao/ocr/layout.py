"""OCR lines → the PDF reader's pieces (ADR 0010), and each value of the text back to its page and box.

The recogniser gives a text line per detected region: in a table, one per cell line (the ruling and the
gaps between cells part them), in prose one per printed line. These are exactly the PDF child's pieces,
text with a box, so :func:`jixiao.extract.pdf_layout.document_text` rebuilds the table rows from them the
same way: boxes are turned into PDF points (y upwards) and grouped into lines by their vertical middle.

:class:`OcrText` then finds every piece in the final text (after the layout and ``reflow``, which join
cells and lines and drop spaces between Chinese characters), so that a span of the text can be traced to
the pieces it covers: page, box and confidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.ocr.child import PageRead

_SQUEEZE = re.compile(r"\s+")


@dataclass(slots=True, frozen=True)
class Piece:
    """A text line the recogniser read: 1-based page, box in points from the page's top-left corner
    ``(left, top, right, bottom)``, confidence 0–1."""

    text: str
    page: int
    box: tuple[float, float, float, float]
    confidence: float


def page_pieces(read: PageRead) -> tuple[str, list[list[list[Any]]], list[Piece]]:
    """A page as the PDF child gives one: its text (lines apart by CRLF), each line's pieces
    ``[text, left, right, bottom, top]`` in points with y upwards, and the pieces in that order."""
    scale = 72.0 / (read.dpi or 72.0)
    height = read.height * scale
    found = []
    for text, (left, top, right, bottom), confidence in read.lines:
        words = " ".join(str(text).split())
        if words:
            box = (left * scale, top * scale, right * scale, bottom * scale)
            found.append(Piece(words, read.number, box, float(confidence)))
    lines: list[list[Piece]] = []
    for piece in sorted(found, key=lambda p: (p.box[1] + p.box[3]) / 2):
        middle = (piece.box[1] + piece.box[3]) / 2
        if lines:
            last = lines[-1]
            top = min(p.box[1] for p in last)
            bottom = max(p.box[3] for p in last)
            if top <= middle <= bottom and (bottom - top) < 2.2 * (piece.box[3] - piece.box[1]):
                last.append(piece)
                continue
        lines.append([piece])
    ordered: list[Piece] = []
    layout: list[list[list[Any]]] = []
    texts = []
    for line in lines:
        line.sort(key=lambda p: p.box[0])
        ordered.extend(line)
        texts.append(" ".join(p.text for p in line))
        layout.append([[p.text, p.box[0], p.box[2], height - p.box[3], height - p.box[1]] for p in line])
    return "\r\n".join(texts), layout, ordered


class OcrText:
    """Where each OCR piece stands in the document's text: spans → pieces → page, box, confidence."""

    def __init__(self, text: str, pieces: Sequence[Piece], page_starts: dict[int, int] | None = None) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.pieces: list[Piece] = []
        squeezed, offsets = _squeezed(text)
        cursor = 0
        claimed: set[int] = set()
        for piece in pieces:
            needle = _SQUEEZE.sub("", piece.text)
            if not needle:
                continue
            at = _find(squeezed, needle, cursor, claimed)
            if at < 0:
                continue
            claimed.add(at)
            cursor = at + len(needle)
            start, end = offsets[at], offsets[at + len(needle) - 1] + 1
            index = bisect.bisect(self.starts, start)
            self.starts.insert(index, start)
            self.ends.insert(index, end)
            self.pieces.insert(index, piece)

    def at(self, start: int, end: int) -> list[Piece]:
        """The pieces a span ``[start, end)`` of the text overlaps."""
        found = []
        index = bisect.bisect_right(self.starts, max(start, 0)) - 1
        index = max(index, 0)
        while index < len(self.starts) and self.starts[index] < end:
            if self.ends[index] > start:
                found.append(self.pieces[index])
            index += 1
        return found


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without white space, and each of its characters' offset in ``text``."""
    offsets = [index for index, char in enumerate(text) if not char.isspace()]
    return "".join(text[index] for index in offsets), offsets


_WINDOW = 400  # characters: how far before the cursor a piece may have gone (a cell's wrapped line)


def _find(haystack: str, needle: str, cursor: int, claimed: set[int]) -> int:
    """The first unclaimed occurrence of ``needle`` at or after ``cursor``, else the nearest before it."""
    at = haystack.find(needle, cursor)
    while at >= 0 and at in claimed:
        at = haystack.find(needle, at + 1)
    nearest_after = at
    low = max(0, cursor - _WINDOW)
    back = haystack.rfind(needle, low, cursor + len(needle) - 1)
    while back >= 0 and back in claimed:
        back = haystack.rfind(needle, low, back + len(needle) - 1) if back > low else -1
    if back >= 0 and (nearest_after < 0 or nearest_after - cursor > _WINDOW):
        return back
    return nearest_after
