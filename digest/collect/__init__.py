"""Feed URL → stored Article.

fetch (HTTP with caps and the SSRF guard), feedxml with feedrules (the fast reader and the feedparser
rules it restates) and feeds (parse, identify entries), backoff, collector (one feed, one article page)
and poller (many feeds, politely). The only use case that reaches the network.
"""
