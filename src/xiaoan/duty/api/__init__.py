"""API of the duty desk: /api/incidents, /api/duty, /api/dispatches,
/api/upcoming-inspections — scoped by area like the pages."""

# the endpoint modules register on the router when imported:
# isort: off
from .common import router
from . import incidents, duty, dispatches, inspections, rules  # noqa: F401
# isort: on

__all__ = ["router"]
