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
