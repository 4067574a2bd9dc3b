"""Pages of hazard elimination."""

from .analysis import (
    coverage_page,
    recheck_page,
    recheck_record,
    recheck_start,
    schedule_page,
    trace_back_page,
    visit_create,
    visit_detail,
    visit_list,
)
from .corrections import hazard_edit, hazard_extend, hazard_reassign
from .hazards import hazard_detail, hazard_export, hazard_fix, hazard_list, hazard_move
from .inspections import (
    inspection_create,
    inspection_detail,
    inspection_export,
    inspection_list,
)
from .places import (
    enforcement_create,
    enforcement_lift,
    notice_create,
    notice_serve,
    place_create,
    place_detail,
    place_export,
    place_import,
    place_list,
    place_map,
)
from .signing import inspection_edit, inspection_sign
from .visits import visit_edit

__all__ = [
    "coverage_page",
    "enforcement_create",
    "enforcement_lift",
    "hazard_detail",
    "hazard_edit",
    "hazard_export",
    "hazard_extend",
    "hazard_fix",
    "hazard_list",
    "hazard_move",
    "hazard_reassign",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_export",
    "inspection_list",
    "inspection_sign",
    "notice_create",
    "notice_serve",
    "place_create",
    "place_detail",
    "place_export",
    "place_import",
    "place_list",
    "place_map",
    "recheck_page",
    "recheck_record",
    "recheck_start",
    "schedule_page",
    "trace_back_page",
    "visit_create",
    "visit_detail",
    "visit_edit",
    "visit_list",
]
