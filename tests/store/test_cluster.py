"""DIGEST_REDIS_CLUSTER_URL: the data on a real Redis Cluster, sharded by list, while the queue and
RedBeat stay on REDIS_URL; a cluster that cannot be used is one line naming the setting and the fix."""

from __future__ import annotations

import pytest
import redis

from digest.config import load_settings
from digest.errors import ConfigError
from digest.runtime import Runtime, celery_config
from tests.support.cli import fails, ok
from tests.support.cluster import Cluster

pytestmark = pytest.mark.cluster
# The `env` fixture then points DIGEST_REDIS_CLUSTER_URL at the test cluster (and cleans up there).
on_cluster = pytest.mark.parametrize("data_at", ["cluster"], indirect=True)


@on_cluster
def test_lists_are_spread_over_the_masters_and_nothing_of_the_data_lands_on_redis_url(
    redis_cluster: Cluster, env: dict[str, str], redis_url: str
) -> None:
    prefix = env["DIGEST_KEY_PREFIX"]
    slugs = [f"list{n}" for n in range(12)]
    for slug in slugs:
        ok("lists", "create", slug, "--name", slug, "--from", f"{slug}@example.com")
        ok("subscribers", "add", slug, f"reader@{slug}.example.com")
    nodes = redis_cluster.nodes
    held = [{k for k in node.client().scan_iter(match=f"{prefix}:*", count=1000)} for node in nodes]
    assert all(held)  # twelve lists' hash tags land on all three masters
    for slug in slugs:  # and each list's keys on one of them
        assert sum(any(f"{{{slug}}}" in key for key in keys) for keys in held) == 1
    assert not list(redis.Redis.from_url(redis_url).scan_iter(match=f"{prefix}:*", count=1000))
    assert [row["slug"] for row in ok("lists", "list")] == sorted(slugs)


@on_cluster
def test_the_queue_and_redbeat_stay_on_redis_url(env: dict[str, str]) -> None:
    config = celery_config(load_settings())
    assert config["broker_url"] == env["REDIS_URL"]
    assert config["redbeat_redis_url"] == env["REDIS_URL"]
    assert env["DIGEST_REDIS_CLUSTER_URL"] not in str(config)


def test_an_unreachable_cluster_is_one_line_naming_the_setting(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_REDIS_CLUSTER_URL", "redis://127.0.0.1:1")
    assert fails("lists", "list") == (
        "Error: cannot reach the Redis Cluster at 127.0.0.1:1 (connection refused): check "
        "DIGEST_REDIS_CLUSTER_URL (any node of the cluster), or unset it to keep the data on REDIS_URL"
    )


def test_a_plain_redis_named_as_the_cluster_is_one_line_saying_so(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    options = redis.Redis.from_url(redis_url).connection_pool.connection_kwargs
    if "host" not in options:
        pytest.skip("the test Redis listens on a unix socket")
    monkeypatch.setenv("DIGEST_REDIS_CLUSTER_URL", f"redis://{options['host']}:{options['port']}")
    line = fails("subscribers", "count")
    assert line == (
        f"Error: Redis at {options['host']}:{options['port']} is not a cluster node (cluster mode is off): "
        "point DIGEST_REDIS_CLUSTER_URL at a node of a Redis Cluster, "
        "or unset it to keep the data on REDIS_URL"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "unix:///run/redis.sock",
            "DIGEST_REDIS_CLUSTER_URL='unix:///run/redis.sock' must start with redis://",
        ),
        ("redis://10.0.0.5:99999", "DIGEST_REDIS_CLUSTER_URL='redis://10.0.0.5:99999' has no valid port"),
        ("redis://10.0.0.5:7000/3", "names database 3: a cluster has only 0"),
    ],
)
def test_a_malformed_cluster_url_is_refused_at_start_with_its_name(url: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(").replace("?", r"\?")):
        load_settings({"DIGEST_REDIS_CLUSTER_URL": url})


@on_cluster
def test_a_cluster_node_url_with_database_0_is_taken(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_REDIS_CLUSTER_URL", env["DIGEST_REDIS_CLUSTER_URL"] + "/0")
    assert Runtime.from_env().store.health.ping()
