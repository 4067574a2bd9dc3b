"""Kinds and states of places and water sources."""

from django.db import models


class WaterSourceKind(models.TextChoices):
    HYDRANT = "hydrant", "市政消火栓"
    WATER_CRANE = "water_crane", "消防水鹤"


class WaterSourceStatus(models.TextChoices):
    PLANNED = "planned", "规划"
    BUILDING = "building", "在建"
    IN_SERVICE = "in_service", "在用"
    OUT_OF_SERVICE = "out_of_service", "停用/损坏"


class PlaceKind(models.TextChoices):
    RESIDENTIAL = "residential", "住宅小区"
    HIGH_RISE = "high_rise", "高层住宅"
    SMALL_SCHOOL = "small_school", "小学校、幼儿园"
    SMALL_CLINIC = "small_clinic", "小医院、诊所"
    SMALL_SHOP = "small_shop", "小商店"
    SMALL_RESTAURANT = "small_restaurant", "小餐饮场所"
    SMALL_HOTEL = "small_hotel", "小旅馆"
    SMALL_ENTERTAINMENT = "small_entertainment", "小歌舞娱乐场所"
    SMALL_INTERNET_CAFE = "small_internet_cafe", "小网吧"
    SMALL_BEAUTY_BATH = "small_beauty_bath", "小美容洗浴场所"
    SMALL_WORKSHOP = "small_workshop", "小生产加工企业"
    HOTEL = "hotel", "宾馆酒店"
    CROWDED = "crowded", "人员密集场所"
    OTHER = "other", "其他"


class RiskLevel(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"
