"""Benchmark: what one GET /archive/LIST costs for a list with a long history, against a real Redis.

The index shows the newest page of issues (20) with the first titles of each; it reads issues without
their rendered bodies and walks back only as far as the page needs. This stores ISSUES sent issues of
HTML_KB of rendered HTML each, then times the first page and a deep page through the real Flask route
and prints the seconds and the size of the answer. Target: the first page's time does not grow with
the list's history.

    python tests/benchmarks/bench_archive.py                     # 1 000 issues of 60 KB
    python tests/benchmarks/bench_archive.py --issues 200 --html-kb 20

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

import redis

from digest.admin import create_list
from digest.config import load_settings
from digest.models import Article, Issue, IssueStatus, RenderedIssue
from digest.runtime import Runtime
from digest.web import create_app


def run(issues: int, html_kb: int, redis_url: str, requests: int = 9) -> dict[str, float]:
    prefix = f"bench-archive-{uuid.uuid4().hex[:8]}"
    runtime = Runtime(load_settings({"REDIS_URL": redis_url, "DIGEST_KEY_PREFIX": prefix}))
    store = runtime.store
    start = datetime(2023, 1, 1, 7, tzinfo=UTC)
    body = RenderedIssue("s", "<p>" + "x" * (html_kb * 1024) + "</p>", "t")
    try:
        create_list(store, "brief", name="Brief", from_addr="b@example.com", now=start)
        for number in range(1, issues + 1):
            when = start + timedelta(days=number)
            ids = [f"a{number}-{n}" for n in range(10)]
            store.articles.save_many(
                [
                    Article(i, "f", f"https://example.com/{i}", f"Story {i}", "Ex", when, ["One."], "lead")
                    for i in ids
                ]
            )
            issue = Issue(f"brief-{number}", "brief", "Brief", number, f"Brief #{number}", when, when, ids,
                          IssueStatus.SENT)  # fmt: skip
            store.issues.create(issue, body)
        client = create_app(runtime).test_client()
        figures: dict[str, float] = {"issues": issues, "html_kb_per_issue": html_kb}
        for name, url in (("first_page", "/archive/brief"), ("page_10", "/archive/brief?page=10")):
            times, size = [], 0
            for _ in range(requests):
                started = time.perf_counter()
                answer = client.get(url)
                times.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.status_code
                size = len(answer.data)
            figures[f"{name}_seconds_median"] = round(statistics.median(times), 4)
            figures[f"{name}_bytes"] = size
        return figures
    finally:
        raw = redis.Redis.from_url(redis_url)
        keys = list(raw.scan_iter(match=f"{prefix}:*", count=1000))
        for i in range(0, len(keys), 1000):
            raw.delete(*keys[i : i + 1000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--html-kb", type=int, default=60)
    args = parser.parse_args()
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    print(json.dumps(run(args.issues, args.html_kb, url), indent=2))


if __name__ == "__main__":
    main()
