"""Benchmark: `subscribers import` of a generated CSV (5 % bad rows) into a real Redis.

Prints rows/s and peak memory for two file sizes, each in its own process (peak RSS only grows),
so the memory ratio shows whether memory stays flat as the file grows. Target: 100 000 rows < 10 s.

    python tests/benchmarks/bench_import.py                 # 25 000 and 100 000 rows
    python tests/benchmarks/bench_import.py --rows 200000   # 50 000 and 200 000 rows

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import redis

from digest.admin import create_list
from digest.admin.csv_import import import_csv
from digest.store import open_store

BAD_SHARE = 0.05


def generate(path: Path, rows: int, seed: int = 7) -> int:
    """Write the CSV row by row; returns how many rows are bad (invalid, duplicate, malformed)."""
    rng = random.Random(seed)
    bad = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\ufeffemail;name;city;plan\n")
        for i in range(rows):
            if rng.random() < BAD_SHARE:
                bad += 1
                kind = i % 3
                if kind == 0:
                    out.write(f"user{i}.example.com;No At;Oslo;free\n")
                elif kind == 1 and i > 0:
                    out.write(f"person{i - 1}@mail{(i - 1) % 50}.example.com;Again;Oslo;free\n")
                else:
                    out.write(f'person{i}@mail{i % 50}.example.com;"Broken"quote;Oslo;free\n')
            else:
                out.write(f'person{i}@Mail{i % 50}.Example.com;"Person {i}, Jr";City {i % 97};pro\n')
    return bad


def child(rows: int, redis_url: str) -> dict[str, float]:
    prefix = f"bench-import-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store = open_store(client, prefix)
    now = datetime.now(UTC)
    try:
        create_list(store, "bench", name="Bench", from_addr="bench@example.com", now=now)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "people.csv"
            bad = generate(path, rows)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            report = import_csv(store, "bench", path, now=now, rejects_path=Path(tmp) / "rejects.csv")
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = import_csv(store, "bench", path, now=now)
            second = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert report.added + report.rejected_total == rows, report
        assert again.added == 0 and again.unchanged == report.added, again
        return {
            "rows": rows,
            "bad_generated": bad,
            "rejected": report.rejected_total,
            "seconds": first,
            "rows_per_s": rows / first,
            "rerun_seconds": second,
            "rss_before_mib": rss_before / 1024,
            "peak_rss_mib": peak / 1024,
            "import_growth_mib": (peak - rss_before) / 1024,
        }
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=5000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if args.child:
        print(json.dumps(child(args.rows, redis_url)))
        return
    results = []
    for rows in (args.rows // 4, args.rows):
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--rows", str(rows)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(done.stdout))
    for r in results:
        print(
            f"{r['rows']:>8} rows ({r['rejected']:.0f} rejected): {r['seconds']:6.2f} s, "
            f"{r['rows_per_s']:>8.0f} rows/s, re-run {r['rerun_seconds']:.2f} s, "
            f"peak RSS {r['peak_rss_mib']:.1f} MiB (import added {r['import_growth_mib']:.1f} MiB)"
        )
    small, large = results
    print(
        f"rows x{large['rows'] / small['rows']:.0f}: time x{large['seconds'] / small['seconds']:.2f}, "
        f"peak memory x{large['peak_rss_mib'] / small['peak_rss_mib']:.2f}"
    )


if __name__ == "__main__":
    main()
