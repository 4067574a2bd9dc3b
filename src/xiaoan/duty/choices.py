"""Kinds and states of the duty desk, with their Chinese labels."""

from django.db import models


class IncidentKind(models.TextChoices):
    FIRE = "fire", "火灾"
    RESCUE = "rescue", "抢险救援"
    SOCIAL = "social", "社会救助"
    OTHER = "other", "其他"


class SensitiveVenue(models.TextChoices):
    NONE = "", "否"
    SCHOOL = "school", "学校"
    KINDERGARTEN = "kindergarten", "幼儿园"
    HOSPITAL = "hospital", "医院"
    ELDERLY_CARE = "elderly_care", "养老机构"
    CHILD_WELFARE = "child_welfare", "儿童福利机构"
    OTHER = "other", "其他敏感群体场所"


class RuleKind(models.TextChoices):
    """What an urgent-report rule looks at."""

    DEATH = "death", "有人员死亡"
    SENSITIVE_VENUE = "sensitive_venue", "敏感群体场所"
    INJURED = "injured", "受伤人数达到"
    TRAPPED = "trapped", "被困人数达到"


class ReportKind(models.TextChoices):
    FIRST = "first", "首报"
    FOLLOW_UP = "follow_up", "续报"
    FINAL = "final", "终报"


class ReportChannel(models.TextChoices):
    PLATFORM = "platform", "应急联合指挥平台"
    PHONE = "phone", "电话"
    FAX = "fax", "传真"
    MESSAGE = "message", "短信/即时通讯"
    DOCUMENT = "document", "书面报告"


class ClockState(models.TextChoices):
    """Where an incident stands against its reporting clock (derived, never stored)."""

    NOT_REQUIRED = "not_required", "无需报送"
    RUNNING = "running", "计时中"
    OVERDUE = "overdue", "已超时未报"
    ON_TIME = "on_time", "按时报送"
    LATE = "late", "迟报"


class DutyRole(models.TextChoices):
    LEADER = "leader", "带班领导"
    OFFICER = "officer", "值班员"
    DRIVER = "driver", "驾驶员"
    COMMUNICATOR = "communicator", "通信员"
    OTHER = "other", "其他"


class SafetyStatus(models.TextChoices):
    STABLE = "stable", "安全平稳"
    ATTENTION = "attention", "有情况需关注"
    INCIDENT = "incident", "发生警情/事故"


class InspectionStatus(models.TextChoices):
    ANNOUNCED = "announced", "已通知"
    UNDER_WAY = "under_way", "检查中"
    DONE = "done", "已结束"
