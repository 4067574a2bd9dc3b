"""Pages of the supervision desk: tasks, instructions, meetings, documents, campaigns."""

from .campaigns import activity_create, campaign_detail, campaign_list
from .common import annotate_tasks, can
from .recording import campaign_create, document_create, instruction_create, meeting_create
from .records import (
    document_detail,
    instruction_detail,
    instruction_list,
    instruction_tree,
    meeting_detail,
    meeting_list,
    root_of,
)
from .task_edit import target_edit, task_edit, task_extend, task_reassign
from .tasks import (
    SOURCE_CHOICES,
    TASK_LIST_RELATED,
    chase_answer,
    my_tasks,
    task_chase,
    task_create,
    task_detail,
    task_history,
    task_list,
    task_progress,
    task_transition,
)

__all__ = [
    "SOURCE_CHOICES",
    "TASK_LIST_RELATED",
    "activity_create",
    "annotate_tasks",
    "campaign_create",
    "campaign_detail",
    "campaign_list",
    "can",
    "chase_answer",
    "document_create",
    "document_detail",
    "instruction_create",
    "instruction_detail",
    "instruction_list",
    "instruction_tree",
    "meeting_create",
    "meeting_detail",
    "meeting_list",
    "my_tasks",
    "root_of",
    "target_edit",
    "task_chase",
    "task_create",
    "task_detail",
    "task_edit",
    "task_extend",
    "task_history",
    "task_list",
    "task_progress",
    "task_reassign",
    "task_transition",
]
