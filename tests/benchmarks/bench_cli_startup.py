"""Benchmark: how long `digest --help` and `digest lists --help` take, as a person types them.

Each runs N times as a fresh process (the `digest` script next to this Python); the median is printed
with the fastest and slowest. Target for `digest --help`: 0.25 s or less.

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


def seconds(digest: Path, args: tuple[str, ...]) -> float:
    started = time.perf_counter()
    subprocess.run([str(digest), *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median printed)")
    runs = parser.parse_args().runs
    digest = Path(sys.executable).parent / "digest"
    seconds(digest, ("--help",))  # warm the file cache and the byte-code of every module
    for args in COMMANDS:
        times = [seconds(digest, args) for _ in range(runs)]
        print(
            f"digest {' '.join(args):<16} median {statistics.median(times):.3f} s  "
            f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)"
        )


if __name__ == "__main__":
    main()
