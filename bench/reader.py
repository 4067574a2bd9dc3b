"""Time the briefing reader: the seed, and a 50,000-character document.

Start-up (importing the reader; loading jionlp's dictionaries once, as a
long-running server would) is measured separately from reading. The
50,000-character document is the seed and the test set's briefings in turn,
cut at 50,000 characters. Also measured, for comparison: jionlp's own time
extraction over the seed, which the date module replaces for the common forms.

    python bench/reader.py [--runs N] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "reader" / "data"


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "runs": len(samples),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    start = time.perf_counter()
    from xiaoan.reader.parsing import read_briefing

    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    import jionlp

    jionlp.parse_time("本月底", time_base=time.time())  # loads its dictionaries once
    jionlp_load_ms = (time.perf_counter() - start) * 1000

    seed = (DATA / "seed.txt").read_text(encoding="utf-8")
    start = time.perf_counter()
    reading = read_briefing(seed)
    first_ms = (time.perf_counter() - start) * 1000
    seed_runs = summary(timed(lambda: read_briefing(seed), args.runs))

    others = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*/*.txt"))]
    parts, size = [], 0
    while size < 50_000:
        for text in [seed, *others]:
            parts.append(text)
            size += len(text) + 1
    big = "\n".join(parts)[:50_000]
    big_reading = read_briefing(big)
    big_runs = summary(timed(lambda: read_briefing(big), max(3, args.runs // 10)))

    base = dt.datetime(2024, 3, 4).timestamp()
    jionlp_runs = summary(
        timed(lambda: jionlp.ner.extract_time(seed, time_base=base), max(3, args.runs // 10))
    )

    counts = {k: len(v) for k, v in reading.as_dict().items() if isinstance(v, list)}
    result = {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "import_reader_ms": round(import_ms, 1),
        "load_jionlp_ms": round(jionlp_load_ms, 1),
        "seed_chars": len(seed),
        "seed_first_read_ms": round(first_ms, 2),
        "seed": seed_runs,
        "seed_records": counts,
        "doc_50k_chars": len(big),
        "doc_50k": big_runs,
        "doc_50k_records": {
            k: len(v) for k, v in big_reading.as_dict().items() if isinstance(v, list)
        },
        "jionlp_extract_time_seed": jionlp_runs,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = args.out or ROOT / "bench" / "results" / f"reader-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
