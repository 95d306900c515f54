"""A free loopback port, for a server that must be told its port before it starts (aiosmtpd's
controller checks it is up by connecting to it; a redis-server of a test's own keeps its port across a
restart). Servers that can take port 0 and say which one they got should do that instead."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
