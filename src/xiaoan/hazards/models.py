"""Inspections with signed inspector lists, hazards from discovery to verified
closure, rectification evidence, re-checks, enforcement and supervision visits."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import AreaPathCopyModel, DomainModel

from .choices import (
    OPEN_STATES,
    EnforcementKind,
    Gb35181Version,
    HazardCategory,
    HazardState,
    InspectionKind,
    InspectionResult,
    Severity,
)

GB35181_2025_FROM = dt.date(2025, 11, 1)


def gb35181_version_on(day: dt.date) -> str:
    return Gb35181Version.V2025 if day >= GB35181_2025_FROM else Gb35181Version.V2017


class SupervisionVisit(DomainModel):
    """A leader's supervision visit covering several places (e.g. 四不两直);
    its totals are derived from its inspections."""

    date = models.DateField("日期")
    leader_name = models.CharField("带队领导", max_length=50)
    leader_title = models.CharField("职务", max_length=50, blank=True)
    title = models.CharField("名称", max_length=200)
    unannounced = models.BooleanField("四不两直", default=False)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    notes = models.TextField("情况", blank=True)

    change_permission: ClassVar[str] = Permission.INSPECT

    class Meta:
        verbose_name = "督导检查"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Inspection(AreaPathCopyModel):
    """A visit to a place, signed by each inspector under their own login; the
    result is the hazards found or an explicit "no hazard found"."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="inspections", verbose_name="场所"
    )
    at = models.DateTimeField("检查时间", default=clock.now)
    kind = models.CharField("检查类型", max_length=20, choices=InspectionKind.choices)
    result = models.CharField(
        "结果", max_length=20, choices=InspectionResult.choices, default=InspectionResult.PENDING
    )
    campaign = models.ForeignKey(
        "directives.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="专项行动",
    )
    phase = models.ForeignKey(
        "directives.Phase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="阶段",
    )
    visit = models.ForeignKey(
        SupervisionVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="督导检查",
    )
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="检查单位"
    )
    notes = models.TextField("情况说明", blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    #: set by the phone that made the inspection, so a submission replayed after
    #: being offline is recognised instead of creating a duplicate
    client_key = models.CharField(
        "客户端编号", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    #: when the last listed inspector signed: only then is the inspection complete
    #: and counted by coverage (set by the signing services, never edited)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True, editable=False)

    change_permission: ClassVar[str] = Permission.INSPECT

    class Meta:
        verbose_name = "检查"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["place", "at"]),
            models.Index(fields=["campaign", "phase"]),
            # the places inspected in a range of moments (coverage), from the index alone
            models.Index(
                fields=["at"],
                include=["place", "result", "area_path", "completed_at"],
                name="inspection_by_time_and_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{clock.local(self.at):%Y-%m-%d} {self.place} {self.get_kind_display()}"

    @property
    def fully_signed(self) -> bool:
        return all(s.signed_at for s in self.signatures.all())

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def co_inspectors(self) -> frozenset[Any]:
        """The listed inspectors other than the one who recorded the inspection."""
        return frozenset(
            s.inspector for s in self.signatures.all() if s.inspector_id != self.created_by_id
        )


class Signature(models.Model):
    """One inspector on an inspection's signed list (排查人清单签字): confirmed
    under the inspector's own login, optionally with a drawn signature image."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="signatures")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField("签字时间", null=True, blank=True)
    image = models.ForeignKey(
        "core.Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="signature_once")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.inspector} {'已签' if self.signed_at else '未签'}"


class Hazard(AreaPathCopyModel):
    """A fire hazard (火灾隐患) from discovery to verified closure."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="hazards", verbose_name="场所"
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name="发现检查",
    )
    category = models.CharField("类别", max_length=30, choices=HazardCategory.choices)
    severity = models.CharField(
        "等级", max_length=10, choices=Severity.choices, default=Severity.ORDINARY
    )
    gb35181_version = models.CharField(
        "判定标准", max_length=4, choices=Gb35181Version.choices, blank=True
    )
    major_element = models.CharField("重大隐患判定要素", max_length=300, blank=True)
    description = models.TextField("描述")
    responsible_party = models.CharField("责任主体", max_length=200, blank=True)
    responsible_organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任单位",
    )
    deadline = models.DateField("整改期限", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=HazardState.choices, default=HazardState.FOUND
    )
    found_on = models.DateField("发现日期")
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发现人"
    )
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="整改报告人",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="验收人",
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    campaign = models.ForeignKey(
        "directives.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name="专项行动",
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    change_permission: ClassVar[str] = Permission.INSPECT

    class Meta:
        verbose_name = "火灾隐患"
        verbose_name_plural = verbose_name
        ordering = ["-found_on", "-id"]
        indexes = [
            models.Index(fields=["state", "deadline"]),
            # the open (and overdue) hazards of a subtree, read from the index alone:
            # the list's count and its page of ids sorted by discovery date
            models.Index(
                fields=["area_path", "deadline"],
                include=["found_on", "id", "severity"],
                condition=models.Q(state__in=OPEN_STATES),
                name="hazard_open_by_area_path",
            ),
            # the first pages of that list: its open hazards newest first, walked from
            # the index alone until a page of the subtree's (overdue) ones is found
            models.Index(
                fields=["found_on", "id"],
                include=["area_path", "deadline"],
                condition=models.Q(state__in=OPEN_STATES),
                name="hazard_open_by_found_on",
            ),
            # the dashboard's period figures and charts: a range of days, then the subtree
            models.Index(
                fields=["found_on", "area_path"],
                include=["state", "category", "closed_on", "id"],
                name="hazard_found_by_day",
            ),
            models.Index(
                fields=["closed_on", "area_path"],
                include=["found_on", "deadline", "id"],
                condition=models.Q(closed_on__isnull=False),
                name="hazard_closed_by_day",
            ),
            # hazards not closed (yet): with hazard_closed_by_day, overdue on a past day
            models.Index(
                fields=["area_path", "deadline"],
                include=["found_on", "id"],
                condition=models.Q(closed_on__isnull=True),
                name="hazard_unclosed_by_area_path",
            ),
            models.Index(fields=["place", "found_on"]),
            models.Index(fields=["category"]),
        ]

    def __str__(self) -> str:
        return f"{self.place} · {self.get_category_display()}"


class Rectification(DomainModel):
    """The evidence a fix was made (text and after-photos), reported by the
    responsible party or the inspector; a verifier then closes or rejects it."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="rectifications", verbose_name="隐患"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报告人"
    )
    reported_on = models.DateField("报告日期")
    text = models.TextField("整改情况")
    verdict = models.CharField(
        "验收结论", max_length=20, blank=True, help_text="accepted / rejected"
    )
    verdict_note = models.TextField("验收意见", blank=True)

    area_path_field: ClassVar[str] = "hazard__area_path"
    change_permission: ClassVar[str] = Permission.INSPECT

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = verbose_name
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.text[:30]}"


class Recheck(models.Model):
    """One closed hazard drawn into a re-check sample (回头看) and its outcome."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="rechecks")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="rechecked")
    sample_seed = models.CharField("抽样种子", max_length=50)
    passed = models.BooleanField("复查通过", null=True)
    note = models.TextField("复查情况", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hazard", "inspection"], name="recheck_once")
        ]

    def __str__(self) -> str:
        return f"复查 {self.hazard}"


class EnforcementAction(DomainModel):
    """An enforcement action on a place and its hazards: order to correct, fine,
    temporary sealing (with its lift date), 三停, admonitory talk, public exposure."""

    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="enforcement_actions",
        verbose_name="场所",
    )
    hazards = models.ManyToManyField(
        Hazard, blank=True, related_name="enforcement_actions", verbose_name="涉及隐患"
    )
    kind = models.CharField("措施", max_length=30, choices=EnforcementKind.choices)
    decided_on = models.DateField("决定日期")
    lifted_on = models.DateField(
        "解除日期", null=True, blank=True, help_text="临时查封等措施的解除日期"
    )
    amount = models.DecimalField(
        "罚款金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    document_number = models.CharField("文书编号", max_length=100, blank=True)
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="执法单位"
    )
    visit = models.ForeignKey(
        SupervisionVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_actions",
        verbose_name="督导检查",
    )
    note = models.TextField("说明", blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    change_permission: ClassVar[str] = Permission.ENFORCE

    class Meta:
        verbose_name = "执法措施"
        verbose_name_plural = verbose_name
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.place}"

    def in_force(self, day: dt.date | None = None) -> bool:
        today = day or clock.today()
        return self.decided_on <= today and (self.lifted_on is None or self.lifted_on > today)


class RectificationNotice(DomainModel):
    """A numbered order to correct within a time limit (责令限期改正通知书) for a
    place's hazards; the Word document is kept as an attachment, and serving it
    on the place is recorded."""

    number = models.CharField("文书编号", max_length=100, unique=True)
    sequence = models.PositiveIntegerField("序号")
    year = models.PositiveSmallIntegerField("年度")
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="notices", verbose_name="场所"
    )
    hazards = models.ManyToManyField(Hazard, related_name="notices", verbose_name="隐患")
    deadline = models.DateField("改正期限")
    issued_on = models.DateField("制发日期")
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="制发单位"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制发人"
    )
    document = models.ForeignKey(
        "core.Attachment",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="文书",
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    served_to = models.CharField("签收人", max_length=50, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    change_permission: ClassVar[str] = Permission.ENFORCE

    class Meta:
        verbose_name = "责令限期改正通知书"
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence"], name="notice_sequence_once"
            )
        ]

    def __str__(self) -> str:
        return self.number


class HazardExtension(models.Model):
    """One extension (延期) of a hazard's rectification deadline: the deadline before
    and after, why, by whom and when. Kept for every extension, so the deadline in
    force on any past day can be told (see `queries.overdue_on_filter`); the
    hazard's own `deadline` is always the latest one."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="extensions", verbose_name="隐患"
    )
    old_deadline = models.DateField("原整改期限", null=True, blank=True)
    new_deadline = models.DateField("新整改期限")
    reason = models.CharField("延期原因", max_length=200)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办理人",
    )
    at = models.DateTimeField("延期时间", default=clock.now)

    class Meta:
        verbose_name = "隐患延期"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["hazard", "at"]),
            # the extensions made after a past day, for overdue-on-that-day counts
            models.Index(
                fields=["at"], include=["hazard", "old_deadline"], name="extension_by_time"
            ),
        ]

    def __str__(self) -> str:
        old = f"{self.old_deadline:%Y-%m-%d}" if self.old_deadline else "未定"
        return f"{self.hazard_id} 延期 {old} → {self.new_deadline:%Y-%m-%d}"
