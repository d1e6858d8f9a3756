"""Helpers every view uses: permission-checked look-ups and the navigation context."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jixiao.web.models import Account, Report, YearSetting
from jixiao.web.permissions import account_of


def report_or_403(request: HttpRequest, pk: int, perm: str = "web.view_report") -> Report:
    """The report, when the user holds ``perm`` on it; 403 otherwise (URL guessing included)."""
    report = get_object_or_404(Report.objects.select_related("department"), pk=pk)
    if not request.user.has_perm(perm, report):
        raise PermissionDenied("无权访问该报告")
    return report


LATEST_YEAR_SECONDS = 60


def default_year() -> int:
    """Self-evaluations are written in the year after the one they evaluate."""
    return timezone.localdate().year - 1


def latest_year() -> int:
    """The newest year holding reports (the reviewer's landing), else the newest opened year, else
    the year before this one. Kept a minute in the process's cache: every reviewer page shows it."""

    def newest() -> int:
        year = Report.objects.order_by("-year").values_list("year", flat=True).first()
        if year is None:
            year = YearSetting.objects.order_by("-year").values_list("year", flat=True).first()
        return year or default_year()

    return int(cache.get_or_set("jixiao:latest-year", newest, LATEST_YEAR_SECONDS))


def nav(request: HttpRequest) -> dict[str, Any]:
    """Template context: the user's role and department for the navigation bar."""
    account = account_of(request.user)
    reviewer = bool(getattr(request.user, "is_superuser", False)) or (
        account is not None and account.role == Account.REVIEWER
    )
    return {
        "nav_reviewer": reviewer,
        "nav_department": account.department if account and not reviewer else None,
        "nav_year": latest_year() if reviewer else default_year(),
    }
