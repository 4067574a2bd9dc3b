"""Reading and saving a user's reminder choices, with history of the change."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import ReminderKind, ReminderPreference


def preference_of(user: Any) -> ReminderPreference:
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


@transaction.atomic
def save_preference(user: Any, choices: dict[str, bool]) -> ReminderPreference:
    pref, _ = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    for kind in ReminderKind.values:
        if kind in choices:
            setattr(pref, kind, bool(choices[kind]))
    pref.save()
    return pref
