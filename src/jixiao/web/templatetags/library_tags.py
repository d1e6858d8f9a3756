"""``{% library_datalist %}``: the indicator library as a <datalist> the name inputs suggest from."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.library import default_library

register = template.Library()


@register.inclusion_tag("web/_library_datalist.html")
def library_datalist() -> dict[str, Any]:
    return {"entries": default_library().entries}
