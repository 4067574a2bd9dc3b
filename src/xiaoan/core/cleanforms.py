"""Page forms whose text is cleaned and length-limited like the API's.

`CleanTextMixin` goes before a Django form class: every CharField loses control
characters and unpaired surrogates (`core.text.clean_text`) before validation,
and is held to a limit — its own `max_length` if it declares one, otherwise
TEXT_MAX for a text area and NAME_MAX for a one-line input — refused with
"内容超过 N 字" on the field. `CleanForm` and `CleanModelForm` are the bases
the pages use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from xiaoan.core.text import NAME_MAX, TEXT_MAX, clean_text, too_long_message


def _cleaning(to_python: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def to_clean_python(value: Any) -> Any:
        result = to_python(value)
        return clean_text(result) if isinstance(result, str) else result

    return to_clean_python


def limit_text_fields(form: forms.BaseForm) -> None:
    """Clean and limit every text field of `form` (an instance: its fields are copies)."""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        if getattr(field, "text_limited", False):
            continue
        field.text_limited = True  # type: ignore[attr-defined]
        default = TEXT_MAX if isinstance(field.widget, forms.Textarea) else NAME_MAX
        limit = field.max_length or default
        field.max_length = limit
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLengthValidator(limit, message=too_long_message(limit))]
        field.widget.attrs["maxlength"] = str(limit)
        field.to_python = _cleaning(field.to_python)  # type: ignore[method-assign, assignment]


class CleanTextMixin:
    """Put before a Django form class to clean and limit its text fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_fields(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        # fields added after __init__ (e.g. by a view) are limited too
        limit_text_fields(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


class CleanForm(CleanTextMixin, forms.Form):
    """The base of the pages' forms."""


class CleanModelForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The base of the pages' model forms."""
