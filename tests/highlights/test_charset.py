"""Page bytes → text: the server's header first, then the page's own declaration, for files and URLs alike."""

from __future__ import annotations

from digest.highlights.charset import decode_page

LATIN1_PAGE = '<html><head><meta charset="iso-8859-1"></head><body>Verfügbar</body></html>'.encode("latin-1")


def test_it_reads_the_pages_meta_charset() -> None:
    assert "Verfügbar" in decode_page(LATIN1_PAGE)


def test_it_reads_an_http_equiv_declaration() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>“Größe”</p>'

    assert "“Größe”" in decode_page(page.encode("cp1252"))


def test_the_http_header_wins_over_the_page() -> None:
    mislabelled = LATIN1_PAGE.replace(b"iso-8859-1", b"utf-8")

    assert "Verfügbar" in decode_page(mislabelled, "text/html; charset=ISO-8859-1")


def test_undeclared_bytes_are_utf8_when_they_can_be_and_windows_1252_otherwise() -> None:
    assert decode_page("Verfügbar".encode()) == "Verfügbar"
    assert decode_page("Verfügbar".encode("cp1252")) == "Verfügbar"


def test_an_unknown_or_hostile_label_falls_back_instead_of_failing() -> None:
    assert decode_page("Verfügbar".encode(), "text/html; charset=x-no-such-thing") == "Verfügbar"
    assert decode_page(b'<meta charset="utf-16"><p>ok</p>') == '<meta charset="utf-16"><p>ok</p>'
