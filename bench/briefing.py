"""Time building a city's March 2024 briefing: the content from the records,
the Word file, and the PDF where LibreOffice is installed.

    .venv/bin/python bench/briefing.py                    # a fresh SQLite file
    .venv/bin/python bench/briefing.py --db postgres://…  # that database, migrated, kept
    .venv/bin/python bench/briefing.py --db postgres://…/xiaoan_bench --generated

By default the city is the demo's 盘锦市; with `--generated` it is city B01 of
the province made by generate.py (its 214,000 hazards, 71,000 places and
140,000 12345 orders), on the generated data's clock (2024-03-20).

The database gets the migrations and the demo (`xiaoan.demo.loader.load_demo`,
idempotent). Each step runs `--runs` times (default 5) after one warm-up run;
the median and the slowest wall-clock times are printed and written as JSON to
bench/results/briefing-<sqlite|postgresql>-<date>.json. The target is a city
month built in ≤ 3 s (content and Word file; the PDF is reported on its own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
TARGET_SECONDS = 3.0


def timed(step: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    result = step()  # warm-up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - began)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="", help="DATABASE_URL (default: a fresh SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF step")
    parser.add_argument(
        "--generated", action="store_true", help="city B01 of a database made by generate.py"
    )
    args = parser.parse_args()
    if args.generated and not args.db:
        parser.error("--generated needs --db")

    tmp = tempfile.mkdtemp(prefix="xiaoan-bench-briefing-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "xiaoan.settings",
            "SECRET_KEY": "bench",
            "XIAOAN_DEBUG": "0",
            "XIAOAN_DATA_DIR": tmp,
            "XIAOAN_TODAY": "2024-03-20" if args.generated else "2024-03-04",
        }
    )
    if args.db:
        os.environ["DATABASE_URL"] = args.db
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO_DIR / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from xiaoan.areas.models import Area
    from xiaoan.briefings import pdf
    from xiaoan.briefings.builder import build_monthly, monthly_period
    from xiaoan.briefings.render import to_docx
    from xiaoan.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    if args.generated:
        city = Area.objects.get(code="B01")
    else:
        load_demo()
        city = Area.objects.get(code="211100")
    period = monthly_period(city, "2024-03")

    def build() -> Any:
        return build_monthly(city, period)

    build_times, content = timed(build, args.runs)
    docx_times, docx = timed(lambda: to_docx(content), args.runs)
    both_times, _ = timed(lambda: to_docx(build()), args.runs)
    figures: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "database": connection.vendor,
        "city": city.name,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "paragraphs": sum(len(s.paragraphs()) for s in content.sections),
        "docx_bytes": len(docx),
        "build_median_s": statistics.median(build_times),
        "build_max_s": max(build_times),
        "docx_median_s": statistics.median(docx_times),
        "build_and_docx_median_s": statistics.median(both_times),
        "build_and_docx_max_s": max(both_times),
        "target_s": TARGET_SECONDS,
    }
    if not args.no_pdf and pdf.available():
        pdf_times, data = timed(lambda: pdf.to_pdf(docx), min(args.runs, 3))
        figures.update(pdf_median_s=statistics.median(pdf_times), pdf_bytes=len(data))
    for key, value in figures.items():
        print(f"{key:24} {value:.3f}" if isinstance(value, float) else f"{key:24} {value}")
    verdict = "met" if figures["build_and_docx_max_s"] <= TARGET_SECONDS else "MISSED"
    print(f"target ≤ {TARGET_SECONDS:g} s for content + Word: {verdict}")
    label = "generated" if args.generated else connection.vendor
    out = BENCH_DIR / "results" / f"briefing-{label}-{figures['date']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
