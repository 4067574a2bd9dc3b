"""What every benchmark shares: timing with wall and CPU time, a fresh
database (SQLite file or throwaway PostgreSQL database), a query counter, and
the machine and versions a result was measured on."""

from __future__ import annotations

import contextlib
import os
import platform
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_PG_ADMIN = "postgres://xiaoan:xiaoan@127.0.0.1:5432/postgres"


class Timer:
    """Wall and CPU seconds of a block, and the 1-minute load average before and after
    (other processes on the machine show up there, and as wall time well above CPU time)."""

    wall: float = 0.0
    cpu: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)
    #: cores busy on the whole machine on average (this process, a database server, others)
    busy_cores: float | None = None


def cpu_jiffies() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


@contextlib.contextmanager
def timed() -> Iterator[Timer]:
    timer = Timer()
    load = os.getloadavg()[0]
    jiffies = cpu_jiffies()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield timer
    finally:
        timer.wall = time.perf_counter() - wall
        timer.cpu = time.process_time() - cpu
        timer.load = (load, os.getloadavg()[0])
        after = cpu_jiffies()
        if jiffies and after and after[1] > jiffies[1]:
            share = (after[0] - jiffies[0]) / (after[1] - jiffies[1])
            timer.busy_cores = round(share * (os.cpu_count() or 1), 2)


# ----- the database -----


@contextlib.contextmanager
def database(choice: str, admin_url: str, data_dir: Path) -> Iterator[dict[str, Any]]:
    """Set DATABASE_URL for the run; a throwaway PostgreSQL database is dropped afterwards."""
    if choice == "sqlite":
        path = data_dir / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        yield {"backend": "sqlite", "name": str(path), "throwaway": True}
        return
    if choice != "postgres":
        os.environ["DATABASE_URL"] = choice
        backend = "postgresql" if choice.startswith(("postgres", "pgsql")) else "sqlite"
        yield {"backend": backend, "name": choice.rsplit("/", 1)[-1], "throwaway": False}
        return
    import psycopg

    name = f"xiaoan_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    print(f"created PostgreSQL database {name}", flush=True)
    try:
        yield {"backend": "postgresql", "name": name, "throwaway": True}
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped PostgreSQL database {name}", flush=True)


class QueryCounter:
    """Counts the statements Django sends (an execute_wrapper; costs next to nothing)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any):
        self.count += 1
        return execute(sql, params, many, ctx)


# ----- the machine -----


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": os.cpu_count(), "python": platform.python_version()}
    with contextlib.suppress(OSError):
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                info["cpu"] = text.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for text in Path("/proc/meminfo").read_text().splitlines():
            if text.startswith("MemTotal:"):
                info["mem_gib"] = round(int(text.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        info["git_commit"] = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return info


def versions(packages: tuple[str, ...] = ("django",)) -> dict[str, Any]:
    from importlib.metadata import version

    from django.db import connection

    found = {p: version(p) for p in packages}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            found["sqlite"] = cursor.fetchone()[0]
        else:
            cursor.execute("show server_version")
            found["postgresql"] = cursor.fetchone()[0]
            found["psycopg"] = version("psycopg")
    return found
