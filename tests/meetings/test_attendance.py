"""Answering invitations, deputies, quorum, and who may see and change what."""

import sqlalchemy as sa

from board.extensions import db
from board.meetings import services
from board.meetings.models import Attendance
from tests.conftest import run_mail_worker, text
from tests.meetings.conftest import user


def mine(meeting, email):
    return next(a for a in meeting.attendances if a.user.email == email)


def test_member_answers_for_themself(client_as, make_meeting):
    """A member: attending is recorded with the time of the answer."""
    meeting = make_meeting()
    attendance = mine(meeting, "lead.leeds@example.org")
    leeds = client_as("lead.leeds@example.org")
    response = leeds.post_form(
        f"/meetings/{meeting.id}/attendance/{attendance.id}", {"response": "attending", "comment": "Joining from Leeds"}
    )
    assert response.status_code == 302
    db.session.refresh(attendance)
    assert attendance.response == "attending" and attendance.responded_at is not None
    assert attendance.comment == "Joining from Leeds"


def test_answering_for_someone_else_is_forbidden(client_as, make_meeting):
    """A member posting to another person's invitation gets 403 and nothing changes."""
    meeting = make_meeting()
    other = mine(meeting, "lead.bradford@example.org")
    response = client_as("lead.leeds@example.org").post_form(
        f"/meetings/{meeting.id}/attendance/{other.id}", {"response": "apologies"}
    )
    assert response.status_code == 403
    db.session.refresh(other)
    assert other.response == "no_answer"
    # Even the secretariat does not answer for members.
    response = client_as("secretariat@example.org").post_form(
        f"/meetings/{meeting.id}/attendance/{other.id}", {"response": "apologies"}
    )
    assert response.status_code == 403


def test_named_deputy_is_invited(client_as, make_meeting, smtp_server):
    """A member sends a named deputy: the deputy is invited by e-mail and appears in the list."""
    meeting = make_meeting(send=False)
    attendance = mine(meeting, "hmpps@example.org")
    hmpps = client_as("hmpps@example.org")
    page = hmpps.get(f"/meetings/{meeting.id}/attendance/{attendance.id}")
    assert "probation@example.org" in page.get_data(as_text=True)  # their seat's deputy is offered
    response = hmpps.post_form(
        f"/meetings/{meeting.id}/attendance/{attendance.id}",
        {"response": "deputy", "deputy_email": "Probation@Example.org"},
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    deputy_row = mine(meeting, "probation@example.org")
    assert deputy_row.deputy_for_id == attendance.id
    run_mail_worker()
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == ["probation@example.org"]
    # The deputy may now see the meeting and answer for themself.
    probation = client_as("probation@example.org")
    assert probation.get(f"/meetings/{meeting.id}").status_code == 200
    # Changing to attending withdraws the deputy's invitation with a CANCEL.
    smtp_server.messages.clear()
    hmpps.post_form(f"/meetings/{meeting.id}/attendance/{attendance.id}", {"response": "attending"})
    db.session.refresh(meeting)
    assert meeting.attendances and all(a.user.email != "probation@example.org" for a in meeting.attendances)
    run_mail_worker()
    cancel = smtp_server.messages[0]
    assert next(p for p in cancel.walk() if p.get_content_type() == "text/calendar").get_param("method") == "CANCEL"


def test_unknown_deputy_is_refused(client_as, make_meeting):
    """A deputy who is not a known user: a clear message and nothing changes."""
    meeting = make_meeting()
    attendance = mine(meeting, "hmpps@example.org")
    response = client_as("hmpps@example.org").post_form(
        f"/meetings/{meeting.id}/attendance/{attendance.id}",
        {"response": "deputy", "deputy_email": "nobody@example.org"},
    )
    assert response.status_code == 200
    assert "There is no one with that email address here" in text(response)
    db.session.refresh(attendance)
    assert attendance.response == "no_answer"
    assert db.session.scalar(sa.select(sa.func.count(Attendance.id)).where(Attendance.meeting_id == meeting.id)) == len(
        meeting.attendances
    )


def test_quorum_by_the_bodys_rule(secretariat, make_meeting):
    """Secretariat: quorum counts voting members attending or deputised, and needs the chair."""
    meeting = make_meeting()
    body = meeting.body
    body.quorum_members, body.quorum_needs_chair = 3, True
    for email in ("lead.leeds@example.org", "lead.bradford@example.org"):
        services.answer(mine(meeting, email), response="attending", actor=user(email))
    services.answer(
        mine(meeting, "hmpps@example.org"),
        response="deputy",
        deputy_email="probation@example.org",
        actor=user("hmpps@example.org"),
    )
    db.session.commit()
    assert services.quorum(meeting).present == 3 and not services.quorum(meeting).is_quorate
    assert "Not quorate yet" in text(secretariat.get(f"/meetings/{meeting.id}"))
    services.answer(mine(meeting, "chair@example.org"), response="attending", actor=user("chair@example.org"))
    db.session.commit()
    page = text(secretariat.get(f"/meetings/{meeting.id}"))
    assert "Quorate" in page and "Not quorate" not in page


def test_sub_group_member_cannot_see_board_meetings(client_as, make_meeting):
    """A Sub-group-only member gets 403 on Board meetings, its list and its .ics; sees Sub-group ones."""
    board_meeting = make_meeting("board")
    sog_meeting = make_meeting("synthetic-opioids", title="Sub-group")
    coroner = client_as("coroner@example.org")
    assert coroner.get(f"/meetings/{board_meeting.id}").status_code == 403
    assert coroner.get(f"/meetings/{board_meeting.id}.ics").status_code == 403
    assert coroner.get("/bodies/board/meetings").status_code == 403
    assert coroner.get(f"/meetings/{sog_meeting.id}").status_code == 200
    assert coroner.get("/bodies/synthetic-opioids/meetings").status_code == 200
    assert "Strategic Board" not in text(coroner.get("/meetings"))


def test_only_secretariat_changes_meetings(client_as, make_meeting):
    """A member (even the chair) cannot schedule, change, cancel, plan or add guests."""
    meeting = make_meeting()
    chair = client_as("chair@example.org")
    for url in (
        "/bodies/board/meetings/new",
        f"/meetings/{meeting.id}/edit",
        f"/meetings/{meeting.id}/cancel",
        f"/meetings/{meeting.id}/guests",
        "/bodies/board/meetings/plan",
    ):
        assert chair.get(url).status_code == 403, url
        assert chair.post_form(url, {}).status_code == 403, url
    assert chair.post_form(f"/meetings/{meeting.id}/held").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, make_meeting):
    """Nobody signed in: meeting pages redirect to sign-in."""
    meeting = make_meeting()
    assert client.get(f"/meetings/{meeting.id}").status_code == 302
    assert client.get(f"/meetings/{meeting.id}.ics").status_code == 302
