"""API of hazard elimination: /api/hazards, /api/inspections, /api/supervision-visits,
/api/enforcement-actions, /api/coverage, /api/trace-back."""

# isort: off  (the modules register their endpoints on the shared router in this order)
from . import analysis, corrections, enforcement, hazards, inspections, visits  # noqa: F401
from .common import router

# isort: on

__all__ = ["router"]
