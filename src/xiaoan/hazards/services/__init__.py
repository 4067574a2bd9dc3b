"""Every change in hazard elimination goes through these functions."""

from .changes import do_extend_deadline, do_reassign_hazard
from .enforcement import do_lift_enforcement, do_take_enforcement
from .inspections import (
    HazardSpec,
    do_record_inspection,
    do_record_visit,
    do_sign_inspection,
    may_inspect,
    record_hazard,
)
from .lifecycle import (
    ACTION_LABELS,
    HAZARD_TRANSITIONS,
    allowed_actions,
    do_reopen,
    do_report_fixed,
    do_start_rectifying,
    do_update_hazard,
    do_verify,
    may_change,
)
from .notices import do_issue_notice, do_serve_notice, notice_document
from .rechecks import do_record_recheck, do_start_recheck, draw_sample

__all__ = [
    "ACTION_LABELS",
    "HAZARD_TRANSITIONS",
    "HazardSpec",
    "allowed_actions",
    "do_extend_deadline",
    "do_issue_notice",
    "do_lift_enforcement",
    "do_reassign_hazard",
    "do_record_inspection",
    "do_record_recheck",
    "do_record_visit",
    "do_reopen",
    "do_report_fixed",
    "do_serve_notice",
    "do_sign_inspection",
    "do_start_recheck",
    "do_start_rectifying",
    "do_take_enforcement",
    "do_update_hazard",
    "do_verify",
    "draw_sample",
    "may_change",
    "may_inspect",
    "notice_document",
    "record_hazard",
]
