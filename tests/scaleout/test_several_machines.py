"""More than one machine, for real: two app servers and two background workers on
one PostgreSQL, with the RQ backend on Redis and with the database backend.

Work posted to one server is run by one of the workers and read back from the
other server; the periodic checks run on both workers yet send each
notification once; a worker SIGKILLed in the middle of an import leaves the job
to be queued again and completed, never half-written and never "running" for
ever. Runs with the PostgreSQL suite (needs DATABASE_URL on PostgreSQL and a
Redis on 127.0.0.1:6379, which scripts/ensure-services starts); slow: the
cluster's database is migrated and loaded with the demo city once.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.complaints.conftest import good_row, xlsx_bytes
from tests.scaleout.cluster import (
    REDIS_URL,
    Cluster,
    Process,
    Server,
    flush_redis,
    fresh_database,
    redis_answers,
    wait_for,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"), reason="the scale-out tests run on PostgreSQL"
)

#: an import or build, once posted, on a busy machine
WORK_TIMEOUT_S = 240


@pytest.fixture(scope="module")
def cluster_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The cluster's own database, migrated and loaded with the demo city once."""
    folder = tmp_path_factory.mktemp("cluster")
    with fresh_database(DATABASE_URL) as url:
        setup = Cluster(url, folder, backend="database")
        setup.run("migrate", "--no-input")
        setup.run("loaddemo")
        setup.run("collectstatic", "--no-input")
        yield url, folder


def make_cluster(cluster_database: tuple[str, Path], backend: str) -> Iterator[Cluster]:
    url, folder = cluster_database
    cluster = Cluster(url, folder, backend=backend)
    try:
        yield cluster
    finally:
        cluster.stop_all()


@pytest.fixture
def rq_cluster(cluster_database: tuple[str, Path]) -> Iterator[Cluster]:
    if not redis_answers():
        pytest.fail("Redis is not running on 127.0.0.1:6379 (scripts/ensure-services starts it)")
    flush_redis()
    yield from make_cluster(cluster_database, "rq")


@pytest.fixture
def db_cluster(cluster_database: tuple[str, Path]) -> Iterator[Cluster]:
    yield from make_cluster(cluster_database, "database")


def two_servers(cluster: Cluster) -> tuple[Server, Server]:
    token = cluster.run("token", "office", "--name", f"scale-out {cluster.backend}").strip()
    a, b = cluster.server("server-a"), cluster.server("server-b")
    a.token = b.token = token
    return a, b


CONCERNS = [
    ("楼道电动车充电", "一单元楼道内有人给电动自行车飞线充电"),
    ("消防通道堵塞", "小区消防车通道被私家车长期占用"),
    ("灭火器过期", "商铺里的灭火器压力表指针在红区"),
    ("安全出口上锁", "歌厅后门安全出口夜里被铁链锁住"),
    ("楼道堆放杂物", "三楼楼梯间堆满纸箱和旧家具"),
    ("违规住人", "仓库二层隔出房间住了工人"),
    ("消火栓损坏", "路边市政消火栓被车撞歪漏水"),
    ("燃气瓶存放", "饭店后厨存放多个液化气钢瓶"),
]
STREETS = ["惠宾街道惠宾社区", "兴隆街道兴盛社区", "振兴街道新兴社区", "渤海街道友谊社区"]


def orders(prefix: str, count: int) -> bytes:
    """`count` distinct orders over the months before the demo's day: varied
    concerns, places and times, as a real export is (not one order repeated)."""
    rows = []
    start = dt.datetime(2023, 3, 1, 8, 0)
    for n in range(count):
        title, content = CONCERNS[n % len(CONCERNS)]
        place = f"兴隆台区{STREETS[n // len(CONCERNS) % len(STREETS)]}{n % 97 + 1}号楼"
        rows.append(
            good_row(
                f"{prefix}{n:06d}",
                来电时间=f"{start + dt.timedelta(minutes=37 * n):%Y-%m-%d %H:%M:%S}",
                事发地址=place,
                工单标题=title,
                诉求内容=f"{place}{content}，编号{n}。",
            )
        )
    return xlsx_bytes(rows)


def finished_import(cluster: Cluster, server: Server, job_id: int) -> dict:
    def probe() -> dict | None:
        job = server.get(f"/api/complaints/imports/{job_id}")
        return job if job["status"] in {"done", "failed", "refused"} else None

    return wait_for(f"import {job_id}", probe, WORK_TIMEOUT_S, cluster)


def finished_briefing(cluster: Cluster, server: Server, briefing_id: int) -> dict:
    def probe() -> dict | None:
        briefing = server.get(f"/api/briefings/{briefing_id}")
        return briefing if briefing["status"] in {"done", "failed"} else None

    return wait_for(f"briefing {briefing_id}", probe, WORK_TIMEOUT_S, cluster)


def attempts(cluster: Cluster, table: str, pk: int) -> int:
    return int(cluster.query(f"SELECT attempts FROM {table} WHERE id = %s", pk)[0][0])


def city_id(cluster: Cluster) -> int:
    return int(cluster.query("SELECT id FROM areas_area WHERE name = %s", "盘锦市")[0][0])


def duplicate_notifications(cluster: Cluster) -> list[tuple]:
    return cluster.query(
        "SELECT recipient_id, kind, title, link, count(*) FROM core_notification"
        " GROUP BY recipient_id, kind, title, link, body HAVING count(*) > 1"
    )


def check_work_runs_once_across_machines(cluster: Cluster, prefix: str) -> None:
    a, b = two_servers(cluster)
    cluster.worker("worker-1")
    cluster.worker("worker-2")

    status, started = a.post_file("/api/complaints/imports", "12345.xlsx", orders(prefix, 2000))
    assert status == 202, started
    job = finished_import(cluster, b, started["id"])
    assert (job["status"], job["imported"], job["rejected"]) == ("done", 2000, 0), job
    assert attempts(cluster, "complaints_importjob", job["id"]) == 1
    rows = cluster.query(
        "SELECT count(*) FROM complaints_complaint WHERE number LIKE %s", prefix + "%"
    )
    assert rows[0][0] == 2000

    status, built = a.post_json("/api/briefings", {"area_id": city_id(cluster), "month": "2024-03"})
    assert status == 202, built
    briefing = finished_briefing(cluster, b, built["id"])
    assert briefing["status"] == "done", briefing
    assert attempts(cluster, "briefings_briefing", briefing["id"]) == 1

    # both workers tick every second: after several cycles, nothing was sent twice
    time.sleep(8)
    assert cluster.query("SELECT count(*) FROM reminders_remindersent")[0][0] > 0
    assert duplicate_notifications(cluster) == []
    assert "periodic check failed" not in cluster.logs()


def test_rq_workers_run_each_job_once_and_any_server_reads_it(rq_cluster: Cluster) -> None:
    check_work_runs_once_across_machines(rq_cluster, "RQ")


def test_database_workers_run_each_job_once_and_any_server_reads_it(db_cluster: Cluster) -> None:
    check_work_runs_once_across_machines(db_cluster, "DB")


def rq_worker_running_a_job(workers: list[Process]) -> Process | None:
    """The worker process that RQ, in Redis, says is running a job now."""
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(REDIS_URL)
    busy = {w.pid for w in Worker.all(connection=connection) if w.get_current_job_id()}
    return next((w for w in workers if w.popen.pid in busy), None)


def test_a_worker_killed_mid_import_leaves_the_job_to_be_completed(rq_cluster: Cluster) -> None:
    a, b = two_servers(rq_cluster)
    workers = [rq_cluster.worker("worker-1"), rq_cluster.worker("worker-2")]
    count = 6_000
    status, started = a.post_file("/api/complaints/imports", "12345.xlsx", orders("KL", count))
    assert status == 202, started
    job_id = started["id"]

    def busy_worker():
        job = b.get(f"/api/complaints/imports/{job_id}")
        if job["status"] != "running" or not job["done"]:  # a first batch is in
            return None
        return rq_worker_running_a_job(workers)

    victim = wait_for("the import under way", busy_worker, WORK_TIMEOUT_S, rq_cluster)
    victim.kill()
    job = finished_import(rq_cluster, b, job_id)
    assert job["status"] == "done", job
    assert attempts(rq_cluster, "complaints_importjob", job_id) == 2
    numbers = rq_cluster.query(
        "SELECT count(*), count(DISTINCT number) FROM complaints_complaint WHERE number LIKE %s",
        "KL%",
    )
    assert numbers == [(count, count)]  # every row once, none half-written
