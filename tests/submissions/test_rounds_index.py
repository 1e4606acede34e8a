"""The rounds index pages through the years: 20 rounds a page, the newest meeting first."""

import re

import sqlalchemy as sa

from board.extensions import db
from board.meetings.models import Meeting
from board.submissions.models import UpdateRound
from tests.conftest import count_queries, text
from tests.submissions.conftest import make_meeting, open_round, update_of


def _rounds_on(response) -> list[tuple[str, str]]:
    """(round id, meeting) for each round listed, in order."""
    return re.findall(r'href="/rounds/(\d+)">([^<]+)</a>', response.get_data(as_text=True))


def test_rounds_page_two_holds_older_rounds_and_page_one_the_newest(board_round, secretariat):
    """Secretariat: with years of rounds the newest is on page 1, older ones on page 2, and
    each page costs the same queries."""
    for n in range(1, 26):
        open_round(make_meeting(-14 * n, title=f"History {n:02d}"))
    first = secretariat.get("/updates")
    listed = _rounds_on(first)
    names = [name for _id, name in listed]
    # The newest is whichever round's meeting is latest (the seed's next Board meeting may
    # fall after this test's own, depending on the day the seed was made).
    newest = db.session.scalar(
        sa.select(UpdateRound.id).join(Meeting, Meeting.id == UpdateRound.meeting_id).order_by(Meeting.starts_at.desc())
    )
    assert len(listed) == 20 and listed[0][0] == str(newest)
    assert str(board_round.id) in [round_id for round_id, _name in listed]
    assert "Strategic Board, History 01" in names and "Strategic Board, History 25" not in names
    assert "page 1 of 2" in text(first) and 'href="/updates?page=2"' in first.get_data(as_text=True)
    with count_queries() as n:
        second = secretariat.get("/updates?page=2")
    older = _rounds_on(second)
    assert "Strategic Board, History 25" in [name for _id, name in older] and not set(older) & set(listed)
    with count_queries() as m:
        secretariat.get("/updates")
    assert n() == m(), (n(), m())


def test_rounds_index_still_counts_statuses(board_round, secretariat):
    """Secretariat: each round's line still says how many updates are in each state."""
    update = update_of(board_round, "Leeds")
    page = text(secretariat.get("/updates"))
    assert f"{len(board_round.updates)} not started" in page, update


def test_meetings_not_yet_asked_are_listed_by_name(board_round, secretariat):
    """Secretariat: a coming meeting with no round is offered, named as elsewhere; one with a round is not."""
    make_meeting(40, title="Unasked one")
    open_round(make_meeting(41, title="Asked one"))
    page = secretariat.get("/updates").get_data(as_text=True)
    asking = page[page.index("Meetings not yet asked") : page.index("Rounds")]
    assert "Strategic Board, Unasked one" in asking and "Asked one –" not in asking.replace("Unasked one", "")
