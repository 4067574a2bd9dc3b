"""The router every endpoint module of the duty desk's API adds to."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xiaoan.core.scoping import get_visible_or_404

router = Router()


def visible(model: Any, request: HttpRequest, pk: int | None) -> Any:
    """The visible record with this id (None stays None); 404 otherwise."""
    if pk is None:
        return None
    return get_visible_or_404(model.objects.all(), request.user, pk=pk)
