"""The page correcting an order's handling record (`/complaints/<id>/edit/`): only
the fields this user may correct in the order's present state are on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from xiaoan.core.record_edit import DATE_WIDGET, EditForm, edit_page
from xiaoan.core.views import actor
from xiaoan.hazards.choices import HazardCategory

from .corrections import correctable_fields, do_correct_handling
from .handling_views import visible


class HandlingEditForm(EditForm):
    dispatch_note = forms.CharField(
        label="分派意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handling_deadline = forms.DateField(label="办理期限", widget=DATE_WIDGET)
    handling_reply = forms.CharField(label="办理答复", widget=forms.Textarea(attrs={"rows": 4}))
    fire_related = forms.NullBooleanField(label="涉及消防安全", widget=forms.NullBooleanSelect)
    hazard_category = forms.ChoiceField(
        label="隐患类别",
        required=False,
        choices=[("", "—"), *HazardCategory.choices],
        help_text="涉及消防安全而未选类别的，记为“其他”；人工分类不会被重新导入覆盖。",
    )

    def __init__(self, *args: Any, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "fire_related" in self.fields:
            widget = self.fields["fire_related"].widget
            widget.choices = [("unknown", "未判定"), ("true", "是"), ("false", "否")]  # type: ignore[attr-defined]
        for name in self.record_fields():
            if name not in fields:
                del self.fields[name]


@login_required
def complaint_edit(request: HttpRequest, complaint_id: int) -> HttpResponseBase:
    user = actor(request)
    complaint = visible(request, complaint_id)
    back = reverse("complaint-detail", args=[complaint.pk])
    fields = correctable_fields(complaint, user)
    if not fields:
        messages.error(request, "您无权修改此工单的办理信息，或工单当前没有可更正的办理信息。")
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Any:
        return do_correct_handling(
            complaint,
            acting_user=user,
            expected_version=expected_version,
            reason=reason,
            **changes,
        )

    return edit_page(
        request,
        complaint,
        form_class=HandlingEditForm,
        form_kwargs={"fields": fields},
        save=save,
        title=f"更正办理信息：工单 {complaint.number}",
        back_url=back,
        note="12345 平台导出的信息以平台为准，重新导入时更新，不在此修改；"
        "分派、回复、办结等请用工单页上的办理操作。",
    )
