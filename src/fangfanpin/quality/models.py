"""Department data, check runs and the problems they find.

Department rows live in one Parquet file per batch (sorted by ID, immutable); the database keeps the
batch's record and the rows that matched no registry ID or were rejected, so a clerk can see them.
A problem is identified by rule + subject: every run updates the same problem, and its events keep
the history of who did what and which run saw what.
"""

from django.conf import settings
from django.db import models

from fangfanpin.areas.models import Area
from fangfanpin.registry.models import Household


class Severity(models.TextChoices):
    ERROR = "错误"
    DOUBT = "疑点"
    HINT = "提示"


# Weights of the data-quality score (findings per 100 households, weighted by severity).
SEVERITY_WEIGHTS = {Severity.ERROR: 3, Severity.DOUBT: 1, Severity.HINT: 0}


class FindingKind(models.TextChoices):
    PROBLEM = "问题"
    WARNING = "预警"


class ProblemStatus(models.TextChoices):
    OPEN = "待整改"
    IN_PROGRESS = "整改中"
    FIXED = "已整改"
    VERIFIED = "已核实"
    WAIVED = "豁免"


OPEN_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.FIXED)


class RuleSetting(models.Model):
    """A city admin's parameters for one rule, overriding the catalogue's defaults."""

    code = models.CharField("规则编号", max_length=20, primary_key=True)
    params = models.JSONField("参数", default=dict)
    enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return self.code


class Status(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    REFUSED = "refused", "已拒绝"
    FAILED = "failed", "失败"


class DepartmentBatch(models.Model):
    """One department file: who sent it, when, what it held and what became of each row."""

    department = models.CharField("部门", max_length=40)
    is_warning = models.BooleanField("预警名单", default=False)
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("原文件", max_length=500, blank=True)
    parquet_path = models.CharField("数据文件", max_length=500, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The newest loaded batch of a department (and kind) is the one checks compare against.
    is_current = models.BooleanField("当前使用", default=False)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_loaded = models.PositiveIntegerField("已载入", default=0)
    rows_matched = models.PositiveIntegerField("匹配户籍", default=0)
    rows_unmatched = models.PositiveIntegerField("未匹配", default=0)
    rows_rejected = models.PositiveIntegerField("拒收", default=0)
    rows_duplicate = models.PositiveIntegerField("重复行", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    notices = models.JSONField("提示", default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.department} {self.file_name}"


class DepartmentRowIssue(models.Model):
    """A department row that matched no registry ID, was rejected, or repeated another row."""

    class Kind(models.TextChoices):
        UNMATCHED = "unmatched", "未匹配户籍"
        REJECTED = "rejected", "拒收"
        DUPLICATE = "duplicate", "重复行"

    batch = models.ForeignKey(DepartmentBatch, on_delete=models.CASCADE, related_name="issues")
    row_no = models.PositiveIntegerField("行号")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    id_raw = models.CharField("证件号码（原文）", max_length=60, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    name = models.CharField("姓名", max_length=60, blank=True)
    reason = models.CharField("原因", max_length=300, blank=True)

    class Meta:
        ordering = ["batch_id", "row_no"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_no} {self.reason}"


class CheckRun(models.Model):
    """One run of the catalogue over a snapshot, kept with the snapshot it read."""

    year = models.PositiveSmallIntegerField("年度")
    rules = models.JSONField("规则", default=list, blank=True)  # empty: the whole catalogue
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    snapshot_dir = models.CharField("快照", max_length=500, blank=True)
    # {"findings": n, "new": n, "closed": n, "waived": n, "seconds": {...}}
    summary = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"检查 {self.pk}（{self.year}）"


class Problem(models.Model):
    """A finding of one rule on one subject, followed from run to run until it is fixed or waived."""

    rule = models.CharField("规则编号", max_length=20)
    subject = models.CharField("对象", max_length=120)
    kind = models.CharField("类别", max_length=4, choices=FindingKind.choices, default=FindingKind.PROBLEM)
    severity = models.CharField("严重程度", max_length=4, choices=Severity.choices)
    village = models.ForeignKey(Area, null=True, on_delete=models.PROTECT, related_name="problems")
    household = models.ForeignKey(Household, null=True, on_delete=models.SET_NULL, related_name="problems")
    household_no = models.CharField("户编号", max_length=40, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    name = models.CharField("姓名", max_length=60, blank=True)
    description = models.TextField("问题描述")
    status = models.CharField("状态", max_length=4, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    first_run = models.ForeignKey(CheckRun, null=True, on_delete=models.SET_NULL, related_name="+")
    last_run = models.ForeignKey(CheckRun, null=True, on_delete=models.SET_NULL, related_name="+")
    # What the finding said when it was waived: a later run that says something else lifts the waiver.
    waived_description = models.TextField(blank=True)
    waiver_reason = models.CharField("豁免理由", max_length=300, blank=True)
    waiver_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["village_id", "household_no", "rule", "subject"]
        constraints = [models.UniqueConstraint(fields=["rule", "subject"], name="problem_rule_subject")]
        indexes = [
            models.Index(fields=["village", "status"], name="problem_village_status"),
            models.Index(fields=["household"], name="problem_household"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"


class ProblemEvent(models.Model):
    """A step in a problem's history: found, reopened, status changed by someone, closed by a run."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    run = models.ForeignKey(CheckRun, null=True, on_delete=models.SET_NULL)
    status_from = models.CharField(max_length=4, blank=True)
    status_to = models.CharField(max_length=4)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.status_from}→{self.status_to}"


class VillageScore(models.Model):
    """A village's open findings after a run, and its data-quality score (lower is better)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="scores")
    village = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    households = models.PositiveIntegerField("户数")
    errors = models.PositiveIntegerField("错误", default=0)
    doubts = models.PositiveIntegerField("疑点", default=0)
    hints = models.PositiveIntegerField("提示", default=0)
    warnings = models.PositiveIntegerField("预警", default=0)
    score = models.DecimalField("问题指数", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["run_id", "village_id"]
        constraints = [models.UniqueConstraint(fields=["run", "village"], name="village_score_unique")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.village_id} {self.score}"


class AssetReview(models.Model):
    """A household asset review (家庭资产信息复核): the department comparison run for one household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="asset_reviews")
    at = models.DateTimeField("复核时间", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # [{"rule": ..., "title": ..., "severity": ..., "name": ..., "description": ...}]
    findings = models.JSONField("结果", default=list)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.at:%Y-%m-%d}"
