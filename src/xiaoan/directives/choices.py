"""States and kinds of the supervision desk, with their Chinese labels."""

from django.db import models


class InstructionKind(models.TextChoices):
    INSTRUCTION = "instruction", "批示"
    FOLLOW_UP = "follow_up", "跟批"
    READ = "read", "圈阅"


class SourceKind(models.TextChoices):
    INTERNAL_REFERENCE = "internal_reference", "内部参考文章"
    HOTLINE_REPORT = "hotline_report", "12345 热线专报"
    WORK_REPORT = "work_report", "工作专报"
    DOCUMENT = "document", "文件"
    OTHER = "other", "其他"


class InstructionState(models.TextChoices):
    """Rolled up from the instruction's tasks, never stored."""

    OPEN = "open", "待落实"
    IN_PROGRESS = "in_progress", "落实中"
    IMPLEMENTED = "implemented", "已落实"
    FEEDBACK_GIVEN = "feedback_given", "已反馈"
    READ = "read", "已阅"


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    DETACHMENT = "detachment", "支队"
    COUNTY = "county", "县区"


class TaskStatus(models.TextChoices):
    OPEN = "open", "待办"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已完成（待核验）"
    CLOSED = "closed", "已销号"


class Recurrence(models.TextChoices):
    NONE = "", "不重复"
    DAILY = "daily", "每天"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"


class ChaseChannel(models.TextChoices):
    INBOX = "inbox", "系统通知"
    PHONE = "phone", "电话"
    SMS = "sms", "短信"
    MEETING = "meeting", "会议"
    DOCUMENT = "document", "督办函"
    VISIT = "visit", "现场"


class ActionKind(models.TextChoices):
    """The six campaign action kinds (大排查…大督导)."""

    INSPECT = "inspect", "大排查"
    RECTIFY = "rectify", "大整治"
    EXPOSE = "expose", "大曝光"
    DRILL = "drill", "大演练"
    TALK = "talk", "大约谈"
    SUPERVISE = "supervise", "大督导"


class RegisterKind(models.TextChoices):
    """What a quantitative target can count automatically."""

    NONE = "", "手工填报"
    HYDRANT = "hydrant", "市政消火栓（按投用数统计）"
    WATER_CRANE = "water_crane", "消防水鹤（按投用数统计）"


class ActivityKind(models.TextChoices):
    PUBLICITY = "publicity", "宣传教育"
    TRAINING = "training", "培训（疏散逃生教育）"
    SCHOOL = "school", "“小手拉大手”校园教育"
    DRILL = "drill", "演练"
    CONTINGENCY_PLAN = "contingency_plan", "预案制定"
    TALK = "talk", "约谈"
    EXPOSURE = "exposure", "曝光"
