"""``flask --app board send-reminders``: every area's reminders, for cron.

Areas register ``fn(now) -> int`` (messages queued). Each must be idempotent: running
the command twice, or twice a day, never sends the same reminder twice (queue with a
``dedupe_key`` in the outbox).
"""

from collections.abc import Callable
from datetime import datetime

ReminderJob = Callable[[datetime], int]

JOBS: list[tuple[str, ReminderJob]] = []


def register(name: str):
    """Decorator: add a named reminder job (idempotent)."""

    def wrap(job: ReminderJob) -> ReminderJob:
        if all(existing != name for existing, _ in JOBS):
            JOBS.append((name, job))
        return job

    return wrap


def run_all(now: datetime) -> list[tuple[str, int]]:
    """Run every registered job; returns (name, messages queued) pairs. Never commits."""
    return [(name, job(now)) for name, job in JOBS]
