"""Declarations of interest at meetings: the secretariat's form, members' pre-declarations,
and the minutes draft that takes them in."""

import sqlalchemy as sa

from board.agendas.models import AgendaItem
from board.common.models import utcnow
from board.extensions import db
from board.interests.models import Declaration
from board.interests.register import current_version
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.models import Minutes
from board.people.models import Body, User
from tests.conftest import messages, text


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _meetings(slug, *, past: bool):
    body = db.session.scalar(sa.select(Body).where(Body.slug == slug))
    when = Meeting.starts_at < utcnow() if past else Meeting.starts_at > utcnow()
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.body_id == body.id, when, Meeting.status != MeetingStatus.CANCELLED.value)
        .where(sa.exists().where(AgendaItem.meeting_id == Meeting.id))
        .order_by(Meeting.starts_at)
    ).all()


def _item(meeting, word):
    items = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
    return next(i for i in items if word in i.title.lower())


def _count(meeting):
    return db.session.scalar(sa.select(sa.func.count(Declaration.id)).where(Declaration.meeting_id == meeting.id))


def test_secretariat_records_a_declaration_linked_to_the_register(secretariat):
    """Secretariat: who declared what on which item, the register entry, and that they withdrew."""
    meeting = _meetings("board", past=False)[0]
    leeds = _user("lead.leeds@example.org")
    item = _item(meeting, "leeds")
    # Choosing the person first offers their register entries.
    shown = secretariat.post_form(
        f"/meetings/{meeting.id}/declarations", {"person": str(leeds.id), "show_entries": "1"}
    )
    assert "Leeds Drug and Alcohol Partnership board" in shown.get_data(as_text=True)
    entry = next(i for i in current_version(leeds).items if "Partnership board" in i.description)
    response = secretariat.post_form(
        f"/meetings/{meeting.id}/declarations",
        {
            "person": str(leeds.id),
            "agenda_item": str(item.id),
            "interest": "Sits on the Leeds partnership board",
            "register_item": str(entry.id),
            "is_withdrawn": "y",
        },
        follow_redirects=True,
    )
    assert "Declaration recorded." in messages(response)
    stored = db.session.scalar(sa.select(Declaration).where(Declaration.meeting_id == meeting.id))
    assert (stored.user_id, stored.agenda_item_id, stored.register_item_id, stored.is_withdrawn) == (
        leeds.id,
        item.id,
        entry.id,
        True,
    )
    page = text(secretariat.get(f"/meetings/{meeting.id}/declarations"))
    assert "Sits on the Leeds partnership board" in page and "Yes" in page


def test_an_item_of_another_meeting_is_refused(secretariat):
    """Bad input: a declaration on another meeting's item is refused with a clear message; nothing is stored."""
    first, second = _meetings("board", past=False)[:2]
    other_item = _item(second, "leeds")
    before = _count(first)
    response = secretariat.post_form(
        f"/meetings/{first.id}/declarations",
        {"person": str(_user("lead.leeds@example.org").id), "agenda_item": str(other_item.id), "interest": "x"},
    )
    assert response.status_code == 200
    assert any("belongs to another meeting" in m for m in messages(response))
    assert _count(first) == before


def test_another_persons_register_entry_is_refused(secretariat):
    """Bad input: a register entry that is not the declarer's own is refused."""
    meeting = _meetings("board", past=False)[0]

    bradford_entry = current_version(_user("lead.bradford@example.org")).items[0]
    response = secretariat.post_form(
        f"/meetings/{meeting.id}/declarations",
        {
            "person": str(_user("lead.leeds@example.org").id),
            "agenda_item": str(_item(meeting, "leeds").id),
            "interest": "x",
            "register_item": str(bradford_entry.id),
        },
    )
    assert any("is not on Rachel Whitaker" in m for m in messages(response))
    assert _count(meeting) == 0


def test_a_member_pre_declares_and_the_secretariat_sees_it(client_as, secretariat):
    """A member invited to a future meeting declares from the meeting page; the secretariat sees it, other members do not."""
    meeting = _meetings("board", past=False)[0]
    bradford = client_as("lead.bradford@example.org")
    assert "Declare an interest before the meeting" in text(bradford.get(f"/meetings/{meeting.id}"))
    item = _item(meeting, "bradford")
    response = bradford.post_form(
        f"/meetings/{meeting.id}/declare",
        {"agenda_item": str(item.id), "interest": "My spouse works for a bidder"},
        follow_redirects=True,
    )
    assert "Your declaration is with the secretariat." in messages(response)
    assert "Declared before the meeting" in text(secretariat.get(f"/meetings/{meeting.id}/declarations"))
    assert "My spouse works for a bidder" not in text(
        client_as("chair@example.org").get(f"/meetings/{meeting.id}/declarations")
    )
    # Secretariat-only: recording for someone else.
    refused = bradford.post_form(
        f"/meetings/{meeting.id}/declarations",
        {"person": str(_user("lead.leeds@example.org").id), "agenda_item": str(item.id), "interest": "x"},
    )
    assert refused.status_code == 403


def test_pre_declaring_after_the_meeting_started_is_refused(client_as):
    """A member cannot pre-declare on a meeting that has taken place."""
    meeting = _meetings("board", past=True)[-1]
    before = _count(meeting)
    response = client_as("lead.bradford@example.org").post_form(
        f"/meetings/{meeting.id}/declare", {"agenda_item": str(_item(meeting, "bradford").id), "interest": "x"}
    )
    assert any("The meeting has started" in m for m in messages(response))
    assert _count(meeting) == before


def test_the_minutes_draft_takes_the_declarations_in(secretariat):
    """Secretariat: starting the minutes of a meeting with declarations fills the declarations section."""
    meeting = _meetings("board", past=False)[0]
    item = _item(meeting, "bradford")
    secretariat.post_form(
        f"/meetings/{meeting.id}/declarations",
        {
            "person": str(_user("lead.bradford@example.org").id),
            "agenda_item": str(item.id),
            "interest": "Spouse works for a bidder",
            "is_withdrawn": "y",
        },
    )
    response = secretariat.post_form(f"/meetings/{meeting.id}/minutes/start", follow_redirects=True)
    assert response.status_code == 200
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id))
    assert "Imran Qureshi (Bradford) declared an interest in item" in minutes.declarations
    assert "Spouse works for a bidder. They withdrew from the item." in minutes.declarations


def test_the_declarations_agenda_item_links_to_the_form(secretariat):
    """The published agenda's "Declarations of interest" item links to the meeting's declarations."""
    meeting = _meetings("board", past=True)[-1]
    page = secretariat.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert f"/meetings/{meeting.id}/declarations" in page


def test_a_member_withdraws_their_own_pre_declaration_but_not_anothers(client_as, secretariat):
    """A member removes their own pre-declaration before the meeting; another member's is refused."""
    meeting = _meetings("board", past=False)[0]
    bradford = client_as("lead.bradford@example.org")
    bradford.post_form(
        f"/meetings/{meeting.id}/declare",
        {"agenda_item": str(_item(meeting, "bradford").id), "interest": "Changed my mind"},
    )
    mine = db.session.scalar(sa.select(Declaration).where(Declaration.meeting_id == meeting.id))
    url = f"/meetings/{meeting.id}/declarations/{mine.id}/remove"
    assert client_as("lead.leeds@example.org").post_form(url).status_code == 403
    assert "Declaration removed." in messages(bradford.post_form(url, follow_redirects=True))
    assert _count(meeting) == 0
