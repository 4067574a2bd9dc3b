"""Model fields of personal information: stored encrypted, read as clear text.

`EncryptedTextField` encrypts on the way to the database and decrypts on the
way back (see `xiaoan.core.pii`), so model code, forms and services handle
the clear value. `index_field` names a sibling column that keeps the keyed
lookup hash of the value (for phone numbers), kept in step on every `save()`;
bulk writers set it themselves (`pii.phone_hash`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from xiaoan.core import pii


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted at rest; `kind` ("name" or "phone") says how it is masked."""

    #: found by the bulk writer and the re-encryption command
    encrypted = True

    def __init__(self, *args: Any, kind: str = "phone", index_field: str = "", **kwargs: Any):
        self.kind = kind
        self.index_field = index_field
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        if self.index_field:
            kwargs["index_field"] = self.index_field
        return name, path, args, kwargs

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        if self.index_field and not cls._meta.abstract:
            pre_save.connect(self._update_index, sender=cls, weak=False)

    def _update_index(self, sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return  # a fixture being loaded (a restore) carries its own hash
        setattr(instance, self.index_field, pii.phone_hash(getattr(instance, self.attname)))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return pii.decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and pii.is_token(value):
            return pii.decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or pii.is_token(value):
            return value
        return pii.encrypt(str(value))

    def value_to_string(self, obj: Any) -> str:
        """Serialised (backups, fixtures) as stored: encrypted, restorable with the same key."""
        return str(self.get_prep_value(self.value_from_object(obj)) or "")
