"""Admin: departments, accounts, the year's rule set, and importing a folder of reports."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from jixiao.rules import available
from jixiao.web import services
from jixiao.web.account_import import import_accounts, write_import_template
from jixiao.web.importing import import_folder
from jixiao.web.models import Account, Comment, Department, Report, ReportVersion, YearSetting
from jixiao.web.views.downloads import XLSX, attachment


class YearSettingForm(forms.ModelForm):
    ruleset = forms.ChoiceField(label="规则集", choices=[])

    class Meta:
        model = YearSetting
        fields = ["year", "ruleset", "deadline"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ruleset"].choices = [(key, f"{key} {name}") for key, name in available().items()]


class ImportForm(forms.Form):
    folder = forms.CharField(label="服务器上的文件夹", max_length=500)
    year = forms.IntegerField(label="年度（留空则按文件中的年度）", required=False, min_value=1990)


@admin.action(description="从服务器文件夹导入报告…")
def import_reports(modeladmin: Any, request: HttpRequest, queryset: Any) -> HttpResponse | None:
    """An intermediate page asks for the folder; applying it imports every report found."""
    if "apply" in request.POST:
        form = ImportForm(request.POST)
        if form.is_valid():
            summary = import_folder(
                Path(form.cleaned_data["folder"]), request.user, year=form.cleaned_data["year"]
            )
            level = messages.SUCCESS if not summary.failed else messages.WARNING
            modeladmin.message_user(request, summary.text(), level)
            return None
    else:
        first = queryset.first()
        form = ImportForm(initial={"year": first.year if first else None})
    context = {**modeladmin.admin_site.each_context(request), "form": form, "queryset": queryset,
               "action": "import_reports", "title": "导入报告文件夹"}  # fmt: skip
    return TemplateResponse(request, "web/admin_import.html", context)


@admin.action(description="按本年度规则集重新计算各部门得分")
def rescore(modeladmin: Any, request: HttpRequest, queryset: Any) -> None:
    for setting in queryset:
        count = services.rescore_year(setting.year, request.user)
        modeladmin.message_user(
            request, f"{setting.year}年：已重新计算 {count} 份未通过的自评（已通过的版本保持不变）。"
        )


@admin.register(YearSetting)
class YearSettingAdmin(SimpleHistoryAdmin):
    form = YearSettingForm
    list_display = ["year", "ruleset", "deadline"]
    actions = [import_reports, rescore]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A changed rule set re-scores the open reports of the year: the year table never goes stale."""
        super().save_model(request, obj, form, change)
        if "ruleset" in form.changed_data or "year" in form.changed_data:
            count = services.rescore_year(obj.year, request.user)
            self.message_user(request, f"已按 {obj.ruleset} 重新计算 {count} 份未通过的自评。")


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


class AccountImportForm(forms.Form):
    file = forms.FileField(label="账号名单（.xlsx）")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "must_change_password"]
    list_filter = ["role", "must_change_password"]
    autocomplete_fields = ["department"]
    change_list_template = "web/admin_account_list.html"

    def get_urls(self) -> list[Any]:
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="web_account_import"),
            path("import-template.xlsx", self.admin_site.admin_view(self.template_view),
                 name="web_account_import_template"),
        ]  # fmt: skip
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload the account list; the result page shows each new account's first password once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        result = None
        form = AccountImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.UPLOAD_MAX_BYTES or not upload.name.lower().endswith(".xlsx"):
                form.add_error(
                    "file", f"请上传不超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB 的 .xlsx 文件"
                )
            else:
                with tempfile.TemporaryDirectory(prefix="jixiao-accounts-") as tmp:
                    saved = Path(tmp) / "accounts.xlsx"
                    with saved.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    result = import_accounts(saved)
        context = {**self.admin_site.each_context(request), "form": form, "result": result,
                   "title": "从 Excel 批量导入部门和账号", "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "web/admin_account_import.html", context)

    def template_view(self, request: HttpRequest) -> HttpResponse:
        directory = tempfile.mkdtemp(prefix="jixiao-accounts-")
        out = Path(directory) / "accounts.xlsx"
        write_import_template(out)

        return attachment(out, directory, "账号名单模板.xlsx", XLSX)


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """Status moves only through the workflow (submit, return, approve, unlock), never by editing here."""

    list_display = ["department", "year", "status", "revision", "updated_at"]
    list_filter = ["year", "status"]
    readonly_fields = ["department", "year", "status", "revision", "return_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.versions.filter(frozen=True).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
    """Versions are written by the app; an approved (frozen) one cannot be changed or deleted here."""

    list_display = ["report", "number", "frozen", "score", "declared_score", "errors", "warnings"]
    readonly_fields = ["report", "number", "data", "issues", "frozen", "ruleset", "score", "declared_score",
                       "grade", "execution_rate", "errors", "warnings", "infos", "created_by", "created_at",
                       "approved_by", "approved_at", "approval_note"]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None and obj.frozen else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None and obj.frozen else super().has_delete_permission(request, obj)


admin.site.register(Comment)
