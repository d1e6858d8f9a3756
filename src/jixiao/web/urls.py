"""URL routes."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from jixiao.web import accounts
from jixiao.web.views import across, dashboards, downloads, records, reports, review, year

admin.site.site_header = admin.site.site_title = "绩效自评 · 管理"

urlpatterns = [
    path("", reports.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("reports/new/", reports.create, name="report_create"),
    path("reports/<int:pk>/", reports.report_page, name="report"),
    path("reports/<int:pk>/preview/", reports.preview, name="report_preview"),
    path("reports/<int:pk>/upload/", reports.upload, name="report_upload"),
    path("reports/<int:pk>/rows/new/", reports.new_row, name="report_new_row"),
    path("reports/<int:pk>/submit/", reports.submit, name="report_submit"),
    path("reports/<int:pk>/records/", records.records_page, name="report_records"),
    path("reports/<int:pk>/records/upload/", records.records_upload, name="report_records_upload"),
    path("reports/<int:pk>/records/bind/", records.records_bind, name="report_records_bind"),
    path("reports/<int:pk>/records/delete/", records.records_delete, name="report_records_delete"),
    path("reports/<int:pk>/return/", review.return_view, name="report_return"),
    path("reports/<int:pk>/approve/", review.approve, name="report_approve"),
    path("reports/<int:pk>/unlock/", review.unlock, name="report_unlock"),
    path("reports/<int:pk>/withdraw/", reports.withdraw, name="report_withdraw"),
    path("reports/<int:pk>/comment/", review.comment, name="report_comment"),
    path("reports/<int:pk>/history/", review.history, name="report_history"),
    path("reports/<int:pk>/versions/<int:number>/", review.version_view, name="report_version"),
    path("reports/<int:pk>/download/<str:fmt>/", downloads.download, name="report_download"),
    path("template.xlsx", downloads.blank_template, name="blank_template"),
    path("reports/<int:pk>/diff/", review.version_diff, name="report_diff"),
    path("years/<int:year>/", year.year_table, name="year_table"),
    path("years/<int:year>/export.xlsx", year.year_export, name="year_export"),
    path("years/<int:year>/reports-<str:fmt>.zip", year.year_zip, name="year_zip"),
    path("years/<int:year>/dashboard/", dashboards.year_dashboard, name="year_dashboard"),
    path("departments/<int:pk>/trend/", dashboards.department_trend, name="department_trend"),
    path("reports/<int:pk>/next/", across.next_year, name="report_next_year"),
    path("reports/<int:pk>/compare/", across.compare_view, name="report_compare"),
    path("years/<int:year>/reliability/", across.reliability, name="year_reliability"),
    path("departments/<int:pk>/years/", across.department_years, name="department_years"),
    path("admin/", admin.site.urls),
]
