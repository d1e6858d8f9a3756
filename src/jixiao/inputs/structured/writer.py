"""An Evaluation written back as the YAML input format (``jixiao extract``, the web app's export).

The output is what a person would write by hand and what :mod:`jixiao.inputs.structured.yaml_io` reads
back to the same model: amounts as plain decimals in 万元 (the digits kept exactly, never through float),
rates as ``99.83%``, the indicator tree with ``children``, and fields the loader derives by itself
(``kind``, ``direction``, ``target_value``, ``unit``, ``actual_value`` of a target such as ``≥90%``)
left out whenever the loader would derive the same value. Spans, stated figures and source information
are left out unless asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from jixiao.inputs.structured.normalise import _Collector, _indicator
from jixiao.model import Evaluation, Stated

DERIVABLE = ("kind", "direction", "target_value", "unit", "actual_value")
FIRST_KEYS = ("department", "year", "kind", "project", "province", "ruleset")


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese as is, multi-line text as literal blocks, Decimals as plain numbers."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key, as people write

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value written twice is written out twice: no &anchors a person would not write


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)


def _percent(stated: Stated) -> str:
    return f"{format(stated.value, 'f')}%"


def _clean(value: Any) -> Any:
    """Plain data without Nones and empty containers; Stated percents as ``99.83%`` text."""
    if isinstance(value, dict):
        if set(value) >= {"value", "unit", "decimals"} and value.get("unit") == "%":
            return _percent(Stated.model_validate(value))
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, [], {})}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def _minimal_indicator(node: dict[str, Any]) -> dict[str, Any]:
    """Drop the derivable keys the loader would fill in with the same values (explicit None kept)."""
    full = {key: node.get(key) for key in DERIVABLE}
    plain = {k: v for k, v in node.items() if k not in DERIVABLE and k != "children"}
    kept: set[str] = set()
    for _ in range(len(DERIVABLE) + 1):  # each pass keeps one more key, so this ends
        candidate = plain | {key: full[key] for key in kept}
        derived = _indicator(candidate, "", _Collector(None, {}))
        wrong = [key for key in DERIVABLE if key not in kept and derived.get(key) != full[key]]
        if not wrong:
            break
        kept.add(wrong[0])  # one at a time, kind first: an explicit kind may make the rest derivable
    result = plain | {key: full[key] for key in DERIVABLE if key in kept}
    if node.get("children"):
        result["children"] = [_minimal_indicator(child) for child in node["children"]]
    return result


def evaluation_data(
    evaluation: Evaluation, *, spans: bool = False, stated: bool = False, source: bool = False
) -> dict[str, Any]:
    """The evaluation as plain input data (what the YAML holds)."""
    exclude = {
        name for name, wanted in (("spans", spans), ("stated", stated), ("source", source)) if not wanted
    }
    raw = evaluation.model_dump(mode="python", exclude=exclude | {"schema_version", "indicators", "projects"})
    data = _clean(raw)
    ordered = {key: data.pop(key) for key in FIRST_KEYS if key in data}
    ordered.update(data)
    if evaluation.indicators:
        indicators = [_clean(node.model_dump(mode="python")) for node in evaluation.indicators]
        ordered["indicators"] = [_minimal_indicator(node) for node in indicators]
    if evaluation.projects:
        ordered["projects"] = [
            evaluation_data(project, spans=spans, stated=stated, source=source)
            for project in evaluation.projects
        ]
    return ordered


def evaluation_to_yaml(
    evaluation: Evaluation, *, spans: bool = False, stated: bool = False, source: bool = False
) -> str:
    """A readable YAML in the input format that loads back to the same evaluation."""
    data = evaluation_data(evaluation, spans=spans, stated=stated, source=source)
    header = f"# {evaluation.department} {evaluation.year or '____'}年度 —— jixiao 输出（金额单位：万元）\n"
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )
    return header + body
