"""Read-side selectors of the work orders."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Complaint, ImportJob


def visible_complaints(user: Any) -> QuerySet[Complaint]:
    """The orders the user may see, newest call first, with their area."""
    return Complaint.objects.restrict(user).select_related("area").order_by("-received_at", "-id")


def status_choices(user: Any) -> list[str]:
    """The distinct platform statuses among the visible orders (for the filter)."""
    statuses = Complaint.objects.restrict(user).order_by("status").values_list("status", flat=True)
    return [s for s in statuses.distinct() if s]


def visible_imports(user: Any) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.restrict(user)
        .select_related("imported_by")
        .order_by("-created_at", "-id")
    )


def handling_units(user: Any) -> list[tuple[int, str]]:
    """The organisations the visible orders are dispatched to (for the filter)."""
    from xiaoan.areas.models import Organisation

    ids = (
        Complaint.objects.restrict(user)
        .filter(handling_organisation__isnull=False)
        .values("handling_organisation")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def same_caller(user: Any, complaint: Complaint, limit: int = 10) -> list[Complaint]:
    """The caller's other visible orders, found by the keyed hash of the number
    (the number itself is stored encrypted and cannot be compared)."""
    if not complaint.caller_phone_hash:
        return []
    return list(
        Complaint.objects.restrict(user)
        .filter(caller_phone_hash=complaint.caller_phone_hash)
        .exclude(pk=complaint.pk)
        .only("id", "number", "received_at")
        .order_by("-received_at", "-id")[:limit]
    )
