"""Time the dashboard's key figures, charts and ranking for a county and for the city.

    .venv/bin/python bench/dashboard.py                       # SQLite, a city-sized dataset
    .venv/bin/python bench/dashboard.py --db postgres --places 50000 --hazards 100000
    .venv/bin/python bench/dashboard.py --db postgres://…/xiaoan_bench --generated   # after generate.py

Builds a reproducible (seeded) dataset on a fresh database: the demo city's
areas and users, `--places` places spread over its communities, one to three
inspections of most places over the last 90 days, `--hazards` hazards over two
years with a realistic mix of states (most closed, some overdue), and a
campaign whose phase is running today. The rows are bulk-inserted without
history (this is read-side benchmarking). Then `/api/dashboard` is called
through the test client, as a county brigade (兴隆台区) and as a city leader,
`--runs` times each after one warm-up: it prints the median and the slowest
wall time and the number of SQL statements, and writes
bench/results/dashboard-<db>-<date>.json. The targets (issue "Scale and speed")
are ≤ 300 ms for a city and ≤ 1 s for a province.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import BENCH_DIR, DEFAULT_PG_ADMIN, QueryCounter, database, machine, timed, versions

TODAY = dt.date(2024, 3, 20)
STATE_MIX = [("closed", 55), ("found", 20), ("rectifying", 10), ("rectified", 10), ("reopened", 5)]


def build(places: int, hazards: int, seed: int) -> dict[str, int]:
    from xiaoan.areas.models import Area, User
    from xiaoan.demo.loader import load_city
    from xiaoan.directives.models import Campaign, Phase
    from xiaoan.hazards.choices import HazardCategory, InspectionKind, InspectionResult
    from xiaoan.hazards.models import Hazard, Inspection
    from xiaoan.places.choices import PlaceKind
    from xiaoan.places.models import Place, PlaceTally

    load_city()
    rng = random.Random(seed)
    city = Area.objects.get(parent__isnull=True)
    communities = list(Area.objects.filter(level=Area.Level.COMMUNITY))
    paths = dict(Area.objects.values_list("pk", "path"))
    brigade = User.objects.get(username="xinglongtai")
    campaign = Campaign.objects.create(
        name="基准测试专项行动",
        area=city,
        start=TODAY - dt.timedelta(days=60),
        end=TODAY + dt.timedelta(days=60),
    )
    Phase.objects.create(
        campaign=campaign,
        number=1,
        name="集中整治",
        start=TODAY - dt.timedelta(days=20),
        end=TODAY + dt.timedelta(days=10),
    )
    kinds = PlaceKind.values
    Place.objects.bulk_create(
        (
            Place(
                name=f"基准场所{i}",
                address=f"基准路{i}号",
                area=(community := rng.choice(communities)),
                area_path=community.path,
                kind=rng.choice(kinds),
                key=f"bench:{i}",
            )
            for i in range(places)
        ),
        batch_size=2000,
    )
    PlaceTally.rebuild()
    place_rows = list(Place.objects.values_list("pk", "area_id", "area_path"))
    inspections = []
    for pk, area_id, area_path in place_rows:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            at = dt.datetime.combine(
                TODAY - dt.timedelta(days=rng.randrange(90)), dt.time(10), tzinfo=dt.UTC
            )
            inspections.append(
                Inspection(
                    place_id=pk,
                    area_id=area_id,
                    area_path=area_path,
                    at=at,
                    kind=InspectionKind.BRIGADE,
                    result=rng.choice([InspectionResult.NO_HAZARD, InspectionResult.HAZARDS_FOUND]),
                    organisation_id=brigade.organisation_id,
                    created_by=brigade,
                )
            )
    Inspection.objects.bulk_create(inspections, batch_size=2000)
    states = [s for s, w in STATE_MIX for _ in range(w)]
    categories = HazardCategory.values
    rows = []
    for _ in range(hazards):
        pk, area_id, _ = rng.choice(place_rows)
        found = TODAY - dt.timedelta(days=rng.randrange(730))
        state = rng.choice(states)
        deadline = found + dt.timedelta(days=rng.randrange(7, 31))
        closed = found + dt.timedelta(days=rng.randrange(1, 40)) if state == "closed" else None
        rows.append(
            Hazard(
                place_id=pk,
                area_id=area_id,
                area_path=paths[area_id],
                category=rng.choice(categories),
                severity="major" if rng.random() < 0.03 else "ordinary",
                description="基准隐患",
                state=state,
                found_on=found,
                found_by=brigade,
                deadline=deadline,
                closed_on=min(closed, TODAY) if closed else None,
            )
        )
    Hazard.objects.bulk_create(rows, batch_size=2000)
    return {"places": places, "inspections": len(inspections), "hazards": hazards}


def generated_sizes() -> dict[str, int]:
    from xiaoan.areas.models import Area
    from xiaoan.hazards.models import Hazard, Inspection
    from xiaoan.places.models import Place

    return {
        "areas": Area.objects.count(),
        "places": Place.objects.count(),
        "inspections": Inspection.objects.count(),
        "hazards": Hazard.objects.count(),
    }


def measure(username: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from xiaoan.areas.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/api/dashboard")  # warm-up
    assert response.status_code == 200, response.content[:300]
    walls, cpus = [], []
    counter = QueryCounter()
    for _ in range(runs):
        counter.count = 0
        with connection.execute_wrapper(counter), timed() as timer:
            client.get("/api/dashboard")
        walls.append(timer.wall)
        cpus.append(timer.cpu)
    return {
        "user": username,
        "median_ms": round(statistics.median(walls) * 1000, 1),
        "max_ms": round(max(walls) * 1000, 1),
        "median_cpu_ms": round(statistics.median(cpus) * 1000, 1),
        "queries": counter.count,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument(
        "--pg-admin-url", default=os.environ.get("BENCH_PG_ADMIN_URL", DEFAULT_PG_ADMIN)
    )
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--hazards", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--generated",
        action="store_true",
        help="--db is a database made by bench/generate.py: measure a county, a city and "
        "the province there instead of building the demo-city dataset",
    )
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="xiaoan-bench-"))
    os.environ.setdefault("XIAOAN_STATIC_ROOT", str(data_dir / "static"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "xiaoan.settings",
            "SECRET_KEY": "bench",
            "XIAOAN_DEBUG": "0",
            "XIAOAN_SECURE_COOKIES": "0",
            "XIAOAN_DATA_DIR": str(data_dir),
            "XIAOAN_TODAY": TODAY.isoformat(),
            "XIAOAN_WEBHOOK_URL": "",
            "XIAOAN_LOG_LEVEL": "WARNING",
        }
    )
    try:
        with database(args.db, args.pg_admin_url, data_dir) as db:
            run(args, db)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, db: dict[str, Any]) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    if args.generated:
        sizes = generated_sizes()
        scopes = [
            ("county B0101", "brigade_B0101"),
            ("city B01", "office_B01"),
            ("province", "province"),
        ]
    else:
        with timed() as timer:
            sizes = build(args.places, args.hazards, args.seed)
        print(f"built {sizes} in {timer.wall:.1f} s", flush=True)
        scopes = [("county 兴隆台区", "xinglongtai"), ("city 盘锦市", "leader")]
    if db["backend"] == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results = []
    for label, username in scopes:
        result = {"scope": label, **measure(username, args.runs)}
        results.append(result)
        print(
            f"  {label:<16} median {result['median_ms']:8.1f} ms  max {result['max_ms']:8.1f} ms"
            f"  cpu {result['median_cpu_ms']:8.1f} ms  {result['queries']} queries",
            flush=True,
        )
    out = BENCH_DIR / "results" / f"dashboard-{db['backend']}-{dt.date.today():%Y-%m-%d}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "dataset": sizes,
                "results": results,
                "machine": machine(),
                "versions": versions(),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"wrote {out.relative_to(BENCH_DIR.parent)}")


if __name__ == "__main__":
    sys.exit(main())
