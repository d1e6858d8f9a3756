"""Departments, accounts, and each department-year self-evaluation stored as JSON per version.

A ``Report`` is one department's self-evaluation for one year; its ``versions`` hold the Evaluation as
``Evaluation.model_dump(mode="json")``. Edits change the open (newest, unfrozen) version in place; an
approved version is frozen and a later edit opens a new one. ``Report.revision`` counts every save:
a save states the revision it started from and is refused when someone saved in between.
django-simple-history keeps who changed, submitted, returned and approved what.

An approved (frozen) version never changes again, whoever asks: ``ReportVersion.save`` and ``delete``
refuse when the stored row is frozen (the admin, a history revert, any code), and ``update()`` on
versions skips frozen rows. Reopening an approved report is the bureau's unlock, which keeps the
frozen version and lets the next edit open a new one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
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

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField("角色", max_length=20, choices=ROLES, default=DEPARTMENT)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.PROTECT
    )
    must_change_password = models.BooleanField("首次登录须改密码", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "账号角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"


class YearSetting(models.Model):
    """A year the bureau opened for self-evaluation: its rule set and its deadline.

    Departments can create reports only for opened years."""

    year = models.PositiveIntegerField("年度", unique=True)
    ruleset = models.CharField("规则集", max_length=100, default="cz2020-self")
    deadline = models.DateField("提交截止日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "年度设置"
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
        return self.versions.select_related("approved_by").order_by("-number").first()


class FrozenVersionError(Exception):
    """An approved (frozen) version was about to be changed or deleted."""

    def __init__(self, version: ReportVersion) -> None:
        super().__init__(f"{version} 已审核通过并冻结，不能修改或删除")


class VersionQuerySet(models.QuerySet["ReportVersion"]):
    def update(self, **kwargs: Any) -> int:
        """Bulk updates never reach a frozen version."""
        return super(VersionQuerySet, self.filter(frozen=False)).update(**kwargs)


class ReportVersion(models.Model):
    """The Evaluation as JSON, with the summary the year table shows (all computed by the core)."""

    objects = VersionQuerySet.as_manager()
    report = models.ForeignKey(Report, verbose_name="报告", related_name="versions", on_delete=models.CASCADE)
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
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField("通过时间", null=True, blank=True)
    approval_note = models.TextField("通过说明", blank=True)
    records = models.JSONField("台账计算结果", default=dict, blank=True)  # jixiao.records.RecordsOutcome
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "报告版本"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and ReportVersion.objects.filter(pk=self.pk, frozen=True).exists():
            raise FrozenVersionError(self)
        super().save(*args, **kwargs)


@receiver(pre_delete, sender=ReportVersion)
def _keep_frozen(sender: Any, instance: ReportVersion, **kwargs: Any) -> None:
    """Deleting a frozen version (alone, in bulk, or with its report) is refused."""
    if instance.frozen:
        raise FrozenVersionError(instance)


class Comment(models.Model):
    """A reviewer's (or the department's) remark on one field of one version."""

    report = models.ForeignKey(Report, verbose_name="报告", related_name="comments", on_delete=models.CASCADE)
    version = models.ForeignKey(
        ReportVersion, verbose_name="版本", related_name="comments", on_delete=models.CASCADE
    )
    path = models.CharField("字段路径", max_length=300, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作者", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核意见"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.path or '整体'}：{self.text[:30]}"


class RecordsUpload(models.Model):
    """A records table a department uploaded to its report (a 信访 register, or another records table).

    ``table`` holds what jixiao read, typed (:mod:`jixiao.records.stored`): only the columns the formulas
    or the 信访 schema need; dates and numbers; text only as the key of a value a formula compares with
    (every other text is a surrogate equal only to itself). The file is never kept: its name, SHA-256, the
    rows read and the columns not read are its provenance. Only the department sees its uploads; the
    bureau sees the computed measures with k/n (``ReportVersion.records``, ``monthly``), never rows.
    """

    KINDS = [("xinfang", "信访登记簿"), ("table", "一般台账")]

    report = models.ForeignKey(
        Report, verbose_name="报告", related_name="records_uploads", on_delete=models.CASCADE
    )
    name = models.CharField("台账名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=KINDS, default="xinfang")
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField("行数", default=0)
    table = models.BinaryField("读取的列（类型化）")
    monthly = models.JSONField("按月统计", default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账上传"
        ordering = ["report", "name"]
        constraints = [models.UniqueConstraint(fields=["report", "name"], name="one_upload_per_source")]

    def __str__(self) -> str:
        return f"{self.report} · {self.name}"


class SourceDocument(models.Model):
    """The published report (.docx .pdf .txt …) a report was last started from, and what ``jixiao check``
    found in it: the checks of relations among its figures (tables, sentences, restated figures) need the
    document's text, which the stored Evaluation does not hold. The file is not kept: its name, SHA-256
    and those issues are. ``issues`` are the ones the document alone gives (the rest follow from the
    stored data and are computed again at every save), so a later save keeps them beside its own.
    """

    report = models.OneToOneField(
        Report, verbose_name="报告", related_name="source_document", on_delete=models.CASCADE
    )
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    issues = models.JSONField("原文核对问题", default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "上传的原文"

    def __str__(self) -> str:
        return f"{self.report} · {self.file_name}"
