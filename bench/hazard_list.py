"""Time the hazard list API under 16 concurrent clients, next to its plain SQL.

    .venv/bin/python bench/generate.py --db postgres://…/xiaoan_bench --size province
    .venv/bin/python bench/hazard_list.py --db postgres://…/xiaoan_bench

Starts `xiaoan serve` (gunicorn, production settings) on the generated database,
signs a city office user in with a personal token, and drives
`/api/hazards?within=<city>&state=open&overdue=true` with wrk (16 connections,
2 threads, `--seconds` each), first page and a deep page (offset 5,000),
printing p50, p95 and requests per second. The floor: the same request's SQL
statements, captured from one in-process call, run back to back through
psycopg (median of `--sql-runs`), i.e. what the database alone needs for one
request. The target: p95 ≤ 100 ms and within 3× of the SQL time. Figures go to
bench/results/hazard-list-<date>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from common import BENCH_DIR, REPO_DIR, machine, versions

CLIENTS = 16
DEEP_OFFSET = 5_000


def setup_django(db: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": db,
            "DJANGO_SETTINGS_MODULE": "xiaoan.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
            "XIAOAN_DEBUG": "0",
            "XIAOAN_SECURE_COOKIES": "0",
            "XIAOAN_TODAY": "2024-03-20",
            "XIAOAN_DATA_DIR": os.environ.get("XIAOAN_DATA_DIR", str(REPO_DIR / "var" / "bench")),
            "XIAOAN_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS.append("testserver")  # the in-process call that captures the SQL


def sql_floor(path: str, token: str, runs: int) -> dict[str, Any]:
    """The statements one request runs, timed on their own through the driver."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    client.get(path, headers=headers)  # warm: the token's first use is recorded
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content[:300]
    statements = [q["sql"] for q in captured.captured_queries]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            began = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append(time.perf_counter() - began)
    return {
        "statements": len(statements),
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "count": response.json()["count"],
    }


@contextlib.contextmanager
def server(db: str, port: int, workers: int, threads: int) -> Any:
    env = {**os.environ, "DATABASE_URL": db}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xiaoan.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            time.sleep(0.5)
        else:
            raise SystemExit("xiaoan serve did not start")
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def profile(server_pid: int, url: str, token: str, seconds: int = 15) -> str:
    """py-spy's view of the workers under the same load; the summary is printed and
    saved next to the collapsed stacks in bench/results/."""
    import pyspy

    if not pyspy.available():
        print("py-spy is not installed: no profile", file=sys.stderr)
        return ""
    raw = BENCH_DIR / "results" / f"hazard-list-pyspy-{dt.date.today():%Y-%m-%d}.txt"
    sampler = pyspy.record(server_pid, seconds, raw)
    time.sleep(1)
    wrk(url, token, seconds - 2)
    sampler.wait(timeout=seconds + 30)
    summary = pyspy.summarise(raw)
    raw.with_name(raw.stem + "-summary.txt").write_text(summary)
    print(summary)
    return str(raw.with_name(raw.stem + "-summary.txt").relative_to(REPO_DIR))


def wrk(url: str, token: str, seconds: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CLIENTS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(BENCH_DIR / "wrk_report.lua"),
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "requests_per_s": round(figures["requests"] / figures["seconds"], 1),
        "requests": figures["requests"],
        "errors": figures["errors"],
    }


def cpu_seconds_by_group(server_group: int) -> Counter[str]:
    """CPU seconds used so far by the server's processes, PostgreSQL and the rest
    (from /proc: each process's user + system time, grouped by its process group or name)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: Counter[str] = Counter()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        group = int(fields[2])
        seconds = (int(fields[11]) + int(fields[12])) / ticks
        if group == server_group:
            used["xiaoan (gunicorn)"] += seconds
        elif name.startswith("postgres"):
            used["PostgreSQL"] += seconds
        else:
            used["other"] += seconds
    return used


def children_cpu() -> float:
    """CPU seconds of this process's finished children (the wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_shares(before: Counter[str], after: Counter[str], requests: int) -> dict[str, Any]:
    """CPU milliseconds per request of each group, between two snapshots."""
    return {
        group: round((after[group] - before[group]) * 1000 / requests, 2)
        for group in sorted(after)
        if requests and after[group] - before[group] > 0
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL database made by generate.py")
    parser.add_argument(
        "--user", default="office_B01", help="who asks (default: city B01's office)"
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--sql-runs", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4, help="per worker (as `xiaoan serve`)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="then sample the workers with py-spy under the same load (a separate run)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    setup_django(args.db)
    from xiaoan.areas.models import User
    from xiaoan.core.security import create_token

    user = User.objects.select_related("area").get(username=args.user)
    token = create_token(user, "bench")
    base = f"/api/hazards?within={user.area_id}&state=open&overdue=true&limit=50"
    pages = {"first page": f"{base}&offset=0", "deep page": f"{base}&offset={DEEP_OFFSET}"}
    results: dict[str, Any] = {}
    for label, path in pages.items():
        results[label] = {"path": path, "sql": sql_floor(path, token, args.sql_runs)}
    from django.db import connections

    connections.close_all()
    with server(args.db, args.port, args.workers, args.threads) as server_pid:
        for label, path in pages.items():
            url = f"http://127.0.0.1:{args.port}{path}"
            wrk(url, token, 3)  # warm the workers
            load_cpu = children_cpu()
            before = cpu_seconds_by_group(server_pid)
            results[label]["http"] = wrk(url, token, args.seconds)
            after = cpu_seconds_by_group(server_pid)
            # wrk has exited by now: its CPU time is in this process's reaped children
            before["wrk (the load)"], after["wrk (the load)"] = load_cpu, children_cpu()
            results[label]["cpu_ms_per_request"] = cpu_shares(
                before, after, results[label]["http"]["requests"]
            )
        if args.profile:
            results["profile"] = profile(
                server_pid, f"http://127.0.0.1:{args.port}{pages['first page']}", token
            )
    for label, result in results.items():
        if label == "profile":
            continue
        http, sql = result["http"], result["sql"]
        ratio = http["p95_ms"] / sql["median_ms"] if sql["median_ms"] else None
        result["p95_over_sql"] = round(ratio, 1) if ratio else None
        print(
            f"  {label:<11} p50 {http['p50_ms']:7.1f} ms  p95 {http['p95_ms']:7.1f} ms  "
            f"{http['requests_per_s']:7.1f} req/s  errors {http['errors']}  | SQL {sql['median_ms']:7.1f} ms "
            f"({sql['statements']} statements, {sql['count']:,} rows match)  p95/SQL {result['p95_over_sql']}×"
        )
        shares = ", ".join(f"{k} {v}" for k, v in result["cpu_ms_per_request"].items())
        print(f"  {'':<11} CPU ms per request: {shares}")
    out = BENCH_DIR / "results" / f"hazard-list-{dt.date.today():%Y-%m-%d}.json"
    out.write_text(
        json.dumps(
            {
                "user": args.user,
                "clients": CLIENTS,
                "results": results,
                "machine": machine(),
                "versions": versions(),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"wrote {out.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    sys.exit(main())
