"""An issue → recorded deliveries.

fanout (claimed chunks, exactly once or flagged), links (signed per-recipient tokens), ratelimit (the
account's rate), control (pause, resume, cancel, progress), feedback (provider events → statuses).
"""
