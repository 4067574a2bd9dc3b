"""Every change on the supervision desk goes through these functions.

Each is atomic, takes the acting user keyword-only (None: the system, e.g.
the demo loader), checks role and area, and leaves a history entry. The task
lifecycle is the explicit transition table `TASK_TRANSITIONS`.
"""

from .activities import do_record_activity
from .campaigns import PhaseSpec, do_create_campaign
from .common import save_new
from .figures import FigureSpec, do_record_source_figures
from .records import (
    RequirementSpec,
    add_requirements,
    do_record_document,
    do_record_feedback,
    do_record_instruction,
    do_record_meeting,
)
from .tasks import (
    ACTION_LABELS,
    REFUSALS,
    TASK_EDITABLE,
    TASK_TRANSITIONS,
    TargetSpec,
    actor_organisation,
    allowed_actions,
    do_answer_chase,
    do_chase,
    do_create_task,
    do_report_progress,
    do_transition_task,
    do_update_task,
    is_assigner,
    is_owner,
)

__all__ = [
    "ACTION_LABELS",
    "REFUSALS",
    "TASK_EDITABLE",
    "TASK_TRANSITIONS",
    "FigureSpec",
    "PhaseSpec",
    "RequirementSpec",
    "TargetSpec",
    "actor_organisation",
    "add_requirements",
    "allowed_actions",
    "do_answer_chase",
    "do_chase",
    "do_create_campaign",
    "do_create_task",
    "do_record_activity",
    "do_record_document",
    "do_record_feedback",
    "do_record_instruction",
    "do_record_meeting",
    "do_record_source_figures",
    "do_report_progress",
    "do_transition_task",
    "do_update_task",
    "is_assigner",
    "is_owner",
    "save_new",
]
