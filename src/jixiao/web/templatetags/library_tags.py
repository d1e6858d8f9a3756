"""``{% library_datalist %}``: the indicator library as a <datalist> the name inputs suggest from.

The library is fixed for the life of the process (the shipped files and those ``JIXIAO_LIBRARY`` names),
so its ~135 options are built once, not through the template engine on every editable report page (that
was half of the page's template time)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.library import Library, default_library
from jixiao.web.form_html import format_html

register = template.Library()

_BUILT: dict[int, tuple[Library, SafeString]] = {}  # id(library) -> (library, its datalist)
OPTION = '<option value="{}" label="{} · {} · {}"></option>'


def datalist_html(library: Library) -> SafeString:
    """The <datalist> of ``library``'s entries (name suggested; sector, level path and target shown)."""
    kept = _BUILT.get(id(library))
    if kept is not None and kept[0] is library:
        return kept[1]
    options = "".join(format_html(OPTION, e.name, e.sector, e.level_path, e.target) for e in library.entries)
    html = mark_safe(f'<datalist id="library-indicators">{options}</datalist>')
    _BUILT.clear()
    _BUILT[id(library)] = (library, html)
    return html


@register.simple_tag
def library_datalist() -> SafeString:
    return datalist_html(default_library())
