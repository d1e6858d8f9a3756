"""Departments, accounts, and each department-year self-evaluation stored as JSON per version.

A ``Report`` is one department's self-evaluation for one year; its ``versions`` hold the Evaluation as
``Evaluation.model_dump(mode="json")``. Edits change the open (newest, unfrozen) version in place; an
approved version is frozen and a later edit opens a new one. ``Report.revision`` counts every save:
a save states the revision it started from and is refused when someone saved in between.
django-simple-history keeps who changed, submitted, returned and approved what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Department(models.Model):
    name = models.CharField("部门名称", max_length=200, unique=True)
    code = models.CharField("编码", max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """A user's role: department staff (one department) or bureau reviewer."""

    DEPARTMENT = "department"
    REVIEWER = "reviewer"
    ROLES = [(DEPARTMENT, "部门填报人"), (REVIEWER, "财政局审核人")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField("角色", max_length=20, choices=ROLES, default=DEPARTMENT)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = verbose_name_plural = "账号角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"


class YearSetting(models.Model):
    """The rule set the bureau chose for a year."""

    year = models.PositiveIntegerField("年度", unique=True)
    ruleset = models.CharField("规则集", max_length=100, default="cz2020-self")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "年度规则集"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年：{self.ruleset}"


class Report(models.Model):
    """One department's self-evaluation for one year (its versions hold the data)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    STATUSES = [(DRAFT, "填报中"), (SUBMITTED, "已提交待审"), (RETURNED, "已退回"), (APPROVED, "已通过")]

    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.PROTECT)
    year = models.PositiveIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT)
    revision = models.PositiveIntegerField("修订号", default=0)
    return_reason = models.TextField("退回原因", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "自评报告"
        ordering = ["-year", "department__name"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_report_per_year")]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year}年"

    @property
    def current(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    """The Evaluation as JSON, with the summary the year table shows (all computed by the core)."""

    report = models.ForeignKey(Report, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("自评数据")
    frozen = models.BooleanField("已冻结", default=False)
    ruleset = models.CharField("规则集", max_length=100, blank=True)
    score = models.DecimalField("按规则得分", max_digits=7, decimal_places=2, null=True, blank=True)
    declared_score = models.DecimalField("申报得分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=20, blank=True)
    execution_rate = models.DecimalField("预算执行率", max_digits=9, decimal_places=2, null=True, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    infos = models.PositiveIntegerField("提示数", default=0)
    issues = models.JSONField("问题", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("通过时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "报告版本"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class Comment(models.Model):
    """A reviewer's (or the department's) remark on one field of one version."""

    report = models.ForeignKey(Report, related_name="comments", on_delete=models.CASCADE)
    version = models.ForeignKey(ReportVersion, related_name="comments", on_delete=models.CASCADE)
    path = models.CharField("字段路径", max_length=300, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核意见"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.path or '整体'}：{self.text[:30]}"
