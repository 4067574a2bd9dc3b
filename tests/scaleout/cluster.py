"""Several xiaoan machines on one PostgreSQL, as real processes: app servers
(`xiaoan serve`) and background workers (`xiaoan worker`), each in its own
process group so a test can SIGKILL one worker with whatever it forked.

The cluster has its own database (created, migrated and loaded with the demo
city here, dropped at the end) and one data folder shared by every process,
standing in for the shared storage of several machines.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

#: migrations and the demo city on a busy machine
SETUP_TIMEOUT_S = 900
START_TIMEOUT_S = 180
PII_KEY = "scale-out-test-personal-information-key"
REDIS_URL = "redis://127.0.0.1:6379/7"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis() -> None:
    with socket.create_connection(("127.0.0.1", 6379), timeout=5) as s:
        s.sendall(b"SELECT 7\r\nFLUSHDB\r\n")
        s.recv(64)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; dropped afterwards."""
    name = f"xiaoan_scaleout_{uuid.uuid4().hex[:8]}"
    admin = with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def descendants(self) -> list[int]:
        found, todo = [], [self.popen.pid]
        while todo:
            for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
                with contextlib.suppress(OSError):
                    children = [int(c) for c in (task / "children").read_text().split()]
                    found += children
                    todo += children
        return found

    def kill(self) -> None:
        """SIGKILL the process, its group and every process below it: an RQ work
        horse runs in a session of its own, and a lost machine takes it too."""
        below = self.descendants()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        for pid in below:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Cluster:
    database_url: str
    folder: Path
    backend: str
    processes: list[Process] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("XIAOAN_")
            and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        return env | {
            "DATABASE_URL": self.database_url,
            "XIAOAN_DATA_DIR": str(self.folder / "data"),
            "SECRET_KEY": "scale-out-test-only-not-a-secret",
            "XIAOAN_PII_KEY": PII_KEY,
            "XIAOAN_DEBUG": "0",
            "XIAOAN_SECURE_COOKIES": "0",
            "XIAOAN_TODAY": "2024-03-04",
            "XIAOAN_WEBHOOK_URL": "",
            "XIAOAN_TASK_BACKEND": self.backend,
            "XIAOAN_REDIS_URL": REDIS_URL,
            # a worker silent this long has died: short, so the test need not wait long
            "XIAOAN_JOB_STALL_SECONDS": "20",
        }

    def run(self, *args: str, timeout: float = SETUP_TIMEOUT_S) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "xiaoan.cli", *args],
            env=self.env(),
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        return done.stdout

    def start(self, name: str, *args: str) -> Process:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "xiaoan.cli", *args],
                env=self.env(),
                cwd=self.folder,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def server(self, name: str) -> Server:
        port = free_port()
        process = self.start(
            name,
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--no-collectstatic",
        )
        server = Server(f"http://127.0.0.1:{port}", process)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.answers():
            assert process.popen.poll() is None, process.output()[-3000:]
            assert time.monotonic() < deadline, process.output()[-3000:]
            time.sleep(0.5)
        return server

    def worker(self, name: str) -> Process:
        return self.start(name, "worker", "--tick", "1")

    def stop_all(self) -> None:
        for process in self.processes:
            process.stop()
        self.processes.clear()

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url) as conn:
            return list(conn.execute(sql, params).fetchall())

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.output()[-2500:]}" for p in self.processes)


@dataclass
class Server:
    url: str
    process: Process
    token: str = ""

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def call(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, Any]:
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, path: str) -> Any:
        status, data = self.call("GET", path)
        assert status == 200, (status, data)
        return data

    def post_json(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        return self.call("POST", path, json.dumps(payload).encode(), "application/json")

    def post_file(self, path: str, name: str, content: bytes) -> tuple[int, Any]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.call("POST", path, body, f"multipart/form-data; boundary={boundary}")


def wait_for(what: str, probe: Any, timeout: float, cluster: Cluster) -> Any:
    """Poll `probe()` until it returns something true; fail with every log otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: timed out\n{cluster.logs()}"
        time.sleep(0.5)
