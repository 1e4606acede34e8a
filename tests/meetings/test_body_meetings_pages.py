"""A body's meetings page pages its past meetings: 20 a page, the newest first."""

import re
from datetime import time, timedelta

import sqlalchemy as sa

from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body
from tests.conftest import count_queries, text


def _past_titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    past = html[html.index("Past") :]
    return re.findall(r'href="/meetings/\d+">([^<]+)</a>', past)


def test_past_meetings_page_two_holds_older_ones(secretariat):
    """Secretariat: with years of held meetings the latest is on page 1, older ones on page 2,
    upcoming ones on both, and each page costs the same queries."""
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    for n in range(1, 31):
        day = today_london() - timedelta(days=3650 + 30 * n)  # older than the demo's meetings
        db.session.add(
            Meeting(
                body=board,
                title=f"Long ago {n:02d}",
                starts_at=london_to_utc(day, time(10)),
                ends_at=london_to_utc(day, time(12)),
                status=MeetingStatus.HELD.value,
            )
        )
    db.session.commit()
    first = secretariat.get("/bodies/board/meetings")
    on_first = _past_titles(first)
    assert len(on_first) == 20 and "Long ago 30" not in on_first
    assert "Upcoming" in text(first) and "page 1 of" in text(first)
    assert 'href="/bodies/board/meetings?page=2"' in first.get_data(as_text=True)
    last = int(re.findall(r'aria-label="Page (\d+)"', first.get_data(as_text=True))[-1])
    with count_queries() as n:
        final = secretariat.get(f"/bodies/board/meetings?page={last}")
    on_last = _past_titles(final)
    assert on_last[-1] == "Long ago 30" and not set(on_last) & set(on_first)
    with count_queries() as m:
        secretariat.get("/bodies/board/meetings")
    assert n() == m(), (n(), m())
