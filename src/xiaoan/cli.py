"""The `xiaoan` command: Django's management commands plus xiaoan's own
(demo, loaddemo, serve, worker, token, backup, restore,
import-complaints, reencrypt-pii); a hyphen in a command's name stands for an underscore."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoan.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # `xiaoan import-complaints` runs import_complaints
    if args[:1] == ["demo"]:
        # before the settings load: the demo's key, plain-HTTP cookies and pinned day
        # (settings.py), inherited by the web and worker processes it starts
        os.environ.setdefault("XIAOAN_DEMO", "1")
    execute_from_command_line(["xiaoan", *args])


if __name__ == "__main__":
    main()
