"""When issues go out: cron maths in a list's own zone (cron, pure) and the tick use case beat drives."""
