"""The personal calendar feed of a person with ten years of history: its first request.

    .venv/bin/python -m bench.feed          # makes the large data set itself (15-40 s)

``bench.run`` prints the same figures after its page table. The person (made here, on top
of the large data set) has been invited to every meeting of both bodies for ten years,
writes their organisation's updates, and owns 720 live actions due across the ten years:
800-odd events, more than anyone in the large data. The feed holds the last 12 months and
everything ahead, so it writes only the events of that window; the unbounded build of
all of them is timed too, as the worst case (a person with 800 events ahead of them).
Target (issue 17): the first, uncached request under 100 ms.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from board import create_app
from board.actions.models import Action, ActionStatus
from board.common import feeds
from board.extensions import db
from board.meetings import feed
from board.meetings.feed import FEED_DESCRIPTION
from board.meetings.ical import feed_calendar
from board.meetings.models import Attendance, Meeting
from board.people.models import Body, Organisation, UpdateContact, User

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
EMAIL = "ten.years@example.org"


def make_feed_person() -> str:
    """Add the ten-year person (inside an app context, on the large data); returns their feed path."""

    person = User(email=EMAIL, name="Tess Tenyears", job_title="District lead (ten years)")
    db.session.add(person)
    db.session.flush()
    meetings = db.session.scalars(sa.select(Meeting)).all()
    invited = set(db.session.scalars(sa.select(Attendance.meeting_id).where(Attendance.user_id == person.id)))
    db.session.add_all(Attendance(meeting_id=m.id, user_id=person.id) for m in meetings if m.id not in invited)
    leeds = db.session.scalar(sa.select(Organisation).where(Organisation.short_name == "Leeds"))
    if leeds is not None:
        db.session.add(UpdateContact(organisation_id=leeds.id, user_id=person.id))
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    today = datetime.now(UTC).date()
    first = today - timedelta(days=365 * 10 - 180)
    for i in range(720):
        due = first + timedelta(days=i * 5)
        db.session.add(
            Action(
                body_id=board.id,
                reference=f"TEN-{i:04d}",
                year=due.year,
                sequence=90_000 + i,
                description=f"Report the district's naloxone kit figures and referrals for period {i} to the Board",
                owner_id=person.id,
                due_on=due,
                status=ActionStatus.OPEN.value,
            )
        )
    token = feed.new_calendar_token(person, actor=person)
    db.session.commit()
    return f"/calendar/{token}.ics"


def measure(app, path: str, repeats: int = 25) -> list[str]:
    """Time the feed through the app (in-process, as gunicorn's worker runs it); lines to print."""

    client = app.test_client()
    started = time.perf_counter()
    first = client.get(path)
    first_ms = (time.perf_counter() - started) * 1000
    assert first.status_code == 200, first.status_code
    times, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    in_feed = first.data.count(b"BEGIN:VEVENT")
    with app.app_context():
        person = db.session.scalar(sa.select(User).where(User.email == EMAIL))
        long_ago = datetime.now(UTC) - timedelta(days=365 * 11)
        started, started_cpu = time.perf_counter(), time.process_time()
        events = [e for source in feeds.sources() for e in source(person, long_ago)]
        whole = feed_calendar(events, person.name, FEED_DESCRIPTION)
        whole_ms = (time.perf_counter() - started) * 1000
        whole_cpu = (time.process_time() - started_cpu) * 1000
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    verdict = "met" if median < TARGET_MS else "NOT MET"
    return [
        f"Personal feed, ten years of history ({whole.count(b'BEGIN:VEVENT')} events, {in_feed} in the feed's "
        f"window: 12 months back and all ahead; {len(first.data) // 1024} kB):",
        f"  median {median:.1f} ms, p95 {p95:.1f} ms over {repeats} requests, each building the feed afresh "
        f"(in-process; CPU {statistics.median(cpu):.1f} ms) — target < {TARGET_MS:g} ms: {verdict}",
        f"  the process's very first request (SQL statements compiled, modules warmed): {first_ms:.1f} ms",
        f"  all {len(events)} events without the window, built and written: {whole_ms:.1f} ms (CPU {whole_cpu:.1f} ms; "
        "the worst case, someone with 800 events ahead)",
    ]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="board-feed-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
        "BOARD_INSTANCE_PATH": str(work),
        "SECRET_KEY": "bench-secret",
        "BOARD_DEMO_PASSWORD": "bench-password-2026",
    }
    for args in (["init-db"], ["seed-demo", "--scale", "large"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "board", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "BOARD_INSTANCE_PATH", "SECRET_KEY")})
    app = create_app()
    with app.app_context():
        path = make_feed_person()
    for line in measure(create_app(), path):
        print(line)


if __name__ == "__main__":
    main()
