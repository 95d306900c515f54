"""Benchmark: how reading a hostile CSV file scales — a header of many columns, one enormous line.

Each case reads the file the way `subscribers import` does (digest.admin.csv_read: header, then every
record) in a process of its own, stopped after --timeout seconds, and prints the time, the peak memory
(RSS) and how the file ended (read, or the one-line refusal). No Redis needed.

    python tests/benchmarks/bench_csv_limits.py                  # 20 000 / 1 000 000 columns, 50 MB lines
    python tests/benchmarks/bench_csv_limits.py --timeout 200
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20


def write_case(folder: Path, name: str) -> Path:
    """Written piece by piece: the child's peak RSS starts from this process's (Linux keeps it across
    exec), so this process must never hold the big line itself."""
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        if name.startswith("columns-"):
            out.write("email")
            for n in range(20_000 if name == "columns-20k" else 1_000_000):
                out.write(f",c{n}")
            out.write("\na@example.com\n")
        else:
            out.write(
                "email," if name == "header-line-50mb" else "email,name\na@example.com,A\nb@example.com,"
            )
            for _ in range(50):
                out.write("x" * MB)
            out.write("\nc@example.com,C\n")
    return path


def read_one(path: Path) -> None:
    """In the child: read the file as an import does; print one JSON line of figures."""
    from digest.admin.csv_read import read_records
    from digest.errors import DigestError

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = ""
    try:
        with path.open(encoding="utf-8-sig", newline="") as text:
            _header, records = read_records(text, path.name)
            rows = bad = 0
            for record in records:
                rows += 1
                bad += bool(record.error)
            outcome = f"read: {rows} records, {bad} refused"
    except DigestError as exc:
        outcome = f"refused: {exc}"
    except Exception as exc:  # the code before the fix crashed on some files: say how
        outcome = f"crashed: {type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "added_mb": (peak - base) / 1024,
                      "outcome": outcome[:140]}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is stopped")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        read_one(args.child)
        return
    cases = ["columns-20k", "columns-1m", "header-line-50mb", "data-line-50mb"]
    print(f"{'case':<18} {'file':>8} {'time':>9} {'peak RSS':>9} {'added':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name in cases:
            path = write_case(Path(tmp), name)
            size = f"{path.stat().st_size / MB:.1f} MB"
            command = [sys.executable, __file__, "--child", str(path)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{name:<18} {size:>8} {'>' + format(args.timeout, '.0f') + ' s':>9}  (stopped)")
                continue
            if done.returncode != 0:
                print(f"{name:<18} {size:>8} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            figures = f"{r['seconds']:>7.2f} s {r['peak_mb']:>6.0f} MB {r['added_mb']:>5.0f} MB"
            print(f"{name:<18} {size:>8} {figures}  {r['outcome']}")
            path.unlink()


if __name__ == "__main__":
    main()
