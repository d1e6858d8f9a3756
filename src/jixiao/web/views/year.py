"""The bureau's year table: every department's status and figures, filtered and searched, last year's
score beside this year's, the departments that have not filed by the deadline, an Excel export and a
zip of every shown report (.docx or .pdf)."""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from jixiao.web.conversions import ConversionsBusyError
from jixiao.web.form_html import format_html
from jixiao.web.models import Report, YearSetting
from jixiao.web.stamp import data_stamp, kept
from jixiao.web.views.downloads import BUSY, XLSX, RenderFailedError, attachment, file_name, render_version
from jixiao.web.year_data import year_data

SORTS = {
    "name": lambda row: row["name"],
    "score": lambda row: -(row["score"] or 0) if row["number"] else 1,
    "rate": lambda row: -(row["execution_rate"] or 0) if row["number"] else 1,
    "errors": lambda row: -(row["errors"]) if row["number"] else 1,
    "change": lambda row: -(row["change"] or 0) if row["change"] is not None else 1,
}
NEWLINE = "\n"
NOT_FILED = "none"
STATUS_CHOICES = [("", "全部状态"), *Report.STATUSES, (NOT_FILED, "未填报")]
ZIP_FORMATS = ("docx", "pdf")
ZIP_MAX_REPORTS = 500


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}"


def year_rows(year: int, stamp: tuple[Any, ...] | None = None) -> list[dict[str, Any]]:
    """One flat row per department: its report's status, the current version's summary columns and
    last year's score (kept per process and updated by the reports that changed, :mod:`..year_data`;
    shared: never changed by the caller)."""
    return year_data(year, data_stamp() if stamp is None else stamp).ordered


@dataclass
class Filters:
    """What the reviewer asked to see (from the query string)."""

    q: str = ""
    status: str = ""
    min_score: Decimal | None = None
    max_score: Decimal | None = None
    errors: str = ""  # "yes": with errors, "no": without
    sort: str = "name"

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def number(key: str) -> Decimal | None:
            try:
                return Decimal(query.get(key, "").strip()) if query.get(key, "").strip() else None
            except InvalidOperation:
                return None

        status = query.get("status", "")
        sort = query.get("sort", "name")
        return cls(
            q=query.get("q", "").strip()[:100],
            status=status if status in dict(STATUS_CHOICES) else "",
            min_score=number("min_score"),
            max_score=number("max_score"),
            errors=query.get("errors", "") if query.get("errors", "") in {"yes", "no"} else "",
            sort=sort if sort in SORTS else "name",
        )

    def keep(self, row: dict[str, Any]) -> bool:
        if self.q and self.q not in row["name"]:
            return False
        if self.status == NOT_FILED and row["report_pk"] is not None:
            return False
        if self.status and self.status != NOT_FILED and row["status"] != self.status:
            return False
        score = row["score"]
        if self.min_score is not None and (score is None or score < self.min_score):
            return False
        if self.max_score is not None and (score is None or score > self.max_score):
            return False
        if self.errors == "yes" and not row["errors"]:
            return False
        return not (self.errors == "no" and (row["errors"] or row["number"] is None))

    def query(self, **changes: str) -> str:
        values = {"q": self.q, "status": self.status, "errors": self.errors, "sort": self.sort,
                  "min_score": "" if self.min_score is None else str(self.min_score),
                  "max_score": "" if self.max_score is None else str(self.max_score), **changes}  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v})


def shown_rows(year: int, filters: Filters) -> list[dict[str, Any]]:
    rows = [row for row in year_rows(year) if filters.keep(row)]
    rows.sort(key=SORTS[filters.sort])
    return rows


# One table row. The template engine cost ~50 µs per cell for 200 rows × 12 cells; form_html.format_html
# escapes every value the same way ({{ }} does) in a fraction of that.
ROW_HTML = (
    '<tr><td><a href="{}{}/trend/">{}</a></td><td><span class="status{}">{}</span></td><td>{}</td>'
    '<td class="num">{}</td><td class="num{}">{}</td><td>{}</td><td class="num">{}</td>'
    '<td class="num">{}</td>'
    '<td class="num{}">{}</td><td class="num{}">{}</td><td class="num">{}</td><td>{}</td></tr>'
)


def _cells(row: dict[str, Any], prefixes: tuple[str, str]) -> tuple[Any, ...]:
    """The values ROW_HTML places (all escaped by format_html), links built from fixed prefixes."""
    report_prefix, trend_prefix = prefixes
    link = ""
    if row["report_pk"]:
        label = "审核" if row["status"] == Report.SUBMITTED else "查看"
        link = format_html('<a href="{}{}/">{}</a>', report_prefix, row["report_pk"], label)
    change = row["change"]
    return (
        trend_prefix, row["department_id"], row["name"],
        f" s-{row['status']}" if row["status"] else "", row["status_label"],
        "" if row["number"] is None else row["number"],
        row["score_shown"], " differs" if row["differs"] else "", row["declared_shown"],
        row["grade"] or "", row["rate_shown"], _shown(row["last_score"]),
        " n-err" if change is not None and change < 0 else "", "—" if change is None else f"{change:+f}",
        " n-err" if row["errors"] else "", row["errors"] or 0, row["warnings"] or 0, link,
    )  # fmt: skip


def _reviewer_only(request: HttpRequest) -> None:
    if not request.user.has_perm("web.view_year"):
        raise PermissionDenied("只有财政局审核人可以查看全部部门")


LATE_HTML = '<span class="status{}">{}（{}）</span>'


def _late(row: dict[str, Any]) -> tuple[str, str, str]:
    return (f" s-{row['status']}" if row["status"] else "", row["name"], row["status_label"])


def not_filed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Departments that have not submitted: no report, or one still being written or returned."""
    return [row for row in rows if row["status"] in {"", Report.DRAFT, Report.RETURNED}]


@dataclass(frozen=True)
class YearPage:
    """What the year table shows before filters: every row with its HTML, the status counts, the
    years, the deadline and the departments that have not submitted (kept until the data changes)."""

    rows: list[dict[str, Any]]
    row_html: dict[int, tuple[dict[str, Any], str]]  # department id -> (its row, its <tr>)
    counts: dict[str, int]
    years: list[int]
    deadline: Any
    not_filed: list[dict[str, Any]]
    not_filed_html: str


_PAGES: dict[int, YearPage] = {}  # the last page built for each year: its unchanged rows' HTML is reused


def _build_page(year: int, stamp: tuple[Any, ...]) -> YearPage:
    every = year_rows(year, stamp)
    before = _PAGES.get(year)
    counts: dict[str, int] = {}
    for row in every:
        counts[row["status_label"]] = counts.get(row["status_label"], 0) + 1
    deadlines = dict(YearSetting.objects.values_list("year", "deadline"))
    years = set(Report.objects.order_by().values_list("year", flat=True).distinct()) | set(deadlines) | {year}
    prefixes = (reverse("report", args=[0]).removesuffix("0/"),
                reverse("department_trend", args=[0]).removesuffix("0/trend/"))  # fmt: skip
    late_rows = not_filed(every)
    row_html = {}
    for row in every:
        kept_row = before.row_html.get(row["department_id"]) if before else None
        same = kept_row is not None and kept_row[0] is row  # rows are rebuilt, never changed in place
        row_html[row["department_id"]] = (
            kept_row if same else (row, format_html(ROW_HTML, *_cells(row, prefixes)))
        )
    page = YearPage(
        rows=every,
        row_html=row_html,
        counts=counts,
        years=sorted(years, reverse=True),
        deadline=deadlines.get(year),
        not_filed=late_rows,
        not_filed_html=" ".join(format_html(LATE_HTML, *_late(row)) for row in late_rows),
    )
    if len(_PAGES) > 8:
        _PAGES.clear()
    _PAGES[year] = page
    return page


@login_required
@require_GET
def year_table(request: HttpRequest, year: int) -> HttpResponse:
    _reviewer_only(request)
    filters = Filters.from_query(request.GET)
    stamp = data_stamp()
    page = kept(("year-page", year), lambda: _build_page(year, stamp), stamp)
    rows = [row for row in page.rows if filters.keep(row)]
    rows.sort(key=SORTS[filters.sort])
    deadline = page.deadline
    context = {
        "year": year,
        "body": mark_safe(NEWLINE.join(page.row_html[row["department_id"]][1] for row in rows)),
        "shown": len(rows),
        "total": len(page.rows),
        "filters": filters,
        "status_choices": STATUS_CHOICES,
        "query": filters.query(),
        "sort_links": {key: filters.query(sort=key) for key in SORTS},
        "counts": page.counts,
        "years": page.years,
        "deadline": deadline,
        "late": deadline is not None and timezone.localdate() > deadline,
        "not_filed": page.not_filed,
        "not_filed_html": mark_safe(page.not_filed_html),  # built by format_html
    }
    return render(request, "web/year_table.html", context)


EXPORT_COLUMNS = [
    ("name", "部门"), ("status_label", "状态"), ("number", "版本"), ("score", "按规则得分"),
    ("declared_score", "申报得分"), ("grade", "等级"), ("execution_rate", "预算执行率（%）"),
    ("last_score", "上年得分"), ("change", "较上年"), ("errors", "错误"), ("warnings", "警告"),
]  # fmt: skip


@login_required
@require_GET
def year_export(request: HttpRequest, year: int) -> HttpResponse:
    """The shown rows (same filters as the table) as an .xlsx workbook."""
    import xlsxwriter  # noqa: PLC0415  (heavy: on an .xlsx only)

    _reviewer_only(request)
    rows = shown_rows(year, Filters.from_query(request.GET))
    directory = tempfile.mkdtemp(prefix="jixiao-export-")
    path = Path(directory) / "export.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    try:
        sheet = book.add_worksheet(f"{year}年度汇总")
        head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        money = book.add_format({"num_format": "0.00", "border": 1})
        plain = book.add_format({"border": 1})
        for col, (_key, label) in enumerate(EXPORT_COLUMNS):
            sheet.write_string(0, col, label, head)
        for r, row in enumerate(rows, start=1):
            for col, (key, _label) in enumerate(EXPORT_COLUMNS):
                value = row[key]
                if isinstance(value, Decimal):
                    sheet.write_number(r, col, float(value), money)  # Excel stores doubles
                elif isinstance(value, int):
                    sheet.write_number(r, col, value, plain)
                else:
                    sheet.write_string(r, col, "" if value is None else str(value), plain)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(EXPORT_COLUMNS) - 1, 12)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(rows), 1), len(EXPORT_COLUMNS) - 1)
    finally:
        book.close()
    return attachment(path, directory, f"{year}年度部门整体支出绩效自评汇总.xlsx", XLSX)


@login_required
@require_GET
def year_zip(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """Every shown report's current version as .docx or .pdf in one zip (frozen versions from cache)."""
    _reviewer_only(request)
    if fmt not in ZIP_FORMATS:
        raise Http404("不支持的格式")
    rows = [row for row in shown_rows(year, Filters.from_query(request.GET)) if row["report_pk"]]
    if len(rows) > ZIP_MAX_REPORTS:
        message = f"一次最多打包 {ZIP_MAX_REPORTS} 份，请用筛选条件缩小范围（当前 {len(rows)} 份）。"
        return render(request, "web/error.html", {"message": message}, status=400)
    reports = Report.objects.select_related("department").in_bulk([row["report_pk"] for row in rows])
    directory = tempfile.mkdtemp(prefix="jixiao-zip-")
    path = Path(directory) / "reports.zip"
    failed: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            report = reports[row["report_pk"]]
            version = report.current
            if version is None:
                continue
            out = Path(directory) / f"one.{fmt}"
            try:
                render_version(report, version, fmt, out)
            except RenderFailedError as exc:
                failed.append(f"{report.department.name}：{exc}")
                continue
            except ConversionsBusyError:
                failed.append(f"{report.department.name}：{BUSY}")
                continue
            archive.write(out, file_name(report, version, fmt))
            out.unlink()
        if failed:
            archive.writestr("未能生成的报告.txt", "\n".join(failed) + "\n")
    return attachment(path, directory, f"{year}年度自评报告-{fmt}.zip", "application/zip")
