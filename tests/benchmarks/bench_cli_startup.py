"""Benchmark: how long `digest --help` and `digest lists --help` take, as a person types them.

Each runs N times as a fresh process (the `digest` script next to this Python); the median is printed
with the fastest and slowest, beside a bare `python -c pass` (the interpreter's own start, which no
change of ours can save) so a figure taken on a busy machine can still be read. Target for
`digest --help`: 0.25 s or less.

    python tests/benchmarks/bench_cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("--help",), ("lists", "--help"))


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def report(label: str, command: list[str], runs: int) -> None:
    times = [seconds(command) for _ in range(runs)]
    print(
        f"{label:<24} median {statistics.median(times):.3f} s  "
        f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median printed)")
    runs = parser.parse_args().runs
    digest = Path(sys.executable).parent / "digest"
    for args in COMMANDS:  # warm the file cache and the byte-code of every module
        seconds([str(digest), *args])
    report("python -c pass", [sys.executable, "-c", "pass"], runs)
    for args in COMMANDS:
        report(f"digest {' '.join(args)}", [str(digest), *args], runs)


if __name__ == "__main__":
    main()
