"""A list's branding (logo, colour, postal address, intro, footer): checked here, once, for every face.

Branding is printed into every email and web page of the list, so each value is held to a shape a
template can print without surprise: a colour is a hex colour, a logo an https URL (mail clients fetch
it, never we), texts are single-spaced and capped, with control and direction characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from digest.errors import InvalidInput
from digest.issues.colours import parse_hex, to_hex
from digest.models import MailingList
from digest.store import Store

# Long enough for any real value; short enough that no field can crowd the size guard of an issue.
LIMITS = {"logo": 500, "address": 300, "intro": 600, "footer": 400}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def clean_text(value: str) -> str:
    """One line of printable text: control and format characters (bidi overrides too) gone, spaces
    single. Newlines become spaces: an address typed on three lines reads fine on one."""
    kept = "".join(
        " " if ch in "\r\n\t" else ch for ch in value if ch in "\r\n\t" or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())


def _capped(option: str, value: str) -> str:
    text = clean_text(value)
    limit = LIMITS[option]
    if len(text) > limit:
        raise InvalidInput(f"--{option} is {len(text)} characters long: keep it within {limit}")
    return text


def check_colour(value: str) -> str:
    """'#0a7' → '#00aa77'; '' clears."""
    text = value.strip()
    if not text:
        return ""
    if not _HEX.fullmatch(text):
        raise InvalidInput(
            f"--colour {clean_text(value)[:20]!r} is not a hex colour: use e.g. '#0a7' or '#00aa77'"
        )
    return to_hex(parse_hex(text))


def check_logo(value: str) -> str:
    """An https URL with a host and no spaces or quotes; '' clears."""
    text = value.strip()
    if not text:
        return ""
    parts = urlsplit(text) if text.isprintable() else None
    if (
        parts is None
        or parts.scheme.lower() != "https"
        or not parts.hostname
        or any(ch in text for ch in " \"'<>\\")
    ):
        raise InvalidInput("--logo must be an https URL of an image, e.g. https://example.com/logo.png")
    if len(text) > LIMITS["logo"]:
        raise InvalidInput(f"--logo is {len(text)} characters long: keep it within {LIMITS['logo']}")
    return text


def brand_list(
    store: Store,
    slug: str,
    *,
    logo: str | None = None,
    colour: str | None = None,
    address: str | None = None,
    intro: str | None = None,
    footer: str | None = None,
) -> MailingList:
    """Change the given branding fields only; '' clears one."""
    fields: dict[str, str] = {}
    if logo is not None:
        fields["logo"] = check_logo(logo)
    if colour is not None:
        fields["colour"] = check_colour(colour)
    for option, value in (("address", address), ("intro", intro), ("footer", footer)):
        if value is not None:
            fields[option] = _capped(option, value)
    if not fields:
        raise InvalidInput(
            "nothing to change: give at least one of --logo, --colour, --address, --intro, --footer"
        )
    return store.lists.set_branding(slug, fields)


def branding_overview(mailing_list: MailingList) -> dict[str, str]:
    """What `lists show` prints under "branding" (and --json)."""
    brand = mailing_list.branding
    return {
        "logo": brand.logo,
        "colour": brand.colour,
        "address": brand.address,
        "intro": brand.intro,
        "footer": brand.footer,
    }
