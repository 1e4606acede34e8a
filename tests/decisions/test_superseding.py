"""Superseding from the new-decision form (both sides at once), no loops, items of the chosen meeting, the chain shown."""

import re
from datetime import date

import sqlalchemy as sa

from board.agendas.models import AgendaItem
from board.decisions import services
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User
from tests.conftest import messages, text


def _body(slug):
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def _secretary():
    return db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))


def _decision(title, day=date(2027, 3, 3), slug="board"):
    made = services.create_decision(_body(slug), title, f"{title}.", day, actor=_secretary())
    db.session.commit()
    return made


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Decision))


def _new(client, **fields):
    data = {"body": "board", "title": "Replace it", "text": "The new policy.", "decided_on": ["3", "3", "2027"]}
    data.update(fields)
    return client.post_form("/decisions/new", data)


def test_a_new_decision_supersedes_one_in_force_and_both_pages_show_the_chain(secretariat):
    """Secretariat: choosing 'Supersedes' marks the old decision superseded by the new one; pages show the chain."""
    old = _decision("Naloxone for police in two districts", date(2027, 1, 12))
    page = text(secretariat.get("/decisions/new?body=board"))
    assert f"{old.reference} {old.title}" in page
    response = _new(secretariat, supersedes=str(old.id))
    assert response.status_code == 302
    new = db.session.scalar(sa.select(Decision).where(Decision.title == "Replace it"))
    db.session.refresh(old)
    assert old.status == DecisionStatus.SUPERSEDED and old.superseded_by_id == new.id
    assert new.status == DecisionStatus.IN_FORCE
    for shown in (new, old):
        page = text(secretariat.get(f"/decisions/{shown.id}"))
        assert "Superseded by / supersedes" in page
        assert f"{old.reference} {old.title}" in page and f"{new.reference} Replace it" in page
        assert f"superseded by {new.reference}" in page
    assert f"Superseded by {new.reference} Replace it" in text(secretariat.get(f"/decisions/{old.id}"))


def test_supersedes_refuses_other_bodies_finished_and_later_decisions(secretariat):
    """Secretariat: another body's, a rescinded or a later decision cannot be superseded; nothing is recorded."""
    sog = _decision("Sub-group policy", slug="synthetic-opioids")
    rescinded = _decision("Withdrawn policy")
    services.set_status(rescinded, DecisionStatus.RESCINDED.value, actor=_secretary())
    later = _decision("Next month's policy", date(2027, 4, 6))
    db.session.commit()
    before = _count()
    for chosen, message in (
        (sog, "Choose a decision in force of the same body"),
        (rescinded, "Choose a decision in force of the same body"),
        (later, (f"{later.reference} is dated after this decision: a decision can only supersede an earlier one")),
    ):
        response = _new(secretariat, supersedes=str(chosen.id))
        assert response.status_code == 200 and messages(response) == [message], chosen.title
    assert _count() == before
    for kept in (sog, later):
        db.session.refresh(kept)
        assert kept.status == DecisionStatus.IN_FORCE


def test_a_supersedes_chain_that_loops_is_refused(secretariat):
    """Secretariat: A superseded by B, B by C; marking C superseded by A is refused, nothing changes."""
    a, b, c = (_decision(t) for t in ("Policy A", "Policy B", "Policy C"))
    services.supersede(a, b, actor=_secretary())
    services.supersede(b, c, actor=_secretary())
    db.session.commit()
    response = secretariat.post_form(
        f"/decisions/{c.id}/status", {"status": "superseded", "superseded_by": str(a.id)}, follow_redirects=True
    )
    assert (
        f"That would make a loop: {a.reference} is itself superseded, through later decisions, by {c.reference}"
    ) in messages(response)
    db.session.refresh(c)
    assert c.status == DecisionStatus.IN_FORCE and c.superseded_by_id is None
    self_loop = secretariat.post_form(
        f"/decisions/{b.id}/status", {"status": "superseded", "superseded_by": str(a.id)}, follow_redirects=True
    )
    assert "That would make a loop" in " ".join(messages(self_loop))
    db.session.refresh(b)
    assert b.superseded_by_id == c.id
    assert [d.reference for d in services.chain(b)] == [a.reference, b.reference, c.reference]


def _item_choices(response) -> list[str]:
    html = response.get_data(as_text=True)
    select = re.search(r'<select[^>]*name="agenda_item"[^>]*>(.*?)</select>', html, flags=re.DOTALL).group(1)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def _meeting_with_items(slug="board"):
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == _body(slug).id, Meeting.id.in_(sa.select(AgendaItem.meeting_id)))
        .order_by(Meeting.starts_at)
    )


def test_the_agenda_item_list_is_the_chosen_meetings(secretariat):
    """Secretariat: only the chosen meeting's items are offered (without JavaScript too); another's is refused."""
    meeting = _meeting_with_items()
    other = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id != meeting.id))
    mine = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
    blank = secretariat.get("/decisions/new?body=board")
    assert "Choose the meeting first" in text(blank) and _item_choices(blank) == []
    listed = secretariat.post_form(
        "/decisions/new",
        {"body": "board", "meeting": str(meeting.id), "show_items": "Show this meeting's agenda items"},
    )
    assert listed.status_code == 200 and messages(listed) == []
    assert _item_choices(listed) == [str(i.id) for i in sorted(mine, key=lambda i: i.position)]
    assert str(other.id) not in _item_choices(listed)
    assert _item_choices(secretariat.get(f"/decisions/new?body=board&meeting={meeting.id}")) == _item_choices(listed)
    before = _count()
    wrong = _new(secretariat, meeting=str(meeting.id), agenda_item=str(other.id))
    assert messages(wrong) == [
        ("Choose an item on the agenda of the chosen meeting (choose the meeting, then show its agenda items)")
    ]
    assert _count() == before
    right = _new(secretariat, meeting=str(meeting.id), agenda_item=str(mine[0].id))
    assert right.status_code == 302
    assert db.session.scalar(sa.select(Decision).where(Decision.title == "Replace it")).agenda_item_id == mine[0].id


def test_demo_data_has_a_superseded_chain(secretariat):
    """The demo register: the naloxone pilot was superseded when it was extended to all five districts."""
    pilot = db.session.scalar(
        sa.select(Decision).where(Decision.title == "Fund the naloxone pilot in Leeds and Wakefield")
    )
    assert pilot.status == DecisionStatus.SUPERSEDED
    assert pilot.superseded_by.title == "Extend the naloxone pilot to all five districts"
    page = text(secretariat.get(f"/decisions/{pilot.superseded_by_id}"))
    assert f"{pilot.reference} Fund the naloxone pilot in Leeds and Wakefield" in page
