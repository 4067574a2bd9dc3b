"""`run_together`, the supervisor behind `xiaoan demo`, with real processes: the
children stop with it on SIGTERM, on Ctrl-C (SIGINT), when one of them exits, and
even when it is killed outright; none is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SLEEPER = "import time; time.sleep(600)"
STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"
QUITTER = "import time; time.sleep(0.5); raise SystemExit(3)"


def alive(pid: int) -> bool:
    """Running (not a zombie waiting to be reaped by whoever adopted it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in {"Z", "X"}


def wait_gone(pids: list[int], timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


def supervise(children: dict[str, str], grace: float = 5.0) -> tuple[subprocess.Popen, list[int]]:
    """Start a supervisor of the given Python snippets; return it and its children's pids."""
    commands = {name: [sys.executable, "-c", code] for name, code in children.items()}
    script = textwrap.dedent(
        f"""
        import sys
        from xiaoan.core.processes import run_together
        status = run_together(
            {commands!r},
            grace={grace},
            on_start=lambda name, pid: print("started", name, pid, flush=True),
            on_exit=lambda name, code: print("exited", name, code, flush=True),
        )
        print("status", status, flush=True)
        sys.exit(status)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert proc.stdout is not None
    pids = []
    for _ in children:
        line = proc.stdout.readline().split()
        assert line[:1] == ["started"], line
        pids.append(int(line[2]))
    return proc, pids


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_children_stop_with_the_supervisor(signum):
    proc, pids = supervise({"web": SLEEPER, "worker": SLEEPER})
    assert all(alive(pid) for pid in pids)
    # children have their own process group: a terminal's Ctrl-C reaches only the supervisor
    assert all(os.getpgid(pid) == pid for pid in pids)
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert wait_gone(pids) == []


def test_one_child_exiting_stops_the_others_and_gives_its_status():
    proc, pids = supervise({"web": SLEEPER, "worker": QUITTER})
    out, _ = proc.communicate(timeout=30)
    assert "exited worker 3" in out
    assert proc.returncode == 3
    assert wait_gone(pids) == []


def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period():
    proc, pids = supervise({"web": STUBBORN}, grace=1.0)
    time.sleep(0.5)  # let the child ignore SIGTERM before it is sent
    started = time.monotonic()
    proc.terminate()
    proc.communicate(timeout=30)
    assert wait_gone(pids) == []
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_children_do_not_outlive_a_killed_supervisor():
    proc, pids = supervise({"web": SLEEPER, "worker": SLEEPER})
    proc.kill()
    proc.communicate(timeout=30)
    assert wait_gone(pids) == []
