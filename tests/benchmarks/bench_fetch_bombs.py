"""Benchmark: what a compression bomb or a trickling server costs the fetcher, in time and peak memory.

Serves each bomb from a loopback server and fetches it with the production client and limits (5 MB
cap), each case in its own process (peak RSS only grows), and prints wire bytes, outcome, seconds
and the peak RSS the fetch added. `--httpx-decoding` fetches the same bodies the way the fetcher did
before it inflated bodies itself (httpx's iter_bytes, counted after each chunk), for the comparison.

    python tests/benchmarks/bench_fetch_bombs.py                       # 2 GB inflated
    python tests/benchmarks/bench_fetch_bombs.py --httpx-decoding      # the old way (needs > 2 GB free)
    python tests/benchmarks/bench_fetch_bombs.py --inflated-mb 512

Cases: `gzip, gzip` (two layers: about 3 KB on the wire for 2 GB), one gzip layer (about 2 MB), and
(not with --httpx-decoding) a server that sends a 16 KB head one byte every 10 ms (160 s, each byte
well inside any read timeout): the fetch must end at its 30 s deadline.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digest.collect.fetch import Fetcher, FetchLimits, make_client
from digest.errors import FetchError
from tests.support.feedserver import Reply, serve

PIECE = 1 << 20


def gzip_zeros(megabytes: int) -> bytes:
    """gzip of `megabytes` MB of zeros, compressed piece by piece (never the whole input in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(PIECE)
    out = bytearray()
    for _ in range(megabytes):
        out += packer.compress(zeros)
    out += packer.flush()
    return bytes(out)


def build(folder: Path, megabytes: int) -> dict[str, Path]:
    single = gzip_zeros(megabytes)
    double = zlib.compress(single, 9, wbits=zlib.MAX_WBITS | 16)
    paths = {"gzip, gzip": folder / "double.gz", "gzip": folder / "single.gz"}
    paths["gzip, gzip"].write_bytes(double)
    paths["gzip"].write_bytes(single)
    return paths


def httpx_decoding(client: httpx.Client, url: str, cap: int) -> str:
    """How the fetcher read bodies before: httpx inflates each chunk (every layer), then it is counted."""
    body = bytearray()
    with client.stream("GET", url) as response:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > cap:
                return f"refused: body larger than {cap} bytes"
    return f"accepted {len(body)} bytes"


TRICKLE = "trickled head"


def one_case(path: Path, encoding: str, old_way: bool) -> dict[str, object]:
    body = path.read_bytes()
    reply = Reply(200, body, {"Content-Encoding": encoding})
    if encoding == TRICKLE:
        reply = Reply(200, b"<rss/>", {"X-Filler": "y" * 16_000}, head_pace=0.01)
    with serve({"/bomb": reply}) as server:
        limits = FetchLimits(allow_private=True)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with make_client() as client:
            if old_way:
                outcome = httpx_decoding(httpx.Client(), f"{server.base}/bomb", limits.max_bytes)
            else:
                try:
                    result = Fetcher(client, limits).get(f"{server.base}/bomb")
                    outcome = f"accepted {len(result.content)} bytes"
                except FetchError as exc:
                    outcome = f"refused: {str(exc).split(': ', 1)[1]}"
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {
        "encoding": encoding,
        "wire_bytes": len(reply.body) if encoding != TRICKLE else 16_000,
        "outcome": outcome,
        "seconds": round(seconds, 3),
        "peak_added_mb": round(peak_kb / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inflated-mb", type=int, default=2048)
    parser.add_argument("--httpx-decoding", action="store_true", help="the old way, for comparison")
    parser.add_argument("--case", nargs=2, metavar=("PATH", "ENCODING"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(one_case(Path(args.case[0]), args.case[1], args.httpx_decoding)))
        return
    way = "httpx decoding (before)" if args.httpx_decoding else "the fetcher (after)"
    print(f"bombs of {args.inflated_mb} MB inflated, 5 MB cap, read by {way}")
    with tempfile.TemporaryDirectory() as folder:
        cases = build(Path(folder), args.inflated_mb)
        if not args.httpx_decoding:
            cases[TRICKLE] = cases["gzip"]  # the body is not used
        for encoding, path in cases.items():
            command = [sys.executable, __file__, "--case", str(path), encoding]
            if args.httpx_decoding:
                command.append("--httpx-decoding")
            line = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            row = json.loads(line)
            print(
                f"  {row['encoding']:<13} {row['wire_bytes']:>9} B on the wire: {row['seconds']:>7.3f} s, "
                f"peak +{row['peak_added_mb']:>7.1f} MB, {row['outcome']}"
            )


if __name__ == "__main__":
    main()
