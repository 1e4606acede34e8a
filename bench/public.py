"""The public record on ten years of data: how long each public page takes to render.

    .venv/bin/python -m bench.public [--requests 60] [--database-url URL]

Builds the large data set (``seed-demo --scale large``) in a temporary SQLite database (or
the PostgreSQL given), publishes every Board meeting of the ten years (each item that is not
confidential, its papers, approved minutes, decisions), then renders each public page
``--requests`` times in the app (no HTTP, no proxy, no cache of any kind: each request
renders) and prints a table: median and 95th percentile in milliseconds, the SQL statements
per render, and the answer to ``If-None-Match`` (a 304, what a proxy's revalidation costs).
The target (issue 22): every public page under 20 ms.
"""

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from bench.run import PASSWORD, _flask

TARGET_MS = 20.0


def _publish_everything(app) -> int:
    """Every Board meeting: all that may be public, made public (items show where an agenda was published)."""
    from board.extensions import db
    from board.meetings.models import Meeting
    from board.people.models import Body, User
    from board.public import services

    with app.app_context():
        board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
        actor = db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))
        services.switch_on(board, shows_venue=True, by=actor)
        meetings = db.session.scalars(
            sa.select(Meeting).where(Meeting.body_id == board.id).order_by(Meeting.starts_at)
        ).all()
        made = 0
        for meeting in meetings:
            chosen = {c.key for c in services.meeting_candidates(meeting) if not c.refused}
            made += services.set_meeting_entries(meeting, chosen, by=actor)[0]
        db.session.commit()
        return made


def _pages(app) -> list[tuple[str, str]]:
    from board.agendas.models import PaperVersion
    from board.extensions import db
    from board.people.models import Body
    from board.public import entries, record
    from board.public.views.reader import DECISIONS_PER_PAGE

    with app.app_context():
        board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
        keys = record.entry_keys(board.id)
        rows = entries.describe_entries(board)
        meeting = next(r.meeting for r in rows if r.entry.kind == "minutes" and r.shown)
        paper = next(r for r in rows if r.entry.kind == "paper" and r.shown)
        version = db.session.get(PaperVersion, paper.version_id)
        years = sorted({m.starts_at.year for m in [r.meeting for r in rows if r.meeting]})
        assert keys
        decisions = db.session.scalar(
            sa.select(sa.func.count()).select_from(record.public_decisions_query(board).subquery())
        )
        last = max((decisions + DECISIONS_PER_PAGE - 1) // DECISIONS_PER_PAGE, 1)
    return [
        ("public bodies", "/public/"),
        ("body page", "/public/board/"),
        ("meetings (this year)", "/public/board/meetings"),
        (f"meetings ({years[0]})", f"/public/board/meetings?year={years[0]}"),
        ("meeting with agenda", f"/public/board/meetings/{meeting.id}"),
        ("approved minutes", f"/public/board/meetings/{meeting.id}/minutes"),
        ("decisions register", "/public/board/decisions"),
        ("decisions, search", "/public/board/decisions?q=naloxone"),
        (f"decisions, last page ({last})", f"/public/board/decisions?page={last}"),
        ("Atom feed", "/public/board/feed.atom"),
        ("calendar (.ics)", "/public/board/meetings.ics"),
        ("sitemap", "/sitemap.xml"),
        ("paper download", f"/public/board/papers/{version.id}/{version.filename}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=60, help="renders per page")
    parser.add_argument("--database-url", help="an empty database to fill (default: a temporary SQLite file)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="board-bench-public-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite'}",
        "BOARD_INSTANCE_PATH": str(work),
        "SECRET_KEY": "bench-secret",
        "BOARD_DEMO_PASSWORD": PASSWORD,
    }
    _flask(env, "init-db")
    started = time.monotonic()
    _flask(env, "seed-demo", "--scale", "large")
    print(f"Large data set made in {time.monotonic() - started:.1f} s")

    from board import create_app
    from board.extensions import db

    os.environ.update({k: env[k] for k in ("DATABASE_URL", "BOARD_INSTANCE_PATH", "SECRET_KEY")})
    app = create_app()
    print(f"{_publish_everything(app)} records of the Board's ten years made public")
    pages = _pages(app)
    client = app.test_client()
    with app.app_context():
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))

    print()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database {env['DATABASE_URL'].split(':')[0]}; {args.requests} renders per page, "
        "in-process, nothing cached"
    )
    header = (
        f"| {'public page':<24} | {'p50 ms':>6} | {'p95 ms':>6} | {'queries':>7} | {'304 ms':>6} | {'< 20 ms':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    missed = []
    for label, path in pages:
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        etag = first.headers["ETag"]
        times = []
        for _ in range(args.requests):
            statements.clear()
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        queries = len(statements)
        t0 = time.perf_counter()
        not_modified = client.get(path, headers={"If-None-Match": etag})
        revalidate_ms = (time.perf_counter() - t0) * 1000
        assert not_modified.status_code == 304
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        met = p95 < TARGET_MS
        if not met:
            missed.append(label)
        print(
            f"| {label:<24} | {p50:>6.1f} | {p95:>6.1f} | {queries:>7} | {revalidate_ms:>6.1f} | "
            f"{'yes' if met else 'NO':>7} |"
        )
    print()
    print("Every public page renders under 20 ms (p95)." if not missed else f"Over 20 ms (p95): {', '.join(missed)}")


if __name__ == "__main__":
    main()
