"""GET/POST /subscribe/LIST and GET/POST /confirm/TOKEN: double opt-in.

The answer to the form is the same, and takes as long, whether or not the address is known: only its
syntax is checked on the request path; recording and mailing happen after the answer (web/mailroom).
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.wrappers import Response

from digest.addresses import normalise
from digest.audience import subscribe as joining
from digest.delivery.links import read_confirm_token
from digest.errors import InvalidInput
from digest.models import MailingList
from digest.runtime import Runtime, utcnow
from digest.web.guards import client_key, posted_from_elsewhere
from digest.web.mailroom import mailroom
from digest.web.pages import editions_for, page, render, runtime

subscribe = Blueprint("subscribe", __name__)
FORM_LIMIT = 10  # requests per client per window: enough for typos, too few for a flood
FORM_WINDOW = 3600


def _form(ml: MailingList, *, description: str, status: int = 200) -> Response:
    return render(
        "web/subscribe.html.j2",
        status=status,
        title=f"Subscribe to {ml.name}",
        list_name=ml.name,
        description=description,
        action=f"/subscribe/{ml.slug}",
        editions=editions_for(ml.slug),
        brand=ml.branding,
    )


def elsewhere() -> Response:
    return page(
        "This form must be sent from this site",
        ["The request came from another web site. Open the form on this site and send it from there."],
        status=403,
    )


@subscribe.get("/subscribe/<slug>")
def form(slug: str) -> Response:
    ml = runtime().store.lists.get(slug)
    return _form(ml, description=ml.description)


@subscribe.post("/subscribe/<slug>")
def join(slug: str) -> Response:
    rt = runtime()
    ml = rt.store.lists.get(slug)
    if posted_from_elsewhere(request, rt.settings.base_url):
        return elsewhere()
    try:
        address = normalise(request.form.get("email", ""))
    except InvalidInput as exc:
        return _form(ml, description=str(exc), status=400)
    done = page(
        "Check your inbox",
        [f"If {address} can receive {ml.name}, we are sending it a link to confirm. It works for 7 days."],
        brand=ml.branding,
    )
    if request.form.get("website"):
        return done  # the honeypot: a bot filled the field people cannot see; it learns nothing
    if not rt.store.throttle.allow(
        "subscribe", client_key(request.remote_addr), limit=FORM_LIMIT, window_seconds=FORM_WINDOW
    ):
        return page("Too many requests", ["Please try again in an hour."], status=429)
    name, edition = request.form.get("name", ""), request.form.get("edition", "")
    mailroom(current_app).submit(lambda: _ask(rt, slug, address, name, edition))
    return done


def _ask(rt: Runtime, slug: str, address: str, name: str, edition: str) -> None:
    joining.ask_to_join(rt.store, rt.links, rt.transport(), slug, address, name, utcnow(), edition=edition)


@subscribe.get("/confirm/<token>")
def confirm_page(token: str) -> Response:
    """A page with one button: mail scanners follow GET links, so GET alone must not subscribe."""
    rt = runtime()
    claim = read_confirm_token(rt.links.secret, token)
    ml = rt.store.lists.get(claim.list_slug)
    return render(
        "web/confirm.html.j2",
        title=f"Confirm: {ml.name}",
        list_name=ml.name,
        action=f"/confirm/{token}",
        brand=ml.branding,
    )


@subscribe.post("/confirm/<token>")
def confirm(token: str) -> Response:
    rt = runtime()
    if posted_from_elsewhere(request, rt.settings.base_url):
        return elsewhere()
    done = joining.confirm(rt.store, read_confirm_token(rt.links.secret, token), utcnow())
    name, brand = done.mailing_list.name, done.mailing_list.branding
    if done.subscribed:
        return page("You are subscribed", [f"The next issue of {name} will reach you. Welcome!"], brand=brand)
    return page(
        "You are not subscribed",
        [
            f"This link was for a subscription to {name} that has ended since, so it changes nothing.",
            f"To get {name} again, subscribe on its page: a new link will be sent to you.",
        ],
        brand=brand,
    )
