"""The trail above a record's page: 首页 › its area › its list (› a parent) › the record."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(
    list_name: str,
    list_label: str,
    current: Any,
    area: Any = None,
    parent: Any = None,
    parent_url: str = "",
) -> dict[str, Any]:
    """`list_name` is the list page's url name; `area` the record's area (linked to its
    page); `parent`/`parent_url` an optional record between the list and this one (a
    hazard's place). The record itself is the last crumb, marked as the current page."""
    crumbs: list[tuple[str, str]] = [("首页", reverse("home"))]
    if area is not None:
        crumbs.append((str(area.name), reverse("area-detail", args=[area.pk])))
    crumbs.append((list_label, reverse(list_name)))
    if parent is not None:
        crumbs.append((str(parent), parent_url))
    return {"crumbs": crumbs, "current": str(current)}
