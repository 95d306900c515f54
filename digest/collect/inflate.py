"""Content-Encoding, inflated by us and never past the cap.

httpx inflates each chunk whole before anyone can count it, and applies every layer a server stacks:
a 1 969-byte `gzip, gzip` response took 2.1 GB and 10 s, a single layer peaked near 200 MB. Here one
layer of gzip or deflate is read (what we ask for), any other or stacked coding is refused, and zlib
is never asked for more than the room left under the cap plus one byte: that byte says "too big".
"""

from __future__ import annotations

import zlib

from digest.errors import FetchError

ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class Inflater:
    """Decodes one response body chunk by chunk; `feed` returns at most `room` + 1 bytes."""

    def __init__(self, url: str, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise FetchError(
                f"{url}: Content-Encoding {content_encoding.strip()[:100]!r} refused: "
                "only one layer of gzip or deflate is read",
                permanent=True,
            )
        self._url = url
        self._coding = codings[0] if codings else ""
        self._zlib = zlib.decompressobj(_WBITS[self._coding]) if self._coding else None
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        if self._zlib is None:
            return data
        try:
            out = self._zlib.decompress(data, room + 1)
        except zlib.error as exc:
            if self._coding != "deflate" or self._started:
                raise self._broken(exc) from exc
            # Some servers send raw deflate without the zlib wrapper the standard asks for.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                out = self._zlib.decompress(data, room + 1)
            except zlib.error as raw_exc:
                raise self._broken(raw_exc) from raw_exc
        self._started = True
        return out

    def finish(self, room: int) -> bytes:
        """What zlib still holds once the input has ended (nothing is left unread: `feed` saw to it)."""
        if self._zlib is None:
            return b""
        try:
            return self._zlib.flush(room + 1)
        except zlib.error as exc:
            raise self._broken(exc) from exc

    def _broken(self, exc: zlib.error) -> FetchError:
        return FetchError(f"{self._url}: the {self._coding} body is corrupt ({exc})", permanent=True)
