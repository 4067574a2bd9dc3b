"""Every change on the duty desk goes through these functions: atomic, the acting
user keyword-only (None: the system), role and area checked, history written."""

from .dispatch import do_create_dispatch_period, do_submit_status, due_at
from .duty import do_assign_shift, do_remove_shift, do_update_shift
from .incidents import (
    REPORT_TRANSITIONS,
    allowed_report_kinds,
    do_record_incident,
    do_send_report,
    do_update_incident,
)
from .inspections import do_add_checklist_item, do_announce_inspection, do_update_inspection
from .reminders import run_reminders
from .rules import (
    decide,
    do_create_reminder_point,
    do_create_rule,
    do_update_reminder_point,
    do_update_rule,
    ensure_default_rules,
)

__all__ = [
    "REPORT_TRANSITIONS",
    "allowed_report_kinds",
    "decide",
    "do_add_checklist_item",
    "do_announce_inspection",
    "do_assign_shift",
    "do_create_dispatch_period",
    "do_create_reminder_point",
    "do_create_rule",
    "do_record_incident",
    "do_remove_shift",
    "do_send_report",
    "do_submit_status",
    "do_update_incident",
    "do_update_inspection",
    "do_update_reminder_point",
    "do_update_rule",
    "do_update_shift",
    "due_at",
    "ensure_default_rules",
    "run_reminders",
]
