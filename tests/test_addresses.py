"""Address checks: the import's fast path must agree with email-validator on every address."""

from __future__ import annotations

import random

import pytest
from email_validator import EmailNotValidError, validate_email

from digest.addresses import address_digest, check_address, check_from, display_name, normalise
from digest.errors import InvalidInput


def _library(text: str) -> tuple[bool, str]:
    try:
        return True, str(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return False, ""


TRICKY = [
    "ada@example.com",
    "Ada@Example.COM",
    "  ada@example.com ",
    "Postmaster@Example.com",
    "ABUSE@example.com",
    "a.b.c@example.co.uk",
    ".a@example.com",
    "a.@example.com",
    "a..b@example.com",
    "a@example..com",
    "a@-example.com",
    "a@example-.com",
    "a@example.com.",
    "a@example",
    "a@localhost",
    "a@example.invalid",
    "a@example.test",
    "a@123.123",
    "a@1.2.3.4",
    "a@[1.2.3.4]",
    "a@xn--bcher-kva.de",
    "a@xn--zz.de",
    "a@bücher.de",
    "zoë@example.com",
    '"a b"@example.com',
    "a b@example.com",
    "Ada <ada@example.com>",
    "a@b@example.com",
    "a+tag@example.com",
    "o'hara@example.com",
    "{weird}|~!#$%&'*/=?^`@example.com",
    "a@" + "b" * 63 + ".com",
    "a@" + "b" * 64 + ".com",
    "x" * 64 + "@example.com",
    "x" * 65 + "@example.com",
    "x" * 240 + "@example.com",
    "x" * 60 + "@" + ".".join(["d" * 60] * 3) + ".com",
    "x" * 10 + "@" + ".".join(["d" * 61] * 4),
    "a@EXAMPLE.com",
    "a@exa_mple.com",
    "",
    "@example.com",
    "a@",
]


@pytest.mark.parametrize("address", TRICKY)
def test_it_accepts_and_normalises_exactly_what_email_validator_does(address: str) -> None:
    ok, normalised = _library(address)
    problem, ours = check_address(address)
    assert (not problem) == ok, (address, problem)
    assert ours == normalised


def test_it_agrees_with_email_validator_on_thousands_of_random_addresses() -> None:
    rng = random.Random(20240501)
    local_chars = "abcdXYZ019" * 5 + "._+-'!~ \"@(),é"
    domain_chars = "abcdXYZ019" * 3 + ".-_ü"
    tlds = ["com", "co.uk", "invalid", "local", "test", "c", "123", "xn--p1ai", "example", "onion"]
    valid = 0
    for _ in range(5000):
        local = "".join(rng.choice(local_chars) for _ in range(rng.randint(0, 12)))
        domain = "".join(rng.choice(domain_chars) for _ in range(rng.randint(0, 14)))
        address = f"{local}@{domain}.{rng.choice(tlds)}" if rng.random() < 0.8 else f"{local}@{domain}"
        ok, normalised = _library(address)
        problem, ours = check_address(address)
        assert (not problem) == ok, address
        assert ours == normalised, address
        valid += ok
    assert 500 < valid < 4500  # both sides of the line were exercised


def test_a_refused_address_names_the_reason() -> None:
    with pytest.raises(InvalidInput, match=r"'not-an-address' is not a valid email address: .*@-sign"):
        normalise("not-an-address")


def test_the_suppression_digest_ignores_case_and_spaces() -> None:
    assert address_digest(" Ada@Example.com") == address_digest("ada@example.com")
    assert address_digest("ada@example.com") != address_digest("bob@example.com")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("Brief <brief@example.com>\r\nBcc: all@example.com", "one line"),
        ("Brief\n<brief@example.com>", "one line"),
        ("Brief\x00 <brief@example.com>", "one line"),
        ("Brief <brief@example.com>, Other <other@example.com>", "one address"),
        ("brief@example.com other@example.com", "is not an address"),
        ("Brief <zoë@example.com>", "ASCII"),
        ("Brief <brief@bücher.de>", "ASCII"),
        ("B" * 3000 + " <brief@example.com>", "at most"),
    ],
)
def test_a_from_that_would_break_every_delivery_is_refused_in_one_line(value: str, why: str) -> None:
    with pytest.raises(InvalidInput, match="--from") as refused:
        check_from(value)
    assert why in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "value",
    [
        "Brief <brief@example.com>",
        "brief@example.com",
        '"Brief, Inc." <brief@example.com>',
        "Zoë Brief <z@ex.com>",
    ],
)
def test_a_from_of_one_mailbox_is_kept_as_written(value: str) -> None:
    assert check_from(f"  {value} ") == value


def test_a_display_name_loses_its_control_characters_and_keeps_its_words() -> None:
    assert display_name("  Ada\x00 \x1b[31mLove\x7flace\r\nBcc: x\u202e ") == "Ada [31mLovelace Bcc: x"
    assert display_name("Zoë  O'Hara") == "Zoë O'Hara"
    assert display_name("") == ""


def test_a_display_name_of_thousands_of_characters_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at most"):
        display_name("N" * 3000)
