"""The demo data: approved minutes for past meetings (outcomes linked), a draft for the latest."""

import sqlalchemy as sa

from board.actions.models import Action
from board.common.timeutil import to_london
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesComment
from board.minutes.outcomes import parse_outcomes
from tests.conftest import text
from tests.minutes.conftest import body


def test_demo_minutes_are_approved_except_the_latest(app):
    """Each body: every held meeting has minutes; all approved (with their decision) but the latest draft."""
    for slug in ("board", "synthetic-opioids"):
        rows = db.session.scalars(
            sa.select(Minutes).join(Minutes.meeting).where(Meeting.body_id == body(slug).id).order_by(Meeting.starts_at)
        ).all()
        assert len(rows) >= 2
        assert [m.status for m in rows[:-1]] == ["approved"] * (len(rows) - 1)
        assert rows[-1].status == "draft"
        for minutes in rows[:-1]:
            decision = db.session.get(Decision, minutes.approval_decision_id)
            at = minutes.approved_at_meeting
            assert decision.meeting_id == at.id and decision.decided_on == to_london(at.starts_at).date()
            # Approved at a later meeting that had taken place, moved by someone there.
            assert at.is_held and minutes.meeting.starts_at < at.starts_at <= minutes.approval_recorded_at
            assert minutes.approval_moved_by is not None
        for minutes in rows:
            parsed = parse_outcomes(minutes.source)
            assert parsed.errors == [] and parsed.outcomes
            assert all(o.reference for o in parsed.outcomes)  # every line tagged
            refs = {o.reference for o in parsed.outcomes if o.kind == "action"}
            linked = db.session.scalars(sa.select(Action).where(Action.reference.in_(refs))).all()
            assert linked and {a.meeting_id for a in linked} == {minutes.meeting_id}
            assert all(a.agenda_item_id for a in linked)


def test_seed_is_safe_to_run_again(app):
    from board.seed.minutes import seed_minutes
    from board.seed.people import seed_people

    before = db.session.scalar(sa.select(sa.func.count(Minutes.id)))
    assert seed_minutes(seed_people("x" * 20)) == {"minutes": 0, "approved": 0, "comments": 0}
    assert db.session.scalar(sa.select(sa.func.count(Minutes.id))) == before


def test_a_member_reads_demo_minutes_from_the_meeting_page(client_as):
    """Board member: the meeting page links to the approved minutes, which show the tagged actions."""
    minutes = db.session.scalar(
        sa.select(Minutes)
        .join(Minutes.meeting)
        .where(Meeting.body_id == body("board").id, Minutes.status == "approved")
        .order_by(Minutes.id)
    )
    member = client_as("lead.kirklees@example.org")
    assert "Read the minutes" in text(member.get(f"/meetings/{minutes.meeting_id}"))
    page = text(member.get(f"/minutes/{minutes.id}"))
    assert "Approved as a true record" in page and "Action CDP-" in page and "Owner: " in page
    assert "ACTION [" not in page and "@example.org" not in page  # sentences for readers, no e-mail addresses


def test_demo_minutes_carry_comments_the_day_record_and_a_superseded_chain(app):
    """Each body: the latest approved minutes keep members' comments (one accepted into a later
    revision, one answered); the minutes' attendance comes from the day's record; decisions supersede."""
    for slug in ("board", "synthetic-opioids"):
        rows = db.session.scalars(
            sa.select(Minutes).join(Minutes.meeting).where(Meeting.body_id == body(slug).id).order_by(Meeting.starts_at)
        ).all()
        approved = [m for m in rows if m.status == "approved"][-1]
        comments = db.session.scalars(sa.select(MinutesComment).where(MinutesComment.minutes_id == approved.id)).all()
        statuses = {c.status: c for c in comments}
        assert set(statuses) == {"accepted", "answered"}
        accepted = statuses["accepted"]
        assert accepted.anchor and accepted.quoted and accepted.accepted_revision > accepted.revision
        assert statuses["answered"].reply
        assert all(m.attendance_source == "record" for m in rows)
    chain = db.session.scalars(sa.select(Decision).where(Decision.superseded_by_id.is_not(None))).all()
    assert {d.body_id for d in chain} == {body("board").id, body("synthetic-opioids").id}
