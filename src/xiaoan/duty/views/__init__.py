"""Pages of the duty desk."""

from .dispatch import dispatch_create, dispatch_detail, dispatch_list, dispatch_submit
from .duty import roster, roster_day, roster_import, shift_remove
from .edits import inspection_edit, shift_edit
from .incidents import (
    incident_create,
    incident_detail,
    incident_edit,
    incident_list,
    incident_report,
    on_time_rates,
)
from .inspections import checklist_add, inspection_create, inspection_detail, inspection_list
from .rules import reminder_create, reminder_toggle, rule_create, rule_list, rule_update

__all__ = [
    "checklist_add",
    "dispatch_create",
    "dispatch_detail",
    "dispatch_list",
    "dispatch_submit",
    "incident_create",
    "incident_detail",
    "incident_edit",
    "incident_list",
    "incident_report",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_list",
    "on_time_rates",
    "reminder_create",
    "reminder_toggle",
    "roster",
    "roster_day",
    "roster_import",
    "rule_create",
    "rule_list",
    "rule_update",
    "shift_edit",
    "shift_remove",
]
