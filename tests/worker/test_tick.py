"""The worker's tick task run in this process: an entry beat still holds for a list deleted behind its
back is removed by the task, through the CLI's queue room that names every entry."""

from __future__ import annotations

import importlib

import pytest

from digest.cli import queue
from digest.config import load_settings


def test_a_tick_for_a_list_that_is_gone_removes_its_beat_entry(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker import tasks

    setup = importlib.import_module("worker.app")  # `worker.app` the attribute is the Celery app itself
    app = setup.configure(setup.app, load_settings())  # on this test's key prefix
    monkeypatch.setattr(setup, "_runtime", None)  # and its store, not an earlier test's
    queue.install_tick(app, "gone", "default", 60)
    assert queue.has_tick(app, "gone", "default")
    assert tasks.tick("gone", "default") == "removed"
    assert not queue.has_tick(app, "gone", "default")
