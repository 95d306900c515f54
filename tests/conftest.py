"""Fixtures on real parts: a real Redis (the machine's, or an embedded one when none runs), each test
under its own key prefix and cleaning up only what it wrote; a real HTTP server for the sample feed;
the SendGrid stand-in. Fixtures more than one test folder uses live here, helpers in tests/support/."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from cryptography.hazmat.primitives.asymmetric import ec

from digest.demo import serve_sample
from digest.runtime import Runtime
from digest.store import Store, embedded, open_store
from digest.store.connection import cluster_client
from tests.support.cli import ok
from tests.support.cluster import Cluster, running_cluster
from tests.support.sendgrid_standin import API_KEY, StandIn, serve_standin
from tests.support.webhooks import public_key_setting


def _local_redis_answers() -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DIGEST_TEST_REDIS_URL, else the Redis on 127.0.0.1:6379, else an embedded one for this session.

    DIGEST_TEST_REDIS_URL=embedded forces the embedded one, to check a machine with no Redis.
    """
    configured = os.environ.get("DIGEST_TEST_REDIS_URL", "")
    if configured and configured != "embedded":
        yield configured
        return
    if not configured and _local_redis_answers():
        yield "redis://127.0.0.1:6379/0"
        return
    data_dir = tmp_path_factory.mktemp("redis")
    server = embedded.ensure_running(data_dir)
    yield server.url
    embedded.stop(data_dir)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `also_on_cluster` runs twice: its data on the plain Redis, then on the test
    cluster (that run carries the `cluster` marker: `pytest -m cluster` picks it)."""
    if metafunc.definition.get_closest_marker("also_on_cluster") and "data_at" in metafunc.fixturenames:
        cluster = pytest.param("cluster", marks=pytest.mark.cluster)
        metafunc.parametrize("data_at", ["plain", cluster], indirect=True)


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[Cluster]:
    """A real three-master Redis Cluster on loopback, started once, for the tests that need it."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture
def data_at(request: pytest.FixtureRequest) -> Iterator[str]:
    """Where the test's data lives: "" for the plain Redis, else the URL of the test cluster, which
    then must not have refused a single command for crossing hash slots while the test ran (redis-py
    checks pipelines and scripts itself; this catches what only the server would see)."""
    if getattr(request, "param", "plain") != "cluster":
        yield ""
        return
    cluster: Cluster = request.getfixturevalue("redis_cluster")
    before = cluster.error_counts().get("CROSSSLOT", 0)
    yield cluster.url
    crossed = cluster.error_counts().get("CROSSSLOT", 0) - before
    assert not crossed, f"the cluster refused {crossed} command(s) whose keys span hash slots"


@pytest.fixture
def prefix(redis_url: str, data_at: str) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards (on the cluster too, when the
    test's data was there), and nothing else is."""
    name = f"digest-test-{uuid.uuid4().hex[:12]}"
    yield name
    # Join requests answered by a test's web app are recorded after the answer, on the mailroom's
    # threads: wait for them, or they would write under this prefix after it was cleaned.
    from digest.web.mailroom import drain_all

    drain_all(timeout=30)
    if data_at:
        # A cluster client's SCAN walks every master; its DEL splits the keys by slot.
        data = cluster_client(data_at)
        for key in list(data.scan_iter(match=f"{name}:*", count=1000)):
            data.delete(key)
        data.close()
    client = redis.Redis.from_url(redis_url)
    # Passes until one finds nothing: a Celery worker that was just stopped may still put back a
    # message it held (kombu restores unacknowledged ones) behind a pass's scan.
    for _pass in range(5):
        keys = list(client.scan_iter(match=f"{name}:*", count=1000))
        if not keys:
            break
        client.delete(*keys)
        if any(b":celery" in key or b"unacked" in key for key in keys):
            time.sleep(0.2)


@pytest.fixture
def env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, redis_url: str, prefix: str, data_at: str
) -> dict[str, str]:
    """The environment a test's CLI and workers see; the working directory is the test's own. With
    the data on the cluster, the queue and RedBeat stay on the plain Redis (REDIS_URL)."""
    values = {
        "REDIS_URL": redis_url,
        **({"DIGEST_REDIS_CLUSTER_URL": data_at} if data_at else {}),
        "DIGEST_KEY_PREFIX": prefix,
        "DIGEST_DATA_DIR": str(tmp_path / "data"),
        "DIGEST_OUTBOX_DIR": str(tmp_path / "outbox"),
        "DIGEST_ALLOW_PRIVATE_URLS": "1",
        "DIGEST_SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "DIGEST_BASE_URL": "https://news.example.com",
        "DIGEST_EMAIL_BACKEND": "outbox",
    }
    for name in ("CELERY_BROKER_URL", "SENDGRID_API_KEY", "SMTP_URL", "DIGEST_REDIS_CLUSTER_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return values


@pytest.fixture
def runtime(env: dict[str, str]) -> Runtime:
    return Runtime.from_env()


@pytest.fixture
def store(runtime: Runtime) -> Store:
    return runtime.store


@pytest.fixture
def bare_store(redis_url: str, prefix: str, data_at: str) -> Store:
    """A store without settings, for repository-level tests (on the test cluster in their `cluster` run)."""
    if data_at:
        return open_store(cluster_client(data_at), prefix)
    return open_store(redis.Redis.from_url(redis_url, decode_responses=True), prefix)


POSTAL_ADDRESS = "1 Quay Street, Bristol BS1 4DJ, United Kingdom"


@pytest.fixture
def morning(env: dict[str, str]) -> str:
    """A list named `morning`, created and given its postal address through the CLI as an operator
    would; its slug."""
    ok("lists", "create", "morning", "--name", "Morning", "--from", "Brief <brief@example.com>")
    ok("lists", "brand", "morning", "--address", POSTAL_ADDRESS)  # ready to send through a provider
    return "morning"


@pytest.fixture(scope="session")
def sample_feed_url() -> Iterator[str]:
    """The bundled sample feed served on a free loopback port."""
    with serve_sample() as base:
        yield f"{base}/feed.xml"


@pytest.fixture
def standin() -> Iterator[tuple[StandIn, str]]:
    """The SendGrid stand-in on a free loopback port, and its base URL, for a transport built by hand."""
    with serve_standin() as running:
        yield running


@pytest.fixture
def sendgrid_env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """The test's environment (its CLI and workers included) sends through SendGrid: a stand-in of its
    own, so the messages each address received can be counted."""
    with serve_standin() as (server, url):
        monkeypatch.setenv("DIGEST_EMAIL_BACKEND", "sendgrid")
        monkeypatch.setenv("SENDGRID_API_KEY", API_KEY)
        monkeypatch.setenv("SENDGRID_API_HOST", url)
        yield server


@pytest.fixture
def key(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> ec.EllipticCurvePrivateKey:
    """The key this test signs SendGrid event webhooks with; the settings carry its public half."""
    private = ec.generate_private_key(ec.SECP256R1())
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", public_key_setting(private))
    return private
