"""A person's decisions on an order's classification and place, and edits of
the classification dictionary.

A decision made here is marked manual and is kept for good: re-imports and
re-classification never replace it (see `triage.classify_place_and_link`).
"""

from __future__ import annotations

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import full_clean
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.hazards.choices import HazardCategory

from .choices import ClassificationSource, PlacementSource
from .models import ClassificationKeyword, Complaint

DECIDERS = (Permission.MANAGE_COMPLAINTS, Permission.HANDLE_COMPLAINTS)


def check_may_decide(actor: User | None, complaint: Complaint) -> None:
    """Those who import or handle orders may correct one within their own area."""
    if actor is None or not any(actor.can(p) for p in DECIDERS):
        raise PermissionDeniedError("您的角色无权修改工单的分类或区域。")
    scope = actor.area
    if scope is None:
        raise PermissionDeniedError("只能在本辖区范围内操作。")
    inside = complaint.area.is_within(scope) if complaint.area else scope.parent_id is None
    if not inside:
        raise PermissionDeniedError("只能在本辖区范围内操作。")


@transaction.atomic
def do_classify_complaint(
    complaint: Complaint,
    *,
    acting_user: User,
    expected_version: int,
    fire_related: bool,
    hazard_category: str = "",
) -> Complaint:
    """Set an order's classification by hand (kept across re-imports)."""
    check_may_decide(acting_user, complaint)
    if hazard_category and hazard_category not in HazardCategory.values:
        raise XiaoanError(f"隐患类别“{hazard_category}”不存在。")
    if fire_related and not hazard_category:
        hazard_category = HazardCategory.OTHER
    if not fire_related:
        hazard_category = ""
    return apply_edit(
        complaint,
        {
            "fire_related": fire_related,
            "hazard_category": hazard_category,
            "classified_by": ClassificationSource.MANUAL,
        },
        acting_user=acting_user,
        expected_version=expected_version,
        reason="人工分类",
    )


@transaction.atomic
def do_place_complaint(
    complaint: Complaint, *, acting_user: User, expected_version: int, area: Area
) -> Complaint:
    """Place an order on an area within the actor's own (kept across re-imports)."""
    check_may_decide(acting_user, complaint)
    scope = acting_user.area
    if scope is None or not area.is_within(scope):
        raise PermissionDeniedError("只能把工单定位到本辖区范围内的区域。")
    return apply_edit(
        complaint,
        {"area": area, "placed_by": PlacementSource.MANUAL},
        acting_user=acting_user,
        expected_version=expected_version,
        reason="人工定位",
    )


def check_may_edit_dictionary(actor: User | None) -> None:
    if actor is None or not actor.can(Permission.MANAGE_COMPLAINTS):
        raise PermissionDeniedError("您的角色无权修改分类词典：需要“导入、分派 12345 工单”权限。")


def _clean_word(word: str) -> str:
    word = word.strip()
    if not word:
        raise XiaoanError("词语不能为空。")
    if any(ch.isspace() for ch in word):
        raise XiaoanError(f"词语“{word}”中不能有空格。")
    return word


@transaction.atomic
def do_add_keyword(
    *,
    acting_user: User,
    word: str,
    weight: float,
    hazard_category: str = "",
    note: str = "",
) -> ClassificationKeyword:
    """Add a word to the classification dictionary (it applies from the next classification)."""
    check_may_edit_dictionary(acting_user)
    word = _clean_word(word)
    if ClassificationKeyword.objects.filter(word=word).exists():
        raise XiaoanError(f"词语“{word}”已在词典中，请直接修改它。")
    keyword = ClassificationKeyword(
        word=word, weight=weight, hazard_category=hazard_category, note=note
    )
    full_clean(keyword)
    set_history_user(keyword, acting_user)
    keyword.save()
    return keyword


@transaction.atomic
def do_update_keyword(
    keyword: ClassificationKeyword,
    *,
    acting_user: User,
    expected_version: int,
    weight: float,
    hazard_category: str,
    active: bool,
    note: str = "",
) -> ClassificationKeyword:
    """Change a word's weight or category, or disable it (words are never deleted)."""
    check_may_edit_dictionary(acting_user)
    return apply_edit(
        keyword,
        {"weight": weight, "hazard_category": hazard_category, "active": active, "note": note},
        acting_user=acting_user,
        expected_version=expected_version,
    )
