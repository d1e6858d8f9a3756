"""OCR lines → the PDF reader's pieces (ADR 0010), and each value of the text back to its page and box.

The recogniser gives a text line per detected region: in a table, one per cell line (the ruling and the
gaps between cells part them), in prose one per printed line. These are exactly the PDF child's pieces,
text with a box, so :func:`jixiao.inputs.files.pdf_layout.document_text` rebuilds the table rows from them the
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
from itertools import pairwise
from typing import Any, NamedTuple

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


# as pdf_layout's: a line that is only a page number ("- 3 -", "第3页", "3/12")
_PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:第\s*)?\d+\s*页?\s*(?:[/共]\s*\d+\s*页?)?[-—－\s]*$")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_HALF_PUNCTUATION = re.compile(r"(?<=[\u3000-\u9fff])[:;,()]|[:;,()](?=[\u3000-\u9fff])")
_FULL = {":": "：", ";": "；", ",": "，", "(": "（", ")": "）"}


def printed(text: str) -> str:
    """OCR text as Chinese typesetting prints it: the recogniser often gives ``:`` ``,`` ``(`` for the
    full-width marks beside Chinese characters (``年度指标值:≥98%,实际``); numbers keep theirs (``1,234``)."""
    return _HALF_PUNCTUATION.sub(lambda m: _FULL[m.group()], " ".join(text.split()))


class Edges(NamedTuple):
    """Where a line of prose stops short of its text column, in em (the page's character width): ``room``
    between its right end and the column's right margin, ``indent`` from the left margin to its start."""

    room: float
    indent: float


def page_pieces(
    read: PageRead,
) -> tuple[str, list[list[list[Any]]], list[Piece], dict[str, Edges]]:
    """A page as the PDF child gives one: its text (lines apart by CRLF), each line's pieces
    ``[text, left, right, bottom, top]`` in points with y upwards, and the pieces in that order; and the
    :class:`Edges` of each line of prose by its text, for ``pdf_layout.reflow`` to tell a full line (its
    text wrapped) from a short one by where it really ends rather than by counting its characters.

    Within a ruled table, the text lines of one cell (a label wrapped over two lines) become one piece,
    as PDFium gives a cell's lines one after the other, and the cells whose top is the same rule form
    one line (a row), whatever their vertical alignment; text outside ruled cells is grouped into lines
    by vertical overlap."""
    scale = 72.0 / (read.dpi or 72.0)
    height = read.height * scale
    found = []
    for text, (left, top, right, bottom), confidence in read.lines:
        words = printed(str(text))
        if words:
            box = (left * scale, top * scale, right * scale, bottom * scale)
            found.append(Piece(words, read.number, box, float(confidence)))
    grid = _Rules(read.rules, scale)
    cells: dict[tuple[float, float, float, float], list[Piece]] = {}
    loose: list[Piece] = []
    for piece in (part for whole in found for part in grid.split(whole)):
        key = grid.cell(piece.box)
        if key is None:
            loose.append(piece)
        else:
            cells.setdefault(key, []).append(piece)
    lines: dict[Any, list[Piece]] = {}
    for key, members in cells.items():
        lines.setdefault(("row", key[0]), []).append(_merge(members))
    prose = _by_overlap(loose)
    for index, line in enumerate(prose):
        lines[("line", index)] = line
    ordered: list[Piece] = []
    layout: list[list[list[Any]]] = []
    texts = []
    ruled = False
    for key, line in sorted(lines.items(), key=lambda item: min(p.box[1] for p in item[1])):
        # a table starts or ends: a blank line, so that no cell wraps across; not before the page number
        # under a table's last row, which the next page's first lines may finish (pdf_layout's carry)
        ends_at_page_number = ruled and _PAGE_NUMBER.match(" ".join(p.text for p in line))
        if layout and (key[0] == "row") != ruled and not ends_at_page_number:
            texts.append("")
            layout.append([])
        ruled = key[0] == "row"
        line.sort(key=lambda p: p.box[0])
        ordered.extend(line)
        texts.append(" ".join(p.text for p in line))
        layout.append([[p.text, p.box[0], p.box[2], height - p.box[3], height - p.box[1]] for p in line])
    return "\r\n".join(texts), layout, ordered, line_edges(prose)


MIN_PROSE_WIDTH = 10.0  # em: a line this wide or wider is prose that can show the text column's margins
AT_MARGIN = 1.0  # em: a line ending this near the right margin reaches it
MARGIN_LINES = 3  # lines of prose that must reach each margin for the page's margins to be measured


def line_edges(lines: list[list[Piece]]) -> dict[str, Edges]:
    """The :class:`Edges` of each line (outside ruled cells) of one page, by its text. The column's
    right margin is where at least three lines of prose end (a justified paragraph's full lines all end
    there; two could meet by chance on a page of tables), the left one where the first of those full lines
    starts; a page without them gives none (``reflow`` then estimates)."""
    measured = []
    for line in lines:
        text = " ".join(p.text for p in sorted(line, key=lambda p: p.box[0]))
        left, right = min(p.box[0] for p in line), max(p.box[2] for p in line)
        measured.append((text, left, right, _em_width(text)))
    ems = sorted((right - left) / width for _, left, right, width in measured if width >= MIN_PROSE_WIDTH)
    if len(ems) < MARGIN_LINES:
        return {}
    em = ems[len(ems) // 2]
    rights = sorted((right for _, _, right, width in measured if width >= MIN_PROSE_WIDTH), reverse=True)
    if rights[0] - rights[MARGIN_LINES - 1] > AT_MARGIN * em:
        return {}  # fewer lines reach a margin: nothing to measure against (a page of tables, a title page)
    margin_right = rights[(MARGIN_LINES - 1) // 2]
    # the left margin: where the full lines start (a paragraph's first line is indented, the others not)
    margin_left = min(left for _, left, right, _ in measured if right >= margin_right - AT_MARGIN * em)
    edges: dict[str, Edges] = {}
    for text, left, right, _ in measured:
        found = Edges(
            round(max(0.0, margin_right - right) / em, 2), round(max(0.0, left - margin_left) / em, 2)
        )
        edges[text] = wider(edges.get(text), found)
    return edges


def wider(known: Edges | None, found: Edges) -> Edges:
    """Two readings of lines of the same text (on one page or two): the one further from the margins, as a
    line wrongly joined to the next costs more than a wrapped line left apart."""
    if known is None:
        return found
    return Edges(max(known.room, found.room), max(known.indent, found.indent))


def _em_width(text: str) -> float:
    """The width of a line in em as ``pdf_layout.text_width`` counts it: a Chinese character 1, a digit ½."""
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) / 4


class _Rules:
    """A page's table rules in points: which ruled cell a box stands in."""

    def __init__(self, rules: dict[str, list[list[float]]], scale: float) -> None:
        self.h = [(y * scale, a * scale, b * scale) for y, a, b in rules.get("h", [])]
        self.v = [(x * scale, a * scale, b * scale) for x, a, b in rules.get("v", [])]

    def split(self, piece: Piece) -> list[Piece]:
        """``piece`` cut where a vertical rule crosses it: the detector sometimes reads two neighbouring
        cells as one line (``2850人`` and ``10`` as ``2850人10``). The cut falls at the character whose
        share of the line's width (a Chinese character two digits wide) reaches the rule."""
        left, top, right, bottom = piece.box
        middle = (top + bottom) / 2
        margin = 0.5 * (bottom - top)  # a rule this near an edge is the cell's own border (``cell``)
        crossing = sorted(x for x, a, b in self.v if left + margin < x < right - margin and a <= middle <= b)
        if not crossing:
            return [piece]
        widths = [2 if _WIDE.match(char) else 1 for char in piece.text]
        total = sum(widths)
        cuts: list[tuple[int, float]] = []  # (character index, x of the rule) where the line is cut
        start, used = 0, 0
        for x in crossing:
            share = (x - left) / (right - left) * total
            end, run = start, used
            while end < len(piece.text) and run + widths[end] / 2 < share:
                run += widths[end]
                end += 1
            if start < end < len(piece.text) and piece.text[start:end].strip():
                cuts.append((end, x))
                start, used = end, run
        if not cuts:
            return [piece]
        out = []
        for (a, low), (b, high) in pairwise([(0, left), *cuts, (len(piece.text), right)]):
            text = piece.text[a:b].strip()
            if text:  # each part keeps to its side of the rule: its cell is found by the rules around it
                out.append(Piece(text, piece.page, (low, top, high, bottom), piece.confidence))
        return out

    def cell(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
        """(top, bottom, left, right) of the ruled cell around ``box``, or None outside any."""
        left, top, right, bottom = box
        slack = 0.25 * (bottom - top)
        middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
        across = [y for y, a, b in self.h if a - slack <= middle_x <= b + slack]
        down = [x for x, a, b in self.v if a - slack <= middle_y <= b + slack]
        above = [y for y in across if y <= top + slack]
        below = [y for y in across if y >= bottom - slack]
        # a detected box may overshoot its cell's rule by up to half its height (padding round a line
        # of one or two characters); a rule further inside has cut the line (``split``)
        reach = 0.5 * (bottom - top)
        before = [x for x in down if x <= left + reach]
        after = [x for x in down if x >= right - reach]
        if not (above and below and before and after):
            return None
        return round(max(above), 1), round(min(below), 1), round(max(before), 1), round(min(after), 1)


def _by_overlap(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into lines: a piece joins a line it overlaps by half its height."""
    lines: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        top, bottom = piece.box[1], piece.box[3]
        if lines:
            last = lines[-1]
            shared = min(bottom, max(p.box[3] for p in last)) - max(top, min(p.box[1] for p in last))
            if shared >= 0.5 * min(bottom - top, max(p.box[3] - p.box[1] for p in last)):
                last.append(piece)
                continue
        lines.append([piece])
    return lines


def _merge(pieces: list[Piece]) -> Piece:
    """The text lines of one ruled cell as one piece: lines in order, joined as PDFium's cell lines are."""
    if len(pieces) == 1:
        return pieces[0]
    lines = _by_overlap(pieces)
    text = "".join(" ".join(p.text for p in sorted(line, key=lambda p: p.box[0])) for line in lines)
    box = (
        min(p.box[0] for p in pieces),
        min(p.box[1] for p in pieces),
        max(p.box[2] for p in pieces),
        max(p.box[3] for p in pieces),
    )
    return Piece(text, pieces[0].page, box, min(p.confidence for p in pieces))


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
