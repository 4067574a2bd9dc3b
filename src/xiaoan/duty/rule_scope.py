"""Which urgent-report rules and reminder points a configuring user sees and may
change: those for every area, for the areas above the user's, and within it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from xiaoan.areas.roles import Permission
from xiaoan.core.scoping import ancestor_paths


def applicable(model: Any, user: Any) -> Any:
    """Rules (or reminder points) that apply to the user's area: everywhere, above it, or within it."""
    path = user.scope_path or ""
    above = [*ancestor_paths(path), path]
    return model.objects.filter(
        Q(area__isnull=True) | Q(area__path__in=above) | Q(pk__in=model.objects.restrict(user))
    ).select_related("area")


def editable_or_404(model: Any, user: Any, pk: int) -> Any:
    """An applicable record the user may configure; 404 for anything else."""
    record = applicable(model, user).filter(pk=pk).first()
    if record is None or not user.can(Permission.CONFIGURE_URGENT_REPORTS):
        raise Http404("记录不存在或无权访问")
    return record


def configured_area(user: Any) -> Any:
    """Where a new rule or reminder point applies: the user's area and below, or
    every area when the user sits at the top of the tree."""
    return None if user.area.parent_id is None else user.area
