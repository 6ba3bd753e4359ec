"""The worker: taskiq tasks that relay events, deliver webhooks and sweep the outbox.

Production runs `ordinavo worker` (any number) and one `ordinavo scheduler` on a Redis broker;
the embedded default runs both inside `ordinavo serve` on taskiq's in-memory broker.
"""
