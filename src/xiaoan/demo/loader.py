"""Load the demo city into the configured database, through the services.

Idempotent: a record that already exists (by code, name or username) is left
as it is, so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from xiaoan.areas import services
from xiaoan.areas.models import Area, Organisation, User

from . import city


def load_demo(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """The whole demo: the city, then each feature's records of the demo month."""
    from .complaints import load_complaints
    from .directives import load_directives
    from .duty import load_duty
    from .hazards import load_hazards
    from .rewards import load_rewards

    created = load_city(log)
    created.update(load_directives(log))
    created.update(load_hazards(log))
    created.update(load_rewards(log))
    created.update(load_complaints(log))
    created.update(load_duty(log))
    return created


@transaction.atomic
def load_city(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Areas, organisations and users of the demo city."""
    created = {"areas": 0, "organisations": 0, "users": 0}

    def area(code: str, name: str, level: int, parent: Area | None) -> Area:
        existing = Area.objects.filter(code=code).first()
        if existing:
            return existing
        created["areas"] += 1
        return services.do_create_area(
            acting_user=services.SYSTEM, name=name, code=code, level=level, parent=parent
        )

    root = area(*city.CITY, Area.Level.CITY, None)
    for (county_code, county_name), townships in city.AREAS.items():
        county = area(county_code, county_name, Area.Level.COUNTY, root)
        for (township_code, township_name), communities in townships.items():
            township = area(township_code, township_name, Area.Level.TOWNSHIP, county)
            for community_code, community_name, grids in communities:
                community = area(community_code, community_name, Area.Level.COMMUNITY, township)
                for index, grid_name in enumerate(grids, start=1):
                    area(
                        city.grid_code(community_code, index),
                        f"{community_name}{grid_name}",
                        Area.Level.GRID,
                        community,
                    )

    areas_by_code = {a.code: a for a in Area.objects.all()}
    for code, aliases in city.AREA_ALIASES.items():
        if code in areas_by_code and not areas_by_code[code].aliases:
            areas_by_code[code] = services.do_set_area_aliases(
                areas_by_code[code],
                acting_user=services.SYSTEM,
                aliases=aliases,
                expected_version=areas_by_code[code].version,
            )
    for name, short_name, kind, area_code in city.ORGANISATIONS:
        if Organisation.objects.filter(name=name).exists():
            continue
        services.do_create_organisation(
            acting_user=services.SYSTEM,
            name=name,
            short_name=short_name,
            kind=kind,
            area=areas_by_code[area_code],
        )
        created["organisations"] += 1

    organisations = {o.name: o for o in Organisation.objects.all()}
    for username, full_name, title, roles, area_code, organisation in city.USERS:
        if User.objects.filter(username=username).exists():
            continue
        services.do_create_user(
            acting_user=services.SYSTEM,
            username=username,
            password=city.DEMO_PASSWORD,
            full_name=full_name,
            title=title,
            roles=roles,
            area=areas_by_code[area_code],
            organisation=organisations[organisation],
        )
        created["users"] += 1
    log(
        f"演示数据：新建区域 {created['areas']} 个，单位 {created['organisations']} 个，用户 {created['users']} 个"
    )
    return created


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, who, roles) of every demo account, for printing."""
    labels = {
        u.username: u
        for u in User.objects.select_related("area").filter(username__in=[u[0] for u in city.USERS])
    }
    rows = []
    for username, *_ in city.USERS:
        user = labels.get(username)
        if user:
            who = f"{user.full_name}（{user.title}，{user.area.name if user.area else ''}）"
            rows.append((username, who, "、".join(user.role_labels)))
    return rows
