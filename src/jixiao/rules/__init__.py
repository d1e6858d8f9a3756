"""Rule sets: YAML data shipped in this package; a local rule set ``extends:`` another and overrides keys.

``load_ruleset(id_or_path) -> (RuleSet | None, issues)``: a rule set's own mistakes come back as located
``RUL`` issues, as any user input's would.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jixiao.issues import Issue, Severity
from jixiao.rules.model import RuleSet

RULES_DIR = Path(__file__).parent
DEFAULT_RULESET = "cz2020-self"
MAX_EXTENDS_DEPTH = 8


def available() -> dict[str, str]:
    """Shipped rule-set ids and their names."""
    from jixiao.io.yaml_io import parse_yaml_text

    found = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data, _ = parse_yaml_text(path.read_text(encoding="utf-8"))
        found[data["id"]] = data.get("name", "")
    return found


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` on top of ``base``; nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _issue(message: str, file: str, line: int | None = None, code: str = "RUL001") -> Issue:
    return Issue(
        code=code,
        severity=Severity.ERROR,
        message=message,
        file=file,
        line=line,
        hint=f"可用的规则集：{'、'.join(available())}，或一个 extends 它们的 YAML 文件",
    )


def _read(
    ref: str, relative_to: Path | None
) -> tuple[dict[str, Any] | None, dict[str, int], str, list[Issue]]:
    from jixiao.io.yaml_io import YamlInputError, parse_yaml_text

    candidates = [Path(ref)]
    if relative_to is not None:
        candidates.insert(0, relative_to / ref)
    path = next((p for p in candidates if p.suffix in {".yaml", ".yml"} and p.is_file()), None)
    if path is None:
        path = RULES_DIR / f"{ref}.yaml"
        if not path.is_file():
            return None, {}, ref, [_issue(f"找不到规则集“{ref}”", ref, code="RUL002")]
    try:
        data, lines = parse_yaml_text(path.read_text(encoding="utf-8"))
    except (YamlInputError, UnicodeDecodeError) as exc:
        return None, {}, str(path), [_issue(f"规则集文件有误：{exc}", str(path), getattr(exc, "line", None))]
    if not isinstance(data, dict):
        return None, {}, str(path), [_issue("规则集应为若干“键: 值”", str(path))]
    return data, lines, str(path), []


def load_ruleset(ref: str | None = None) -> tuple[RuleSet | None, list[Issue]]:
    """A shipped rule set by id (``cz2020-self``) or a YAML file that may ``extends:`` one."""
    return _load_cached(ref or DEFAULT_RULESET)


@lru_cache(maxsize=32)
def _load_cached(ref: str) -> tuple[RuleSet | None, list[Issue]]:
    chain: list[tuple[dict[str, Any], dict[str, int], str]] = []
    current: str | None = ref
    relative: Path | None = None
    while current is not None:
        if len(chain) >= MAX_EXTENDS_DEPTH or any(
            current in (file, data.get("id")) for data, _, file in chain
        ):
            return None, [_issue(f"规则集“{ref}”的 extends 形成循环或层级过深", ref, code="RUL003")]
        data, lines, file, issues = _read(current, relative)
        if data is None:
            return None, issues
        chain.append((data, lines, file))
        relative = Path(file).parent
        parent = data.get("extends")
        current = str(parent) if parent else None
    merged: dict[str, Any] = {}
    for data, _, _ in reversed(chain):
        merged = deep_merge(merged, data)
    merged["id"] = chain[0][0].get("id", ref)
    merged["extends"] = chain[0][0].get("extends")
    try:
        return RuleSet.model_validate(merged), []
    except ValidationError as exc:
        _, top_lines, top_file = chain[0]
        issues = []
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"])
            issues.append(_issue(f"规则集字段 {key}：{error['msg']}", top_file, top_lines.get(key)))
        return None, issues
