"""`digest web` as production starts it (a real gunicorn process): slow clients do not stall it, and a
start-up that cannot work says why in one line; when the links in emails (DIGEST_BASE_URL) will not
reach it, it says so in one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.cli.web import base_url_warning
from tests.support.processes import wait_until
from tests.support.servers import free_port

DIGEST = Path(sys.executable).parent / "digest"


def _start(port: int, tmp_path: Path, **extra_env: str) -> subprocess.Popen[bytes]:
    out = (tmp_path / "web.out").open("wb")
    return subprocess.Popen([str(DIGEST), "web", "--port", str(port)], env={**os.environ, **extra_env},
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def _answers(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same (/healthz is 503 with no worker)
    except OSError:
        return False


@pytest.fixture
def site(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = _start(port, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(f"{url}/healthz", 1), 30, "digest web to answer")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    said = (tmp_path / "web.out").read_text()
    assert "Traceback" not in said and "Warning" not in said, said  # started and stopped cleanly


def _slowloris(port: int, stop: threading.Event) -> None:
    """Opens a request and sends its head one byte a second, never finishing it."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        while not stop.wait(1):
            try:
                sock.sendall(b"X")
            except OSError:
                return


@pytest.mark.slow
def test_slow_clients_do_not_stall_the_web_app(site: str) -> None:
    port = int(site.rsplit(":", 1)[1])
    stop = threading.Event()
    slow = [threading.Thread(target=_slowloris, args=(port, stop), daemon=True) for _ in range(100)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(2)  # every slow client has a connection open and its head half sent
        assert all(_answers(f"{site}/healthz", 10) for _ in range(5))
    finally:
        stop.set()


@pytest.mark.slow
def test_the_form_records_and_mails_through_the_real_server(
    site: str, env: dict[str, str], tmp_path: Path
) -> None:
    from digest import admin
    from digest.runtime import Runtime, utcnow

    admin.create_list(Runtime.from_env().store, "morning", name="Morning", from_addr="m@example.com",
                      now=utcnow())  # fmt: skip
    form = urllib.parse.urlencode({"email": "ada@example.com", "name": "Ada"}).encode()
    with urllib.request.urlopen(f"{site}/subscribe/morning", data=form, timeout=10) as answer:
        assert answer.status == 200 and answer.headers["X-Frame-Options"] == "DENY"
    outbox = Path(env["DIGEST_OUTBOX_DIR"])
    wait_until(lambda: len(list(outbox.glob("*.eml"))) == 1, 30, "the confirmation email")


def _start_up_error(tmp_path: Path, port: int, **extra_env: str) -> str:
    process = _start(port, tmp_path, **extra_env)
    process.wait(timeout=60)
    said = (tmp_path / "web.out").read_text()
    assert process.returncode == 1 and "Traceback" not in said, said
    assert len(said.strip().splitlines()) == 1, said
    return said


@pytest.mark.slow
def test_a_missing_signing_key_is_one_line_naming_the_setting(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIGEST_SECRET_KEY")
    said = _start_up_error(tmp_path, free_port(), DIGEST_EMAIL_BACKEND="sendgrid", SENDGRID_API_KEY="SG.x")
    assert "DIGEST_SECRET_KEY" in said


@pytest.mark.slow
def test_a_port_in_use_is_one_line_naming_the_fix(env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        said = _start_up_error(tmp_path, taken.getsockname()[1])
    assert "in use" in said and "--port" in said


@pytest.mark.parametrize(
    ("base_url", "host", "port"),
    [
        ("http://localhost:8000", "127.0.0.1", 8000),
        ("http://127.0.0.1:8080/", "127.0.0.1", 8080),
        ("http://localhost", "localhost", 80),
        ("https://news.example.com", "127.0.0.1", 8000),  # a proxy in front: its business
        ("https://news.example.com", "0.0.0.0", 8000),
    ],
)
def test_it_stays_quiet_when_the_links_reach_the_app(base_url: str, host: str, port: int) -> None:
    assert base_url_warning(base_url, host, port) == ""


def test_it_warns_when_the_base_url_names_another_local_port() -> None:
    warning = base_url_warning("http://localhost:8000", "127.0.0.1", 9000)
    assert "DIGEST_BASE_URL" in warning and "9000" in warning and "8000" in warning
    assert "\n" not in warning


def test_it_warns_when_readers_elsewhere_would_get_links_to_this_machine_only() -> None:
    warning = base_url_warning("http://localhost:8000", "0.0.0.0", 8000)
    assert "DIGEST_BASE_URL" in warning and "public address" in warning
    assert "\n" not in warning
