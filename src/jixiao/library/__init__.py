"""The indicator library: indicators as data (YAML shipped in this package, extendable by a bureau's file).

Each entry has a stable ``id`` that an evaluation keeps in ``Indicator.library_id`` when the indicator
is taken from the library, so the same indicator can be compared across departments and years. Entries come
from the 共性 frameworks (财预〔2013〕53号, 财预〔2020〕10号) and from the 个性 indicators that published
tables use per sector; ``jixiao indicators`` lists and searches them.

``load_library(extra) -> (Library, issues)``: a bureau's own file that cannot be read, an entry that does not
validate or an id used twice comes back as a located ``LIB`` issue, never an exception.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, walk_indicators
from jixiao.values import parse_value
from jixiao.yaml_text import YamlInputError, parse_yaml_text

LIBRARY_DIR = Path(__file__).parent
ENV_VAR = "JIXIAO_LIBRARY"  # further library files, separated by os.pathsep (a bureau's own indicators)
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 20_000

Form = Literal["percent", "number", "money", "duration", "date", "text"]
Direction = Literal[">=", "<=", "="]
FORM_LABELS = {
    "percent": "百分比",
    "number": "数值",
    "money": "金额",
    "duration": "时长",
    "date": "日期（期限）",
    "text": "文字（定性）",
}
DIRECTION_LABELS = {">=": "≥", "<=": "≤", "=": "="}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LibraryEntry(_Entry):
    """One indicator of the library."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=80)
    name: str = Field(min_length=1, max_length=60)
    aliases: tuple[str, ...] = ()
    sector: str  # 共性, 信访, 教育, …
    framework: str | None = None  # cz2013 / cz2020 for the 共性 frameworks
    path: tuple[str, ...] = Field(min_length=1, max_length=3)  # level-1 (and level-2) category names
    definition: str
    form: Form  # the usual form of the target (指标值)
    target: str  # the usual target, as tables write it: ≥95%, ≤1600元/亩, 12月底前完成, 合规
    unit: str | None = None
    direction: Direction | None = None
    data_source: str
    records: bool = False  # the actual can be computed from the department's own records (台账)
    basis: str | None = None  # the document or table family the entry follows

    @property
    def kind(self) -> Literal["quantitative", "qualitative"]:
        return "qualitative" if self.form == "text" else "quantitative"

    @property
    def level_path(self) -> str:
        return " / ".join(self.path)

    @property
    def label(self) -> str:
        """``名称（编号）``: what a drop-down or a suggestion shows."""
        return f"{self.name}（{self.id}）"


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sector: str
    framework: str | None = None
    basis: str | None = None
    indicators: list[dict[str, object]] = Field(default_factory=list)


class Library:
    """The entries in order, by id, and by plain name (names and aliases)."""

    def __init__(self, entries: Iterable[LibraryEntry]) -> None:
        self.entries: list[LibraryEntry] = list(entries)
        self.by_id = {entry.id: entry for entry in self.entries}
        self._by_name: dict[str, list[LibraryEntry]] = {}
        for entry in self.entries:
            for name in {plain(entry.name), *(plain(a) for a in entry.aliases)}:
                self._by_name.setdefault(name, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str | None) -> LibraryEntry | None:
        return self.by_id.get(entry_id) if entry_id else None

    @property
    def sectors(self) -> list[str]:
        return list(dict.fromkeys(entry.sector for entry in self.entries))

    def search(self, text: str | None = None, sector: str | None = None) -> list[LibraryEntry]:
        """Entries of ``sector`` (all when None) whose name, aliases, path or definition contain ``text``."""
        wanted = plain(text) if text else ""
        found = []
        for entry in self.entries:
            if sector and entry.sector != sector:
                continue
            haystack = plain(" ".join((entry.name, *entry.aliases, *entry.path, entry.definition)))
            if wanted in haystack:
                found.append(entry)
        return found

    def match(
        self, name: str, ancestors: Sequence[str] = (), prefer: Sequence[str] = ("cz2020",)
    ) -> LibraryEntry | None:
        """The entry an indicator written as ``name`` (under the categories ``ancestors``) stands for.

        A name several entries share is resolved by the categories above it, then by the frameworks in
        ``prefer``; still ambiguous, it matches none (a wrong id is worse than no id).
        """
        candidates = self._by_name.get(plain(name), [])
        if len(candidates) > 1 and ancestors:
            above = {plain(a).removesuffix("指标") for a in ancestors}
            placed = [e for e in candidates if {plain(p).removesuffix("指标") for p in e.path} <= above]
            candidates = placed or candidates
        if len(candidates) > 1:
            for framework in prefer:
                chosen = [e for e in candidates if e.framework == framework]
                if len(chosen) == 1:
                    return chosen[0]
        return candidates[0] if len(candidates) == 1 else None


_PLAIN = str.maketrans({"“": "", "”": "", '"': "", " ": "", "\u3000": "", "（": "(", "）": ")"})


def plain(text: str) -> str:
    """A name compared without quotes, spaces and the difference between full- and half-width brackets."""
    return text.translate(_PLAIN).strip().lower()


def _issue(message: str, file: str, line: int | None = None, code: str = "LIB001") -> Issue:
    return Issue(
        code=code,
        severity=Severity.ERROR,
        message=message,
        file=file,
        line=line,
        hint="格式同 jixiao/library/ 自带文件：sector 与 indicators 列表（id、name、path…）",
    )


def read_library_file(path: Path) -> tuple[list[LibraryEntry], list[Issue]]:
    """The entries of one library file, or located issues; never raises on a user's file."""
    file = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [_issue(f"指标库文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，未读取", file)]
        data, lines = parse_yaml_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlInputError) as exc:
        return [], [_issue(f"指标库文件无法读取：{exc}", file, getattr(exc, "line", None))]
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return [], [
            _issue(f"指标库文件结构有误（{where or '顶层'}）：{error['msg']}", file, lines.get(where))
        ]
    entries, issues = [], []
    for i, raw in enumerate(parsed.indicators[:MAX_ENTRIES]):
        defaults = {"sector": parsed.sector, "framework": parsed.framework, "basis": parsed.basis}
        try:
            entries.append(LibraryEntry.model_validate({**defaults, **raw}))
        except ValidationError as exc:
            error = exc.errors()[0]
            key = ".".join(str(p) for p in error["loc"])
            issues.append(
                _issue(
                    f"指标库第 {i + 1} 项“{raw.get('name', '')}”的 {key} 有误：{error['msg']}",
                    file,
                    lines.get(f"indicators[{i}].{key}") or lines.get(f"indicators[{i}]"),
                )
            )
    if len(parsed.indicators) > MAX_ENTRIES:
        issues.append(_issue(f"指标库条目超过 {MAX_ENTRIES} 项，其余未读取", file))
    return entries, issues


def shipped_files() -> list[Path]:
    """The library files of this package, the 共性 frameworks first."""
    return sorted(LIBRARY_DIR.glob("*.yaml"), key=lambda p: (not p.name.startswith("common-"), p.name))


def load_library(extra: Sequence[str | Path] = ()) -> tuple[Library, list[Issue]]:
    """The shipped library plus ``extra`` files (a bureau's own); a later entry with an id already used is
    an issue (``LIB002``) and is left out."""
    entries: list[LibraryEntry] = []
    issues: list[Issue] = []
    seen: dict[str, str] = {}
    for path in [*shipped_files(), *(Path(p) for p in extra)]:
        found, problems = read_library_file(path)
        issues.extend(problems)
        for entry in found:
            if entry.id in seen:
                issues.append(
                    _issue(
                        f"指标编号“{entry.id}”已在 {seen[entry.id]} 中使用，此处的条目未采用",
                        str(path),
                        None,
                        "LIB002",
                    )
                )
                continue
            seen[entry.id] = path.name
            entries.append(entry)
    return Library(entries), issues


def extra_files_from_env() -> list[str]:
    value = os.environ.get(ENV_VAR, "")
    return [part for part in value.split(os.pathsep) if part.strip()]


@lru_cache(maxsize=8)
def _default(extra: tuple[str, ...]) -> Library:
    return load_library(extra)[0]


def default_library() -> Library:
    """The shipped library with the files named by ``JIXIAO_LIBRARY`` (cached; their issues are not shown
    here — ``jixiao indicators`` reports them)."""
    return _default(tuple(extra_files_from_env()))


def has_date(text: str) -> bool:
    """A deadline or a date is written in ``text`` (``12月底前``, ``年底前``, ``2025年6月30日``), as the
    value parser (:mod:`jixiao.values`) reads it."""
    return parse_value(text).date is not None


def attach_ids(evaluation: Evaluation, library: Library | None = None) -> Evaluation:
    """A copy whose indicators named exactly as a library entry (under matching categories) carry its id.

    Used where the library is offered as suggestions (the web form): a name picked from them is that
    indicator. An id already set is kept; an ambiguous name gets none.
    """
    library = library or default_library()
    prefer = ("cz2013",) if (evaluation.ruleset or "").startswith(("cz2013", "hn-dept")) else ("cz2020",)
    copy = evaluation.model_copy(deep=True)
    names: dict[str, str] = {}
    for path, node, _depth in walk_indicators(copy.indicators):
        names[path] = node.name
        if node.children or node.library_id:
            continue
        parts = path.split(".")
        ancestors = [names[".".join(parts[: i + 1])] for i in range(1, len(parts) - 1)]
        entry = library.match(node.name, ancestors, prefer)
        if entry is not None:
            node.library_id = entry.id
    return copy
