"""What every service function shares: saving a new record with its history entry."""

from __future__ import annotations

from typing import Any

from xiaoan.areas.models import User
from xiaoan.areas.services import full_clean
from xiaoan.core.versioning import set_history_user


def save_new(instance: Any, acting_user: User | None) -> Any:
    full_clean(instance)
    set_history_user(instance, acting_user)
    instance.save()
    return instance
