"""Ways out: each transport turns OutgoingMessages into sent mail and reports one result per message."""
