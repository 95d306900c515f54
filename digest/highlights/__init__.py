"""Page HTML or text → ExtractedPage → 2–4 highlights.

Pure: no Redis, no HTTP (an import contract keeps it so). choose.py is the one place that says which
source of highlights wins.
"""
