"""Unsubscribe (RFC 8058 one-click and the page with one button), preferences, and the mailto target
through SendGrid Inbound Parse."""

from __future__ import annotations

import re
from itertools import islice

from flask import Blueprint, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from digest.audience import preferences as choices
from digest.delivery.links import read_unsubscribe_token
from digest.errors import InvalidInput
from digest.runtime import utcnow
from digest.web.guards import posted_from_elsewhere
from digest.web.pages import editions_for, page, render, runtime
from digest.web.subscribe import elsewhere

unsubscribe = Blueprint("unsubscribe", __name__)
_TOKEN_IN_MAIL = re.compile(r"unsubscribe[ +]([A-Za-z0-9_.\-]{1,500})", re.IGNORECASE)
# Where a token can be in a mail to the unsubscribe address, and how much of it is read: a real
# unsubscribe mail has one token in its subject or address; a few candidates allow for quoting.
_INBOUND_FIELDS = ("subject", "to", "envelope")
_FIELD_CHARS = 2000
_CANDIDATES = 5


@unsubscribe.get("/unsubscribe/<token>")
def confirm_page(token: str) -> Response:
    """A page with one button: mail scanners follow GET links, so GET alone must not unsubscribe."""
    rt = runtime()
    claim = read_unsubscribe_token(rt.links.secret, token)
    ml = rt.store.lists.get(claim.list_slug)
    email = rt.store.subscribers.get(claim.subscriber_id).email
    return render(
        "web/unsubscribe.html.j2",
        title=f"Unsubscribe from {ml.name}",
        list_name=ml.name,
        email=email,
        action=f"/unsubscribe/{token}",
        preferences_url=f"/preferences/{token}",
        brand=ml.branding,
    )


@unsubscribe.post("/unsubscribe/<token>")
def one_click(token: str) -> Response:
    """RFC 8058: a POST (`List-Unsubscribe=One-Click`, no cookies) unsubscribes at once; 200, no redirect."""
    rt = runtime()
    ml = choices.unsubscribe(rt.store, read_unsubscribe_token(rt.links.secret, token), utcnow())
    return page("You are unsubscribed", [f"You will get no more issues of {ml.name}."], brand=ml.branding)


@unsubscribe.route("/preferences/<token>", methods=["GET", "POST"])
def preferences(token: str) -> Response:
    rt = runtime()
    claim = read_unsubscribe_token(rt.links.secret, token)
    ml = rt.store.lists.get(claim.list_slug)
    notice = ""
    if request.method == "POST" and posted_from_elsewhere(request, rt.settings.base_url):
        return elsewhere()
    if request.method == "POST":
        if request.form.get("action") == "leave":
            choices.unsubscribe(rt.store, claim, utcnow())
            notice = "You are unsubscribed."
        elif request.form.get("action") == "pause":
            until = choices.take_a_break(
                rt.store,
                claim,
                {str(w): w for w in choices.PAUSE_WEEKS}.get(request.form.get("weeks", ""), 0),
                utcnow(),
            )
            notice = f"Paused: issues resume after {until:%d %b %Y}."
        elif request.form.get("action") == "resume":
            choices.end_break(rt.store, claim)
            notice = "Welcome back: the next issue will reach you."
        elif request.form.get("edition"):
            choices.choose_edition(rt.store, claim, request.form["edition"], utcnow())
            notice = "Saved: your next issue starts where your last one ended."
    editions = editions_for(claim.list_slug)
    default = editions[0]["name"] if editions else ""
    status = choices.status_of(rt.store, claim)
    return render(
        "web/preferences.html.j2",
        title=f"Your {ml.name} subscription",
        list_name=ml.name,
        email=rt.store.subscribers.get(claim.subscriber_id).email,
        editions=editions,
        state=status.value if status else "not subscribed",
        notice=notice,
        action=f"/preferences/{token}",
        current=rt.store.editions.chosen(claim.list_slug, claim.subscriber_id) or default,
        paused_until=rt.store.pauses.paused_among(claim.list_slug, [claim.subscriber_id], utcnow()).get(
            claim.subscriber_id
        ),
        weeks=choices.PAUSE_WEEKS,
        brand=ml.branding,
    )


@unsubscribe.post("/webhooks/inbound")
def inbound() -> Response:
    """SendGrid Inbound Parse posts mail sent to the List-Unsubscribe mailto address. The signed token
    in its subject (or in the address, unsubscribe+TOKEN@) says who leaves which list."""
    rt = runtime()
    try:
        where = " ".join(request.form.get(field, "")[:_FIELD_CHARS] for field in _INBOUND_FIELDS)
    except RequestEntityTooLarge:
        # 200 all the same: Inbound Parse retries non-2xx answers, and a stray mail will never parse better.
        return Response(
            "ignored: the mail is too large to be an unsubscribe request\n", mimetype="text/plain"
        )
    for match in islice(_TOKEN_IN_MAIL.finditer(where), _CANDIDATES):
        try:
            claim = read_unsubscribe_token(rt.links.secret, match.group(1))
        except InvalidInput:
            continue
        choices.unsubscribe(rt.store, claim, utcnow())
        return Response("unsubscribed\n", mimetype="text/plain")
    return Response("no unsubscribe token found\n", mimetype="text/plain")
