"""The supervision desk's records: campaigns and phases, leaders' instructions,
meetings and documents with their numbered requirements, and the tasks they
create with targets, progress reports and the chasing log."""

# the models register in this order, as they did when they were one module:
# isort: off
from .campaigns import Campaign, Phase
from .records import Document, Instruction, Meeting, Requirement
from .tasks import Chase, ProgressQuantity, ProgressReport, Target, Task
from .activities import Activity
from .adjustments import DeadlineExtension, Reassignment
from .figures import FigureBasis, SourceFigure
# isort: on

__all__ = [
    "Activity",
    "Campaign",
    "Chase",
    "DeadlineExtension",
    "Document",
    "FigureBasis",
    "Instruction",
    "Meeting",
    "Phase",
    "ProgressQuantity",
    "ProgressReport",
    "Reassignment",
    "Requirement",
    "SourceFigure",
    "Target",
    "Task",
]
