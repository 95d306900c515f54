"""What `digest issue send | preview` say when they will not build: nothing to show (and why), or
nobody to send to."""

from __future__ import annotations

from typing import Any

import click

from digest.admin.preview import why_nothing
from digest.cli.output import emit, plain, runtime
from digest.delivery.postal import check_address
from digest.errors import DigestError
from digest.issues.build import has_audience, pending_selection
from digest.runtime import utcnow


def say_nothing(
    list_slug: str, as_json: bool, *, extra: dict[str, Any] | None = None, also: str = ""
) -> None:
    """Why there is nothing to preview or send: one line (`also` appended), exit 1 when only the
    operator can change it (a list without feeds)."""
    left_out = pending_selection(runtime().store, list_slug, utcnow()).left_out
    nothing = why_nothing(runtime().store, list_slug, left_out)
    if nothing.error:
        raise DigestError(nothing.reason)
    said = nothing.reason + also
    # The keys both commands printed before, and why.
    data = {"list": list_slug, "issue": None, "articles": 0, "html": None, "text": None, **(extra or {})}
    shown = "\n".join(plain(line) for line in said.split("\n"))
    emit(as_json, {**data, "reason": said, "left_out": left_out}, lambda _c: click.echo(shown))


def refuse_empty_audience(list_slug: str) -> None:
    """An issue built for nobody spends its articles: refused unless the operator says --allow-empty."""
    rt = runtime()
    waiting = len(pending_selection(rt.store, list_slug, utcnow()).articles)
    if waiting and not has_audience(rt.store, list_slug):
        raise DigestError(
            f"list {list_slug!r} has no active subscribers: sending would use up its {waiting} new "
            "articles with nobody to read them; add subscribers, or give --allow-empty to publish the "
            "issue in the archive anyway"
        )


def refuse_without_address(list_slug: str) -> str:
    """A real send needs the list's postal address (digest/delivery/postal.py): refused before an
    issue is built. The outbox goes without: the note returned ('' with an address) is for the caller
    to say once, if it sends."""
    rt = runtime()
    note = check_address(rt.store.lists.get(list_slug), rt.settings.email_backend)
    return plain(note)
