"""Build a reproducible province for the benchmarks, straight into the database.

    .venv/bin/python bench/generate.py --db postgres-url --size province   # PostgreSQL, COPY
    .venv/bin/python bench/generate.py --db sqlite:///var/bench.sqlite3 --size city

Sizes (each count can also be given on its own, e.g. `--places 200000`):

| size     | cities | counties | townships | communities | places    | inspections | hazards   | orders    |
|----------|-------:|---------:|----------:|------------:|----------:|------------:|----------:|----------:|
| province | 14     | 100      | 1,500     | 15,000      | 1,000,000 | 5,000,000   | 3,000,000 | 2,000,000 |
| city     | 1      | 7        | 100       | 1,000       | 70,000    | 350,000     | 200,000   | 150,000   |
| small    | 1      | 3        | 12        | 60          | 5,000     | 20,000      | 12,000    | 10,000    |

One `random.Random(seed)` drives every value, so the same size and seed give the
same data. The database is migrated first; a province area sits at the root, with
one brigade user per county (`brigade_<county code>`), a leader (`province`) and a
city office user per city (`office_<city code>`), all with the password `bench`.
PostgreSQL is loaded with COPY and analysed afterwards; SQLite with batched
executemany. Rows are written without history (this is benchmark data). A
progress line per table shows on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

SIZES: dict[str, dict[str, int]] = {
    "province": dict(
        cities=14, counties=100, townships=1_500, communities=15_000,
        places=1_000_000, inspections=5_000_000, hazards=3_000_000, orders=2_000_000,
    ),
    "city": dict(
        cities=1, counties=7, townships=100, communities=1_000,
        places=70_000, inspections=350_000, hazards=200_000, orders=150_000,
    ),
    "small": dict(
        cities=1, counties=3, townships=12, communities=60,
        places=5_000, inspections=20_000, hazards=12_000, orders=10_000,
    ),
}  # fmt: skip
#: the benchmark's "today": data spans the two years before it
TODAY = dt.date(2024, 3, 20)
PASSWORD = "bench"
#: hazard states, weighted: most old hazards are closed, recent ones are open
STATE_WEIGHTS = {"closed": 62, "found": 16, "rectifying": 10, "rectified": 7, "reopened": 5}
BATCH = 5_000


@dataclasses.dataclass
class Tree:
    province: int
    cities: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)
    counties: list[tuple[int, str, str, str]] = dataclasses.field(default_factory=list)
    #: community id → its path
    communities: list[tuple[int, str]] = dataclasses.field(default_factory=list)


class Progress:
    """One line on stderr per table: rows so far, percent, rows/s."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.start = self.last = time.perf_counter()

    def add(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last > 0.5 or self.done >= self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            pct = self.done * 100 / self.total if self.total else 100
            end = "\n" if self.done >= self.total else ""
            sys.stderr.write(
                f"\r  {self.label:<12} {self.done:>10,}/{self.total:,} {pct:5.1f}%  {rate:>9,.0f} rows/s{end}"
            )
            sys.stderr.flush()


def columns_of(model: Any) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key or f.name == "id"]


class Writer:
    """Inserts rows of a model's table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def write(
        self, model: Any, names: Sequence[str], rows: Iterable[Sequence[Any]], progress: Progress
    ) -> None:
        table = model._meta.db_table
        fields = {f.name: f for f in model._meta.concrete_fields}
        # fields the generator does not set take their default (e.g. fields added later)
        extra = [f for f in fields.values() if f.name not in names and not f.primary_key]
        filler = tuple(default_of(f) for f in extra)
        if extra:
            rows = (tuple(row) + filler for row in rows)
            names = [*names, *(f.name for f in extra)]
        columns = [fields[n].column for n in names]
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {self.connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                ) as copy:
                    for chunk in batched(rows, BATCH):
                        for row in chunk:
                            copy.write_row(row)
                        progress.add(len(chunk))
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {self.connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"
                for chunk in batched(rows, BATCH):
                    cursor.executemany(sql, chunk)
                    progress.add(len(chunk))

    def reset_sequence(self, model: Any) -> None:
        if not self.postgres:
            return
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


def default_of(field: Any) -> Any:
    """A column's value when the generator does not set it, as the database takes it."""
    if field.has_default():
        value = field.get_default()
        if isinstance(value, dict | list):
            import json

            return json.dumps(value)
        return value
    if field.null:
        return None
    return ""


def batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours moment of `day` in Asia/Shanghai, as UTC."""
    local = dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60)))
    return (local - dt.timedelta(hours=8)).replace(tzinfo=dt.UTC)


def build_tree(sizes: dict[str, int], rng: random.Random, writer: Writer) -> Tree:
    """Province → cities → counties → townships → communities, with explicit ids so
    that the materialised paths are known without a second pass."""
    from django.db.models import Max

    from xiaoan.areas.models import Area
    from xiaoan.core.scoping import path_segment

    next_id = (Area.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    now = dt.datetime.now(dt.UTC)
    rows: list[tuple[Any, ...]] = []

    def add(name: str, code: str, level: int, parent: tuple[int, str] | None) -> tuple[int, str]:
        nonlocal next_id
        pk = next_id
        next_id += 1
        path = (parent[1] if parent else "") + path_segment(pk)
        rows.append((pk, code, name, level, parent[0] if parent else None, path, now, now, 1))
        return pk, path

    province = add("基准省", "B00", Area.Level.PROVINCE, None)
    tree = Tree(province=province[0])
    counties_per_city = spread(sizes["counties"], sizes["cities"])
    townships = iter(spread(sizes["townships"], sizes["counties"]))
    communities = iter(spread(sizes["communities"], sizes["townships"]))
    for c, n_counties in enumerate(counties_per_city, start=1):
        code = f"B{c:02d}"
        city = add(f"基准{c}市", code, Area.Level.CITY, province)
        tree.cities.append((city[0], code, city[1]))
        for k in range(1, n_counties + 1):
            county_code = f"{code}{k:02d}"
            county = add(f"基准{c}市{k}区", county_code, Area.Level.COUNTY, city)
            tree.counties.append((county[0], county_code, county[1], code))
            for t in range(1, next(townships) + 1):
                town = add(
                    f"基准{c}-{k}-{t}街道", f"{county_code}{t:03d}", Area.Level.TOWNSHIP, county
                )
                for m in range(1, next(communities) + 1):
                    community = add(
                        f"基准{c}-{k}-{t}-{m}社区",
                        f"{county_code}{t:03d}{m:03d}",
                        Area.Level.COMMUNITY,
                        town,
                    )
                    tree.communities.append(community)
    names = ["id", "code", "name", "level", "parent", "path", "created_at", "updated_at", "version"]
    writer.write(Area, names, rows, Progress("areas", len(rows)))
    writer.reset_sequence(Area)
    return tree


def spread(total: int, buckets: int) -> list[int]:
    """`total` split into `buckets` near-equal whole parts."""
    base, extra = divmod(total, buckets)
    return [base + (1 if i < extra else 0) for i in range(buckets)]


def build_people(tree: Tree) -> dict[int, tuple[int, int]]:
    """A brigade (organisation and user) per county, an office per city and a
    province leader. Returns county id → (organisation id, user id)."""
    from django.contrib.auth.hashers import make_password

    from xiaoan.areas.models import Area, Organisation, User

    password = make_password(PASSWORD)
    province = Area.objects.get(pk=tree.province)
    gov = Organisation.objects.create(
        name="基准省政府", short_name="基准省", kind="government", area=province
    )
    User.objects.create(
        username="province",
        password=password,
        full_name="省领导",
        roles=",city_leader,",
        area=province,
        organisation=gov,
    )
    for city_id, code, _ in tree.cities:
        org = Organisation.objects.create(
            name=f"{code}消防救援支队", short_name=f"{code}支队", kind="detachment", area_id=city_id
        )
        User.objects.create(
            username=f"office_{code}",
            password=password,
            full_name=f"{code}支队办公室",
            roles=",detachment_office,",
            area_id=city_id,
            organisation=org,
        )
    brigades = {}
    for county_id, code, _, _ in tree.counties:
        org = Organisation.objects.create(
            name=f"{code}消防救援大队", short_name=f"{code}大队", kind="brigade", area_id=county_id
        )
        user = User.objects.create(
            username=f"brigade_{code}",
            password=password,
            full_name=f"{code}大队",
            roles=",brigade,",
            area_id=county_id,
            organisation=org,
        )
        brigades[county_id] = (org.pk, user.pk)
    return brigades


def county_of(path: str) -> int:
    """The county id in a community's path (province, city, county, …)."""
    from xiaoan.core.scoping import PATH_SEGMENT_WIDTH as W

    return int(path[2 * W : 3 * W])


def build_places(tree: Tree, n: int, rng: random.Random, writer: Writer) -> list[tuple[int, int]]:
    from xiaoan.places.choices import PlaceKind
    from xiaoan.places.models import Place, PlaceTally

    kinds = PlaceKind.values
    now = dt.datetime.now(dt.UTC)
    start = next_id(Place)
    placed: list[tuple[int, int]] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            pk = start + i
            community, path = tree.communities[rng.randrange(len(tree.communities))]
            placed.append((community, county_of(path)))
            yield (
                pk,
                f"基准场所{pk}",
                f"基准路{pk}号",
                community,
                rng.choice(kinds),
                "",
                "",
                None,
                "medium",
                None,
                None,
                f"bench:{pk}",
                path,
                now,
                now,
                1,
            )

    names = [
        "id",
        "name",
        "address",
        "area",
        "kind",
        "responsible_person",
        "contact",
        "property_company",
        "risk_level",
        "latitude",
        "longitude",
        "key",
        "area_path",
        "created_at",
        "updated_at",
        "version",
    ]
    writer.write(Place, names, rows(), Progress("places", n))
    writer.reset_sequence(Place)
    PlaceTally.rebuild()
    return placed


def next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def build_inspections(
    places: list[tuple[int, int]],
    first_place: int,
    brigades: dict[int, tuple[int, int]],
    paths: dict[int, str],
    n: int,
    rng: random.Random,
    writer: Writer,
) -> None:
    from xiaoan.hazards.models import Inspection

    start = next_id(Inspection)
    now = dt.datetime.now(dt.UTC)

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            index = rng.randrange(len(places))
            area, county = places[index]
            org, user = brigades[county]
            at = moment(TODAY - dt.timedelta(days=rng.randrange(730)), rng)
            result = "no_hazard" if rng.random() < 0.6 else "hazards_found"
            yield (
                start + i,
                first_place + index,
                at,
                "brigade",
                result,
                None,
                None,
                None,
                org,
                "",
                area,
                paths[area],
                user,
                None,
                now,
                now,
                1,
            )

    names = [
        "id",
        "place",
        "at",
        "kind",
        "result",
        "campaign",
        "phase",
        "visit",
        "organisation",
        "notes",
        "area",
        "area_path",
        "created_by",
        "client_key",
        "created_at",
        "updated_at",
        "version",
    ]
    writer.write(Inspection, names, rows(), Progress("inspections", n))
    writer.reset_sequence(Inspection)


def build_hazards(
    places: list[tuple[int, int]],
    first_place: int,
    brigades: dict[int, tuple[int, int]],
    paths: dict[int, str],
    n: int,
    rng: random.Random,
    writer: Writer,
) -> None:
    from xiaoan.hazards.choices import HazardCategory
    from xiaoan.hazards.models import Hazard

    states = [s for s, w in STATE_WEIGHTS.items() for _ in range(w)]
    categories = HazardCategory.values
    start = next_id(Hazard)
    now = dt.datetime.now(dt.UTC)

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            index = rng.randrange(len(places))
            area, county = places[index]
            _, user = brigades[county]
            age = int(rng.triangular(0, 730, 0))  # more recent than old
            found = TODAY - dt.timedelta(days=age)
            state = "closed" if age > 120 and rng.random() < 0.9 else rng.choice(states)
            deadline = found + dt.timedelta(days=rng.randrange(7, 46))
            closed = (
                min(found + dt.timedelta(days=rng.randrange(1, 60)), TODAY)
                if state == "closed"
                else None
            )
            major = rng.random() < 0.03
            yield (
                start + i,
                first_place + index,
                None,
                rng.choice(categories),
                "major" if major else "ordinary",
                "2017" if major else "",
                "",
                "基准隐患",
                "",
                None,
                deadline,
                state,
                found,
                user,
                user if state in ("rectified", "closed") else None,
                user if state == "closed" else None,
                closed,
                None,
                area,
                paths[area],
                now,
                now,
                1,
            )

    names = [
        "id",
        "place",
        "inspection",
        "category",
        "severity",
        "gb35181_version",
        "major_element",
        "description",
        "responsible_party",
        "responsible_organisation",
        "deadline",
        "state",
        "found_on",
        "found_by",
        "fixed_by",
        "closed_by",
        "closed_on",
        "campaign",
        "area",
        "area_path",
        "created_at",
        "updated_at",
        "version",
    ]
    writer.write(Hazard, names, rows(), Progress("hazards", n))
    writer.reset_sequence(Hazard)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL (it is migrated first)")
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--seed", type=int, default=20240320)
    for key in SIZES["province"]:
        parser.add_argument(f"--{key}", type=int, help=f"number of {key} (overrides --size)")
    args = parser.parse_args(argv)
    sizes = {
        k: v if getattr(args, k) is None else getattr(args, k) for k, v in SIZES[args.size].items()
    }
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoan.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("XIAOAN_DATA_DIR", "var/bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from xiaoan.places.models import Place

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(args.seed)
    writer = Writer()
    print(f"generating {args.size}: {sizes}", file=sys.stderr)
    with transaction.atomic():
        tree = build_tree(sizes, rng, writer)
        brigades = build_people(tree)
        first_place = next_id(Place)
        places = build_places(tree, sizes["places"], rng, writer)
    with transaction.atomic():
        build_inspections(
            places, first_place, brigades, dict(tree.communities), sizes["inspections"], rng, writer
        )
    with transaction.atomic():
        build_hazards(
            places, first_place, brigades, dict(tree.communities), sizes["hazards"], rng, writer
        )
    if sizes["orders"]:
        from orders import build_orders

        with transaction.atomic():
            build_orders(tree, brigades, sizes["orders"], rng, writer, Progress)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"done in {time.perf_counter() - began:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
