"""Admin use cases behind the CLI: lists, subscribers, feeds. Validation lives here, not in the CLI.

One module per concern (lists, subscribers, CSV import and export, privacy, suppression; feeds in
digest.admin.feeds); the names the CLI, the demo and the tests have always used stay importable here.
"""

from __future__ import annotations

from digest.admin.feeds import FeedCheck, add_feed, remove_feed
from digest.admin.lists import create_list
from digest.admin.subscribers import add_subscriber

__all__ = ["FeedCheck", "add_feed", "add_subscriber", "create_list", "remove_feed"]
