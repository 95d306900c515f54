"""Newsletter digest service: collect articles, pick highlights, send digests, track deliveries."""

__version__ = "0.1.0"
