"""Time the import of a 12345 export, end to end, against merely reading the file.

    .venv/bin/python bench/import_complaints.py bench/data/complaints-100000.xlsx            # SQLite
    .venv/bin/python bench/import_complaints.py bench/data/complaints-100000.xlsx --db postgres

The database is fresh: by default a new SQLite file under a temporary folder;
with `--db postgres` a throwaway database `xiaoan_bench_<random>` created on
the local server (through `--pg-admin-url`, default
postgres://xiaoan:xiaoan@127.0.0.1:5432/postgres) and dropped afterwards;
with `--db URL` (or DATABASE_URL in the environment) that database, used as it
is and kept. The settings are production ones (SECRET_KEY=bench,
XIAOAN_DEBUG=0) with a temporary XIAOAN_DATA_DIR.

Steps, each timed with the wall clock and the process's CPU time:

1. migrate, and load the demo city (`xiaoan.demo.loader.load_city`);
2. read the file only: the bytes; python-calamine's sheet as the importer
   opens it; the importer's own `read_table` (calamine plus finding the
   header and the non-empty rows); then the importer's `parse_row` on every
   row, still without the database (the ceiling of an import that writes
   nothing); and, for comparison, openpyxl read_only;
3. import it as the `office` user through `xiaoan import-complaints FILE --json`
   (the management command, i.e. the same code path as the CLI);
4. import the same file again: every good row is an update (unchanged rows
   are compared and not written).

It prints rows, seconds and rows/s for each and writes the figures as JSON to
bench/results/import-<sqlite|postgresql>-<date>.json (the date of the run).
With `--profile` the first import runs under cProfile instead and the top
functions by cumulative and by own time go to
bench/results/profile-<db>-<date>.txt (timings under a profiler are not
benchmark figures, so no import-*.json is written then).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    BENCH_DIR,
    DEFAULT_PG_ADMIN,
    QueryCounter,
    Timer,
    database,
    machine,
    timed,
    versions,
)

DEFAULT_FILE = BENCH_DIR / "data" / "complaints-100000.xlsx"
TARGET_ROWS_PER_S = 5_000


def figures(rows: int, timer: Timer, **extra: Any) -> dict[str, Any]:
    return {
        "rows": rows,
        "seconds": round(timer.wall, 3),
        "cpu_seconds": round(timer.cpu, 3),
        "rows_per_s": round(rows / timer.wall) if timer.wall else None,
        "load_before_after": [round(x, 2) for x in timer.load],
        "machine_busy_cores": timer.busy_cores,
        **extra,
    }


def line(label: str, result: dict[str, Any]) -> None:
    note = (
        f"  cpu {result['cpu_seconds']:7.2f} s  busy {result['machine_busy_cores'] or 0:4.2f} cores"
    )
    if "queries" in result:
        note += f"  {result['queries']:>8,} queries ({result['queries'] / result['rows']:.1f}/row)"
    print(
        f"  {label:<34} {result['rows']:>9,} rows  {result['seconds']:8.2f} s  "
        f"{result['rows_per_s'] or 0:>9,} rows/s{note}",
        flush=True,
    )


# ----- the steps -----


def read_figures(data: bytes, path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from xiaoan.complaints.importers import parse_row, read_table

    out: dict[str, Any] = {}
    with timed() as t:
        data_again = path.read_bytes()
    out["file_read"] = {"bytes": len(data_again), "seconds": round(t.wall, 3)}
    print(f"  {'file bytes':<34} {len(data_again) / 1e6:>9.1f} MB    {t.wall:8.2f} s", flush=True)

    with timed() as t:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    out["calamine"] = figures(len(rows), t, note="all sheet rows, title and header included")
    line("calamine to_python (sheet rows)", out["calamine"])
    del rows, sheet

    with timed() as t:
        table = read_table(data)
    out["read_table"] = figures(len(table.rows), t, note="the importer's reader: data rows")
    line("importer read_table (data rows)", out["read_table"])

    with timed() as t:
        parsed = [parse_row(number, cells, table) for number, cells in table.rows]
    bad = sum(1 for row in parsed if row.errors)
    out["parse_rows"] = figures(
        len(parsed), t, rejected=bad, note="parse_row on every data row, no database"
    )
    line("importer parse_row (no database)", out["parse_rows"])
    del table, parsed

    with timed() as t:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    out["openpyxl_read_only"] = figures(count, t, note="all sheet rows, title and header included")
    line("openpyxl read_only (sheet rows)", out["openpyxl_read_only"])
    return out


def import_once(path: Path, profile: cProfile.Profile | None) -> Any:
    """`xiaoan import-complaints FILE --json` as the office user; the parsed JSON result."""
    from django.core.management import call_command

    out = io.StringIO()
    if profile is not None:
        profile.enable()
    try:
        call_command("import_complaints", str(path), "--json", "--user", "office", stdout=out)
    finally:
        if profile is not None:
            profile.disable()
    return json.loads(out.getvalue())


def import_figures(
    path: Path, label: str, profile: cProfile.Profile | None = None
) -> dict[str, Any]:
    from django.db import connection

    from xiaoan.complaints.models import Complaint

    counter = QueryCounter()
    with connection.execute_wrapper(counter), timed() as t:
        result = import_once(path, profile)
    out = figures(
        result["rows"],
        t,
        queries=counter.count,
        imported=result["imported"],
        updated=result["updated"],
        rejected=result["rejected"],
        complaints_in_db=Complaint.objects.count(),
        history_rows_in_db=Complaint.history.count(),
    )
    line(label, out)
    print(
        f"  {'':<34} imported {out['imported']:,}, updated {out['updated']:,}, "
        f"rejected {out['rejected']:,}; {out['complaints_in_db']:,} orders and "
        f"{out['history_rows_in_db']:,} history rows in the database",
        flush=True,
    )
    assert result["rows"] == result["imported"] + result["updated"] + result["rejected"]
    return out


def write_profile(profile: cProfile.Profile, target: Path, top: int, header: str) -> None:
    text = io.StringIO()
    text.write(header + "\n")
    stats = pstats.Stats(profile, stream=text).strip_dirs()
    text.write(f"\n=== top {top} by cumulative time ===\n")
    stats.sort_stats("cumulative").print_stats(top)
    text.write(f"\n=== top {top} by own (total) time ===\n")
    stats.sort_stats("tottime").print_stats(top)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.getvalue())
    print(text.getvalue())
    print(f"profile written to {target}")


def run(args: argparse.Namespace, data_dir: Path, db: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    from xiaoan.areas.models import User
    from xiaoan.demo.loader import load_city

    path: Path = args.file
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "file": {"path": str(path), "bytes": path.stat().st_size},
        "database": db,
        "machine": machine(),
        "target_rows_per_s": TARGET_ROWS_PER_S,
    }
    print(f"setup ({db['backend']}, data dir {data_dir})", flush=True)
    with timed() as t:
        call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrate {t.wall:.1f} s", flush=True)
    with timed() as t2:
        created = load_city()
    print(f"  load_city {t2.wall:.1f} s ({created})", flush=True)
    result["setup"] = {"migrate_s": round(t.wall, 2), "load_city_s": round(t2.wall, 2)}
    result["versions"] = versions(("django", "python-calamine", "openpyxl"))
    office = User.objects.select_related("area").get(username="office")
    assert office.area is not None, "the office user needs an area"

    data = path.read_bytes()
    print("reading only", flush=True)
    result["read"] = read_figures(data, path)
    result["file"]["data_rows"] = result["read"]["read_table"]["rows"]
    del data

    # CPU time, not the wall clock: the bench machine is shared with other work
    profile = cProfile.Profile(time.process_time) if args.profile else None
    print("import (xiaoan import-complaints FILE --json --user office)", flush=True)
    result["import"] = import_figures(path, "first import (new orders)", profile)
    if profile is not None:
        target = args.out or BENCH_DIR / "results" / (
            f"profile-{db['backend']}-{result['date']}.txt"
        )
        header = (
            f"cProfile of `xiaoan import-complaints {path.name} --json` (first import) on "
            f"{db['backend']}, {result['import']['rows']:,} rows, "
            f"{result['import']['seconds']:.1f} s ({result['import']['cpu_seconds']:.1f} s CPU) "
            f"under the profiler, which counts CPU time, {result['date']}"
        )
        write_profile(profile, target, args.top, header)
        return result
    if not args.no_reimport:
        result["reimport"] = import_figures(path, "re-import (all updates)")
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    rate = result["import"]["rows_per_s"]
    result["meets_target"] = bool(rate and rate >= TARGET_ROWS_PER_S)
    print(
        f"end to end {rate:,} rows/s against the target of {TARGET_ROWS_PER_S:,} rows/s: "
        f"{'met' if result['meets_target'] else 'MISSED'}; peak RSS {result['peak_rss_mib']} MiB",
        flush=True,
    )
    target = args.out or BENCH_DIR / "results" / f"import-{db['backend']}-{result['date']}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"results written to {target}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
    parser.add_argument(
        "--db",
        default=os.environ.get("DATABASE_URL") or "sqlite",
        help="sqlite (fresh file, default), postgres (throwaway database) or a database URL "
        "(used as is and kept; DATABASE_URL in the environment sets it)",
    )
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("BENCH_PG_ADMIN_URL", DEFAULT_PG_ADMIN),
        help=f"where --db postgres creates its database (default {DEFAULT_PG_ADMIN})",
    )
    parser.add_argument("--no-reimport", action="store_true", help="skip the second import")
    parser.add_argument(
        "--profile", action="store_true", help="profile the first import with cProfile"
    )
    parser.add_argument("--top", type=int, default=30, help="functions listed by --profile")
    parser.add_argument("--out", type=Path, help="where to write the JSON (or the profile)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)
    args.file = args.file.resolve()
    if not args.file.exists():
        parser.error(f"{args.file} does not exist: run bench/generate_complaints.py first")

    data_dir = Path(tempfile.mkdtemp(prefix="xiaoan-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "xiaoan.settings",
            "SECRET_KEY": "bench",
            "XIAOAN_DEBUG": "0",
            "XIAOAN_DATA_DIR": str(data_dir),
            "XIAOAN_TODAY": "",
            "XIAOAN_WEBHOOK_URL": "",
            "XIAOAN_LOG_LEVEL": "WARNING",
        }
    )
    try:
        with database(args.db, args.pg_admin_url, data_dir) as db:
            run(args, data_dir, db)
    finally:
        if args.keep:
            print(f"kept {data_dir}")
        else:
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
