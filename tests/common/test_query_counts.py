"""Query counts that must not grow with the data: the action log's pages, the meeting page, the personal feed."""

import re

import sqlalchemy as sa
from sqlalchemy import event

from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesComment, MinutesRevision
from board.people.models import User
from tests.conftest import count_queries


def test_action_log_pages_run_the_same_queries(secretariat):
    """Secretariat: the first, a middle and the last page of the log cost the same few queries."""
    first = secretariat.get("/actions?per=25")
    pages = int(re.search(r"page 1 of (\d+)", first.get_data(as_text=True)).group(1))
    counts = []
    for page in sorted({1, (pages + 1) // 2, pages}):
        with count_queries() as n:
            assert secretariat.get(f"/actions?page={page}").status_code == 200
        counts.append(n())
    assert len(set(counts)) == 1 and counts[0] <= 7, counts


def test_personal_feed_polled_again_is_the_same_from_a_handful_of_queries(client_as, client):
    """A calendar app polling an unchanged feed: the same bytes (so the same ETag), from a handful of queries."""
    leeds = client_as("lead.leeds@example.org")
    page = leeds.post_form("/account/calendar-feed").get_data(as_text=True)
    url = re.search(r"http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)", page).group(1)
    first = client.get(url)
    with count_queries() as n:
        again = client.get(url)
    assert again.data == first.data
    assert n() <= 12, n()  # 12: the feed's version, read for Last-Modified


def test_meeting_page_reads_the_seats_once_for_quorum_and_attendance(secretariat):
    """Secretariat: the meeting page (agenda, updates, action review, minutes, attendance with
    quorum) in a fixed handful of queries; the body's seats are read once, not per part."""
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.starts_at.desc()).limit(1))
    secretariat.get(f"/meetings/{meeting.id}")
    statements = []
    listener = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = secretariat.get(f"/meetings/{meeting.id}")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert page.status_code == 200 and "Attendance" in page.get_data(as_text=True)
    assert sum(1 for s in statements if "FROM membership" in s) == 1, statements
    assert len(statements) <= 17, len(statements)


def test_minutes_page_costs_the_same_however_many_comments_and_revisions(secretariat):
    """Members and the secretariat: the minutes page reads the minutes with their meeting, body
    and approval in one statement and each list (revisions, attendees, comments with their
    authors) in one more, so a draft with many comments and saves costs no more to open."""
    minutes = db.session.scalar(sa.select(Minutes).order_by(Minutes.id).limit(1))
    authors = db.session.scalars(sa.select(User).order_by(User.id).limit(3)).all()
    url = f"/minutes/{minutes.id}"

    def statements():
        secretariat.get(url)
        with count_queries() as n:
            assert secretariat.get(url).status_code == 200
        return n()

    before = statements()
    for i, author in enumerate(authors * 3):
        db.session.add(
            MinutesComment(minutes_id=minutes.id, author_id=author.id, revision=minutes.revision, text=f"c{i}")
        )
        db.session.add(
            MinutesRevision(minutes_id=minutes.id, number=1000 + i, author_id=author.id, source="x", reason=f"r{i}")
        )
    db.session.commit()
    assert statements() == before <= 7, before
