"""``{{ issues|issue_list }}``: a list of issues as HTML built in Python (``form_html.issue_html``), not an
``{% include %}`` per issue."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.form_html import issue_html, source_issue_html

register = template.Library()


@register.filter
def issue_list(issues: Any) -> SafeString:
    return mark_safe("".join(issue_html(issue) for issue in issues or ()))


@register.filter
def source_issue_list(issues: Any) -> SafeString:
    """Issues found in an uploaded published report, each with its line in that document."""
    return mark_safe("".join(source_issue_html(issue) for issue in issues or ()))
