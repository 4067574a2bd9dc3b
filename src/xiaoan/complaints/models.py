"""12345 work orders (工单) and the jobs that import them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.fields import EncryptedTextField
from xiaoan.core.models import DomainModel
from xiaoan.core.scoping import ScopedQuerySet, subtree_filter
from xiaoan.directives.choices import ChaseChannel
from xiaoan.hazards.choices import HazardCategory

from .choices import ClassificationSource, HandlingState, ImportStatus, PlacementSource

#: the caller's personal information (revealed together, core/personal.py)
CALLER_FIELDS = ("caller_name", "caller_phone")


class ComplaintQuerySet(ScopedQuerySet["Complaint"]):
    """Scoped like every record, plus: an order whose area is not yet resolved
    (area None) is visible only to users of the root city area."""

    def restrict(self, user: Any, action: str = "view") -> ComplaintQuerySet:
        scoped: ComplaintQuerySet = super().restrict(user, action)  # type: ignore[assignment]
        area = getattr(user, "area", None) if scoped.query.is_empty() is False else None
        if area is None or area.parent_id is not None:
            return scoped
        # the root city area sees its whole subtree and the orders not yet placed
        return self.filter(subtree_filter("area__path", area.path) | models.Q(area__isnull=True))


class Complaint(DomainModel):
    """One 12345 hotline work order, as the hotline platform exported it.

    `number` (工单编号) is the platform's key: importing the same or a newer
    export updates the order instead of adding a second one. Text columns
    (status, category, handling unit …) keep the platform's own wording.

    `area` scopes the order: the deepest area its address names, resolved
    within the importer's area (`placed_by` auto), or chosen by a person
    (manual). An address that cannot be resolved leaves the order at the
    importer's area with `placed_by` unresolved, so the importing office sees
    it in its 待定位 queue. An order without an area is visible only at the
    root city area.
    """

    number = models.CharField("工单编号", max_length=64, unique=True)
    received_at = models.DateTimeField("来电时间")
    channel = models.CharField("受理渠道", max_length=50, blank=True)
    kind = models.CharField("诉求类型", max_length=50, blank=True)
    urgency = models.CharField("紧急程度", max_length=50, blank=True)
    category = models.CharField("问题分类", max_length=200, blank=True)
    title = models.CharField("工单标题", max_length=300, blank=True)
    content = models.TextField("诉求内容")
    address = models.CharField("事发地址", max_length=500, blank=True)
    # --- the caller (来电人): personal information, encrypted at rest, shown masked
    # except to roles with view_personal_data who ask to see it (the reveal is logged)
    caller_name = EncryptedTextField("来电人", kind="name")
    caller_phone = EncryptedTextField("来电号码", kind="phone", index_field="caller_phone_hash")
    #: keyed hash of the normalised number: finds the same caller's other orders
    caller_phone_hash = models.CharField(
        "来电号码索引", max_length=64, blank=True, default="", editable=False, db_index=True
    )
    handling_unit = models.CharField("承办单位", max_length=200, blank=True)
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    status = models.CharField("工单状态", max_length=50, blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    reply = models.TextField("回复内容", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=50, blank=True)
    # --- classification (分类): filled by the classifier on import, overridable by a person
    fire_related = models.BooleanField("涉及消防安全", null=True, blank=True)
    hazard_category = models.CharField(
        "隐患类别", max_length=30, choices=HazardCategory.choices, blank=True
    )
    classified_by = models.CharField(
        "分类来源", max_length=10, choices=ClassificationSource.choices, blank=True
    )
    # --- placing (定位): the address resolved to the area tree, or the 待定位 queue
    placed_by = models.CharField(
        "定位方式", max_length=12, choices=PlacementSource.choices, blank=True
    )
    #: the whole row as exported (header → text), including columns not mapped above
    raw = models.JSONField("原始数据", default=dict, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="区域",
    )
    import_job = models.ForeignKey(
        "complaints.ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最近导入",
    )

    # --- handling (办理) here: never written by an import, so a re-import keeps it
    handling_state = models.CharField(
        "办理状态",
        max_length=20,
        choices=HandlingState.choices,
        default=HandlingState.PENDING,
    )
    handling_organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办单位（本系统分派）",
    )
    dispatched_at = models.DateTimeField("分派于", null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分派人",
    )
    dispatch_note = models.TextField("分派意见", blank=True)
    #: a date with an end-of-day meaning, counted in working days from the dispatch
    handling_deadline = models.DateField("办理期限", null=True, blank=True)
    handling_reply = models.TextField("办理答复", blank=True)
    handling_replied_at = models.DateTimeField("答复于", null=True, blank=True)
    handling_replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    handling_closed_at = models.DateTimeField("办结于", null=True, blank=True)
    handling_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结人",
    )
    #: the hazard this order was converted into (转为隐患); the hazard page lists its orders
    hazard = models.ForeignKey(
        "hazards.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="转为隐患",
    )

    objects = ComplaintQuerySet.as_manager()  # type: ignore[assignment,misc]

    change_permission: ClassVar[str] = Permission.MANAGE_COMPLAINTS
    #: the organisation an order is dispatched to sees it wherever its area lies
    owner_lookups: ClassVar[tuple[str, ...]] = ("handling_organisation",)

    class Meta:
        verbose_name = "12345 工单"
        verbose_name_plural = verbose_name
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["received_at"]),
            models.Index(fields=["status"]),
            # fire-safety orders per day (statistics, dashboard), read from the index
            # alone: the area joins its path, the id serves the owner's visibility
            models.Index(
                fields=["fire_related", "received_at"],
                include=["area", "id"],
                name="complaint_fire_by_time",
            ),
            models.Index(fields=["handling_state", "handling_deadline"]),
            # the orders an organisation handles (visible to it wherever they lie),
            # as ids from the index alone
            models.Index(
                fields=["handling_organisation"], include=["id"], name="complaint_by_handler"
            ),
            models.Index(fields=["placed_by"]),
            # the duplicate check's window: a few areas' orders of a few days
            models.Index(fields=["area", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class ComplaintChase(DomainModel):
    """One act of chasing (督办) an order's handling organisation: who reminded
    whom, when, how, and the organisation's answer."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="chases", verbose_name="工单"
    )
    at = models.DateTimeField("时间", default=clock.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="督办人",
    )
    to = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="督办对象"
    )
    channel = models.CharField(
        "方式", max_length=20, choices=ChaseChannel.choices, default=ChaseChannel.INBOX
    )
    note = models.TextField("督办内容", blank=True)
    answer = models.TextField("答复", blank=True)

    area_path_field: ClassVar[str] = "complaint__area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_COMPLAINTS
    owner_lookups: ClassVar[tuple[str, ...]] = ("to",)

    class Meta:
        verbose_name = "12345 工单督办"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{clock.local(self.at):%Y-%m-%d} 督办 {self.to}"


class ImportJob(models.Model):
    """One upload of a 12345 export: the original file, who imported it, its
    progress while it runs in the background, and its counts when done."""

    file = models.FileField("原始文件", upload_to="complaints/imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已处理行数", default=0)
    imported = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    rejected = models.PositiveIntegerField("未导入", default=0)
    #: [{"row", "column", "reason"}, …]
    errors = models.JSONField("错误", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    rejected_file = models.FileField(
        "未导入的行", upload_to="complaints/rejected/%Y/%m/", blank=True
    )
    created_at = models.DateTimeField("上传时间", default=clock.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    #: touched after every batch; a running job without a recent one has lost its worker
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)

    objects = ScopedQuerySet.as_manager()

    area_path_field: ClassVar[str] = "area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_COMPLAINTS

    class Meta:
        verbose_name = "12345 工单导入"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED):
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "status": self.status,
            "status_label": self.get_status_display(),
            "rows": self.total,
            "done": self.done,
            "percent": self.percent,
            "imported": self.imported,
            "updated": self.updated,
            "rejected": self.rejected,
            "errors": self.errors,
            "message": self.message,
        }


class SpikeAlert(models.Model):
    """A day or a window of days whose fire-safety orders in an area rose far above
    their baseline. Kept so that each window and area is announced once, however
    often and on however many workers the check runs."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    window_days = models.PositiveSmallIntegerField("窗口天数")
    window_start = models.DateField("起始日")
    window_end = models.DateField("截止日")
    count = models.PositiveIntegerField("工单数")
    #: the mean count of an equal window over the baseline days before the window
    baseline = models.FloatField("基线")
    created_at = models.DateTimeField("提醒时间", default=clock.now)

    objects = ScopedQuerySet.as_manager()

    area_path_field: ClassVar[str] = "area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_COMPLAINTS

    class Meta:
        verbose_name = "12345 工单激增提醒"
        verbose_name_plural = verbose_name
        ordering = ["-window_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "window_days", "window_end"], name="one_spike_alert_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.window_start}–{self.window_end}: {self.count}"


class ClassificationKeyword(DomainModel):
    """One word of the editable classification dictionary.

    A positive weight counts towards "fire-safety related" and, with a hazard
    category, towards that category; a negative weight marks topics that are
    not fire safety (暖气, 物业费, 噪音 …). The dictionary is city-wide: it is
    not scoped by area, and only users who may manage 12345 orders edit it.
    """

    word = models.CharField("词语", max_length=30, unique=True)
    hazard_category = models.CharField(
        "隐患类别", max_length=30, choices=HazardCategory.choices, blank=True
    )
    weight = models.FloatField("权重", default=1.0)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    change_permission: ClassVar[str] = Permission.MANAGE_COMPLAINTS

    class Meta:
        verbose_name = "分类词典词语"
        verbose_name_plural = verbose_name
        ordering = ["-active", "hazard_category", "word"]

    def __str__(self) -> str:
        return self.word


class ComplaintDuplicate(models.Model):
    """A likely duplicate: two orders about the same place with similar content,
    received within a few days. Linked, never merged; `first` is the order
    with the lower id."""

    first = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="duplicates_as_first"
    )
    second = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="duplicates_as_second"
    )
    similarity = models.FloatField("相似度")
    created_at = models.DateTimeField("发现时间", default=clock.now)

    class Meta:
        verbose_name = "疑似重复工单"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="complaint_duplicate_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="complaint_duplicate_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≈ {self.second_id}"
