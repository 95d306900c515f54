"""GET/POST /subscribe/LIST and GET /confirm/TOKEN: double opt-in."""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.wrappers import Response

from digest.audience import subscribe as joining
from digest.delivery.fanout import recipient_for
from digest.delivery.links import make_confirm_token, read_confirm_token
from digest.errors import InvalidInput
from digest.models import MailingList
from digest.runtime import utcnow
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
    )


@subscribe.get("/subscribe/<slug>")
def form(slug: str) -> Response:
    ml = runtime().store.lists.get(slug)
    return _form(ml, description=ml.description)


@subscribe.post("/subscribe/<slug>")
def join(slug: str) -> Response:
    rt = runtime()
    ml = rt.store.lists.get(slug)
    done = page(
        "Check your inbox",
        [
            f"If {request.form.get('email', '').strip()} can receive {ml.name}, "
            "we have sent it a link to confirm. It works for 7 days."
        ],
    )
    if request.form.get("website"):
        return done  # the honeypot: a bot filled the field people cannot see; it learns nothing
    if not rt.store.throttle.allow(
        "subscribe", request.remote_addr or "-", limit=FORM_LIMIT, window_seconds=FORM_WINDOW
    ):
        return page("Too many requests", ["Please try again in an hour."], status=429)
    try:
        join_request = joining.request_subscription(
            rt.store,
            slug,
            request.form.get("email", ""),
            request.form.get("name", ""),
            utcnow(),
            edition=request.form.get("edition", ""),
        )
    except InvalidInput as exc:
        return _form(ml, description=str(exc), status=400)
    if join_request.needs_confirmation:
        person = join_request.subscriber
        token = make_confirm_token(rt.links.secret, person.id, slug)
        recipient = recipient_for(rt.links, person.id, person.email, person.name, slug)
        message = joining.confirmation_message(
            ml, person, recipient, f"{rt.settings.base_url}/confirm/{token}"
        )
        joining.send_confirmation(rt.transport(), message)
    return done


@subscribe.get("/confirm/<token>")
def confirm(token: str) -> Response:
    rt = runtime()
    ml = joining.confirm(rt.store, read_confirm_token(rt.links.secret, token), utcnow())
    return page("You are subscribed", [f"The next issue of {ml.name} will reach you. Welcome!"])
