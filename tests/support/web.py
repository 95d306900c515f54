"""The web app's tests wait for what its answers queued (the confirmation emails are sent after the
answer, off the request path)."""

from __future__ import annotations

from flask.testing import FlaskClient

from digest.web.mailroom import mailroom


def settle(client: FlaskClient) -> None:
    """Wait until every join request the answers queued has been recorded and mailed."""
    assert mailroom(client.application).drain(timeout=30), "the join requests were not handled in 30 s"
