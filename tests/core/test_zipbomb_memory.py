"""A zip bomb submitted as a person would submit it is refused in Chinese, and
the process that handled it stays small.

How memory is measured, and why this way: each submission runs in a fresh
Python process (`memory_probe.py`) against its own SQLite database, migrated
beforehand by another process. Just before the upload the probe reads its
resident memory (VmRSS); after it, the peak resident memory the kernel kept
for the process (`resource.getrusage(...).ru_maxrss`). Their difference bounds
from above what handling the upload needed, whatever allocated it: Python
objects, openpyxl's and lxml's buffers, python-calamine's Rust heap — which
tracemalloc would not see. Measuring inside the pytest process would not do:
its peak was set by earlier tests, and memory they freed could be reused
unseen. Before the guard, the places import of this file peaked at about
3 GB and the 12345 import stored its 190 MB text as an order's content.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import xiaoan
from tests.zipbombs import MB, bomb_xlsx

LIMIT = 300 * MB
PROBE = Path(__file__).with_name("memory_probe.py")
PLACES_HEADER = ["场所名称", "地址", "所属区域", "场所类型"]
COMPLAINTS_HEADER = ["工单编号", "来电时间", "诉求内容"]


@pytest.fixture(scope="module")
def probe(tmp_path_factory: Any) -> Any:
    work = tmp_path_factory.mktemp("probe")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xiaoan.settings",
        "PYTHONPATH": os.pathsep.join(
            [str(Path(xiaoan.__file__).parents[1]), str(Path(__file__).parents[2])]
        ),
        "DATABASE_URL": f"sqlite:///{work / 'probe.sqlite3'}",
        "XIAOAN_DATA_DIR": str(work),
        "XIAOAN_MEDIA_ROOT": str(work / "media"),
        "XIAOAN_TASK_BACKEND": "immediate",  # the 12345 job runs in the same process
        "XIAOAN_PII_KEY": "memory-probe-only-personal-information-key",
        "XIAOAN_DEBUG": "0",
        "XIAOAN_SECURE_COOKIES": "0",
        "XIAOAN_ALLOWED_HOSTS": "testserver",
    }

    def run(*args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, str(PROBE), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    run("setup")

    def submit(kind: str, data: bytes) -> dict[str, Any]:
        path = work / f"{kind}.xlsx"
        path.write_bytes(data)
        return run(kind, str(path))

    return submit


def places_bomb() -> bytes:
    return bomb_xlsx(
        PLACES_HEADER, [None, "惠宾街1号", "测试市", "高层住宅"], huge_column=0, size=190 * MB
    )


def complaints_bomb() -> bytes:
    return bomb_xlsx(
        COMPLAINTS_HEADER, ["GD-BOMB", "2024-02-25 09:13:00", None], huge_column=2, size=190 * MB
    )


def test_places_import_page(probe: Any) -> None:
    data = places_bomb()
    assert len(data) < 400 * 1024
    measured = probe("places", data)
    assert "文件解压后为 190 MB，超过上限 64 MB，已拒绝读取" in measured["body"]
    assert measured["growth"] < LIMIT, measured["growth"] / MB


def test_12345_import_page(probe: Any) -> None:
    measured = probe("complaints-page", complaints_bomb())
    assert "疑似压缩炸弹，已拒绝读取" in measured["body"]
    assert "[job" not in measured["body"]  # refused on the page: no job was started
    assert measured["growth"] < LIMIT, measured["growth"] / MB


def test_12345_import_job(probe: Any) -> None:
    measured = probe("complaints-job", complaints_bomb())
    assert measured["body"].startswith("refused：")
    assert "疑似压缩炸弹，已拒绝读取" in measured["body"]
    assert measured["growth"] < LIMIT, measured["growth"] / MB
