"""Admin: departments, accounts, the year's rule set, and importing a folder of reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from jixiao.rules import available
from jixiao.web import services
from jixiao.web.importing import import_folder
from jixiao.web.models import Account, Comment, Department, Report, ReportVersion, YearSetting


class YearSettingForm(forms.ModelForm):
    ruleset = forms.ChoiceField(label="规则集", choices=[])

    class Meta:
        model = YearSetting
        fields = ["year", "ruleset"]

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
    list_display = ["year", "ruleset"]
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


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department"]
    list_filter = ["role"]
    autocomplete_fields = ["department"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["department", "year", "status", "revision", "updated_at"]
    list_filter = ["year", "status"]
    readonly_fields = ["revision"]


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
    list_display = ["report", "number", "frozen", "score", "declared_score", "errors", "warnings"]
    readonly_fields = ["data", "issues"]


admin.site.register(Comment)
