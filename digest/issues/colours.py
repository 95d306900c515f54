"""A list's brand colour, made safe to read: the WCAG 2 contrast maths and the colours derived from it.

An editor picks a colour for how it looks as a rule or a button; as link text on white (or on the dark
background of a reader in dark mode) the same colour may be unreadable. So the colour is kept as given
where it only decorates, and darkened (lightened, in dark mode) just enough where it carries text.
Pure: strings in, strings out.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.models import Branding

# WCAG 2.x AA for body text: the ratio a link in running text must reach.
READABLE = 4.5
WHITE = "#ffffff"
DARK_PAPER = "#1f2937"  # the message's background in dark mode (templates/email/_base.html.j2)
HOUSE_LINK = "#1d4ed8"
HOUSE_RULE = "#111827"


def parse_hex(colour: str) -> tuple[int, int, int]:
    """'#0a7' or '#00aa77' as (r, g, b); ValueError for anything else."""
    digits = colour.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"{colour!r} is not a hex colour such as #0a7 or #00aa77")
    value = int(digits, 16)  # ValueError for a non-hex digit
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(colour: str, towards: str, share: float) -> str:
    a, b = parse_hex(colour), parse_hex(towards)
    return to_hex((a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share, a[2] + (b[2] - a[2]) * share))


def readable_on(colour: str, background: str, minimum: float = READABLE) -> str:
    """`colour` itself when it reads on `background`, else the least shift of it towards black (on a
    light background) or white (on a dark one) that does: the hue stays the brand's."""
    if contrast_ratio(colour, background) >= minimum:
        return to_hex(parse_hex(colour))
    towards = "#000000" if luminance(background) > 0.18 else WHITE
    low, high = 0.0, 1.0
    for _ in range(20):  # bisection: contrast grows monotonically with the share
        middle = (low + high) / 2
        if contrast_ratio(_mix(colour, towards, middle), background) >= minimum:
            high = middle
        else:
            low = middle
    return _mix(colour, towards, high)


@dataclass(frozen=True)
class BrandStyle:
    """The colours and texts a template is given for one list; the house's look when unbranded."""

    logo: str
    intro: str
    footer: str
    address: str
    colour: str  # as the editor chose it, '' for the house's look
    rule: str  # the masthead rule: the brand colour exactly as chosen
    link: str  # links and the button's background on white: readable
    link_dark: str  # links on the dark-mode background: readable
    button_text: str  # text on a `link`-coloured button


def brand_style(branding: Branding) -> BrandStyle:
    colour = branding.colour
    link = readable_on(colour, WHITE) if colour else HOUSE_LINK
    return BrandStyle(
        logo=branding.logo,
        intro=branding.intro,
        footer=branding.footer,
        address=branding.address,
        colour=colour,
        rule=to_hex(parse_hex(colour)) if colour else HOUSE_RULE,
        link=link,
        link_dark=readable_on(colour or "#93c5fd", DARK_PAPER),
        button_text=WHITE,  # `link` reads on white, so white reads on `link`
    )
