"""The 12345 orders a hazard came from, for the hazard's page."""

from __future__ import annotations

from typing import Any

from django import template

from xiaoan.complaints.models import Complaint

register = template.Library()


@register.inclusion_tag("complaints/_hazard_sources.html")
def complaint_sources(hazard: Any, user: Any) -> dict[str, Any]:
    """The orders converted into `hazard` that the user may see."""
    orders = Complaint.objects.restrict(user).filter(hazard=hazard).order_by("received_at", "id")
    return {"orders": list(orders)}
