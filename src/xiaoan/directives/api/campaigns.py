"""API of campaigns and their activities: /api/campaigns, /api/activities."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404

from .. import services
from ..filters import ActivityFilter, CampaignFilter
from ..models import Activity, Campaign, Phase
from .common import router, visible


class PhaseOut(Schema):
    id: int
    number: int
    name: str
    start: dt.date
    end: dt.date
    actions: list[str]
    current: bool

    @staticmethod
    def resolve_actions(obj: Phase) -> list[str]:
        return obj.action_labels

    @staticmethod
    def resolve_current(obj: Phase) -> bool:
        return obj.is_current()


class CampaignOut(Schema):
    id: int
    name: str
    plan_title: str
    area_id: int
    start: dt.date
    end: dt.date
    description: str
    phases: list[PhaseOut]
    version: int


class PhaseIn(InputSchema):
    name: str
    start: dt.date
    end: dt.date
    actions: list[str] = []


class CampaignIn(InputSchema):
    name: str
    start: dt.date
    end: dt.date
    plan_title: str = ""
    description: str = ""
    area_id: int | None = None
    phases: list[PhaseIn] = []


@router.get("/campaigns", response=list[CampaignOut], tags=["campaigns"], summary="专项行动")
@paginate(BoundedPagination)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilter]) -> Any:
    return (
        filters.filter(Campaign.objects.restrict(request.user))
        .prefetch_related("phases")
        .order_by("-start", "id")
    )


@router.get(
    "/campaigns/{int:campaign_id}", response=CampaignOut, tags=["campaigns"], summary="一个专项行动"
)
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )


@router.post("/campaigns", response={201: CampaignOut}, tags=["campaigns"], summary="新建专项行动")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    user: Any = request.user
    campaign = services.do_create_campaign(
        acting_user=user,
        name=payload.name,
        area=visible(Area, request, payload.area_id) or user.area,
        start=payload.start,
        end=payload.end,
        plan_title=payload.plan_title,
        description=payload.description,
        phases=[services.PhaseSpec(p.name, p.start, p.end, p.actions) for p in payload.phases],
    )
    return Status(
        201, get_visible_or_404(Campaign.objects.prefetch_related("phases"), user, pk=campaign.pk)
    )


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: dt.date
    title: str
    organiser_id: int
    area_id: int
    campaign_id: int | None
    phase_id: int | None
    participants: int | None
    reach: int | None
    description: str
    version: int

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return obj.get_kind_display()


class ActivityIn(InputSchema):
    kind: str
    date: dt.date
    title: str
    organiser_id: int | None = None
    area_id: int | None = None
    campaign_id: int | None = None
    phase_id: int | None = None
    participants: int | None = None
    reach: int | None = None
    description: str = ""


@router.get(
    "/activities",
    response=list[ActivityOut],
    tags=["activities"],
    summary="宣传、培训、演练、约谈、曝光",
)
@paginate(BoundedPagination)
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]) -> Any:
    return filters.filter(Activity.objects.restrict(request.user)).order_by("-date", "-id")


@router.get(
    "/activities/{int:activity_id}", response=ActivityOut, tags=["activities"], summary="一项活动"
)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    return get_visible_or_404(Activity.objects.all(), request.user, pk=activity_id)


@router.post("/activities", response={201: ActivityOut}, tags=["activities"], summary="登记活动")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    user: Any = request.user
    activity = services.do_record_activity(
        acting_user=user,
        kind=payload.kind,
        date=payload.date,
        title=payload.title,
        organiser=visible(Organisation, request, payload.organiser_id) or user.organisation,
        area=visible(Area, request, payload.area_id) or user.area,
        campaign=visible(Campaign, request, payload.campaign_id),
        phase=visible(Phase, request, payload.phase_id),
        participants=payload.participants,
        reach=payload.reach,
        description=payload.description,
    )
    return Status(201, activity)
