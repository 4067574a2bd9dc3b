"""/api/reminder-preferences: the signed-in user's own reminder choices."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from xiaoan.core.inputs import InputSchema
from xiaoan.core.views import actor

from .preferences import preference_of, save_preference

router = Router(tags=["提醒"])


class PreferencesIn(InputSchema):
    tasks: bool | None = None
    hazards: bool | None = None
    complaints: bool | None = None
    digest: bool | None = None


class PreferencesOut(Schema):
    tasks: bool
    hazards: bool
    complaints: bool
    digest: bool


@router.get("", response=PreferencesOut, summary="我的提醒设置")
def get_preferences(request: HttpRequest) -> object:
    return preference_of(actor(request))


@router.put("", response=PreferencesOut, summary="修改我的提醒设置")
def put_preferences(request: HttpRequest, body: PreferencesIn) -> object:
    choices = {k: v for k, v in body.dict().items() if v is not None}
    return save_preference(actor(request), choices)
