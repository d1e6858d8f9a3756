"""One sheet of an .xlsx read as a stream (lxml ``iterparse``): only the cells of the columns asked for.

openpyxl builds a Python value for every cell of every column and holds every shared string of the
workbook (petitioners' names and ID numbers included) while the file is open: ~20 s of CPU for a
100,000-row register. Here the sheet's XML is parsed by libxml2 and Python touches only the cells of the
columns that are read; a shared string becomes text only when a cell that is read refers to it:

- the header search resolves one row at a time and stops at the header, so rows below it are never
  turned into text before the columns to read are known;
- the records are collected with their shared strings as indices, then one pass over
  ``sharedStrings.xml`` makes text of exactly the indices those cells use (a string used by a personal
  column only is parsed by libxml2 and dropped, never made a Python ``str``).

The caller has checked the file with the shared file guard (size, inflated size and ratio, entry count)
before anything here inflates it; ``zipfile`` never inflates a member past its declared size. The parser
resolves no entities, loads no DTD and reaches no network; libxml2 bounds depth and text-node size. Rows
are cleared as soon as they are read and everything before the sheet's data is dropped at the first row.
Values come out as openpyxl's ``values_only`` would give them (numbers, ``datetime`` for date-formatted
numbers, ``bool``, ``str``); rows are numbered as in Excel.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Collection, Iterator, Sequence
from typing import IO, Any

from lxml import etree
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, RUN = (MAIN + tag for tag in ("row", "c", "v", "is", "t", "r"))
SHEET_DATA, STRING_ITEM = MAIN + "sheetData", MAIN + "si"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_SMALL_PART = etree.XMLParser(remove_comments=True, remove_pis=True, **_PARSE)
_MEMO_LIMIT = 65_536  # distinct number cells remembered (dates and small numbers repeat)


class SheetError(ValueError):
    """The workbook cannot be read (its message is for the user, in Chinese)."""


class Shared(int):
    """A cell that refers to shared string number ``self`` (resolved after the rows are collected)."""

    __slots__ = ()


def fromstring(data: bytes) -> Any:
    return etree.fromstring(data, _SMALL_PART)


def _column(reference: str, memo: dict[str, int]) -> int:
    """The 0-based column of a cell reference (``AB12`` → 27); -1 when it is not one."""
    letters = reference.rstrip("0123456789")
    index = memo.get(letters)
    if index is None:
        index = -1
        if 1 <= len(letters) <= 3 and letters.isascii() and letters.isupper():
            index = 0
            for char in letters:
                index = index * 26 + ord(char) - 64
            index -= 1
        memo[letters] = index
    return index


def _part(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rich_text(element: Any) -> str:
    """A string item's or inline string's text: its ``t``, or its runs' ``t`` (phonetic runs left out)."""
    plain = element.find(TEXT)
    if plain is not None:
        return plain.text or ""
    return "".join(run.findtext(TEXT) or "" for run in element.iterchildren(RUN))


class SharedStrings:
    """The workbook's shared strings, made text only for the indices asked for.

    One forward pass at a time: a request continues from where the last stopped when it can, else
    starts again from the beginning; strings not asked for are parsed by libxml2 and dropped."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None) -> None:
        self._archive, self._part = archive, part
        self._stream: IO[bytes] | None = None
        self._events: Iterator[tuple[str, Any]] | None = None
        self._next = 0  # the index of the next string the open pass will give

    def texts(self, wanted: Collection[int]) -> dict[int, str]:
        if not wanted or self._part is None:
            return {}
        if self._events is None or min(wanted) < self._next:
            self._restart()
        assert self._events is not None
        found: dict[int, str] = {}
        last = max(wanted)
        for _, item in self._events:
            index = self._next
            self._next += 1
            if index in wanted:
                found[index] = _rich_text(item)
            item.clear(keep_tail=False)
            while item.getprevious() is not None:
                del item.getparent()[0]
            if index >= last:
                break
        return found

    def _restart(self) -> None:
        self.close()
        assert self._part is not None
        self._stream = self._archive.open(self._part)
        self._events = etree.iterparse(self._stream, events=("end",), tag=STRING_ITEM, **_PARSE)
        self._next = 0

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._events = None


class Sheet:
    """One worksheet of an open workbook: rows from the top for the header, then records."""

    def __init__(self, archive: zipfile.ZipFile, sheet: str | None) -> None:
        self._archive = archive
        workbook = "xl/workbook.xml"
        try:
            book = fromstring(archive.read(workbook))
            rels_part = "xl/_rels/workbook.xml.rels"
            rels = fromstring(archive.read(rels_part)) if rels_part in archive.namelist() else None
        except (KeyError, etree.XMLSyntaxError, ValueError) as exc:
            raise SheetError("台账工作簿已损坏，无法读取") from exc
        targets: dict[str, tuple[str, str]] = {}
        for rel in rels.iter(_PKG_REL) if rels is not None else ():
            if rel.get("TargetMode") != "External":
                targets[rel.get("Id", "")] = (rel.get("Type", ""), _part(workbook, rel.get("Target", "")))
        sheets = [(node.get("name", ""), node.get(_REL, "")) for node in book.iter(MAIN + "sheet")]
        self.names = [name for name, _ in sheets]
        if not sheets:
            raise SheetError("台账工作簿中没有工作表")
        if sheet is not None and sheet not in self.names:
            listed = "、".join(self.names[:10])
            raise SheetError(f"台账工作簿中没有名为“{sheet}”的工作表（有：{listed}）")
        self.name = sheet or self.names[0]
        part = targets.get(dict(sheets)[self.name], ("", ""))[1]
        if part not in archive.namelist():
            raise SheetError(f"台账工作簿中的工作表“{self.name}”已损坏，无法读取")
        self._sheet_part = part
        by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in targets.values()}
        strings = by_type.get("sharedStrings")
        self.strings = SharedStrings(archive, strings if strings in archive.namelist() else None)
        pr = book.find(MAIN + "workbookPr")
        self._epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else None
        self._dates, self._durations = self._styles(by_type.get("styles"))
        self._memo: dict[object, object] = {}  # a shared string's index text, or (number text, style)

    def _styles(self, part: str | None) -> tuple[set[int], set[int]]:
        if part is None or part not in self._archive.namelist():
            return set(), set()
        try:
            sheet = Stylesheet.from_tree(fromstring(self._archive.read(part)))
        except Exception:  # a damaged style part: numbers stay numbers (as_date still reads serials)
            return set(), set()
        found: Any = sheet  # openpyxl's stubs lack the indices its __init__ builds
        return set(found.date_formats), set(found.timedelta_formats)

    # --- rows ----------------------------------------------------------------------------------------

    def _rows(self) -> Iterator[tuple[int, Any]]:
        """(row number, the row element) in order; the element is cleared after the caller's turn."""
        number = 0
        pruned = False
        with self._archive.open(self._sheet_part) as stream:
            for _, element in etree.iterparse(stream, events=("end",), tag=(ROW, SHEET_DATA), **_PARSE):
                if element.tag == SHEET_DATA:
                    return  # nothing after the sheet's data is parsed
                written = element.get("r")
                number = int(written) if written and written.isdigit() else number + 1
                if not pruned:
                    _drop_before(element.getparent())
                    pruned = True
                yield number, element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _value(self, cell: Any) -> object:
        kind = cell.get("t")
        if kind == "inlineStr":  # a cell of a column that is read: one object per distinct text
            inline = cell.find(INLINE)
            text = _rich_text(inline) if inline is not None else None
            if text is None or len(self._memo) >= _MEMO_LIMIT:
                return text
            return self._memo.setdefault(("inline", text), text)
        children = len(cell)
        if children == 0:
            return None
        value = cell[
            children - 1
        ]  # <v> follows <f> in a formula cell (its cached value is read, as data_only)
        if value.tag != VALUE:
            value = cell.find(VALUE) if children > 1 else None
        text = value.text if value is not None else None
        if not text:
            return None
        if kind == "s":
            shared = self._memo.get(text)  # the same index is one object (a row of 是/否 is 8 bytes a cell)
            if shared is None and len(text) <= 10 and text.isascii() and text.isdigit():
                shared = Shared(int(text))
                if len(self._memo) < _MEMO_LIMIT:
                    self._memo[text] = shared
            return shared
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return from_ISO8601(text)  # type: ignore[no-untyped-call]
            except ValueError:
                return text
        return self._number(text, cell.get("s"))

    def _number(self, text: str, style: str | None) -> object:
        key = (text, style)
        known = self._memo.get(key)
        if known is not None:
            return known
        try:
            number: object = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
        except ValueError:
            return text
        styled = int(style) if style and style.isdigit() else 0
        if styled in self._dates and isinstance(number, int | float):
            try:
                as_duration = styled in self._durations
                epoch = self._epoch or CALENDAR_WINDOWS_1900
                number = from_excel(number, epoch, timedelta=as_duration)
            except (OverflowError, ValueError):
                number = "#VALUE!"  # openpyxl's reading of a date cell out of range
        if len(self._memo) < _MEMO_LIMIT:
            self._memo[key] = number
        return number

    def _cells(self, row: Any, slots: dict[int, int] | None, size: int, memo: dict[str, int]) -> list[object]:
        """The values of a row's cells at ``slots`` (column → place; None: the first ``size`` columns)."""
        found: list[object] = [None] * size
        index = -1
        value = self._value
        for cell in row:
            reference = cell.get("r")
            placed = _column(reference, memo) if reference else -1
            if placed < 0 and cell.tag != CELL:
                continue  # a row's extLst
            index = placed if placed >= 0 else index + 1
            slot = index if slots is None else slots.get(index)
            if slot is not None and slot < size:
                found[slot] = value(cell)
        return found

    def head(self, rows: int, width: int, *, only: int | None = None) -> Iterator[tuple[int, list[object]]]:
        """The first rows (up to row ``rows``; or row ``only``), ``width`` cells each, text resolved a row
        at a time, so the rows after the one the caller stops at are never made text."""
        memo: dict[str, int] = {}
        for number, element in self._rows():
            if number > rows:
                return
            if only is not None and number != only:
                continue
            cells = self._cells(element, None, width, memo)
            texts = self.strings.texts({cell for cell in cells if isinstance(cell, Shared)})
            yield number, [texts.get(cell) if isinstance(cell, Shared) else cell for cell in cells]

    def records(
        self, after: int, columns: Sequence[int], *, max_rows: int, max_gap: int
    ) -> Iterator[tuple[int, list[object]]]:
        """Rows below ``after``: the cells of ``columns`` (in that order), text resolved.

        Collection stops after ``max_rows`` + 1 rows with any of these cells, or a run of ``max_gap`` rows
        without one (the caller refuses, or ends the sheet, as for a CSV)."""
        memo: dict[str, int] = {}
        slots = {column: slot for slot, column in enumerate(columns)}
        size = len(columns)
        collected: list[tuple[int, list[object]]] = []
        used: set[int] = set()
        last = after
        for number, element in self._rows():
            if number <= after:
                continue
            picked = self._cells(element, slots, size, memo)
            if number - last > max_gap:
                break  # a run of empty rows ends the sheet (rows not written in the XML count too)
            if picked.count(None) == size:
                continue
            last = number
            collected.append((number, picked))
            for value in picked:
                if type(value) is Shared:
                    used.add(value)
            if len(collected) > max_rows:
                break
        texts = self.strings.texts(used)
        used.clear()
        for number, picked in collected:
            yield number, [texts.get(value) if type(value) is Shared else value for value in picked]

    def close(self) -> None:
        self.strings.close()
        self._archive.close()


def _drop_before(sheet_data: Any) -> None:
    """Everything the parser kept before the sheet's data (views, column widths …) is not needed."""
    if sheet_data is None:
        return
    while sheet_data.getprevious() is not None:
        del sheet_data.getparent()[0]
