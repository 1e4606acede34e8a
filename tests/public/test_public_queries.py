"""The public pages' cost does not grow with the record: the meetings list, the decisions
register and the Atom feed run the same few queries for one meeting, decision or paper as
for many; and the meetings list, which counts what is public in SQL, agrees with the rules
the meeting page reads."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from board.agendas import papers, publishing
from board.agendas import services as agendas
from board.agendas.files import check_paper
from board.decisions.services import create_decision
from board.extensions import db
from board.meetings.models import Meeting
from board.public import record, services, summary
from board.public.entries import describe_entries
from board.seed.agendas import tiny_pdf
from tests.conftest import text
from tests.public.conftest import approve_as_if_at_a_meeting

# Far after the demo data and the public tests' own meeting (March 2031): always upcoming.
FIRST = datetime(2032, 1, 6, 10, 0, tzinfo=UTC)


def _meeting(board, staff, n: int, *, paper: bool = False) -> Meeting:
    """A Board meeting (the ``n``th week after FIRST) with a public item (and paper), its agenda published."""
    start = FIRST + timedelta(weeks=n)
    meeting = Meeting(body=board, title=f"Strategic Board {n}", starts_at=start, ends_at=start + timedelta(hours=2))
    db.session.add(meeting)
    db.session.flush()
    item = agendas.add_item(meeting, {"title": f"Naloxone supply {n}", "description": "Open to all."}, by=staff)
    chosen = {f"item:{item.id}"}
    if paper:
        data = tiny_pdf(f"Report {n}", "Naloxone in every district")
        filename = f"report-{n}.pdf"
        added = papers.add_paper(
            item, f"Report {n}", check_paper(filename, data, papers.max_paper_bytes()), data, by=staff
        )
        chosen.add(f"paper:{added.id}")
    publishing.publish_agenda(meeting, by=staff, notify=False)
    services.set_meeting_entries(meeting, chosen, by=staff)
    return meeting


def _decisions(board, staff, meeting: Meeting, count: int) -> None:
    """``count`` public decisions taken at the meeting, dated its day (newer than any other)."""
    day = meeting.starts_at.date()
    made = [
        create_decision(board, f"Naloxone decision {meeting.id}-{i}", "Agreed.", day, meeting, actor=staff)
        for i in range(count)
    ]
    db.session.flush()
    services.set_meeting_entries(meeting, {f"decision:{d.id}" for d in made}, by=staff)


def _statements(client, url: str) -> list[str]:
    """The SQL a second render of ``url`` runs (the first warms what a running server has warm)."""
    assert client.get(url).status_code == 200
    statements: list[str] = []
    listener = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return statements


def test_meetings_list_reads_no_snapshot_and_costs_the_same_for_many_meetings(client, board, staff):
    """Anyone: the meetings list in four statements whether one meeting or six show an agenda,
    and without reading agenda snapshots or minutes text into the app."""
    _meeting(board, staff, 0)
    db.session.commit()
    one = _statements(client, "/public/board/meetings")
    for n in range(1, 6):
        _meeting(board, staff, n)
    db.session.commit()
    six = _statements(client, "/public/board/meetings")
    page = text(client.get("/public/board/meetings"))
    assert page.count("Agenda") >= 6
    assert len(six) == len(one) <= 4, six
    for statement in six:
        assert not re.search(r"SELECT[^()]*agenda_publication\.snapshot", statement), statement
        assert "minutes.source" not in statement and "minutes.public_html" not in statement


def test_meetings_list_agrees_with_the_meeting_page(secretariat, client, made, board):
    """Anyone: the list says "Agenda" and links "Minutes" exactly when the meeting page shows
    them: not before they are chosen, not once the item is confidential, not for minutes
    not approved."""

    def row() -> str:
        page = client.get("/public/board/meetings").get_data(as_text=True)
        rows = [r for r in page.split("<tr") if f'/public/board/meetings/{made.meeting.id}"' in r]
        assert len(rows) == 1, "the meeting is not listed once"
        return rows[0]

    def agrees() -> None:
        keys = record.entry_keys(board.id)
        items = record.public_agendas([made.meeting.id], keys).get(made.meeting.id, [])
        minutes = record.public_minutes(made.meeting, keys)
        shown = summary.meeting_summaries(board.id, [made.meeting.id]).get(made.meeting.id, summary.MeetingSummary())
        assert (shown.items, shown.has_minutes) == (len(items), minutes is not None)

    agrees()
    assert "Agenda" not in row() and "Minutes" not in row()

    services.set_meeting_entries(made.meeting, {f"item:{made.public_item.id}"}, by=None)
    db.session.commit()
    agrees()
    assert "Agenda" in row() and "Minutes" not in row()

    approve_as_if_at_a_meeting(made.minutes)
    services.set_meeting_entries(made.meeting, {f"item:{made.public_item.id}", f"minutes:{made.minutes.id}"}, by=None)
    db.session.commit()
    agrees()
    assert "Agenda" in row() and f"/public/board/meetings/{made.meeting.id}/minutes" in row()

    # Confidential now (not in the published snapshot): gone from the list as from the page.
    made.public_item.is_confidential = True
    db.session.commit()
    agrees()
    assert "Agenda" not in row() and "Minutes" in row()
    assert made.public_item.title not in text(client.get(f"/public/board/meetings/{made.meeting.id}"))


def test_decisions_register_costs_the_same_for_decisions_of_many_meetings(client, board, staff):
    """Anyone: a page of fifty decisions taken at twelve meetings costs what a page from one meeting does."""
    one = _meeting(board, staff, 0)
    _decisions(board, staff, one, 50)
    db.session.commit()
    from_one = _statements(client, "/public/board/decisions")
    for n in range(1, 13):
        _decisions(board, staff, _meeting(board, staff, n), 4)
    db.session.commit()
    from_many = _statements(client, "/public/board/decisions")
    page = client.get("/public/board/decisions").get_data(as_text=True)
    linked = set(re.findall(r'href="/public/board/meetings/(\d+)">the meeting', page))
    assert len(linked) == 13  # the newest fifty: 48 from the twelve meetings, 2 from the first
    assert len(from_many) == len(from_one) <= 3, from_many
    searched = _statements(client, "/public/board/decisions?q=naloxone+decision")
    assert len(searched) == len(from_one)


def test_feed_costs_the_same_for_one_paper_or_many(client, board, staff):
    """Anyone: the Atom feed in the same few statements for one public paper or eight, each
    linking to its file (no look-up per paper)."""
    _meeting(board, staff, 0, paper=True)
    db.session.commit()
    one = _statements(client, "/public/board/feed.atom")
    for n in range(1, 8):
        _meeting(board, staff, n, paper=True)
    db.session.commit()
    eight = _statements(client, "/public/board/feed.atom")
    feed = client.get("/public/board/feed.atom").get_data(as_text=True)
    links = re.findall(r'<link href="http://localhost(/public/board/papers/\d+/report-\d+\.pdf)"/>', feed)
    assert len(links) == 8
    for link in links:
        assert client.get(link).status_code == 200
    assert len(eight) == len(one) <= 8, eight


def test_feed_updated_is_the_newest_choice(client, board, staff):
    """A feed reader: the feed's <updated> is when the body last made something public."""
    _meeting(board, staff, 0)
    db.session.commit()
    newest = max(row.entry.published_at for row in describe_entries(board))
    feed = client.get("/public/board/feed.atom").get_data(as_text=True)
    assert f"<updated>{newest.isoformat()}</updated>" in feed.split("<entry>")[0]


def test_summary_of_no_meetings_is_empty(app, board):
    """Nothing asked, nothing read."""
    assert summary.meeting_summaries(board.id, []) == {}


def test_decisions_register_past_the_last_page_is_404(client):
    """Anyone: a page number past the end is not found (as before: no empty page)."""
    assert client.get("/public/board/decisions?page=9999").status_code == 404
    assert client.get("/public/board/decisions?q=zzz-nothing-like-this").status_code == 200
