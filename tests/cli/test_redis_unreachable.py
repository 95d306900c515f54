"""Every command that needs Redis says in one line when it cannot have it — which Redis, why, and what
to do — and exits 1; an import that loses Redis half-way says how far it got and that it can be re-run."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import redis

from digest.cli import cli
from digest.store import embedded
from tests.support.cli import fails, ok, run

# Arguments that get each command as far as its first use of Redis.
INVOCATIONS: dict[str, tuple[str, ...]] = {
    "articles list": ("morning",),
    "demo": (),
    "feeds add": ("morning", "http://127.0.0.1:9/feed.xml"),
    "feeds export": ("morning",),
    "feeds import": ("morning", "FILE"),
    "feeds list": (),
    "feeds poll": ("--all",),
    "feeds remove": ("morning", "x"),
    "issue approve": ("morning", "1", "--inline"),
    "issue cancel": ("morning-1",),
    "issue drop": ("morning", "1", "1"),
    "issue edit-highlights": ("morning", "1", "1", "--text", "A line."),
    "issue list": ("morning",),
    "issue pause": ("morning-1",),
    "issue preview": ("morning",),
    "issue report": ("morning", "1"),
    "issue resend": ("morning-1", "--unconfirmed"),
    "issue resume": ("morning-1",),
    "issue send": ("morning", "--inline"),
    "issue show": ("morning-1",),
    "issue status": ("morning-1",),
    "lists create": ("morning", "--name", "M", "--from", "m@example.com"),
    "lists delete": ("morning", "--yes"),
    "lists list": (),
    "lists show": ("morning",),
    "lists update": ("morning", "--name", "N"),
    "lists brand": ("morning", "--intro", "Hello."),
    "schedule list": (),
    "schedule pause": ("morning",),
    "schedule resume": ("morning",),
    "schedule run-now": ("morning", "--inline"),
    "schedule set": ("morning", "daily 07:00"),
    "schedule show": ("morning",),
    "stats": ("morning",),
    "subscribers add": ("morning", "a@example.com"),
    "subscribers count": (),
    "subscribers export": ("morning",),
    "subscribers export-person": ("a@example.com",),
    "subscribers forget": ("a@example.com", "--yes"),
    "subscribers import": ("morning", "FILE"),
    "subscribers list": ("morning",),
    "subscribers remove": ("morning", "a@example.com"),
    "subscribers set-edition": ("morning", "a@example.com", "weekly"),
    "subscribers show": ("a@example.com",),
    "suppress add": ("a@example.com",),
    "suppress list": (),
    "prune": (),
    "templates export": ("morning", "templates"),
    "templates preview": ("morning",),
    "suppress remove": ("a@example.com",),
}
# Options that take a command down another path to Redis (test copies, review settings).
VARIANTS: dict[str, tuple[str, ...]] = {
    "issue preview --to": ("morning", "--to", "me@example.com"),
    "issue send --to": ("morning", "--to", "me@example.com"),
    "lists update --review": ("morning", "--review", "on", "--editors", "ed@example.com"),
    "lists update --welcome": ("morning", "--welcome", "on"),
    "lists update --templates": ("morning", "--templates", "default"),
}
# They never open the store.
WITHOUT_REDIS = {"web", "embedded status", "embedded stop", "highlights", "templates check"}


def _leaf_commands(group: click.Group, ctx: click.Context, path: str = "") -> Iterator[str]:
    """Every command a person can type; the root loads its commands lazily, so ask it for them."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, ctx, f"{path}{name} ")
        else:
            yield f"{path}{name}"


def test_every_command_is_covered_here() -> None:
    with click.Context(cli) as ctx:
        assert set(_leaf_commands(cli, ctx)) == set(INVOCATIONS) | WITHOUT_REDIS
    for variant in VARIANTS:
        assert variant.rsplit(" ", 1)[0] in INVOCATIONS, variant


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("email\na@example.com\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", sorted({**INVOCATIONS, **VARIANTS}))
def test_a_refused_connection_is_one_line_naming_redis_and_the_fix(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, people: Path, command: str
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    args = [str(people) if a == "FILE" else a for a in {**INVOCATIONS, **VARIANTS}[command]]
    line = fails(*command.split(" --")[0].split(), *args)
    assert line == (
        "Error: cannot reach Redis at 127.0.0.1:1 (connection refused): is redis-server running? "
        "check REDIS_URL, or unset it to use the embedded one"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:99999/0", "REDIS_URL='redis://127.0.0.1:99999/0' has no valid port"),
        ("redis://127.0.0.1:abc/0", "REDIS_URL='redis://127.0.0.1:abc/0' has no valid port"),
        ("redis://127.0.0.1:6379/x", "REDIS_URL='redis://127.0.0.1:6379/x' names no database number"),
        ("redis://nosuchhost.invalid:6379/0", "cannot reach Redis at nosuchhost.invalid:6379 (no such host)"),
        ("unix:///nonexistent/redis.sock", "cannot reach Redis at /nonexistent/redis.sock (no such file)"),
    ],
)
def test_a_bad_redis_url_is_one_line_naming_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    monkeypatch.setenv("REDIS_URL", url)
    assert expected in fails("lists", "list")


def test_a_database_the_server_does_not_have_is_one_line(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    host = redis.Redis.from_url(env["REDIS_URL"]).connection_pool.connection_kwargs
    if "host" not in host:
        pytest.skip("the test Redis listens on a unix socket")
    monkeypatch.setenv("REDIS_URL", f"redis://{host['host']}:{host['port']}/99")
    line = fails("lists", "list")
    assert "database 99" in line and "REDIS_URL" in line


@pytest.mark.slow
def test_redis_stopped_mid_import_says_how_far_it_got_and_a_rerun_completes_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "own-redis"
    server = embedded.ensure_running(data_dir)
    try:
        monkeypatch.setenv("REDIS_URL", server.url)
        ok("lists", "create", "big", "--name", "Big", "--from", "b@example.com")
        rows = 60_000
        path = tmp_path / "big.csv"
        path.write_text("email\n" + "".join(f"p{n}@example.com\n" for n in range(rows)), encoding="utf-8")
        watcher = redis.Redis.from_url(server.url)
        counts = f"{env['DIGEST_KEY_PREFIX']}:{{big}}:counts"

        def stop_after_some_rows() -> None:
            while int(watcher.hget(counts, "active") or 0) < 2000:
                time.sleep(0.005)
            embedded.stop(data_dir)

        stopper = threading.Thread(target=stop_after_some_rows)
        stopper.start()
        line = fails("subscribers", "import", "big", str(path))
        stopper.join(timeout=30)
        assert line.startswith(f"Error: cannot reach Redis at {server.socket}"), line
        found = re.search(r"stopped after (\d+) of its rows: running the same import again is safe", line)
        assert found, line
        handled = int(found.group(1))
        assert 0 < handled < rows

        embedded.ensure_running(data_dir)
        stored = int(watcher.hget(counts, "active") or 0)
        assert stored >= handled  # rows the message counts are stored; a batch in flight may be too
        again = ok("subscribers", "import", "big", str(path))
        assert again["added"] == rows - stored and again["unchanged"] == stored
        assert ok("subscribers", "count", "big")["active"] == rows
        assert run("subscribers", "import", "big", str(path), "--json").exit_code == 0
    finally:
        embedded.stop(data_dir)
