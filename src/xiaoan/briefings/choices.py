"""Kinds, subjects and build states of briefings, with their Chinese labels."""

from django.db import models


class BriefingKind(models.TextChoices):
    MONTHLY = "monthly", "月度通报"
    SPECIAL = "special", "专报"


class Subject(models.TextChoices):
    """What a special report is about."""

    COMPLAINTS = "complaints", "12345 火灾隐患投诉"
    PHASE = "phase", "专项行动阶段情况"


class BuildStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"
