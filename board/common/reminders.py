"""``flask --app board send-reminders``: every area's reminders, for cron.

create_app lists the jobs, each ``fn(now) -> int`` (messages queued). Each must be
idempotent: running the command twice, or twice a day, never sends the same reminder
twice (queue with a ``dedupe_key`` in the outbox).
"""

from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app

ReminderJob = Callable[[datetime], int]


def init_app(app: Flask, jobs: list[tuple[str, ReminderJob]]) -> None:
    """Set the app's named reminder jobs, in the order they run."""
    app.extensions["board.reminders"] = list(jobs)


def jobs() -> list[tuple[str, ReminderJob]]:
    """The current app's (name, job) pairs."""
    return list(current_app.extensions["board.reminders"])


def run_all(now: datetime) -> list[tuple[str, int]]:
    """Run every job; returns (name, messages queued) pairs. Never commits."""
    return [(name, job(now)) for name, job in jobs()]
