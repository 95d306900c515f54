"""Names that become keys or headers are checked where they come in, with one line saying the rule:
list slugs and edition names (they are parts of Redis keys and beat's entries) and people's names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import fails, ok


@pytest.mark.parametrize("slug", ["morning\n", "Morning", "a*", "{x}", "two words", "_under", "x" * 41])
def test_a_list_slug_outside_the_rule_is_refused(env: dict[str, str], slug: str) -> None:
    line = fails("lists", "create", slug, "--name", "x", "--from", "x@example.com")
    assert "is not valid" in line and "lower-case letters" in line
    assert ok("lists", "list") == []


@pytest.mark.parametrize("edition", ["a*", "{x}", "two words", "a\nb", "weekly\n", "Weekly", "x" * 41])
def test_an_edition_name_outside_the_rule_is_refused(morning: str, edition: str) -> None:
    line = fails("schedule", "set", morning, "daily 07:00", "--edition", edition)
    assert "edition" in line and "lower-case letters" in line
    assert ok("schedule", "list") == []


def test_names_come_in_without_control_characters(morning: str, tmp_path: Path) -> None:
    added = ok("subscribers", "add", morning, "ada@example.com", "--name", "Ada\x00\x1b[2J\x7f Lovelace\r\n")
    assert added["name"] == "Ada[2J Lovelace"
    path = tmp_path / "people.csv"
    path.write_text('email,name\nbob@example.com,"Bob\x1b]0;x\x07\nBcc: all@example.com"\n', encoding="utf-8")
    ok("subscribers", "import", morning, str(path))
    assert ok("subscribers", "show", "bob@example.com")["name"] == "Bob]0;x Bcc: all@example.com"
    ok("lists", "update", morning, "--name", "Morning\r\nBcc: all@example.com")
    assert ok("lists", "show", morning)["name"] == "Morning Bcc: all@example.com"


def test_a_name_of_thousands_of_characters_is_refused_in_one_line(morning: str, tmp_path: Path) -> None:
    assert "at most" in fails("subscribers", "add", morning, "ada@example.com", "--name", "N" * 3000)
    path = tmp_path / "people.csv"
    path.write_text(f"email,name\nbob@example.com,{'N' * 3000}\ncy@example.com,Cy\n", encoding="utf-8")
    report = ok("subscribers", "import", morning, str(path))
    assert (report["added"], report["rejected"]) == (1, {"invalid": 1})
