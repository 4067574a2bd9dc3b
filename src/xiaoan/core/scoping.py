"""Area scoping: the one door to user-visible data.

Every query of user-visible records goes through `Model.objects.restrict(user,
action)`, which limits it to the user's area and everything below it, and to
nothing at all when the user's roles do not allow the action. A record outside
that set does not exist for the user: pages and API answer 404. Kinds of
record that are guidance for the areas below (`visible_from_below`: meetings,
documents, instructions, campaigns) are also seen from the areas under theirs,
never from a neighbour. Work owned by an organisation (`owner_lookups`, e.g. a
task it leads or co-organises) is visible to its members wherever it lies.

Areas carry a materialised path of fixed-width digit segments, so "this area
and everything below it" is one range condition on an indexed column
(`path >= P AND path < P+1`), which both SQLite and PostgreSQL answer from a
plain B-tree index whatever the collation.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

#: digits per level in an area path
PATH_SEGMENT_WIDTH = 8

M = TypeVar("M", bound=models.Model)


class ScopedUser(Protocol):
    is_authenticated: bool
    is_active: bool

    @property
    def scope_path(self) -> str | None: ...

    def can(self, permission: str) -> bool: ...


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}"


def subtree_bounds(path: str) -> tuple[str, str]:
    """The half-open range of paths at and below `path`."""
    upper = str(int(path) + 1).zfill(len(path))
    return path, upper


def subtree_filter(path_lookup: str, path: str) -> models.Q:
    lower, upper = subtree_bounds(path)
    return models.Q(**{f"{path_lookup}__gte": lower, f"{path_lookup}__lt": upper})


def ancestor_paths(path: str) -> list[str]:
    """The paths of the areas above `path` (its proper prefixes), root first."""
    w = PATH_SEGMENT_WIDTH
    return [path[:i] for i in range(w, len(path), w)]


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows how to limit itself to what a user may see or change."""

    def restrict(self, user: Any, action: str = "view") -> ScopedQuerySet[M]:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        path = user.scope_path
        if not path:
            return self.none()
        if action != "view":
            permission = getattr(self.model, "change_permission", "admin")
            if not user.can(permission):
                return self.none()
        lookup = getattr(self.model, "area_path_field", "area__path")
        scope = subtree_filter(lookup, path)
        if action == "view" and getattr(self.model, "visible_from_below", False):
            # guidance from above (a city meeting, a provincial document) reaches every area under it
            scope |= models.Q(**{f"{lookup}__in": ancestor_paths(path)})
        organisation_id = getattr(user, "organisation_id", None)
        if action == "view" and organisation_id is not None:
            # work an organisation owns is visible to it wherever its area lies
            for owner in getattr(self.model, "owner_lookups", ()):
                owned = self.model._default_manager.filter(**{owner: organisation_id}).values("pk")
                scope |= models.Q(pk__in=owned)
        return self.filter(scope)


def get_visible_or_404(
    queryset: models.QuerySet[M], user: Any, action: str = "view", **lookup: Any
) -> M:
    """The record the user may see (or change), or 404 — never a 403, which would
    confirm that a neighbour's record exists."""
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no scoped manager")
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("记录不存在或无权访问") from exc
