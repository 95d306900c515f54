"""Feed URL → stored Article.

fetch (HTTP with caps and the SSRF guard), feedxml and feeds (parse, identify entries), backoff, collector
(one feed, one article page) and poller (many feeds, politely). The only use case that reaches the network.
"""
