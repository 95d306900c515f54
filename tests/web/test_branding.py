"""Every web page of a list wears its branding: the logo, the colour (readable), the footer and the
postal address; a list with none keeps the house's look."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.admin.branding import brand_list
from digest.delivery.links import make_confirm_token, make_unsubscribe_token
from digest.issues.colours import HOUSE_LINK, READABLE, WHITE, contrast_ratio
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.issues.test_render import an_article
from tests.support.archive import sent_issue

LOGO = "https://cdn.example.com/harbour.png"
ADDRESS = "1 Quay Street, Bristol BS1 4DJ, United Kingdom"
FOOTER = "Harbour Notes & friends, written in Bristol."


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    for slug, name in (("harbour", "Harbour Notes"), ("plain", "Plain News")):
        admin.create_list(
            runtime.store, slug, name=name, from_addr=f"News <{slug}@example.com>", now=utcnow()
        )
    brand_list(runtime.store, "harbour", logo=LOGO, colour="#fd0", address=ADDRESS, footer=FOOTER)
    app = create_app(runtime)
    app.testing = True
    with app.test_client() as test_client:
        yield test_client


def pages(runtime: Runtime, slug: str) -> dict[str, str]:
    """The list's pages a reader can land on, by path."""
    person = admin.add_subscriber(runtime.store, slug, f"ada@{slug}.example.com", now=utcnow())
    token = make_unsubscribe_token(runtime.links.secret, person.id, slug)
    confirm = make_confirm_token(runtime.links.secret, person.id, slug)
    return {
        "subscribe": f"/subscribe/{slug}",
        "confirm": f"/confirm/{confirm}",
        "unsubscribe": f"/unsubscribe/{token}",
        "preferences": f"/preferences/{token}",
        "archive": f"/archive/{slug}",
    }


def button_colour(page: str) -> str:
    found = re.search(r"button \{[^}]*background: (#[0-9a-f]{6})", page)
    assert found is not None
    return found.group(1)


def test_every_page_of_a_branded_list_carries_its_branding(client: FlaskClient, runtime: Runtime) -> None:
    for name, path in pages(runtime, "harbour").items():
        page = client.get(path).get_data(as_text=True)
        assert f'<img src="{LOGO}" alt="Harbour Notes"' in page, name
        assert ADDRESS in page and htmllib.escape(FOOTER) in page, name
        assert "border-bottom: 3px solid #ffdd00" in page, name
        colour = button_colour(page)
        assert colour != HOUSE_LINK and contrast_ratio(colour, WHITE) >= READABLE, name


def test_the_message_after_unsubscribing_keeps_the_branding(client: FlaskClient, runtime: Runtime) -> None:
    path = pages(runtime, "harbour")["unsubscribe"]
    page = client.post(path, data={"List-Unsubscribe": "One-Click"}).get_data(as_text=True)
    assert "You are unsubscribed" in page and ADDRESS in page and LOGO in page


def test_the_pages_of_an_unbranded_list_keep_the_house_look(client: FlaskClient, runtime: Runtime) -> None:
    for name, path in pages(runtime, "plain").items():
        page = client.get(path).get_data(as_text=True)
        assert "<img" not in page and ADDRESS not in page and 'class="brand' not in page, name
        assert button_colour(page) == HOUSE_LINK, name


def test_an_archived_issue_wears_the_lists_branding_and_leads_back_to_the_archive(
    client: FlaskClient, runtime: Runtime
) -> None:
    base = runtime.settings.base_url
    for slug in ("harbour", "plain"):
        sent_issue(runtime.store, slug, 1, [an_article(1, id=f"{slug}-a1")], f"{base}/archive/{slug}")
    branded = client.get("/archive/harbour/1").get_data(as_text=True)
    assert f'src="{LOGO}"' in branded and ADDRESS in branded and htmllib.escape(FOOTER) in branded
    assert re.search(r"border-bottom: 3px solid #ffdd00", branded)
    plain = client.get("/archive/plain/1").get_data(as_text=True)
    assert "<img" not in plain and ADDRESS not in plain
    for slug, page in (("harbour", branded), ("plain", plain)):
        back = re.search(r'<a class="view-link" href="([^"]*)"[^>]*>([^<]*)</a>', page)
        assert back is not None and back.groups() == (f"/archive/{slug}", "← All issues")
        assert "View in browser" not in page
