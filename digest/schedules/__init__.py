"""When issues go out: cron maths in a list's own zone (cron, pure), the span grammar every duration
flag shares (durations, pure) and the tick use case beat drives."""
