"""Forms of the inspectors' signed list: choosing co-inspectors, correcting an
inspection before it is signed, and signing with a drawn signature."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from typing import Any

from django import forms

from xiaoan.areas.models import User
from xiaoan.core import clock
from xiaoan.core.record_edit import DATETIME_FORMATS, DATETIME_WIDGET, EditForm

from .choices import InspectionKind

PNG_DATA_URL = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: a drawn signature is a few kilobytes; anything near this is not one
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024


class CoInspectorField(forms.ModelMultipleChoiceField):
    """Checkboxes of the people who may co-sign, each labelled so a search finds them
    by name, unit or area; the cleaned value is a set of users (compared with
    `Inspection.co_inspectors` by the edit page)."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "其他检查人（须各自签字）")
        kwargs.setdefault("required", False)
        super().__init__(queryset=User.objects.none(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        unit = obj.organisation.name if obj.organisation_id and obj.organisation else ""
        where = obj.area.name if obj.area_id and obj.area else ""
        details = " · ".join(part for part in (obj.title, unit, where) if part)
        return f"{obj}（{details}）" if details else str(obj)

    def clean(self, value: Any) -> frozenset[Any]:  # type: ignore[override]
        return frozenset(super().clean(value))


class InspectionEditForm(EditForm):
    """The facts of an inspection that may be corrected before anyone else signs."""

    at = forms.DateTimeField(
        label="检查时间", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    notes = forms.CharField(
        label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    co_inspectors = CoInspectorField()

    def __init__(
        self, *args: Any, candidates: Any, original_at: dt.datetime | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["co_inspectors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
        self.original_at = original_at

    def clean_at(self) -> dt.datetime:
        """The recorded moment itself when the minute shown was left as it was (the
        input has no seconds), so an unchanged time is not a change."""
        value: dt.datetime = self.cleaned_data["at"]
        original = self.original_at
        if original is not None:
            shown = clock.local(original).replace(tzinfo=None, second=0, microsecond=0)
            if value.replace(tzinfo=None) == shown:
                return original
        return value


def decode_signature(data_url: str) -> io.BytesIO:
    """The PNG image of a drawn signature, from the pad's data URL; a ValueError
    with the Chinese reason otherwise."""
    text = (data_url or "").strip()
    if not text:
        raise ValueError("请在签名框内手写签名后再提交。")
    if not text.startswith(PNG_DATA_URL):
        raise ValueError("签名图片格式不正确，请重新签名。")
    if len(text) > SIGNATURE_MAX_BYTES * 4 // 3 + len(PNG_DATA_URL) + 4:
        raise ValueError("签名图片过大，请重新签名。")
    try:
        content = base64.b64decode(text[len(PNG_DATA_URL) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("签名图片格式不正确，请重新签名。") from exc
    if not content.startswith(PNG_MAGIC):
        raise ValueError("签名图片格式不正确，请重新签名。")
    return io.BytesIO(content)


class SignForm(forms.Form):
    """The drawn signature, as the pad's PNG data URL in a hidden field."""

    signature = forms.CharField(
        widget=forms.HiddenInput(attrs={"id": "xa-signature-data"}), required=False
    )

    def clean_signature(self) -> io.BytesIO:
        try:
            return decode_signature(self.cleaned_data.get("signature") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
