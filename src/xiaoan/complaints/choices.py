"""States of a complaint import job, with their Chinese labels."""

from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    REFUSED = "refused", "文件被拒绝"
    FAILED = "failed", "出错"
