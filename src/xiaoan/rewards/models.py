"""Reward reports (有奖举报): public hazard reports, the reward rules, the payout
ledger, the submission attempts that rate-limit the public form, and the text
messages sent to reporters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.fields import EncryptedTextField
from xiaoan.core.models import DomainModel
from xiaoan.core.pii import mask_phone
from xiaoan.hazards.choices import Severity

from .choices import PayoutMethod, ReportState, Satisfaction, SmsStatus, Verdict

USER = settings.AUTH_USER_MODEL


class RewardRule(DomainModel):
    """The reward for a verified report, by hazard severity, set for an area.

    A report takes the rule of the nearest area at or above its own, so the city
    sets the standard and a district may set its own. Editable by the roles that
    approve rewards; every change is in the history."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="适用区域"
    )
    severity = models.CharField("隐患等级", max_length=10, choices=Severity.choices)
    amount = models.DecimalField("奖励金额（元）", max_digits=10, decimal_places=2)
    note = models.CharField("说明", max_length=300, blank=True)

    change_permission: ClassVar[str] = Permission.APPROVE_REWARDS
    #: the city's standard applies in every district, so the districts see it
    visible_from_below: ClassVar[bool] = True

    class Meta:
        verbose_name = "奖励标准"
        verbose_name_plural = verbose_name
        ordering = ["area__path", "severity"]
        constraints = [
            models.UniqueConstraint(fields=["area", "severity"], name="reward_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.get_severity_display()} {self.amount} 元"


class RewardReport(DomainModel):
    """A hazard reported by a member of the public through the public form.

    `code` is the ticket the reporter keeps to check the status; it is short,
    random and without ambiguous letters. `phone` is the reporter's optional
    contact: shown in full only to roles that handle rewards. The area is the
    one the reporter picked, else the city; the office may move it.
    """

    code = models.CharField("受理编号", max_length=12, unique=True, editable=False)
    description = models.TextField("隐患描述")
    address = models.CharField("地址", max_length=300)
    reporter_name = EncryptedTextField("举报人姓名", kind="name")
    #: encrypted at rest (core/fields.py); `phone_hash` finds a number's reports
    phone = EncryptedTextField("联系电话", kind="phone", index_field="phone_hash")
    phone_hash = models.CharField(
        "联系电话索引", max_length=64, blank=True, default="", editable=False, db_index=True
    )
    consented_at = models.DateTimeField("同意告知时间")
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    state = models.CharField(
        "状态", max_length=12, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    # --- verification
    verdict = models.CharField("核实结论", max_length=10, choices=Verdict.choices, blank=True)
    verification_note = models.TextField("核实情况", blank=True)
    verified_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="核实人",
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    hazard = models.ForeignKey(
        "hazards.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reward_reports",
        verbose_name="关联隐患",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="重复于",
    )
    # --- reward decision and approval
    severity = models.CharField("定奖等级", max_length=10, choices=Severity.choices, blank=True)
    amount = models.DecimalField(
        "奖励金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    reward_reason = models.CharField("定奖说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="定奖人",
    )
    decided_at = models.DateTimeField("定奖时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    # --- what the reporter is told, and what they answer
    outcome = models.TextField("告知举报人的结果", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_note = models.CharField("评价意见", max_length=300, blank=True)
    satisfaction_at = models.DateTimeField("评价时间", null=True, blank=True)

    change_permission: ClassVar[str] = Permission.HANDLE_REWARDS

    class Meta:
        verbose_name = "有奖举报"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"]), models.Index(fields=["hazard"])]

    def __str__(self) -> str:
        return f"有奖举报 {self.code}"


class RewardPayout(DomainModel):
    """One payment of an approved reward: the ledger (奖励发放台账)."""

    report = models.OneToOneField(
        RewardReport, on_delete=models.PROTECT, related_name="payout", verbose_name="有奖举报"
    )
    amount = models.DecimalField("发放金额（元）", max_digits=10, decimal_places=2)
    method = models.CharField("发放方式", max_length=10, choices=PayoutMethod.choices)
    reference = models.CharField("凭证号", max_length=100)
    paid_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    paid_at = models.DateTimeField("发放时间", default=clock.now)
    note = models.CharField("备注", max_length=300, blank=True)

    area_path_field: ClassVar[str] = "report__area__path"
    change_permission: ClassVar[str] = Permission.HANDLE_REWARDS

    class Meta:
        verbose_name = "奖励发放"
        verbose_name_plural = verbose_name
        ordering = ["-paid_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report.code} {self.amount} 元"


class SubmissionAttempt(models.Model):
    """One submission of the public form by a client, kept in the database so the
    rate limit holds across every web process."""

    client = models.CharField("客户端", max_length=64)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["client", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.client} @ {clock.local(self.at):%Y-%m-%d %H:%M}"


class RateLimitLock(models.Model):
    """One row per client of the public pages, locked (SELECT … FOR UPDATE) while
    that client's attempts are counted and a new one added, so that parallel
    requests are counted one after the other. SQLite needs no row lock: its
    transactions take the database's write lock when they begin."""

    client = models.CharField("客户端", max_length=64, unique=True)

    def __str__(self) -> str:
        return self.client


class SmsMessage(models.Model):
    """A text message to a reporter, as the gateway took it (the development
    gateway only records it here; a real gateway records whether it went out)."""

    report = models.ForeignKey(
        RewardReport, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    phone = EncryptedTextField("手机号", kind="phone", blank=False)
    text = models.TextField("内容")
    gateway = models.CharField("通道", max_length=30)
    status = models.CharField("状态", max_length=10, choices=SmsStatus.choices)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("时间", default=clock.now)

    class Meta:
        verbose_name = "短信"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.text[:20]}"
