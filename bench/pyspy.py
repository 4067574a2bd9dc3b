"""Sampling profiles of running processes with py-spy, summarised as text.

`record(pid, seconds, out)` samples a process and its children (the gunicorn
workers under load) and writes py-spy's collapsed stacks next to a summary:
where the CPU time goes by kind of work, and the functions with the most
samples, inclusive and on their own. Only samples of running code are kept
(py-spy leaves out threads that wait), so the shares are shares of CPU time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

#: kinds of work, tried from the innermost frame outwards: the first match wins
KINDS = [
    ("database driver", ("psycopg/", "sqlite3")),
    ("ORM: compiling SQL", ("django/db/models/sql/", "django/db/models/expressions.py")),
    ("ORM: building objects", ("django/db/models/base.py", "django/db/models/query.py")),
    ("ORM: other", ("django/db/",)),
    ("serialising (ninja, pydantic)", ("ninja/", "pydantic")),
    ("xiaoan code", ("xiaoan/",)),
    ("Django request handling", ("django/",)),
    ("gunicorn", ("gunicorn/",)),
]


def executable() -> str | None:
    """py-spy next to this Python (installed with the dev extras), or on the PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def available() -> bool:
    return executable() is not None


def record(pid: int, seconds: int, out: Path) -> subprocess.Popen[bytes]:
    """Start sampling `pid` and its subprocesses for `seconds`; wait on the result."""
    return subprocess.Popen(
        [
            executable() or "py-spy",
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--duration",
            str(seconds),
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def frames_of(line: str) -> tuple[list[str], int]:
    stack, _, count = line.rstrip().rpartition(" ")
    return [f for f in stack.split(";") if f], int(count or 0)


def kind_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for kind, markers in KINDS:
            if any(marker in frame for marker in markers):
                return kind
    return "other"


def short(frame: str) -> str:
    """'get_response (django/core/handlers/base.py:136)' without the site-packages prefix."""
    for cut in ("site-packages/", "src/"):
        if cut in frame:
            name, _, where = frame.partition(" (")
            return f"{name} ({where.split(cut, 1)[1]}"
    return frame


def summarise(raw: Path, top: int = 15) -> str:
    kinds: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        frames, count = frames_of(line)
        if not frames or not count:
            continue
        total += count
        kinds[kind_of(frames)] += count
        own[short(frames[-1])] += count
        for frame in {short(f) for f in frames}:
            inclusive[frame] += count
    if not total:
        return "no samples\n"

    def table(title: str, counts: Counter[str]) -> list[str]:
        rows = [f"{title}"]
        rows += [f"  {n * 100 / total:5.1f}%  {name}" for name, n in counts.most_common(top)]
        return rows

    lines = [f"{total:,} samples of running code"]
    lines += table("by kind of work (innermost matching frame):", kinds)
    lines += table("functions, inclusive:", inclusive)
    lines += table("functions, own time:", own)
    return "\n".join(lines) + "\n"
