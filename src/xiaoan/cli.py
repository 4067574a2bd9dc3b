"""The `xiaoan` command: Django's management commands plus xiaoan's own
(demo, loaddemo, serve, worker, token, backup, restore)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xiaoan", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
