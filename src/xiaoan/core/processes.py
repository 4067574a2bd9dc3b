"""Run a few child processes as one: `xiaoan demo` serves the pages and works the
background tasks in two processes that start and stop together.

The children run in their own process group, so a Ctrl-C in the terminal reaches
only this process, which then stops them in order: SIGTERM to each, a grace
period, SIGKILL for any still running. When one child exits on its own, the
others are stopped too. On Linux each child is also asked to receive SIGTERM
should this process die without cleaning up (killed with SIGKILL), so no child
outlives it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType

#: prctl(2) option: the signal a child receives when its parent dies
PR_SET_PDEATHSIG = 1
#: how often the supervisor looks at its children
POLL_SECONDS = 0.2


class StopRequested(Exception):
    """A signal asked the supervisor to stop its children and return."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _die_with_parent() -> None:
    """Runs in the child before it executes its program (Linux only)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return
    libc = ctypes.CDLL(name, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def start(argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start one child in its own process group, tied to this process's life."""
    return subprocess.Popen(
        list(argv),
        env=dict(env) if env is not None else None,
        process_group=0,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def stop_all(children: Mapping[str, subprocess.Popen[bytes]], *, grace: float) -> None:
    """SIGTERM every running child, wait up to `grace` seconds, then SIGKILL the rest."""
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + grace
    for child in children.values():
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run_together(
    commands: Mapping[str, Sequence[str]],
    *,
    env: Mapping[str, str] | None = None,
    grace: float = 30.0,
    on_start: Callable[[str, int], None] | None = None,
    on_exit: Callable[[str, int], None] | None = None,
) -> int:
    """Start every command, wait until one exits or SIGTERM/SIGINT/SIGHUP arrives,
    stop the others, and return an exit status: 0 when stopped by a signal or when
    the first child to exit succeeded, otherwise that child's status."""
    stop_signals = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
    previous = {signum: signal.getsignal(signum) for signum in stop_signals}

    def request_stop(signum: int, frame: FrameType | None) -> None:
        raise StopRequested(signum)

    for signum in stop_signals:
        signal.signal(signum, request_stop)
    children: dict[str, subprocess.Popen[bytes]] = {}
    status = 0
    try:
        for name, argv in commands.items():
            children[name] = start(argv, env=env)
            if on_start:
                on_start(name, children[name].pid)
        while True:
            ended = [(name, c.returncode) for name, c in children.items() if c.poll() is not None]
            if ended:
                name, code = ended[0]
                if on_exit:
                    on_exit(name, code)
                status = code if code > 0 else (0 if code == 0 else 128 - code)
                break
            time.sleep(POLL_SECONDS)
    except StopRequested:
        status = 0
    finally:
        # a second Ctrl-C must not interrupt the stopping
        for signum in stop_signals:
            signal.signal(signum, signal.SIG_IGN)
        try:
            stop_all(children, grace=grace)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
    return status
