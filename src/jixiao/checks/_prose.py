"""Sentences of a published report and the facts in each, for the checks of relations stated in prose.

A sentence runs to 。；！？ or a blank line; single line breaks (a PDF's wrapped lines) do not end it.
Facts read from tables are left out: the table checks read those.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.checks.registry import Context
    from jixiao.inputs.document import Document
    from jixiao.inputs.facts import Fact

_END = re.compile(r"[。；;！？!?]|\n\s*\n")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    facts: list[Fact]

    def text(self, document: Document) -> str:
        return document.text[self.start : self.end]

    def between(self, document: Document, left: int, right: int) -> str:
        """The text between two offsets of this sentence, line breaks removed."""
        return document.text[left:right].replace("\n", "")


def sentences_of(ctx: Context) -> list[Sentence]:
    """The sentences of the checked document, cut once for every prose check (``Context.derived``)."""
    return ctx.derived(_sentences_of_context)


def _sentences_of_context(ctx: Context) -> list[Sentence]:
    return list(sentences(ctx.document, ctx.facts)) if ctx.document is not None else []


def sentences(document: Document, facts: Sequence[Fact]) -> Iterator[Sentence]:
    """Every sentence holding a prose fact, with its prose facts in order."""
    prose = sorted((f for f in facts if f.table is None), key=lambda f: f.start)
    if not prose:
        return
    starts = [f.start for f in prose]
    text = document.text
    begin = 0
    for match in _END.finditer(text):
        end = match.end()
        first = bisect_left(starts, begin)
        last = bisect_left(starts, end)
        if last > first:
            yield Sentence(begin, end, prose[first:last])
        begin = end
    first = bisect_left(starts, begin)
    if first < len(prose):
        yield Sentence(begin, len(text), prose[first:])
