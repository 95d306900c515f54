"""Articles in a window → a rendered, numbered issue.

compose (which articles), editions (who gets which schedule's issue), render (Jinja2, pure), build (the
use case that stores a new issue).
"""
