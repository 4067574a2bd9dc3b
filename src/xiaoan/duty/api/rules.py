"""API of the urgent-report rules: /api/incident-rules (for those who configure them)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.errors import AuthorizationError
from ninja.pagination import paginate

from xiaoan.areas.roles import Permission
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination

from .. import services
from ..choices import RuleKind
from ..models import UrgentReportRule
from ..rule_scope import applicable, configured_area, editable_or_404
from .common import router


class RuleOut(Schema):
    id: int
    name: str
    kind: RuleKind
    threshold: int
    deadline_minutes: int
    active: bool
    area_id: int | None
    area_name: str | None
    version: int

    @staticmethod
    def resolve_area_name(obj: UrgentReportRule) -> str | None:
        return obj.area.name if obj.area is not None else None


class RuleIn(InputSchema):
    kind: RuleKind
    name: str = Field("", max_length=100)
    threshold: int = Field(1, ge=1, description="受伤或被困人数阈值")
    deadline_minutes: int = Field(60, ge=1)


class RulePatch(PatchSchema):
    version: int
    name: str | None = Field(None, max_length=100)
    threshold: int | None = Field(None, ge=1)
    deadline_minutes: int | None = Field(None, ge=1)
    active: bool | None = None


def configuring_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.can(Permission.CONFIGURE_URGENT_REPORTS):
        raise AuthorizationError()
    return user


@router.get(
    "/incident-rules",
    response=list[RuleOut],
    tags=["incidents"],
    summary="紧急信息报送规则（适用于本区域的）",
)
@paginate(BoundedPagination)
def list_rules(request: HttpRequest) -> Any:
    return applicable(UrgentReportRule, configuring_user(request)).order_by("kind", "id")


@router.post(
    "/incident-rules",
    response={201: RuleOut},
    tags=["incidents"],
    summary="新增报送规则（适用于本区域及下级，市级为全部区域）",
)
def create_rule(request: HttpRequest, payload: RuleIn) -> Any:
    user = configuring_user(request)
    rule = services.do_create_rule(acting_user=user, area=configured_area(user), **payload.dict())
    return Status(201, rule)


@router.patch(
    "/incident-rules/{int:rule_id}",
    response=RuleOut,
    tags=["incidents"],
    summary="修改报送规则（名称、阈值、时限、启用）；version 须为读取时的版本",
)
def update_rule(request: HttpRequest, rule_id: int, payload: RulePatch) -> Any:
    user = configuring_user(request)
    rule = editable_or_404(UrgentReportRule, user, rule_id)
    changes = payload.dict(exclude_none=True)
    version = changes.pop("version")
    return services.do_update_rule(rule, acting_user=user, expected_version=version, **changes)
