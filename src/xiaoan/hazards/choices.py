"""Kinds and states of inspections, hazards and enforcement, with Chinese labels.

The hazard taxonomy: each category belongs to a cause family (management and
people, facilities and equipment, materials and structure, behaviour and
environment) used by the fishbone diagrams; docs/hazard-taxonomy.md documents it.
"""

from django.db import models


class InspectionKind(models.TextChoices):
    SELF_CHECK = "self_check", "单位自查"
    GRID_CHECK = "grid_check", "网格排查"
    BRIGADE = "brigade", "大队检查"
    JOINT = "joint", "联合检查"
    UNANNOUNCED = "unannounced", "四不两直暗访"
    RECHECK = "recheck", "回头看复查"


class InspectionResult(models.TextChoices):
    PENDING = "pending", "待填写结果"
    HAZARDS_FOUND = "hazards_found", "发现隐患"
    NO_HAZARD = "no_hazard", "未发现隐患"


class CauseFamily(models.TextChoices):
    MANAGEMENT = "management", "管理与人员"
    FACILITIES = "facilities", "设施与设备"
    MATERIALS = "materials", "材料与结构"
    BEHAVIOUR = "behaviour", "行为与环境"


class HazardCategory(models.TextChoices):
    EBIKE_INDOOR = "ebike_indoor", "电动车违规停放充电"
    ESCAPE_BLOCKED = "escape_blocked", "疏散通道、安全出口堵塞或锁闭"
    CLUTTER = "clutter", "楼道堆放杂物"
    FACILITIES_BROKEN = "facilities_broken", "消防设施缺失或损坏"
    FIRE_DOOR = "fire_door", "防火门损坏或常开"
    ILLEGAL_WIRING = "illegal_wiring", "私拉乱接电线、飞线充电"
    COMBUSTIBLE_MATERIAL = "combustible_material", "可燃保温或装修材料"
    SANDWICH_PANEL = "sandwich_panel", "彩钢板（夹芯板）建筑"
    THREE_IN_ONE = "three_in_one", "“三合一”场所住人"
    HOT_WORK = "hot_work", "违规动火作业"
    GAS = "gas", "燃气使用不规范"
    FIRE_LANE = "fire_lane", "消防车道占用"
    MANAGEMENT_DUTY = "management_duty", "消防安全责任、制度不落实"
    OTHER = "other", "其他"


#: category → cause family (the fishbone's bones)
CATEGORY_FAMILY: dict[str, str] = {
    HazardCategory.EBIKE_INDOOR: CauseFamily.BEHAVIOUR,
    HazardCategory.ESCAPE_BLOCKED: CauseFamily.MANAGEMENT,
    HazardCategory.CLUTTER: CauseFamily.MANAGEMENT,
    HazardCategory.FACILITIES_BROKEN: CauseFamily.FACILITIES,
    HazardCategory.FIRE_DOOR: CauseFamily.FACILITIES,
    HazardCategory.ILLEGAL_WIRING: CauseFamily.FACILITIES,
    HazardCategory.COMBUSTIBLE_MATERIAL: CauseFamily.MATERIALS,
    HazardCategory.SANDWICH_PANEL: CauseFamily.MATERIALS,
    HazardCategory.THREE_IN_ONE: CauseFamily.MATERIALS,
    HazardCategory.HOT_WORK: CauseFamily.BEHAVIOUR,
    HazardCategory.GAS: CauseFamily.BEHAVIOUR,
    HazardCategory.FIRE_LANE: CauseFamily.BEHAVIOUR,
    HazardCategory.MANAGEMENT_DUTY: CauseFamily.MANAGEMENT,
    HazardCategory.OTHER: CauseFamily.MANAGEMENT,
}


class Severity(models.TextChoices):
    ORDINARY = "ordinary", "一般隐患"
    MAJOR = "major", "重大火灾隐患"


class Gb35181Version(models.TextChoices):
    """The standard that judged a major hazard: the 2017 判定方法 until 2025-10-31,
    the 2025 判定规则 from 2025-11-01."""

    V2017 = "2017", "GB 35181-2017（判定方法）"
    V2025 = "2025", "GB 35181-2025（判定规则）"


class HazardState(models.TextChoices):
    FOUND = "found", "待整改"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改待验收"
    CLOSED = "closed", "已销号"
    REOPENED = "reopened", "复查未通过"


#: the states of a hazard that still needs work (销号 pending a fix); "rectified"
#: waits for the verifier, not for the responsible party
OPEN_STATES = (HazardState.FOUND, HazardState.RECTIFYING, HazardState.REOPENED)


class EnforcementKind(models.TextChoices):
    ORDER_TO_CORRECT = "order_to_correct", "责令改正"
    FINE = "fine", "罚款"
    TEMPORARY_SEALING = "temporary_sealing", "临时查封"
    STOP = "stop", "责令三停（停产停业停止使用）"
    TALK = "talk", "约谈"
    EXPOSURE = "exposure", "公开曝光"
