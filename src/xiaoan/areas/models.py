"""The areas tree, organisations, and users with their roles."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from simple_history.models import HistoricalRecords

from xiaoan.core import clock
from xiaoan.core.models import DomainModel
from xiaoan.core.scoping import PATH_SEGMENT_WIDTH, ScopedQuerySet

from .roles import Permission, permissions_of, role_label


class Area(DomainModel):
    """One node of the administrative tree: city → county/district →
    township/subdistrict → community/village → grid.

    `path` is the materialised path: the zero-padded ids of the area's
    ancestors and itself, so a subtree is one indexed range query.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 0, "省"
        CITY = 1, "市"
        COUNTY = 2, "县区"
        TOWNSHIP = 3, "乡镇街道"
        COMMUNITY = 4, "社区村"
        GRID = 5, "网格"

    code = models.CharField("区划代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级区域",
    )
    path = models.CharField("路径", max_length=160, db_index=True, editable=False, default="")
    #: other names the public uses for the area (兴隆台 for 兴隆台区), separated by 、，, or spaces
    aliases = models.CharField("别名", max_length=300, blank=True)

    area_path_field: ClassVar[str] = "path"
    change_permission: ClassVar[str] = Permission.MANAGE_AREAS

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = verbose_name
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_SEGMENT_WIDTH

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read off the path (no query)."""
        w = PATH_SEGMENT_WIDTH
        return [int(self.path[i : i + w]) for i in range(0, len(self.path) - w, w)]

    @property
    def alias_list(self) -> list[str]:
        return [a for a in re.split(r"[、，,;；\s]+", self.aliases) if a]

    def is_within(self, other: Area) -> bool:
        """True when this area is `other` or lies below it."""
        return self.path.startswith(other.path)


class Organisation(DomainModel):
    """A unit that owns work: detachment, brigade, department, township office,
    property company or venue owner — each tied to an area."""

    class Kind(models.TextChoices):
        DETACHMENT = "detachment", "消防救援支队"
        BRIGADE = "brigade", "消防救援大队"
        GOVERNMENT = "government", "党委政府"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP_OFFICE = "township_office", "乡镇街道"
        COMMUNITY = "community", "社区村委"
        PROPERTY_COMPANY = "property_company", "物业公司"
        VENUE_OWNER = "venue_owner", "场所单位"

    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="organisations", verbose_name="所属区域"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级单位",
    )
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)

    change_permission: ClassVar[str] = Permission.MANAGE_ORGANISATIONS

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = verbose_name
        ordering = ["area__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], name="organisation_unique_name_in_area"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in: belongs to an organisation, holds an area and one
    or more roles. Sees the data of its area and below; roles say what it may change."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="所属单位",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="辖区",
    )
    #: role codes, stored delimited (",brigade,auditor,") so one role can be queried exactly
    roles = models.CharField("角色", max_length=300, default=",", blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    updated_at = models.DateTimeField("更新时间", default=clock.now, editable=False)
    #: set for a bootstrapped account and after an administrator's reset: the
    #: next sign-in must choose a new password before anything else
    must_change_password = models.BooleanField("须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects: ClassVar[ScopedUserManager] = ScopedUserManager()  # type: ignore[assignment]

    area_path_field: ClassVar[str] = "area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_USERS
    history_formatters: ClassVar[dict[str, Callable[[str], str]]] = {
        "roles": lambda value: "、".join(role_label(c) for c in value.split(",") if c) or "（无）"
    }

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = verbose_name
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(code for code in self.roles.split(",") if code)

    @property
    def role_labels(self) -> list[str]:
        return [role_label(code) for code in sorted(self.role_codes)]

    @cached_property
    def granted_permissions(self) -> frozenset[str]:
        return permissions_of(self.role_codes) if self.is_active else frozenset()

    def can(self, permission: str) -> bool:
        return permission in self.granted_permissions

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @property
    def scope_path(self) -> str | None:
        return self.area.path if self.area_id and self.area else None

    @staticmethod
    def encode_roles(codes: list[str] | set[str] | frozenset[str]) -> str:
        return "," + ",".join(sorted(set(codes))) + ("," if codes else "")
