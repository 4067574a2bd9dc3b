"""The one shape of a record's edit page (`<detail URL>edit/`).

An edit form carries the version the editor started from and a required
reason; `edit_page` seeds it from the record, sends only the fields that
really changed to the domain's service (which checks permission and calls
`core.versioning.apply_edit`), shows a refused or stale edit as a Chinese
message on the form, and returns to the record's page. So every correction is
in the history with who and why, and of two editors of one version only the
first wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render

from xiaoan.core import clock
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.errors import XiaoanError

EDIT_TEMPLATE = "core/record_edit.html"
#: django-simple-history keeps a change reason in 100 characters
REASON_MAX = 100

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget that has none yet."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class EditForm(CleanForm):
    """Base of every edit form: the record's version (hidden) and why it is changed.

    Subclasses declare the record's editable fields under the model's field
    names; `reason` and `version` are not sent to the record."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="修改原因",
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "如：录入错误，按原件更正"}),
        error_messages={"required": "请填写修改原因：它会记入变更记录。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the reason goes last, after the record's own fields
        self.order_fields([n for n in self.fields if n != "reason"] + ["reason"])
        style_widgets(self)

    def record_fields(self) -> list[str]:
        return [n for n in self.fields if n not in ("version", "reason")]


def can_change(user: Any, record: models.Model) -> bool:
    """Whether `user` may change `record`: the model's `change_permission` and the
    record within the user's area (what a "修改" link and the edit page ask)."""
    manager = type(record)._default_manager
    restrict = getattr(manager.all(), "restrict", None)
    if restrict is None:
        return False
    return bool(restrict(user, "change").filter(pk=record.pk).exists())


def initial_value(record: models.Model, name: str) -> Any:
    """A record's value as a form field shows it: datetimes in Beijing time without
    a zone (for datetime-local inputs), foreign keys as the related record."""
    value = getattr(record, name)
    if isinstance(value, dt.datetime):
        return clock.local(value).replace(tzinfo=None)
    return value


def as_stored(value: Any) -> Any:
    """A cleaned form value as the record stores it: naive datetimes are Beijing time."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=clock.LOCAL_TZ)
    return value


def same_minute(value: Any, current: Any) -> bool:
    """The datetime-local input shows minutes only: a stored 10:30:45 comes back as
    10:30, which is the same value to the editor, not a change."""
    if not (isinstance(value, dt.datetime) and isinstance(current, dt.datetime)):
        return False
    if value.tzinfo is None or current.tzinfo is None:
        return False
    return (
        value.second == 0
        and value.microsecond == 0
        and value == current.replace(second=0, microsecond=0)
    )


def changed_fields(record: models.Model, data: Mapping[str, Any]) -> dict[str, Any]:
    """The values in `data` that differ from the record's; blank text and None are
    one value ("not given") for optional text columns."""
    changes = {}
    for name, value in data.items():
        value = as_stored(value)
        current = getattr(record, name)
        if isinstance(current, str) and value is None:
            value = ""
        if value != current and not same_minute(value, current):
            changes[name] = value
    return changes


def edit_page(
    request: HttpRequest,
    record: models.Model,
    *,
    form_class: type[EditForm],
    save: Callable[..., Any],
    title: str,
    back_url: str,
    success_message: str = "已保存修改。",
    form_kwargs: Mapping[str, Any] | None = None,
    extra_initial: Mapping[str, Any] | None = None,
    note: str = "",
    template: str = EDIT_TEMPLATE,
    context: Mapping[str, Any] | None = None,
) -> HttpResponseBase:
    """Show and handle the edit form of `record`.

    `save(changes, expected_version=..., reason=...)` is the domain's update
    service bound to the acting user; it raises XiaoanError (StaleEditError for
    an old version) to refuse. Nothing changed is said, not saved."""
    kwargs = dict(form_kwargs or {})
    probe = form_class(**kwargs)
    initial = {name: initial_value(record, name) for name in probe.record_fields()}
    initial |= dict(extra_initial or {})
    initial["version"] = getattr(record, "version", 0)
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in form.record_fields()}
        changes = changed_fields(record, data)
        if not changes:
            messages.info(request, "没有内容发生变化，未保存。")
            return redirect(back_url)
        try:
            save(
                changes,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
            details = exc.details if isinstance(exc.details, Mapping) else {}
            for name, errors in details.items():
                if isinstance(errors, str):
                    errors = [errors]
                if name in form.fields and isinstance(errors, Iterable):
                    for error in errors:
                        form.add_error(name, str(error))
        else:
            messages.success(request, success_message)
            return redirect(back_url)
    page = {"form": form, "record": record, "title": title, "back_url": back_url, "note": note}
    return render(request, template, page | dict(context or {}))
