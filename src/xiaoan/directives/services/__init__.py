"""Every change on the supervision desk goes through these functions.

Each is atomic, takes the acting user keyword-only (None: the system, e.g.
the demo loader), checks role and area, and leaves a history entry. The task
lifecycle is the explicit transition table `TASK_TRANSITIONS`.
"""

from .activities import ACTIVITY_EDITABLE, do_record_activity, do_update_activity
from .adjustments import do_extend_task, do_reassign_task
from .campaigns import (
    CAMPAIGN_EDITABLE,
    PHASE_EDITABLE,
    PhaseSpec,
    do_create_campaign,
    do_update_campaign,
    do_update_phase,
)
from .common import save_new
from .corrections import TASK_EDITABLE, do_update_target, do_update_task
from .figures import FigureSpec, do_record_source_figures
from .records import (
    DOCUMENT_EDITABLE,
    INSTRUCTION_EDITABLE,
    MEETING_EDITABLE,
    REQUIREMENT_EDITABLE,
    RequirementSpec,
    add_requirements,
    do_record_document,
    do_record_feedback,
    do_record_instruction,
    do_record_meeting,
    do_update_document,
    do_update_instruction,
    do_update_meeting,
    do_update_requirement,
)
from .tasks import (
    ACTION_LABELS,
    REFUSALS,
    TASK_TRANSITIONS,
    TargetSpec,
    actor_organisation,
    allowed_actions,
    do_answer_chase,
    do_chase,
    do_create_task,
    do_report_progress,
    do_transition_task,
    is_assigner,
    is_owner,
)

__all__ = [
    "ACTION_LABELS",
    "ACTIVITY_EDITABLE",
    "CAMPAIGN_EDITABLE",
    "DOCUMENT_EDITABLE",
    "INSTRUCTION_EDITABLE",
    "MEETING_EDITABLE",
    "PHASE_EDITABLE",
    "REFUSALS",
    "REQUIREMENT_EDITABLE",
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
    "do_extend_task",
    "do_reassign_task",
    "do_record_activity",
    "do_record_document",
    "do_record_feedback",
    "do_record_instruction",
    "do_record_meeting",
    "do_record_source_figures",
    "do_report_progress",
    "do_transition_task",
    "do_update_activity",
    "do_update_campaign",
    "do_update_document",
    "do_update_instruction",
    "do_update_meeting",
    "do_update_phase",
    "do_update_requirement",
    "do_update_target",
    "do_update_task",
    "is_assigner",
    "is_owner",
    "save_new",
]
