"""A local stand-in for SendGrid's `POST /v3/mail/send`, for tests and the fan-out benchmark.

It checks what the real API checks — the Bearer key, the body against the official JSON schema, and
the documented limitations the schema cannot express (an address twice in one request, `;` or `,` in
a name, text/plain first) — answers 202 with an X-Message-Id, and counts messages per address so a
test can assert "exactly once". It can be told to answer 429/500/400/401/403/413 or to hang.

In-process: `with serve_standin() as (standin, url): ...`. As a process (the benchmark):
`python tests/support/sendgrid_standin.py --port 0 --validate-every 50` prints its URL; `GET /_stats` returns
its counters and its own CPU time.
"""

from __future__ import annotations

import argparse
import json
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SHARED_SCHEMA = ROOT.parent / "shared" / "schemas" / "sendgrid-mail-send.schema.json"
VENDORED_SCHEMA = ROOT / "tests" / "data" / "sendgrid-mail-send.schema.json"
API_KEY = "SG.standin-key"

Reply = tuple[int, dict[str, str], bytes]


def schema_path() -> Path:
    return SHARED_SCHEMA if SHARED_SCHEMA.exists() else VENDORED_SCHEMA


def _errors(*errors: tuple[str | None, str]) -> bytes:
    return json.dumps({"errors": [{"field": f, "message": m} for f, m in errors]}).encode()


class StandIn:
    def __init__(self, api_key: str = API_KEY, *, validate_every: int = 1, keep_bodies: bool = True) -> None:
        self.api_key = api_key
        self.validate_every = validate_every
        self.keep_bodies = keep_bodies
        self.validator = jsonschema.Draft7Validator(
            json.loads(schema_path().read_text()), format_checker=jsonschema.FormatChecker()
        )
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.bodies: list[dict[str, Any]] = []
        self.statuses: Counter[int] = Counter()
        self.requests = self.messages = self.validated = self.duplicates = 0
        self.plan: deque[str] = deque()  # behaviours for the next requests, in order: "429", "hang", …
        self.always = ""  # a behaviour for every request ("500", "401")
        self.reject: dict[str, str] = {}  # address -> message of a 400 naming it
        self.max_personalizations = 0  # above this a request gets 413 (0: no limit)
        self.hang_seconds = 3.0
        self.reset_after = 1.0
        self.delay = 0.0  # seconds every accepted request takes (a slow provider, for mid-send faults)
        self.after_accept: Callable[[], None] | None = None  # runs after each 202, e.g. to pause the issue

    def times(self, address: str) -> int:
        with self.lock:
            return self.counts[address]

    def handle(self, authorization: str, raw: bytes) -> Reply:
        with self.lock:
            self.requests += 1
            number = self.requests
            behaviour = self.plan.popleft() if self.plan else self.always
        if authorization != f"Bearer {self.api_key}" or behaviour in ("401", "403"):
            status = 403 if behaviour == "403" else 401
            return (
                status,
                {},
                _errors((None, "The provided authorization grant is invalid, expired, or revoked")),
            )
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {}, _errors((None, "Bad Request: body is not JSON"))
        if number % self.validate_every == 0 or number == 1:
            problems = sorted(self.validator.iter_errors(body), key=lambda e: list(e.path))
            with self.lock:
                self.validated += 1
            if problems:
                path = ".".join(str(p) for p in problems[0].path) or None
                return 400, {}, _errors(*((path, p.message) for p in problems[:5]))
        refusal = self._limitations(body)
        if refusal:
            return 400, {}, refusal
        if behaviour == "429":
            return (
                429,
                {"X-RateLimit-Reset": str(int(time.time() + self.reset_after))},
                _errors((None, "too many requests")),
            )
        if behaviour == "500":
            return 500, {}, _errors((None, "internal error"))
        if behaviour == "413":
            return 413, {}, _errors((None, "payload too large"))
        if self.max_personalizations and len(body["personalizations"]) > self.max_personalizations:
            return 413, {}, _errors((None, "payload too large"))
        for i, p in enumerate(body["personalizations"]):
            address = p["to"][0]["email"]
            if address in self.reject:
                return 400, {}, _errors((f"personalizations.{i}.to.0.email", self.reject[address]))
        if behaviour == "hang":
            time.sleep(self.hang_seconds)
        if self.delay:
            time.sleep(self.delay)
        self._count(body)
        if self.after_accept is not None:
            self.after_accept()
        return 202, {"X-Message-Id": secrets.token_urlsafe(16)}, b""

    def _limitations(self, body: dict[str, Any]) -> bytes:
        """What the real API refuses beyond the schema (its documented limitations)."""
        seen: set[str] = set()
        for i, p in enumerate(body.get("personalizations", [])):
            for j, person in enumerate(p.get("to", [])):
                address = str(person.get("email", "")).lower()
                if address in seen:
                    return _errors(
                        (
                            "personalizations",
                            "Each unique email address in the personalizations array should only be "
                            f"included once. You have included {address} more than once.",
                        )
                    )
                seen.add(address)
                if any(c in person.get("name", "") for c in ";,"):
                    return _errors((f"personalizations.{i}.to.{j}.name", "name cannot contain ; or ,"))
            substituted = sum(
                len(str(k).encode()) + len(str(v).encode()) for k, v in p.get("substitutions", {}).items()
            )
            if substituted > 10_000:  # the documented limit of the substitutions of one personalization
                limit = "The total size of substitutions may not exceed 10000 bytes per personalization"
                return _errors((f"personalizations.{i}.substitutions", limit))
        types = [c.get("type") for c in body.get("content", [])]
        if "text/plain" in types and types.index("text/plain") != 0:
            return _errors(("content", "The text/plain content type must be first"))
        return b""

    def _count(self, body: dict[str, Any]) -> None:
        with self.lock:
            if self.keep_bodies:
                self.bodies.append(body)
            for p in body["personalizations"]:
                for person in p["to"]:
                    self.counts[person["email"]] += 1
                    self.messages += 1
                    if self.counts[person["email"]] == 2:
                        self.duplicates += 1

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": self.requests,
                "messages": self.messages,
                "addresses": len(self.counts),
                "duplicates": self.duplicates,
                "validated": self.validated,
                "statuses": dict(self.statuses),
                "cpu_seconds": round(time.process_time(), 2),
            }


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/v3/mail/send":
                self._reply(404, {}, _errors((None, "not found")))
                return
            self._reply(*standin.handle(self.headers.get("Authorization", ""), raw))

        def do_GET(self) -> None:
            self._reply(200, {"Content-Type": "application/json"}, json.dumps(standin.stats()).encode())

        def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            with standin.lock:
                standin.statuses[status] += 1
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if body and "Content-Type" not in headers:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_standin(standin: StandIn | None = None) -> Iterator[tuple[StandIn, str]]:
    standin = standin or StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(standin))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield standin, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--key", default=API_KEY)
    parser.add_argument("--validate-every", type=int, default=1, help="validate every Nth body")
    args = parser.parse_args()
    standin = StandIn(args.key, validate_every=args.validate_every, keep_bodies=False)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), _handler(standin))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
