"""Pages of the signed inspector list: a co-inspector's sign page (their own
signature only) and the correction of an inspection before anyone else signs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoan.core.errors import XiaoanError
from xiaoan.core.record_edit import edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..inspection_forms import InspectionEditForm, SignForm
from ..models import Inspection, Signature
from ..services.inspection_edit import do_edit_inspection, edit_refusal
from ..services.inspectors import co_inspector_candidates
from .inspections import SIGNATURES

SIGNATURE_NAME = "手写签名.png"


@login_required
def inspection_sign(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The sign page of the signed-in inspector: the inspection as recorded, the list
    with who has signed, and a pad to draw the signature on. Only someone on the
    list has this page (also people of the grids below the place's area, who do
    not see the inspection's own page); anyone else gets 404."""
    user = actor(request)
    mine = (
        Signature.objects.select_related("inspection__place", "inspection__organisation")
        .filter(inspection_id=inspection_id, inspector=user)
        .first()
    )
    if mine is None or not user.is_active:
        raise Http404("记录不存在或无权访问")
    inspection = mine.inspection
    form = SignForm(request.POST or None)
    if request.method == "POST" and mine.signed_at is None and form.is_valid():
        try:
            services.do_sign_inspection(
                inspection,
                acting_user=user,
                signature_image=(SIGNATURE_NAME, form.cleaned_data["signature"]),
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            inspection.refresh_from_db()
            done = "，检查人已全部签字，检查完成" if inspection.completed else ""
            messages.success(request, f"已签字确认检查结果{done}。")
            return redirect("inspection-sign", inspection_id=inspection.pk)
    elif request.method == "POST" and mine.signed_at is not None:
        messages.info(request, "您已签过字。")
        return redirect("inspection-sign", inspection_id=inspection.pk)
    signatures = list(inspection.signatures.select_related("inspector"))
    visible = Inspection.objects.restrict(user).filter(pk=inspection.pk).exists()
    page = {
        "inspection": inspection,
        "mine": mine,
        "form": form,
        "signatures": signatures,
        "unsigned": sum(1 for s in signatures if s.signed_at is None),
        "hazards": inspection.hazards.all(),
        "detail_url": reverse("inspection-detail", args=[inspection.pk]) if visible else "",
    }
    return render(request, "hazards/inspection_sign.html", page)


@login_required
def inspection_edit(request: HttpRequest, inspection_id: int) -> HttpResponseBase:
    """`<detail URL>edit/`: the recorder corrects the facts and the co-inspectors
    while no co-inspector has signed; refused in Chinese afterwards."""
    user = actor(request)
    inspection = get_visible_or_404(
        Inspection.objects.select_related("place__area", "created_by").prefetch_related(SIGNATURES),
        user,
        pk=inspection_id,
    )
    back = reverse("inspection-detail", args=[inspection.pk])
    refusal = edit_refusal(inspection, user)
    if refusal:
        messages.error(request, refusal)
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> None:
        do_edit_inspection(
            inspection,
            changes,
            acting_user=user,
            expected_version=expected_version,
            reason=reason,
        )

    return edit_page(
        request,
        inspection,
        form_class=InspectionEditForm,
        save=save,
        title=f"修改检查：{inspection.place.name}",
        back_url=back,
        success_message="已保存修改；新增的检查人会收到签字通知。",
        form_kwargs={
            "candidates": co_inspector_candidates(inspection.place, lead=user),
            "original_at": inspection.at,
        },
        note="其他检查人签字前可以修改；一旦有人签字，检查记录即以签字内容为准，不能再改。",
        template="hazards/inspection_edit.html",
    )
