"""Every change to reward reports, rules and payouts goes through these functions."""

from .handling import (
    ACTION_LABELS,
    FIRST_ONLY,
    TRANSITIONS,
    allowed_actions,
    do_approve_reward,
    do_decide_reward,
    do_move_report,
    do_pay_reward,
    do_return_decision,
    do_verify_report,
    hazard_from_report,
)
from .rules import do_create_rule, do_update_rule, rule_for
from .submission import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_PHOTOS,
    do_record_satisfaction,
    do_submit_report,
    find_by_code,
    normalise_code,
    public_view,
)

__all__ = [
    "ACTION_LABELS",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "FIRST_ONLY",
    "MAX_PHOTOS",
    "TRANSITIONS",
    "allowed_actions",
    "do_approve_reward",
    "do_create_rule",
    "do_decide_reward",
    "do_move_report",
    "do_pay_reward",
    "do_record_satisfaction",
    "do_return_decision",
    "do_submit_report",
    "do_update_rule",
    "do_verify_report",
    "find_by_code",
    "hazard_from_report",
    "normalise_code",
    "public_view",
    "rule_for",
]
