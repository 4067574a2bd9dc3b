"""API collections `/api/areas`, `/api/organisations` and `/api/users`."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from xiaoan.core.inputs import PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404

from .filters import AreaFilter, OrganisationFilter, UserFilter
from .models import Area, Organisation, User
from .services import do_update_organisation

router = Router()


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str
    parent_id: int | None
    version: int

    @staticmethod
    def resolve_level_label(obj: Area) -> str:
        return obj.get_level_display()


@router.get("/areas", response=list[AreaOut], tags=["areas"], summary="区域列表（本辖区及下级）")
@paginate(BoundedPagination)
def list_areas(request: HttpRequest, filters: Query[AreaFilter]) -> Any:
    return filters.filter(Area.objects.restrict(request.user)).order_by("path")


@router.get("/areas/{int:area_id}", response=AreaOut, tags=["areas"], summary="一个区域")
def get_area(request: HttpRequest, area_id: int) -> Any:
    return get_visible_or_404(Area.objects.all(), request.user, pk=area_id)


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    area_id: int
    area_name: str
    parent_id: int | None
    contact_phone: str
    address: str
    version: int

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_area_name(obj: Organisation) -> str:
        return obj.area.name


class OrganisationPatch(PatchSchema):
    version: int
    name: str | None = None
    short_name: str | None = None
    kind: str | None = None
    contact_phone: str | None = None
    address: str | None = None


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    tags=["organisations"],
    summary="单位列表（本辖区及下级）",
)
@paginate(BoundedPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> Any:
    qs = Organisation.objects.restrict(request.user).select_related("area")
    return filters.filter(qs).order_by("area__path", "kind", "name", "id")


@router.get(
    "/organisations/{int:organisation_id}",
    response=OrganisationOut,
    tags=["organisations"],
    summary="一个单位",
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Any:
    return get_visible_or_404(
        Organisation.objects.select_related("area"), request.user, pk=organisation_id
    )


@router.patch(
    "/organisations/{int:organisation_id}",
    response=OrganisationOut,
    tags=["organisations"],
    summary="修改单位（须带当前版本号 version）",
)
def patch_organisation(
    request: HttpRequest, organisation_id: int, payload: OrganisationPatch
) -> Any:
    organisation = get_visible_or_404(
        Organisation.objects.select_related("area"), request.user, pk=organisation_id
    )
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return do_update_organisation(
        organisation,
        acting_user=request.user,  # type: ignore[arg-type]
        expected_version=payload.version,
        **changes,
    )


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    title: str
    roles: list[str]
    area_id: int | None
    organisation_id: int | None
    is_active: bool

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(obj.role_codes)


@router.get("/users", response=list[UserOut], tags=["users"], summary="用户列表（本辖区及下级）")
@paginate(BoundedPagination)
def list_users(request: HttpRequest, filters: Query[UserFilter]) -> Any:
    return filters.filter(User.objects.restrict(request.user)).order_by("username")


@router.get("/users/{int:user_id}", response=UserOut, tags=["users"], summary="一个用户")
def get_user(request: HttpRequest, user_id: int) -> Any:
    return get_visible_or_404(User.objects.all(), request.user, pk=user_id)
