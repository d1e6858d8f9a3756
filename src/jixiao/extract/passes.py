"""Understanding as passes: each one reads the document, its facts and what earlier passes found, and
returns its own findings. No pass writes into another's: the runner (``builder.build``) adds each pass's
findings to what came before, in the one order ``builder.PASSES`` lists.

The signature of every pass: ``(reading: Reading, earlier: Earlier) -> Findings``.

* ``Reading`` — the Document, its prepared text (``Text``: normalised twin, line starts, body start), its
  facts (read once, when a pass first asks) and the file name for issues. Never changed by a pass.
* ``Earlier`` — the findings of the passes before, frozen: stated figures with their paths, the canonical
  paths given so far, spans, issues, fund sources, project items, and each pass's named results
  (``values``: the headings, the table rows, the indicator tree …).
* ``Findings`` — what one pass adds: figures (a canonical path is given to its first figure only: a pass
  asks ``Collector.add``, which looks at the paths earlier passes gave), spans, issues, values; and what
  it changes of earlier figures, said as data: figures withdrawn (``withdraw``: the raw rate a glued
  cell's parts replace) and figures given a path (``repath``), each named by the earlier figure itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from jixiao.extract import patterns as pt
from jixiao.extract.text import Text, prepare
from jixiao.inputs.document import Document
from jixiao.inputs.facts import Fact, read_facts
from jixiao.issues import Issue
from jixiao.model import Span

__all__ = ["Collector", "Earlier", "Figure", "Findings", "Pass", "Reading", "run"]

Figure = tuple[pt.Found, str | None]  # a stated figure and its canonical path (None: stated, no path)
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


@dataclass(frozen=True, slots=False)
class Reading:
    """What every pass reads: the document, its prepared text and (on first use) its facts."""

    document: Document
    file: str | None = None

    @cached_property
    def doc(self) -> Text:
        return prepare(self.document.text, self.document.metadata_lines)

    @cached_property
    def facts(self) -> list[Fact]:
        return read_facts(self.document)


@dataclass(frozen=True, slots=True)
class Findings:
    """What one pass found."""

    figures: tuple[Figure, ...] = ()
    paths: Mapping[str, pt.Found] = field(default_factory=_empty)  # paths given (to a first figure only)
    spans: Mapping[str, Span] = field(default_factory=_empty)
    issues: tuple[Issue, ...] = ()
    sources: Mapping[str, tuple[str, int, int]] = field(default_factory=_empty)  # no such fund: note, span
    items: tuple[Any, ...] = ()  # project items (breakdowns.ProjectItem)
    values: Mapping[str, Any] = field(default_factory=_empty)  # this pass's named results
    withdraw: tuple[pt.Found, ...] = ()  # earlier figures (the same objects) withdrawn
    repath: tuple[tuple[pt.Found, str], ...] = ()  # an earlier figure (the same object) given a path


@dataclass(frozen=True, slots=True)
class Earlier:
    """The findings of the passes run so far, frozen; ``plus`` gives a new one."""

    figures: tuple[Figure, ...] = ()
    paths: Mapping[str, pt.Found] = field(default_factory=_empty)
    spans: Mapping[str, Span] = field(default_factory=_empty)
    issues: tuple[Issue, ...] = ()
    sources: Mapping[str, tuple[str, int, int]] = field(default_factory=_empty)
    items: tuple[Any, ...] = ()
    values: Mapping[str, Any] = field(default_factory=_empty)

    def plus(self, found: Findings) -> Earlier:
        figures = self.figures
        if found.withdraw:
            gone = {id(item) for item in found.withdraw}
            figures = tuple(f for f in figures if id(f[0]) not in gone)
        if found.repath:
            given = {id(item): path for item, path in found.repath}
            figures = tuple((item, given.get(id(item), path)) for item, path in figures)
        return Earlier(
            figures=figures + found.figures,
            paths=_merged(self.paths, found.paths),
            spans=_merged(self.spans, found.spans),
            issues=self.issues + found.issues,
            sources=_merged(self.sources, found.sources),
            items=self.items + found.items,
            values=_merged(self.values, found.values),
        )

    def value(self, name: str) -> Any:
        """A named result of an earlier pass (KeyError when no pass before gave it: an ordering bug)."""
        return self.values[name]


def _merged(old: Mapping[str, Any], new: Mapping[str, Any]) -> Mapping[str, Any]:
    if not new:
        return old
    if not old:
        return MappingProxyType(dict(new))
    return MappingProxyType({**old, **new})


Pass = Callable[[Reading, Earlier], Findings]


@dataclass(slots=True)
class Collector:
    """A pass's own notes while it runs (never shared): figures, the paths it gives, spans, issues."""

    doc: Text
    taken: Mapping[str, pt.Found] = field(default_factory=_empty)  # the paths earlier passes gave
    figures: list[Figure] = field(default_factory=list)
    paths: dict[str, pt.Found] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def has(self, path: str) -> bool:
        return path in self.paths or path in self.taken

    def add(self, item: pt.Found, path: str | None) -> None:
        """Record a figure; a canonical path is given to its first figure only."""
        if path and self.has(path):
            path = None
        if path:
            self.give(item, path)
        self.figures.append((item, path))

    def give(self, item: pt.Found, path: str) -> None:
        """``path`` is read from ``item``: remember the figure and its span."""
        self.paths[path] = item
        self.spans[path] = self.doc.span(item.start, item.end)

    def findings(self, **more: Any) -> Findings:
        return Findings(
            figures=tuple(self.figures),
            paths=MappingProxyType(self.paths),
            spans=MappingProxyType(self.spans),
            issues=tuple(self.issues),
            **more,
        )


def run(passes: tuple[Pass, ...], reading: Reading) -> Earlier:
    """Every pass in order, each given what the ones before it found."""
    earlier = Earlier()
    for each in passes:
        earlier = earlier.plus(each(reading, earlier))
    return earlier
