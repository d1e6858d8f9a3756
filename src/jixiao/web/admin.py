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


@admin.register(YearSetting)
class YearSettingAdmin(SimpleHistoryAdmin):
    form = YearSettingForm
    list_display = ["year", "ruleset"]
    actions = [import_reports]


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
