"""Kinds of record a confirmed reading creates, with their Chinese labels."""

from django.db import models


class CreatedKind(models.TextChoices):
    INSTRUCTION = "instruction", "领导批示"
    MEETING = "meeting", "会议"
    DOCUMENT = "document", "上级文件"
    VISIT = "visit", "督导检查"
    TASK = "task", "任务"
