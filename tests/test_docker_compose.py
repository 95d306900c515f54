"""docker-compose.yml cannot be started here (no Docker engine), so it is checked as data: valid
against the Compose Specification, and every service's command exists in this project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED_SCHEMA = ROOT.parent / "shared" / "schemas" / "compose-spec.json"
# A copy of the official schema, for clones that do not sit beside shared/.
VENDORED_SCHEMA = ROOT / "tests" / "data" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def test_the_compose_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema_path = SHARED_SCHEMA if SHARED_SCHEMA.exists() else VENDORED_SCHEMA
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft7Validator(schema).validate(compose)


def test_the_vendored_schema_is_the_shared_one() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip("shared/ is not beside this clone")
    assert json.loads(VENDORED_SCHEMA.read_text()) == json.loads(SHARED_SCHEMA.read_text())


def test_redis_keeps_its_data_with_aof_and_has_a_healthcheck(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    assert "--appendonly" in redis["command"]
    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    assert "healthcheck" in redis
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_every_process_runs_from_the_one_image_built_here(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert (ROOT / "Dockerfile").is_file()
    ours = ("worker", "beat", "web", "flower")
    assert len({services[name]["image"] for name in ours}) == 1
    assert all(services[name]["build"] == "." for name in ours)
    assert all(services[name]["env_file"][0]["path"] == ".env" for name in ours)
    assert services["worker"]["command"][:4] == ["celery", "-A", "worker", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "worker", "beat"]


@pytest.mark.slow
@pytest.mark.parametrize("service", ["worker", "beat", "web", "flower"])
def test_every_service_command_exists_and_loads_the_app(
    compose: dict[str, Any], service: str, env: dict[str, str]
) -> None:
    command = compose["services"][service]["command"]
    executable = shutil.which(command[0], path=str(Path(sys.executable).parent)) or shutil.which(command[0])
    assert executable, f"{command[0]} is not installed"
    # `--help` after the subcommand loads the app (-A worker) without starting the process.
    done = subprocess.run(
        [executable, *command[1:], "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout


def test_the_web_app_is_reached_only_through_a_buffering_proxy(compose: dict[str, Any]) -> None:
    """Slow clients wait on the proxy's event loop, which passes on whole requests only, within its own
    time limits; the app trusts the one X-Forwarded-For hop the proxy writes, and only that."""
    services = compose["services"]
    assert "ports" not in services["web"]
    assert services["web"]["environment"] == {"REDIS_URL": "redis://redis:6379/0", "DIGEST_PROXY_HOPS": "1"}
    proxy = services["proxy"]
    assert any(port.endswith(":8080") for port in proxy["ports"])
    (mount,) = proxy["volumes"]
    config = (ROOT / mount.split(":")[0]).read_text()
    for directive in ("client_header_timeout 10s;", "client_body_timeout 10s;", "proxy_request_buffering on;",
                      "client_max_body_size 20m;", "proxy_pass http://web:8000;",
                      "proxy_set_header X-Forwarded-For $remote_addr;"):  # fmt: skip
        assert directive in config, directive


def test_prometheus_is_optional_and_scrapes_the_web_app_with_the_admin_token(compose: dict[str, Any]) -> None:
    """Off unless its profile is asked for; the bearer token comes from DIGEST_ADMIN_TOKEN through a
    secret file, so the committed config holds no token."""
    services = compose["services"]
    prometheus = services["prometheus"]
    assert prometheus["profiles"] == ["monitoring"]
    assert all("profiles" not in services[name] for name in ("redis", "worker", "beat", "web", "proxy"))
    assert compose["secrets"]["digest_admin_token"] == {"environment": "DIGEST_ADMIN_TOKEN"}
    assert prometheus["secrets"] == ["digest_admin_token"]
    assert all(port.startswith("127.0.0.1:") for port in prometheus["ports"])
    (config_mount,) = [v for v in prometheus["volumes"] if v.endswith("/prometheus.yml:ro")]
    config = yaml.safe_load((ROOT / config_mount.split(":")[0]).read_text())
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    assert job["authorization"] == {
        "type": "Bearer",
        "credentials_file": "/run/secrets/digest_admin_token",
    }
    web_port = services["web"]["expose"][0]
    assert job["static_configs"] == [{"targets": [f"web:{web_port}"]}]
