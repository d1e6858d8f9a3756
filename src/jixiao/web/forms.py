"""The evaluation form: its layout (fields named by model path) and form data → plain evaluation data.

Every input carries the model path it edits (``budget.total.executed``,
``indicators.产出指标.信访积案处理.score``) so that each Issue the core reports can be shown beside the
field with the same path. Form data is laid over the stored JSON, so what the form does not show
(spans, rates, projects, …) is kept; ``jixiao.inputs.structured.normalise`` then validates it like any
other input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict

from jixiao.inputs.guard import check_file, content_matches
from jixiao.issues import Issue
from jixiao.model import Indicator, walk_indicators

BUDGET_LINES = [
    ("budget.total", "财政拨款（合计）"),
    ("budget.basic", "基本支出"),
    ("budget.basic.personnel", "其中：人员经费"),
    ("budget.basic.public", "其中：日常公用经费"),
    ("budget.project", "项目支出"),
]
BUDGET_COLUMNS = [
    ("initial", "年初预算（万元）"),
    ("adjusted", "全年预算（万元）"),
    ("executed", "全年执行（万元）"),
    ("rate", "执行率（%）"),
    ("share", "占比（%）"),
]
INDICATOR_COLUMNS = [
    ("name", "指标名称"),
    ("kind", "类型"),
    ("target", "年度指标值"),
    ("actual", "实际完成值"),
    ("weight", "分值"),
    ("score", "得分"),
]
INDICATOR_KEYS = {key for key, _label in INDICATOR_COLUMNS}
SCALARS = [
    ("declared.total_score", "申报总分"),
    ("declared.grade", "申报等级"),
    ("narrative.summary", "年度总体目标完成情况"),
    ("narrative.problems", "存在的问题（每行一条）"),
    ("narrative.measures", "改进措施（每行一条）"),
    ("narrative.application", "自评结果应用和公开情况"),
]
KINDS = [("", "—"), ("quantitative", "定量"), ("qualitative", "定性"), ("execution_rate", "预算执行率")]
KIND_NAMES = dict(KINDS[1:])
BLANK_INDICATOR_ROWS = 1  # more are added in place ("添加指标行")
MAX_INDICATOR_ROWS = 300


def slot_id(path: str) -> str:
    """An HTML id for the issue slot of a model path (paths hold dots and Chinese characters)."""
    return "iss-" + hashlib.blake2s(path.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class Cell:
    name: str  # form field name
    path: str  # model path
    value: str
    label: str
    slot: str
    issues: list[Issue] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The value as a person reads it (indicator kinds in Chinese)."""
        return KIND_NAMES.get(self.value, self.value) if self.name.endswith("-kind") else self.value


@dataclass
class Row:
    path: str
    label: str
    slot: str
    cells: list[Cell] = field(default_factory=list)
    level: int = 1
    orig: str = ""
    kind: str = ""
    issues: list[Issue] = field(default_factory=list)
    prior: dict[str, Any] | None = None  # last year's figures (jixiao next), shown beside the row
    records: dict[str, Any] | None = None  # the actual computed from records (k/n), shown under it


@dataclass
class Layout:
    budget: list[Row]
    indicators: list[Row]
    scalars: list[Cell]
    kinds: list[tuple[str, str]] = field(default_factory=lambda: KINDS)

    def annotate(self, placed: dict[str, list[Issue]], comments: dict[str, list[Any]]) -> None:
        """Attach the placed issues and the comments (by exact path) to each row and field."""
        for row in self.budget + self.indicators:
            row.issues = placed.get(row.slot, [])
            for cell in row.cells:
                cell.issues = placed.get(cell.slot, [])
                cell.comments = comments.get(cell.path, [])
        for cell in self.scalars:
            cell.issues = placed.get(cell.slot, [])
            cell.comments = comments.get(cell.path, [])

    def fields(self) -> dict[str, str]:
        """The form's fields as a browser posts them, unchanged (the names ``data_from_post`` reads)."""
        post = {"ind-count": str(len(self.indicators))}
        for row in self.budget:
            post.update({cell.name: cell.value for cell in row.cells})
        for n, row in enumerate(self.indicators):
            post[f"ind-{n}-level"] = str(row.level)
            post[f"ind-{n}-orig"] = row.orig
            post.update({cell.name: cell.value for cell in row.cells})
        post.update({cell.name: cell.value for cell in self.scalars})
        return post

    def slots(self) -> dict[str, str]:
        """Every model path (and alias) with an issue slot → the slot's id."""
        found = static_slots()
        for row in self.indicators:
            if row.orig:
                found.update(_row_slots(int(row.cells[0].name.split("-")[1]), row.path, row.orig))
        return found


def static_slots() -> dict[str, str]:
    """Slots of the budget lines and the single fields (their ids depend on the path only)."""
    found = {}
    for path, _label in BUDGET_LINES:
        found[path] = slot_id(path)
        for key, _col in BUDGET_COLUMNS:
            found[f"{path}.{key}"] = slot_id(f"{path}.{key}")
    for path, _label in SCALARS:
        found[path] = slot_id(path)
    return found


def _row_slots(n: int, name_path: str, orig: str) -> dict[str, str]:
    """An indicator row's slots by its name path and by its positional path (input issues use that)."""
    found = {}
    for base in (name_path, _model_index_path(orig)):
        found[base] = f"iss-ind-{n}"
        for key in (*[k for k, _ in INDICATOR_COLUMNS], "target_value", "actual_value", "direction", "unit"):
            found[f"{base}.{key}"] = f"iss-ind-{n}-{key}" if key in INDICATOR_KEYS else f"iss-ind-{n}"
    return found


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # a Stated percent
        return str(value.get("text") or f"{value.get('value', '')}%")
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _budget_rows(data: dict[str, Any]) -> list[Row]:
    rows = []
    for path, label in BUDGET_LINES:
        line = _get(data, path) or {}
        row = Row(path=path, label=label, slot=slot_id(path))
        for key, col_label in BUDGET_COLUMNS:
            if key == "share" and path.count(".") < 2:
                continue
            cell_path = f"{path}.{key}"
            row.cells.append(Cell(cell_path, cell_path, _text(line.get(key)), col_label, slot_id(cell_path)))
        rows.append(row)
    return rows


def _skeleton(nodes: list[dict[str, Any]]) -> list[Indicator]:
    return [Indicator(name=n.get("name") or "?", children=_skeleton(n.get("children", []))) for n in nodes]


def _positional(nodes: list[dict[str, Any]], base: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for i, node in enumerate(nodes):
        key = f"{base}.{i}" if base else str(i)
        found.append((key, node))
        found.extend(_positional(node.get("children", []), key))
    return found


def _model_index_path(orig: str) -> str:
    parts = orig.split(".")
    return "indicators" + "".join(f"[{p}]" if i == 0 else f".children[{p}]" for i, p in enumerate(parts))


def _indicator_rows(data: dict[str, Any]) -> list[Row]:
    nodes = data.get("indicators") or []
    rows = []
    named = walk_indicators(_skeleton(nodes))
    for n, ((orig, node), (path, _ind, depth)) in enumerate(zip(_positional(nodes), named, strict=True)):
        rows.append(_indicator_row(n, path, depth, orig, node))
    start = len(rows)
    for n in range(start, start + BLANK_INDICATOR_ROWS):
        rows.append(_indicator_row(n, f"indicators.新行{n}", 1 if n == start else 3, "", {}))
    return rows


def _indicator_row(n: int, path: str, depth: int, orig: str, node: dict[str, Any]) -> Row:
    row = Row(path=path, label=node.get("name", ""), slot=f"iss-ind-{n}", level=depth, orig=orig)
    row.kind = node.get("kind", "") or ""
    row.prior = node.get("prior")
    for key, label in INDICATOR_COLUMNS:
        cell_path = f"{path}.{key}"
        row.cells.append(Cell(f"ind-{n}-{key}", cell_path, _text(node.get(key)), label, f"iss-ind-{n}-{key}"))
    return row


def blank_row(n: int) -> Row:
    """A new empty indicator row numbered ``n`` (added in place, a level-3 indicator by default)."""
    return _indicator_row(n, f"indicators.新行{n}", 3, "", {})


def layout(data: dict[str, Any]) -> Layout:
    """The form for ``data`` (an Evaluation as JSON): budget lines, indicator rows, other fields."""
    scalars = [Cell(path, path, _text(_get(data, path)), label, slot_id(path)) for path, label in SCALARS]
    return Layout(budget=_budget_rows(data), indicators=_indicator_rows(data), scalars=scalars)


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value in (None, "", []):
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def _prune(node: dict[str, Any]) -> None:
    """Drop budget lines left empty (all their fields cleared)."""
    for key in list(node):
        if isinstance(node[key], dict):
            _prune(node[key])
            if not node[key]:
                del node[key]


def _row_node(post: QueryDict, n: int, originals: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    name = post.get(f"ind-{n}-name", "").strip()
    if not name:
        return None
    orig = post.get(f"ind-{n}-orig", "")
    node = {k: _json_copy(v) for k, v in originals.get(orig, {}).items() if k != "children"}
    for key, _label in INDICATOR_COLUMNS:
        value = post.get(f"ind-{n}-{key}", "").strip()
        if key == "target" and value != _text(node.get("target")):
            for derived in ("target_value", "direction", "unit"):
                node.pop(derived, None)
        if key == "actual" and value != _text(node.get("actual")):
            node.pop("actual_value", None)
        _set(node, key, value)
    node["children"] = []
    return node


def _tree(post: QueryDict, originals: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    """Indicator rows (each with a level 1–3) → the nested tree and the row numbers in tree order."""
    roots: list[dict[str, Any]] = []
    order: list[int] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    count = row_count(post)
    for n in range(count):
        node = _row_node(post, n, originals)
        if node is None:
            continue
        try:
            level = max(1, min(3, int(post.get(f"ind-{n}-level", "1"))))
        except ValueError:
            level = 1
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((level, node))
        order.append(n)
    return roots, order


def row_count(post: QueryDict) -> int:
    """The number of indicator rows the form says it holds (0–MAX_INDICATOR_ROWS, 0 when not a number)."""
    value = post.get("ind-count", "0") or "0"
    return min(int(value), MAX_INDICATOR_ROWS) if value.isdigit() else 0


def _json_copy(value: Any) -> Any:
    """A deep copy of stored JSON (dicts, lists, scalars): ``copy.deepcopy`` without its memo, ~5x faster."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    return value


def data_from_post(post: QueryDict, stored: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Lay the submitted form over the stored data (what the form does not show is kept).

    Returns the data and the issue slots of the submitted rows (path → slot id).
    """
    slots = static_slots()
    rows_posted = "ind-count" in post  # then the indicators are rebuilt from the rows, not copied
    data = {k: _json_copy(v) for k, v in stored.items() if not (rows_posted and k == "indicators")}
    data.pop("source", None)
    data.pop("spans", None)  # spans point into an uploaded file the form no longer matches
    budget_paths = [f"{p}.{k}" for p, _ in BUDGET_LINES for k, _ in BUDGET_COLUMNS]
    for path in budget_paths:
        if path in post:
            _set(data, path, post.get(path, "").strip())
    if isinstance(data.get("budget"), dict):
        _prune(data["budget"])
    for path in ("declared.total_score", "declared.grade", "narrative.summary", "narrative.application"):
        if path in post:
            _set(data, path, post.get(path, "").strip())
    for path in ("narrative.problems", "narrative.measures"):
        if path in post:
            lines = [line.strip() for line in post.get(path, "").splitlines() if line.strip()]
            _set(data, path, lines)
    if rows_posted:
        originals = dict(_positional(stored.get("indicators") or []))
        data["indicators"], order = _tree(post, originals)
        named = walk_indicators(_skeleton(data["indicators"]))
        for n, (orig, _node), (path, _ind, _depth) in zip(
            order, _positional(data["indicators"]), named, strict=True
        ):
            slots.update(_row_slots(n, path, orig))
    return data, slots


def place_issues(issues: list[Issue], slots: dict[str, str]) -> tuple[dict[str, list[Issue]], list[Issue]]:
    """Each issue to the slot of its path (or of the nearest enclosing path); the rest to a general list."""
    placed: dict[str, list[Issue]] = {}
    general: list[Issue] = []
    for issue in issues:
        path = issue.path or ""
        while path and path not in slots:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        if path:
            placed.setdefault(slots[path], []).append(issue)
        else:
            general.append(issue)
    return placed, general


ALLOWED_UPLOADS = frozenset(
    {".yaml", ".yml", ".json", ".txt", ".html", ".htm", ".xlsx", ".docx", ".pdf", ".doc"}
)


def upload_kind_ok(suffix: str, head: bytes) -> bool:
    """The file's first bytes match what its extension claims (the file guard's ``content_matches``)."""
    return suffix in ALLOWED_UPLOADS and content_matches(suffix, head)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件（.xlsx 模板、.yaml/.json，或上年公开的报告 .docx/.pdf/.doc/.txt/.html）"
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（上限 {limit // 1024 // 1024} MB）")
        name = upload.name or ""
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        if suffix not in ALLOWED_UPLOADS:
            raise forms.ValidationError(
                f"不支持的文件类型“{suffix or '无扩展名'}”，支持 {' '.join(sorted(ALLOWED_UPLOADS))}"
            )
        head = upload.read(2048)
        upload.seek(0)
        if not upload_kind_ok(suffix, head):
            raise forms.ValidationError(f"文件内容与扩展名“{suffix}”不符")
        # the one file guard (size, a zip's declared inflated size, ratio and entries) before any parser
        refused = check_file(upload.file, suffix, name=name)
        if refused is not None:
            raise forms.ValidationError(refused.message)
        return upload


class CommentForm(forms.Form):
    path = forms.CharField(label="字段", max_length=300, required=False)
    text = forms.CharField(label="意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    note = forms.CharField(label="通过说明", max_length=2000, required=False)
    confirm_errors = forms.BooleanField(label="确认带错误通过", required=False)


class UnlockForm(forms.Form):
    reason = forms.CharField(label="解锁原因", max_length=2000)
