"""Choices of the 12345 work orders and their import jobs, with their Chinese labels."""

from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    REFUSED = "refused", "文件被拒绝"
    FAILED = "failed", "出错"


class ClassificationSource(models.TextChoices):
    """Who decided an order's classification: an override by a person is never
    replaced by the classifier when the order is re-imported or re-classified."""

    AUTO = "auto", "自动"
    MANUAL = "manual", "人工"


class HandlingState(models.TextChoices):
    """Where an order stands in its handling here (not the platform's own 工单状态)."""

    PENDING = "pending", "待分派"
    DISPATCHED = "dispatched", "已分派"
    REPLIED = "replied", "已回复"
    CLOSED = "closed", "已办结"


class PlacementSource(models.TextChoices):
    """How an order got its area: resolved from its address, placed by a person
    (never replaced by a re-import), or waiting in the 待定位 queue."""

    AUTO = "auto", "自动定位"
    MANUAL = "manual", "人工定位"
    UNRESOLVED = "unresolved", "待定位"
