"""`xiaoan demo` as a user starts it: its own process, its own data folder, no
secret key or debug flag given. Work queued from the pages (a briefing build, a
12345 import) is finished by the worker the demo runs; errors are xiaoan's
Chinese pages; stopping the demo stops its web and worker processes too.

Slow (migrations and the demo city are loaded from scratch): one test."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.complaints.conftest import HEADER, good_row, xlsx_bytes
from tests.core.test_processes import alive, wait_gone
from tests.e2e.conftest import LOCAL_HOSTS, TIMEOUT_MS
from xiaoan.demo.city import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

#: migrations and the demo city on a busy machine
START_TIMEOUT_S = 600
#: a build or an import once queued (the worker polls every second)
WORK_TIMEOUT_MS = 120_000
#: settings the demo must not need, and the test's own data folder and database
ENV_DROPPED = {
    "DATABASE_URL",
    "XIAOAN_DATA_DIR",
    "XIAOAN_MEDIA_ROOT",
    "SECRET_KEY",
    "XIAOAN_DEBUG",
    "XIAOAN_SECURE_COOKIES",
    "XIAOAN_TODAY",
    "XIAOAN_TASK_BACKEND",
    "XIAOAN_DEMO",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


@dataclass
class Demo:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def child_pid(self, label: str) -> int:
        found = re.search(rf"{label}进程已启动（PID (\d+)）", self.output())
        assert found, self.output()[-3000:]
        return int(found.group(1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux's /proc children lists)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:  # the process has just ended
                continue
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture
def demo_process(tmp_path: Path) -> Iterator[Demo]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env["XIAOAN_DATA_DIR"] = str(tmp_path / "var")
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "xiaoan.cli", "demo", "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    demo = Demo(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not answers(demo.url):
            assert process.poll() is None, demo.output()[-3000:]
            assert time.monotonic() < deadline, demo.output()[-3000:]
            time.sleep(1)
        yield demo
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def demo_context(browser: Browser, demo_process: Demo) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=demo_process.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    yield context
    context.close()
    external = [u for u in requests if urlsplit(u).hostname not in LOCAL_HOSTS | {None}]
    assert not external, f"pages requested hosts other than this machine: {external}"


def sign_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()


def assert_chinese_404(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 404, path
    expect(page.get_by_role("heading", name=re.compile("记录不存在或无权访问"))).to_be_visible()
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    text = page.content()
    for debug_mark in ("Traceback", "URLconf", "urlpatterns", "Page not found"):
        assert debug_mark not in text, (path, debug_mark)


def export_file(tmp_path: Path) -> Path:
    rows = [
        good_row("GD2024030499901", 来电时间="2024-03-04 08:30:00", 工单标题="楼道电动车"),
        good_row("GD2024030499902", 来电时间="2024-03-04 09:10:00", 工单标题="通道堵塞"),
    ]
    path = tmp_path / "12345工单导出-演示.xlsx"
    path.write_bytes(xlsx_bytes(rows, HEADER))
    return path


def test_the_demo_process_works_its_queue_and_speaks_chinese(
    browser: Browser, demo_process: Demo, demo_context: BrowserContext, tmp_path: Path
) -> None:
    web_pid = demo_process.child_pid("网页服务")
    worker_pid = demo_process.child_pid("后台任务")
    assert alive(web_pid) and alive(worker_pid)
    assert "SECRET_KEY" not in demo_process.output()
    assert (tmp_path / "var" / "secret_key").exists()  # the demo keeps its own key

    page = demo_context.new_page()
    sign_in(page, "office")
    expect(page.get_by_text("演示模式：系统日期固定为 2024年3月4日")).to_be_visible()

    # A briefing queued from the page is built by the demo's worker.
    page.goto("/briefings/new/")
    page.get_by_label("月份").fill("2024-03")
    page.get_by_role("button", name="生成").click()
    expect(page).to_have_url(re.compile(r"/briefings/\d+/$"))
    draft = page.locator("article.xa-briefing-page")
    expect(draft).to_contain_text("3月份行政办公会议重点工作情况通报", timeout=WORK_TIMEOUT_MS)
    expect(page.locator("#xa-briefing-progress")).to_have_count(0)

    # So is a 12345 import uploaded on the import page.
    page.goto("/complaints/import/")
    page.get_by_label("12345 导出文件").set_input_files(export_file(tmp_path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page).to_have_url(re.compile(r"/complaints/imports/\d+/$"))
    progress = page.locator("#xa-import-progress")
    expect(progress).to_contain_text("已完成", timeout=WORK_TIMEOUT_MS)
    expect(page.get_by_role("progressbar", name="导入进度")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(progress).to_contain_text("共 2 行：新增 2，更新 0，未导入 0。")

    # Errors are xiaoan's own pages: an unknown address, a neighbour's record.
    assert_chinese_404(page, "/no-such-page/")
    neighbour = browser.new_context(base_url=demo_process.url)
    try:
        other = neighbour.new_page()
        other.set_default_timeout(TIMEOUT_MS)
        sign_in(other, "shuangtaizi")
        other.goto("/places/")
        href = other.locator("main a[href^='/places/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href')).find(h => /^\\/places\\/\\d+\\/$/.test(h))"
        )
        assert href, "双台子区 has places in the demo"
    finally:
        neighbour.close()
    brigade = demo_context.new_page()
    demo_context.clear_cookies()
    sign_in(brigade, "xinglongtai")
    assert_chinese_404(brigade, href)

    # Stopping the demo (Ctrl-C) stops the web server, its workers and the task worker.
    children = descendants(demo_process.process.pid)
    assert {web_pid, worker_pid} <= set(children)
    demo_process.process.send_signal(signal.SIGINT)
    assert demo_process.process.wait(timeout=60) == 0, demo_process.output()[-3000:]
    assert wait_gone(children) == [], demo_process.output()[-3000:]
    assert "演示已停止" in demo_process.output()
