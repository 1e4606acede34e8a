"""A double-click sends two requests at once: the second is refused or finds the first's work, never a 500.

Posting a form twice in turn (the tests/*/test_constraints.py modules) proves the
checks; these send both posts at the same moment, from two threads, so on PostgreSQL
(``--db postgresql``) the second request's check runs while the first has not committed.
``common.models.lock_row`` makes it wait for the first and then see what it wrote.
"""

import threading
from datetime import timedelta

import sqlalchemy as sa

from board.agendas import services as agendas
from board.agendas.models import AgendaPublication
from board.common.outbox import OutboxMessage
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Attendance
from board.minutes.models import Minutes
from board.people.models import UpdateContact
from board.public.models import PublicEntry
from board.submissions.models import UpdateRound
from tests.submissions.conftest import make_meeting, open_round, org, update_of, user


def at_once(clients, url: str, data: dict | None = None) -> list[int]:
    """Post the same form from each client at the same moment; the status codes, in any order."""
    tokens = [c.csrf_token() for c in clients]
    barrier = threading.Barrier(len(clients))
    codes, errors = [], []

    def post(client, token):
        try:
            barrier.wait(timeout=10)
            codes.append(client.post(url, data={**(data or {}), "csrf_token": token}).status_code)
        except Exception as exc:  # surfaced below: a thread must not swallow failures
            errors.append(exc)

    threads = [threading.Thread(target=post, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    db.session.rollback()  # a fresh snapshot that sees the threads' commits
    return codes


def _two(client_as):
    return [client_as("secretariat@example.org"), client_as("secretariat@example.org")]


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_publish_double_click_publishes_once(app, client_as):
    """Secretariat: two 'Publish' posts at once publish revision 1 only; neither is an error."""
    meeting = make_meeting(30)
    agendas.start_agenda(meeting, by=user("secretariat@example.org"))
    db.session.commit()
    codes = at_once(_two(client_as), f"/meetings/{meeting.id}/agenda/publish")
    assert codes == [302, 302]
    assert _count(AgendaPublication, AgendaPublication.meeting_id == meeting.id) == 1


def test_open_round_double_click_opens_one_round(app, client_as):
    """Secretariat: two 'Open the round' posts at once open one round; neither is an error."""
    meeting = make_meeting(42)
    db.session.commit()
    day = today_london() + timedelta(days=20)
    form = {
        "organisation_ids": [str(org("Leeds").id)],
        "deadline": [str(day.day), str(day.month), str(day.year)],
        "period_from": [str(day.day), str(day.month), str(day.year - 1)],
        "period_to": [str(day.day), str(day.month), str(day.year)],
        "figures": ["naloxone_kits"],
    }
    codes = at_once(_two(client_as), f"/meetings/{meeting.id}/updates/new", form)
    assert sorted(codes) in ([200, 302], [302, 302])
    assert _count(UpdateRound, UpdateRound.meeting_id == meeting.id) == 1


def test_start_minutes_double_click_makes_one_set(app, client_as):
    """Secretariat: two 'Start the minutes' posts at once make one set of minutes; neither is an error."""
    meeting = make_meeting(-10)
    db.session.commit()
    codes = at_once(_two(client_as), f"/meetings/{meeting.id}/minutes/start")
    assert codes == [302, 302]
    assert _count(Minutes, Minutes.meeting_id == meeting.id) == 1


def test_add_guest_double_click_invites_once(app, client_as):
    """Secretariat: two 'Invite' posts at once for the same guest invite them once; neither is an error."""
    meeting = make_meeting(30)
    db.session.commit()
    guest = user("coroner@example.org")
    codes = at_once(_two(client_as), f"/meetings/{meeting.id}/guests", {"user_id": str(guest.id)})
    assert sorted(codes) == [200, 302]
    assert _count(Attendance, Attendance.meeting_id == meeting.id, Attendance.user_id == guest.id) == 1


def test_add_update_contact_double_click_adds_once(app, client_as):
    """Secretariat: two 'Add contact' posts at once add the contact once; neither is an error."""
    leeds, person = org("Leeds"), user("publichealth.leeds@example.org")
    codes = at_once(_two(client_as), f"/admin/organisations/{leeds.id}/contacts", {"user_id": str(person.id)})
    assert sorted(codes) == [200, 302]
    assert _count(UpdateContact, UpdateContact.organisation_id == leeds.id, UpdateContact.user_id == person.id) == 1


def test_chase_double_click_queues_one_reminder(app, client_as):
    """Secretariat: two 'Chase' posts at once queue one reminder (the outbox's dedupe key); neither is an error."""
    update = update_of(open_round(make_meeting(42)), "Leeds")
    codes = at_once(_two(client_as), f"/updates/{update.id}/chase")
    assert codes == [302, 302]
    assert _count(OutboxMessage, OutboxMessage.kind == "update_chase") == 1


def test_saving_public_choices_twice_at_once_makes_each_entry_once(app, client_as):
    """Secretariat: two 'Save what is public' posts at once make each public entry once; neither is an error."""
    meeting = make_meeting(30)
    agendas.start_agenda(meeting, by=user("secretariat@example.org"))
    db.session.commit()
    items = agendas.load_items(meeting)
    chosen = [f"item:{item.id}" for item in items if not item.is_confidential][:2]
    codes = at_once(_two(client_as), f"/publishing/meetings/{meeting.id}", {"public": chosen})
    assert codes == [302, 302]
    assert _count(PublicEntry, PublicEntry.kind == "item", PublicEntry.object_id.in_([i.id for i in items])) == 2
