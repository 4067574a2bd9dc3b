"""The duty desk's records: incidents and their urgent reports with the rules and
reminder points of the reporting clock, the duty roster, the daily dispatch,
and inspections announced by higher levels with their checklists."""

from .duty import DispatchPeriod, DispatchSubmission, DutyShift
from .incidents import ClockNotice, Incident, ReminderPoint, UrgentReport, UrgentReportRule
from .inspections import PreparationItem, UpcomingInspection

__all__ = [
    "ClockNotice",
    "DispatchPeriod",
    "DispatchSubmission",
    "DutyShift",
    "Incident",
    "PreparationItem",
    "ReminderPoint",
    "UpcomingInspection",
    "UrgentReport",
    "UrgentReportRule",
]
