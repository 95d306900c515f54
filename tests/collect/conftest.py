"""A feed server on loopback and a fetcher that reaches it by any host name, for the collector's
specifications."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from digest.collect.fetch import Fetcher, FetchLimits
from tests.support.feedserver import RouteHosts, Server, serve


@pytest.fixture
def server() -> Iterator[Server]:
    with serve({}) as running:
        yield running


@pytest.fixture
def fetcher(server: Server) -> Iterator[Fetcher]:
    with httpx.Client(transport=RouteHosts(server.port), timeout=5) as client:
        yield Fetcher(client, FetchLimits(allow_private=True, total_seconds=3))
