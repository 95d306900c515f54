"""A list's branding, beside the other domain objects (digest.models) only to keep each module short."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Branding:
    """A list's own look, '' meaning the house default; validated by digest/admin/branding.py."""

    logo: str = ""  # an https URL: mail clients fetch it, we never do
    colour: str = ""  # '#rrggbb'
    address: str = ""  # the postal address every commercial mailing must carry (CAN-SPAM)
    intro: str = ""
    footer: str = ""
