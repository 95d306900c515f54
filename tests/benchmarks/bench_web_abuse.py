"""Benchmark: the web app under the requests of issue 14 ("Safe in hostile hands"), with figures.

1. Timing of the opt-in form: median and 90th percentile answer time for an address that is new,
   pending, active and suppressed, through the SendGrid stand-in answering in 200 ms (a real
   provider's pace). The answer must not tell them apart: all four within a millisecond or two.
2. A 20 MB mail to /webhooks/inbound and a 19 MB form: time and peak memory of the answer.
3. A real `digest web` with N clients trickling their request heads: time to answer /healthz.
4. A 300 KB name stored before names were capped: the size of the email it now gets (was 936 KB).

    python tests/benchmarks/bench_web_abuse.py               # 200 form posts of each kind, 200 slow clients
    python tests/benchmarks/bench_web_abuse.py --slow 900    # close to what one worker holds (--connections)

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digest import admin  # noqa: E402
from digest.models import SuppressionReason  # noqa: E402
from digest.runtime import Runtime, utcnow  # noqa: E402
from digest.web import create_app  # noqa: E402
from digest.web.mailroom import mailroom  # noqa: E402
from tests.support.sendgrid_standin import API_KEY, serve_standin  # noqa: E402
from tests.support.servers import free_port  # noqa: E402


def form_timing(posts: int) -> None:
    with serve_standin() as (standin, url):
        standin.delay = 0.2
        os.environ.update(DIGEST_EMAIL_BACKEND="sendgrid", SENDGRID_API_KEY=API_KEY, SENDGRID_API_HOST=url)
        runtime = Runtime.from_env()
        store = runtime.store
        admin.create_list(store, "bench", name="Bench", from_addr="b@example.com", now=utcnow())
        app = create_app(runtime)
        kinds = {"new": [f"new{i}@example.com" for i in range(posts)]}
        kinds["active"] = ["active@example.com"] * posts
        kinds["pending"] = ["pending@example.com"] * posts
        kinds["suppressed"] = ["gone@example.com"] * posts
        admin.add_subscriber(store, "bench", "active@example.com", now=utcnow())
        store.suppression.add("gone@example.com", SuppressionReason.COMPLAINED, utcnow())
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        with app.test_client() as client:
            client.post("/subscribe/bench", data={"email": "pending@example.com"})
            mailroom(app).drain(30)
            order = list(kinds)
            for i in range(posts):
                random.Random(i).shuffle(order)  # interleaved in a new order each round: drift hits all alike
                for kind in order:
                    addresses = kinds[kind]
                    started = time.perf_counter()
                    answer = client.post(
                        "/subscribe/bench",
                        data={"email": addresses[i]},
                        environ_base={"REMOTE_ADDR": f"10.{i % 250}.{len(kind)}.1"},
                    )
                    times[kind].append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, answer.status_code
            mailroom(app).drain(posts)
        print(f"1. opt-in form, {posts} posts each, provider answering in 200 ms (answer time, ms):")
        for kind, values in times.items():
            p90 = statistics.quantiles(values, n=10)[-1]
            print(f"   {kind:<10} median {statistics.median(values):6.2f}   p90 {p90:6.2f}")
        print(f"   confirmation emails the provider got: {standin.messages}")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def oversized() -> None:
    runtime = Runtime.from_env()
    app = create_app(runtime)
    with app.test_client() as client:
        for label, path, data in (
            (
                "20 MB mail to /webhooks/inbound",
                "/webhooks/inbound",
                {"subject": "unsubscribe x " * 1_400_000},
            ),
            (
                "19 MB email field on the form",
                "/subscribe/bench",
                {"email": "a" * 19_000_000 + "@example.com"},
            ),
        ):
            before = _peak_mb()
            started = time.perf_counter()
            answer = client.post(path, data=data)
            took = (time.perf_counter() - started) * 1000
            print(
                f"2. {label}: {answer.status_code}, {took:.0f} ms, answer {len(answer.get_data())} bytes, "
                f"peak RSS {before:.0f} -> {_peak_mb():.0f} MB (the request itself is built in memory)"
            )


def _answer_time(url: str, timeout: float) -> float:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            pass
    except urllib.error.HTTPError:
        pass
    except OSError:
        return float("inf")
    return (time.perf_counter() - started) * 1000


def slow_clients(count: int) -> None:
    port = free_port()
    digest = Path(sys.executable).parent / "digest"
    process = subprocess.Popen(
        [str(digest), "web", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 30
        while _answer_time(url, 1) == float("inf"):
            assert time.monotonic() < deadline, "digest web did not start"
            time.sleep(0.2)

        def trickle() -> None:
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                while not stop.wait(1):
                    try:
                        sock.sendall(b"X")
                    except OSError:
                        return

        for _ in range(count):
            threading.Thread(target=trickle, daemon=True).start()
        time.sleep(3)
        answers = [_answer_time(url, 10) for _ in range(10)]
        shown = ", ".join("timeout" if t == float("inf") else f"{t:.0f}" for t in answers)
        print(f"3. digest web (2 gevent workers) with {count} slow clients: /healthz in ms: {shown}")
    finally:
        stop.set()
        os.killpg(process.pid, 15)
        process.wait(30)


def long_name() -> None:
    from tests.support.issues import make_issue, send_inline

    runtime = Runtime.from_env()
    store = runtime.store
    make_issue(store, 1, slug="names")
    person = store.subscribers.by_email("reader0@example.com")
    store.subscribers.rename(person.id, "Ada " + "x" * 300_000)  # as the form let strangers write it
    outbox = Path(os.environ["DIGEST_OUTBOX_DIR"])
    send_inline(store, runtime.transport(), runtime.links, "names", 1, utcnow)
    sizes = [path.stat().st_size for path in outbox.glob("*.eml")]
    print(
        f"4. an issue to a subscriber whose stored name is 300 KB: {max(sizes)} bytes ({len(sizes)} message)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--slow", type=int, default=200)
    args = parser.parse_args()
    prefix = f"bench-web-{uuid.uuid4().hex[:8]}"
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    workdir = Path(f"/tmp/{prefix}")
    workdir.mkdir()
    os.chdir(workdir)
    os.environ.update(
        REDIS_URL=redis_url,
        DIGEST_KEY_PREFIX=prefix,
        DIGEST_BASE_URL="https://news.example.com",
        DIGEST_SECRET_KEY="bench-secret-key-of-at-least-32-characters",
        DIGEST_DATA_DIR=str(workdir / "data"),
        DIGEST_OUTBOX_DIR=str(workdir / "outbox"),
    )
    try:
        form_timing(args.posts)
        for name in ("DIGEST_EMAIL_BACKEND", "SENDGRID_API_KEY", "SENDGRID_API_HOST"):
            os.environ.pop(name, None)
        oversized()
        slow_clients(args.slow)
        long_name()
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


if __name__ == "__main__":
    main()
