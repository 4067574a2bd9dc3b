"""Run by test_zipbomb_memory in a fresh process: submit one file the way a
person would and report, as JSON on the last line, what the page said and how
far the process's peak resident memory rose above where it stood just before.

    python memory_probe.py setup
    python memory_probe.py places|complaints-page|complaints-job FILE

The database (SQLite, from DATABASE_URL) is migrated and given its users by
`setup` in a process of its own, so the measuring process never peaked before
its baseline was taken.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

import django


def resident_bytes() -> int:
    """The process's resident memory now (Linux: VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def reset_peak() -> None:
    """Start the peak from now: whatever the process held while it started
    (loading Django, the word lists, the first page) is not the upload's doing.
    Linux resets VmHWM when "5" is written to clear_refs."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_bytes() -> int:
    """The highest resident memory since the last reset (Linux: VmHWM, in kB);
    calamine's Rust heap counts too, which tracemalloc would not see."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def setup() -> None:
    from django.core.management import call_command

    from xiaoan.areas.models import Area
    from xiaoan.areas.services import do_create_area, do_create_user

    call_command("migrate", verbosity=0)
    city = do_create_area(
        acting_user=None, name="测试市", code="990000", level=Area.Level.CITY, parent=None
    )
    do_create_user(
        acting_user=None,
        username="office",
        password="probe",
        full_name="支队办公室",
        roles=["detachment_office"],
        area=city,
        check_password_strength=False,
    )


def submit(kind: str, data: bytes) -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from xiaoan.areas.models import User
    from xiaoan.complaints.models import ImportJob
    from xiaoan.complaints.services import do_start_import

    user = User.objects.get(username="office")
    client = Client()
    client.force_login(user)
    url = "/places/import/" if kind == "places" else "/complaints/import/"
    client.get(url)  # load the page's modules before the baseline
    reset_peak()
    before = resident_bytes()
    if kind == "complaints-job":
        # the upload as the background worker gets it (past the page's checks)
        job = do_start_import(
            acting_user=user, upload=SimpleUploadedFile("x.xlsx", data), name="x.xlsx"
        )
        job.refresh_from_db()
        body = f"{job.status}：{job.message}"
    else:
        response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", data)})
        body = response.content.decode()
        jobs = list(ImportJob.objects.values_list("status", "message"))
        body += "".join(f"\n[job {status}：{message[:200]}]" for status, message in jobs)
    return {"growth": peak_bytes() - before, "baseline": before, "body": body[-20_000:]}


def main() -> None:
    django.setup()
    if sys.argv[1] == "setup":
        setup()
        print(json.dumps({"ok": True}))
        return
    data = Path(sys.argv[2]).read_bytes()
    print(json.dumps(submit(sys.argv[1], data), ensure_ascii=False))


if __name__ == "__main__":
    main()
