"""SendGrid through its official library: one request per ≤1000 recipients, the answer read carefully.

202 accepted (X-Message-Id kept per recipient) · 429 wait until X-RateLimit-Reset, same batch again ·
5xx, or a connection that never carried the request: bounded retries with exponential backoff and
jitter, then failed with the reason · 400 not retried: the `errors` list is the reason, and the batch
is split to isolate a recipient the errors name · 413 split the batch · 401/403 stop the whole send.

No answer after the request went out (a read timeout, a dropped connection) cannot be retried
safely: SendGrid may have accepted it, so those recipients are reported `uncertain` (unconfirmed)
for an operator to resend deliberately.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from python_http_client import exceptions as http_errors
from sendgrid import SendGridAPIClient

from digest.config import SendGridOptions
from digest.errors import TransportError
from digest.models import Recipient, SendResult
from digest.transports.base import Batch
from digest.transports.sendgrid.body import personalization, request_body, request_groups


class SendStopped(TransportError):
    """The provider refused the account: the send must stop. Carries what was settled before."""

    def __init__(self, message: str, results: list[SendResult]) -> None:
        super().__init__(message, permanent=True)
        self.results = results


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries of one request against 5xx and connection failures
    base_delay: float = 1.0
    max_delay: float = 30.0
    rate_limited_attempts: int = 20  # 429s tolerated for one request
    max_rate_wait: float = 60.0  # never trust a reset further away than this
    bisect_budget: int = 24  # extra requests spent isolating recipients a 400 points at


@dataclass(frozen=True)
class _Answer:
    kind: str  # accepted | bad_request | too_large | failed | uncertain
    detail: str = ""
    errors: tuple[dict[str, Any], ...] = ()
    status: int = 0  # SendGrid's HTTP status when it answered with an error


def _errors(body: bytes | str | None) -> tuple[dict[str, Any], ...]:
    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        return ()
    items = parsed.get("errors", []) if isinstance(parsed, dict) else []
    return tuple(item for item in items if isinstance(item, dict))


def describe(errors: Sequence[dict[str, Any]]) -> str:
    parts = [
        f"{e['field']}: {e.get('message', '')}" if e.get("field") else str(e.get("message", ""))
        for e in errors
    ]
    return "; ".join(p for p in parts if p) or "no reason given"


def _culprits(errors: Sequence[dict[str, Any]], group: Sequence[Recipient]) -> set[int]:
    """Positions in the request that the 400's errors name, by field index or by address."""
    named: set[int] = set()
    by_address = {r.email.strip().lower(): i for i, r in enumerate(group)}
    for error in errors:
        field = str(error.get("field") or "")
        parts = field.split(".")
        if (
            len(parts) > 1
            and parts[0] == "personalizations"
            and parts[1].isdigit()
            and int(parts[1]) < len(group)
        ):
            named.add(int(parts[1]))
        message = str(error.get("message", "")).lower()
        named.update(i for address, i in by_address.items() if address in message)
    return named


def _encode(body: dict[str, Any]) -> str:
    try:
        return orjson.dumps(body).decode()
    except orjson.JSONEncodeError:  # a lone surrogate in a name, say: the standard encoder escapes it
        return json.dumps(body)


class SendGridTransport:
    name = "sendgrid"
    batch_size = 1000

    def __init__(
        self,
        api_key: str,
        *,
        host: str = "https://api.sendgrid.com",
        options: SendGridOptions | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.options = options or SendGridOptions()
        self.policy = policy or RetryPolicy()
        self._client = SendGridAPIClient(api_key=api_key, host=host)
        # The library's HTTP client has no timeout by default: a hung connection would hold a worker forever.
        self._client.client.timeout = self.options.timeout
        # Bodies are encoded here with orjson (a request of 1000 recipients is about a megabyte, and the
        # standard encoder spent more on it than on anything else per recipient): with a Content-Type
        # other than bare `application/json` the library sends the string it is given as UTF-8.
        self._client.client.request_headers["Content-Type"] = "application/json; charset=utf-8"
        self._mail_send = self._client.client.mail.send
        self._sleep, self._clock, self._jitter = sleep, clock, jitter

    def send_batch(self, batch: Batch) -> list[SendResult]:
        results: dict[str, SendResult] = {}
        ready: list[tuple[Recipient, dict[str, Any]]] = []
        for letter in batch.letters:
            recipient = letter.recipient
            try:
                ready.append((recipient, personalization(letter, batch.issue_id)))
            except ValueError as error:
                results[recipient.subscriber_id] = SendResult(
                    recipient.subscriber_id, ok=False, error=str(error), permanent=True
                )
        envelopes = {id(r): p for r, p in ready}
        budget = [self.policy.bisect_budget]
        try:
            for group in request_groups([r for r, _ in ready]):
                self._send_group(batch, group, envelopes, results, budget)
        except SendStopped as stop:
            stop.results = [results[r.subscriber_id] for r in batch.recipients if r.subscriber_id in results]
            raise
        return [results[r.subscriber_id] for r in batch.recipients]

    def _send_group(
        self,
        batch: Batch,
        group: list[Recipient],
        envelopes: dict[int, dict[str, Any]],
        results: dict[str, SendResult],
        budget: list[int],
    ) -> None:
        try:
            body = request_body(batch, [envelopes[id(r)] for r in group], self.options)
        except ValueError as error:
            raise SendStopped(str(error), []) from error
        answer = self._post(body)
        if answer.kind == "accepted":
            for r in group:
                results[r.subscriber_id] = SendResult(r.subscriber_id, ok=True, message_id=answer.detail)
        elif answer.kind == "too_large" and len(group) > 1:
            middle = len(group) // 2
            self._send_group(batch, group[:middle], envelopes, results, budget)
            self._send_group(batch, group[middle:], envelopes, results, budget)
        elif answer.kind == "bad_request" and len(group) > 1:
            self._isolate(batch, group, answer, envelopes, results, budget)
        else:
            permanent = answer.kind in ("bad_request", "too_large")
            for r in group:
                results[r.subscriber_id] = SendResult(
                    r.subscriber_id,
                    ok=False,
                    error=answer.detail,
                    permanent=permanent,
                    uncertain=answer.kind == "uncertain",
                    status=answer.status,
                )

    def _isolate(
        self,
        batch: Batch,
        group: list[Recipient],
        answer: _Answer,
        envelopes: dict[int, dict[str, Any]],
        results: dict[str, SendResult],
        budget: list[int],
    ) -> None:
        """Fail the recipients a 400 names and send the others; bisect when it names a position vaguely."""
        named = _culprits(answer.errors, group)
        about_recipients = any(
            str(e.get("field") or "").startswith("personalizations") for e in answer.errors
        )
        if named and budget[0] > 0:
            budget[0] -= 1
            for i in sorted(named):
                r = group[i]
                results[r.subscriber_id] = SendResult(
                    r.subscriber_id, ok=False, error=answer.detail, permanent=True, status=answer.status
                )
            rest = [r for i, r in enumerate(group) if i not in named]
            if rest:
                self._send_group(batch, rest, envelopes, results, budget)
        elif about_recipients and budget[0] > 1:
            budget[0] -= 2
            middle = len(group) // 2
            self._send_group(batch, group[:middle], envelopes, results, budget)
            self._send_group(batch, group[middle:], envelopes, results, budget)
        else:
            for r in group:
                results[r.subscriber_id] = SendResult(
                    r.subscriber_id, ok=False, error=answer.detail, permanent=True, status=answer.status
                )

    def _post(self, body: dict[str, Any]) -> _Answer:
        failures = rate_limited = last_status = 0
        encoded = _encode(body)
        while True:
            try:
                response = self._mail_send.post(request_body=encoded)
            except http_errors.HTTPError as error:
                status = int(error.status_code)
                if status in (401, 403):
                    raise SendStopped(
                        f"SendGrid refused the API key ({status}: {describe(_errors(error.body))}): "
                        "check SENDGRID_API_KEY and its Mail Send permission, then `digest issue resume`",
                        [],
                    ) from error
                if status == 429:
                    rate_limited += 1
                    if rate_limited > self.policy.rate_limited_attempts:
                        return _Answer(
                            "failed",
                            f"SendGrid 429: still rate limited after {rate_limited} tries",
                            status=429,
                        )
                    self._sleep(self._rate_wait(error.headers, rate_limited))
                    continue
                if status == 413:
                    return _Answer(
                        "too_large", "SendGrid 413: request too large even for one recipient", status=413
                    )
                if 400 <= status < 500:
                    errors = _errors(error.body)
                    return _Answer("bad_request", f"SendGrid {status}: {describe(errors)}", errors, status)
                failures += 1
                last_status = status
                reason = f"SendGrid {status} after {failures} tries: {describe(_errors(error.body))}"
            except urllib.error.URLError as error:
                # urllib wraps failures of connecting and of writing the request: nothing was accepted.
                failures += 1
                last_status = 0
                reason = f"SendGrid unreachable after {failures} tries: {error.reason}"
            except (OSError, http.client.HTTPException) as error:
                # The request went out and no answer came back: SendGrid may have accepted it.
                return _Answer(
                    "uncertain",
                    f"no answer from SendGrid ({error or type(error).__name__}): may have been sent",
                )
            else:
                return _Answer("accepted", str(response.headers.get("X-Message-Id", "")))
            if failures >= self.policy.attempts:
                return _Answer("failed", reason, status=last_status)
            self._sleep(self._backoff(failures))

    def _backoff(self, failures: int) -> float:
        ceiling = min(self.policy.max_delay, self.policy.base_delay * 2 ** (failures - 1))
        return float(
            ceiling / 2 + self._jitter() * ceiling / 2
        )  # "equal jitter": spread, yet never near zero

    def _rate_wait(self, headers: Any, tries: int) -> float:
        reset = str(headers.get("X-RateLimit-Reset", "")) if headers is not None else ""
        try:
            wait = float(reset) - self._clock()
        except (TypeError, ValueError):
            wait = self._backoff(tries)
        return min(self.policy.max_rate_wait, max(0.05, wait))
