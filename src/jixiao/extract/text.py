"""The text every extraction stage reads: the original, its normalised twin and its lines."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml

from jixiao.extract import patterns as pt
from jixiao.model import Span

TRADITIONAL_FILE = Path(__file__).with_name("traditional.yaml")

_NEWLINE = re.compile("\n")


@dataclass(slots=True)
class Text:
    """The text, its normalised twin (same length), line starts and where the body begins."""

    text: str
    norm: str
    starts: list[int]
    body_start: int
    body_line: int

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def line_text(self, number: int) -> tuple[str, str, int]:
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.text[start:end], self.norm[start:end], start

    def span(self, start: int, end: int) -> Span:
        # the validating constructor: pydantic-core checks three ints in 1 µs, where model_construct's
        # Python-side defaults loop takes 2.4 µs (dozens of spans per document)
        return Span(start=start, end=end, line=self.line_of(start))


def prepare(text: str, metadata_lines: int) -> Text:
    norm = pt.normalise(text)
    starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    body_line = min(metadata_lines, len(starts) - 1) + 1 if metadata_lines else 1
    return Text(text, norm, starts, starts[body_line - 1], body_line)


@cache
def _traditional() -> tuple[dict[int, str], re.Pattern[str]]:
    pairs = yaml.safe_load(TRADITIONAL_FILE.read_text(encoding="utf-8"))["pairs"].split()
    table = {ord(pair[0]): pair[1] for pair in pairs}
    return table, re.compile("[" + "".join(pair[0] for pair in pairs) + "]")


def simplified(text: str) -> str:
    """``text`` with the traditional characters of ``traditional.yaml`` written simplified, character for
    character (offsets unchanged)."""
    table, present = _traditional()
    return text.translate(table) if present.search(text) else text


def simplified_view(doc: Text) -> Text:
    """``doc`` whose normalised twin is written simplified (a page mirrored in traditional script), for the
    rules that read names and titles; the original text, and so every name read from it, is unchanged."""
    norm = simplified(doc.norm)
    return doc if norm is doc.norm else replace(doc, norm=norm)


# a mirror site's pinyin after each traditional character (``即墨區(qū)第三實(shí)驗(yàn)小學(xué)``)
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


def without_pinyin(doc: Text) -> tuple[Text, list[int]] | None:
    """``doc`` without the pinyin a mirror site wrote after its characters, and where each of its characters
    stands in ``doc`` (one more entry for the end); None when there is none. Lines are unchanged."""
    cuts = [match.span() for match in _PINYIN.finditer(doc.text)]
    if not cuts:
        return None
    pieces: list[str] = []
    back: list[int] = []
    last = 0
    for begin, end in cuts:
        pieces.append(doc.text[last:begin])
        back.extend(range(last, begin))
        last = end
    pieces.append(doc.text[last:])
    back.extend(range(last, len(doc.text) + 1))
    compact = prepare("".join(pieces), doc.body_line - 1)
    return replace(compact, body_start=bisect_left(back, doc.body_start)), back
