"""Pages for the home screen, areas, organisations and users."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.models import Notification, WebhookDelivery
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.securitylog import SecurityEventKind, record_security_event
from xiaoan.core.views import actor, paginate

from .filters import AreaFilter, OrganisationFilter, UserFilter
from .forms import AreaCreateForm, OrganisationCreateForm, OrganisationForm, UserForm
from .menus import daily_actions_for
from .models import Area, Organisation, User
from .queries import child_summaries
from .roles import Permission, Role
from .services import (
    do_create_area,
    do_create_organisation,
    do_create_user,
    do_set_area_aliases,
    do_update_organisation,
    do_update_user,
)

ROLE_DUTIES: dict[str, str] = {
    Role.CITY_LEADER: "通过看板、通报和各项记录掌握全市消防安全形势，对报告作出批示并跟踪落实，"
    "接收紧急信息超时未报通知。",
    Role.DETACHMENT_OFFICE: "登记领导批示、会议与上级文件，交办并督办任务，对账销号；导入、分派并督办 12345 工单；"
    "编制通报；报送紧急信息，安排值班、调度与迎检；审批有奖举报奖励。",
    Role.BRIGADE: "检查辖区场所，登记隐患，推动整改并验收销号、执法处置；办理 12345 工单，报送紧急信息，"
    "安排本县区值班与调度，核实有奖举报。",
    Role.DEPARTMENT: "承办交办的任务并报告进展，办理分派给本部门的 12345 工单，报送每日调度情况。",
    Role.GRID_WORKER: "对网格内住宅小区和九小场所开展地毯式排查，登记隐患并跟进整改；报告任务进展，"
    "办理分派给本单位的 12345 工单。",
    Role.PROPERTY_MANAGER: "组织本单位自查自改，整改隐患并上报结果，报告任务进展。",
    Role.AUDITOR: "只读查看本辖区内的全部数据、记录历史与安全审计日志，不能修改。",
    Role.ADMIN: "管理区域与单位，配置紧急信息报送规则，查看系统运行状态；拥有全部业务权限，"
    "但不分配用户角色、不查看安全审计日志（三员分立）。",
    Role.SECURITY_ADMIN: "创建用户，分配角色与辖区，停用账号（三员分立中的安全管理员）。",
    Role.AUDIT_ADMIN: "查看、检索、导出安全审计日志（登录、角色变更、越权访问、导出个人信息、备份恢复）。",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    duties = [
        (label, ROLE_DUTIES.get(code, "")) for code, label in Role.choices if user.has_role(code)
    ]
    context: dict[str, Any] = {
        "duties": duties,
        "daily_actions": daily_actions_for(user),
        "summaries": child_summaries(user),
        "recent_notifications": Notification.objects.filter(recipient=user)[:5],
        "organisation_count": Organisation.objects.restrict(user).count(),
    }
    if user.has_role(Role.ADMIN):
        context["failed_webhooks"] = WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.FAILED
        ).count()
    return render(request, "areas/home.html", context)


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(AreaFilter, request.GET)
    qs = (
        filters.filter(Area.objects.restrict(request.user))
        .select_related("parent")
        .order_by("path")
    )
    return render(
        request,
        "areas/area_list.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "levels": Area.Level.choices,
            "can_change": request.user.can(Permission.MANAGE_AREAS),  # type: ignore[union-attr]
        },
    )


@login_required
def area_detail(request: HttpRequest, area_id: int) -> HttpResponse:
    area = get_visible_or_404(Area.objects.select_related("parent"), request.user, pk=area_id)
    visible = Area.objects.restrict(request.user)
    ancestors = list(visible.filter(pk__in=area.ancestor_ids()).order_by("path"))
    context = {
        "area": area,
        "ancestors": ancestors,
        "children": visible.filter(parent=area).order_by("path"),
        "organisations": Organisation.objects.restrict(request.user).filter(area=area),
        "history": history_entries(area),
        "may_edit_aliases": actor(request).can(Permission.MANAGE_AREAS),
    }
    return render(request, "areas/area_detail.html", context)


@login_required
@require_POST
def area_aliases(request: HttpRequest, area_id: int) -> HttpResponse:
    """Save the other names of an area (used to place 12345 orders by their address)."""
    area = get_visible_or_404(Area.objects.all(), request.user, pk=area_id)
    try:
        do_set_area_aliases(
            area,
            acting_user=actor(request),
            aliases=re.split(r"[、，,;；\s]+", request.POST.get("aliases", "")),
            expected_version=int(request.POST.get("version") or 0),
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存别名。")
    return redirect("area-detail", area_id=area.pk)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(OrganisationFilter, request.GET)
    qs = filters.filter(Organisation.objects.restrict(request.user).select_related("area"))
    return render(
        request,
        "areas/organisation_list.html",
        {
            "page": paginate(request, qs.order_by("area__path", "kind", "name", "id")),
            "error": error,
            "kinds": Organisation.Kind.choices,
            "can_change": request.user.can(Permission.MANAGE_ORGANISATIONS),  # type: ignore[union-attr]
        },
    )


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_visible_or_404(
        Organisation.objects.select_related("area", "parent"), request.user, pk=organisation_id
    )
    context = {
        "organisation": organisation,
        "members": User.objects.restrict(request.user).filter(organisation=organisation),
        "history": history_entries(organisation),
        "can_change": request.user.can(Permission.MANAGE_ORGANISATIONS),  # type: ignore[union-attr]
    }
    return render(request, "areas/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_visible_or_404(
        Organisation.objects.select_related("area"), request.user, pk=organisation_id
    )
    if not request.user.can(Permission.MANAGE_ORGANISATIONS):  # type: ignore[union-attr]
        messages.error(request, "您的角色无权修改单位。")
        return redirect("organisation-detail", organisation_id=organisation.pk)
    # Bind a detached copy so a refused save leaves the shown record untouched.
    form = OrganisationForm(
        request.POST or None,
        instance=Organisation.objects.get(pk=organisation.pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            do_update_organisation(
                organisation,
                acting_user=request.user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                **changes,
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存单位“{changes['name']}”。")
            return redirect("organisation-detail", organisation_id=organisation.pk)
    return render(
        request, "areas/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(UserFilter, request.GET)
    qs = filters.filter(User.objects.restrict(request.user).select_related("area", "organisation"))
    return render(
        request,
        "areas/user_list.html",
        {
            "page": paginate(request, qs.order_by("username")),
            "error": error,
            "roles": Role.choices,
            "can_change": request.user.can(Permission.MANAGE_USERS),  # type: ignore[union-attr]
        },
    )


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_visible_or_404(
        User.objects.select_related("area", "organisation"), request.user, pk=user_id
    )
    return render(
        request,
        "areas/user_detail.html",
        {
            "person": person,
            "history": history_entries(person),
            "can_change": request.user.can(Permission.MANAGE_USERS),  # type: ignore[union-attr]
        },
    )


def refuse_without(request: HttpRequest, permission: str, message: str) -> HttpResponse | None:
    """A redirect home with a message when the user lacks `permission`."""
    if request.user.can(permission):  # type: ignore[union-attr]
        return None
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        request=request,
        target=f"{request.method} {request.path}"[:200],
        detail=message,
    )
    messages.error(request, message)
    return redirect("home")


@login_required
def area_create(request: HttpRequest) -> HttpResponse:
    refused = refuse_without(request, Permission.MANAGE_AREAS, "您的角色无权新建区域。")
    if refused:
        return refused
    form = AreaCreateForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            area = do_create_area(acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新建区域“{area.name}”。")
            return redirect("area-detail", area_id=area.pk)
    return render(request, "areas/simple_form.html", {"form": form, "heading": "新建区域"})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    refused = refuse_without(request, Permission.MANAGE_ORGANISATIONS, "您的角色无权新建单位。")
    if refused:
        return refused
    form = OrganisationCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = do_create_organisation(acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新建单位“{organisation.name}”。")
            return redirect("organisation-detail", organisation_id=organisation.pk)
    return render(request, "areas/simple_form.html", {"form": form, "heading": "新建单位"})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    refused = refuse_without(request, Permission.MANAGE_USERS, "您的角色无权管理用户。")
    if refused:
        return refused
    form = UserForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = do_create_user(
                acting_user=request.user,  # type: ignore[arg-type]
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                title=data["title"],
                phone=data["phone"],
                roles=data["roles"],
                area=data["area"],
                organisation=data["organisation"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新建用户“{person.display_name}”。")
            return redirect("user-detail", user_id=person.pk)
    return render(request, "areas/simple_form.html", {"form": form, "heading": "新建用户"})


@login_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_visible_or_404(User.objects.select_related("area"), request.user, pk=user_id)
    refused = refuse_without(request, Permission.MANAGE_USERS, "您的角色无权管理用户。")
    if refused:
        return refused
    form = UserForm(request.POST or None, user=request.user, editing=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_user(
                person,
                acting_user=request.user,  # type: ignore[arg-type]
                expected_version=data["version"] or 0,
                roles=data["roles"],
                full_name=data["full_name"],
                title=data["title"],
                phone=data["phone"],
                area=data["area"],
                organisation=data["organisation"],
                is_active=data["is_active"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存用户“{data['full_name']}”。")
            return redirect("user-detail", user_id=person.pk)
    return render(
        request,
        "areas/simple_form.html",
        {"form": form, "heading": f"编辑用户：{person.display_name}"},
    )
