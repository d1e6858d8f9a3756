"""The check catalogue, generated from the registry (docs/checks.md is this module's output)."""

from __future__ import annotations

import inspect
import textwrap

from jixiao.checks.registry import REGISTRY
from jixiao.issue_codes import FAMILY_TITLES, ISSUE_CODES

GROUP_TITLES = {
    "budget": "预算金额与比率（BUD）",
    "indicators": "指标与分值（IND）",
    "scores": "得分（SCO）",
    "rates": "整数基数的比率（RAT）",
    "document": "结构与编号（DOC）",
    "plausibility": "合理性（PLA）",
    "records": "由台账计算（REC）",
    "tables": "报告中的表格：合计与分项（TAB）",
    "figures": "报告中数字之间的关系（FIG）",
    "accounts": "决算收支平衡（ACC）",
}


def catalogue_markdown() -> str:
    """Markdown listing every check: code, name, default severity, summary and its wrong/right example."""
    import jixiao.checks  # noqa: F401, PLC0415  (registers every family; a cycle at the top)

    lines = [
        "# 校验规则目录 / Check catalogue",
        "",
        "Generated from the registry by `jixiao checks --format md`; do not edit by hand.",
        "Severity can be changed, and checks excluded, per rule set (`checks: {severity: …, exclude: […]}`).",
        "",
    ]
    by_group: dict[str, list[str]] = {}
    for code in sorted(REGISTRY):
        by_group.setdefault(REGISTRY[code].group, []).append(code)
    for group, codes in by_group.items():
        lines += [f"## {GROUP_TITLES.get(group, group)}", ""]
        for code in codes:
            info = REGISTRY[code]
            also = f"; also emits {', '.join(info.also)}" if info.also else ""
            lines += [f"### {code} `{info.name}` ({info.severity.value}{also})", ""]
            lines += _doc_section(inspect.cleandoc(info.func.__doc__ or ""))
    lines += _issue_code_sections()
    return "\n".join(lines).rstrip() + "\n"


def _issue_code_sections() -> list[str]:
    """The codes readers, loaders and the engine emit (``jixiao.issue_codes``), by family."""
    lines = []
    for family, title in FAMILY_TITLES.items():
        lines += [f"## {title}", ""]
        for code, info in sorted(ISSUE_CODES.items()):
            if code.startswith(family):
                lines += [f"### {code} ({info.severity})", "", info.summary, ""]
    return lines


def _doc_section(doc: str) -> list[str]:
    """The docstring as Markdown: prose, then the wrong and right YAML snippets as code blocks."""
    prose, _, examples = doc.partition("Wrong::")
    wrong, _, right = examples.partition("Right::")
    lines = [prose.strip(), ""]
    for title, snippet in (("Wrong", wrong), ("Right", right)):
        if snippet.strip():
            lines += [f"{title}:", "", "```yaml", textwrap.dedent(snippet).strip("\n"), "```", ""]
    return lines


def catalogue_rows() -> list[tuple[str, str, str, str]]:
    """(code, name, default severity, summary) of every check, in code order."""
    import jixiao.checks  # noqa: F401, PLC0415  (cycle: the families import the registry)

    rows = [(code, info.name, info.severity.value, info.summary) for code, info in sorted(REGISTRY.items())]
    return rows + [(code, "-", info.severity, info.summary) for code, info in sorted(ISSUE_CODES.items())]
