"""A RabbitMQ server for the broker tests: the one on 127.0.0.1:5672, else one started here from
Debian's rabbitmq-server (as `.ci/run` installs it), else a clear reason to skip."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

HOST, PORT = "127.0.0.1", 5672
URL = f"amqp://guest:guest@{HOST}:{PORT}//"
START_SECONDS = 90


def answers() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=0.5):
            return True
    except OSError:
        return False


def ensure_running() -> str | None:
    """None when a server answers (or was started); else why none can be had."""
    if answers():
        return None
    server = shutil.which("rabbitmq-server")
    if server is None:
        return (
            f"no RabbitMQ on {HOST}:{PORT} and no rabbitmq-server to start: apt-get install rabbitmq-server"
        )
    try:
        subprocess.run([server, "-detached"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"no RabbitMQ on {HOST}:{PORT}, and `rabbitmq-server -detached` failed: {exc}"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if answers():
            return None
        time.sleep(0.5)
    return f"rabbitmq-server was started but {HOST}:{PORT} did not answer within {START_SECONDS} s"


def delete_own(prefix: str) -> None:
    """Queues and exchanges outlive their test run on a shared server: remove those named after the
    test's key prefix (digest.runtime names them so), and only those."""
    from kombu import Connection

    with Connection(URL, connect_timeout=5) as connection:
        channel = connection.default_channel
        channel.queue_delete(f"{prefix}.tasks")
        for exchange in (f"{prefix}.tasks", f"{prefix}.events", f"{prefix}.control.pidbox"):
            channel.exchange_delete(exchange)
