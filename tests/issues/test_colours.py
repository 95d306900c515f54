"""The brand colour made readable: WCAG 2 contrast maths, and the least change that makes a colour
reach 4.5:1 as link text."""

from __future__ import annotations

import pytest

from digest.issues.colours import (
    DARK_PAPER,
    HOUSE_LINK,
    READABLE,
    WHITE,
    brand_style,
    contrast_ratio,
    parse_hex,
    readable_on,
)
from digest.models import Branding


def test_black_on_white_is_the_largest_contrast_and_a_colour_on_itself_the_least() -> None:
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#0a7", "#00aa77") == pytest.approx(1.0)
    assert contrast_ratio("#000", "#fff") == contrast_ratio("#fff", "#000")


def test_it_agrees_with_the_grey_that_just_passes_and_the_one_that_just_fails_aa() -> None:
    # #767676 is the lightest grey that reads on white at AA; #777777 is a shade too light.
    assert contrast_ratio("#767676", WHITE) >= READABLE > contrast_ratio("#777777", WHITE)


def test_it_reads_three_and_six_digit_hex_and_refuses_the_rest() -> None:
    assert parse_hex("#0a7") == parse_hex("#00AA77") == (0, 170, 119)
    for bad in ("0a", "#12345", "#ggg", "red", ""):
        with pytest.raises(ValueError):
            parse_hex(bad)


@pytest.mark.parametrize("colour", ["#00aa77", "#ffdd00", "#ff6600", "#7dd3fc", "#ffffff"])
def test_a_light_brand_colour_is_darkened_just_enough_to_read_on_white(colour: str) -> None:
    darker = readable_on(colour, WHITE)
    assert contrast_ratio(darker, WHITE) >= READABLE
    assert contrast_ratio(darker, WHITE) < READABLE + 0.1  # no darker than it must be
    assert contrast_ratio(colour, WHITE) < READABLE  # each of these needed it


def test_a_colour_that_reads_already_is_kept_as_chosen() -> None:
    assert readable_on("#1d4ed8", WHITE) == "#1d4ed8"
    assert readable_on("#0a7", "#000000") == "#00aa77"


@pytest.mark.parametrize("colour", ["#003366", "#7c2d12", "#1d4ed8"])
def test_a_dark_brand_colour_is_lightened_to_read_in_dark_mode(colour: str) -> None:
    assert contrast_ratio(readable_on(colour, DARK_PAPER), DARK_PAPER) >= READABLE


def test_the_rule_keeps_the_colour_as_chosen_while_links_get_the_readable_one() -> None:
    style = brand_style(Branding(colour="#fd0"))
    assert style.rule == "#ffdd00"
    assert contrast_ratio(style.link, WHITE) >= READABLE
    assert contrast_ratio(style.button_text, style.link) >= READABLE
    assert contrast_ratio(style.link_dark, DARK_PAPER) >= READABLE


def test_an_unbranded_list_keeps_the_house_colours() -> None:
    style = brand_style(Branding())
    assert style.link == HOUSE_LINK and style.colour == "" and style.logo == ""
    assert contrast_ratio(style.link_dark, DARK_PAPER) >= READABLE
