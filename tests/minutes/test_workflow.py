"""Draft → circulated (e-mails, owners told their actions) → approved at a later meeting → locked."""

import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.decisions.models import Decision
from board.extensions import db
from board.minutes import services, workflow
from tests.conftest import run_mail_worker, text
from tests.minutes.conftest import due, save, user


def circulated(minutes, client):
    save(
        minutes,
        "## 3. District updates\n\n"
        f"ACTION: Draft the naloxone plan — @lead.leeds@example.org by {due().isoformat()}\n"
        f"ACTION: Visit the prison — @probation@example.org by {due().isoformat()}\n",
    )
    client.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision})
    response = client.post_form(f"/minutes/{minutes.id}/circulate")
    assert response.status_code == 302
    db.session.refresh(minutes)
    return minutes


def test_circulating_emails_members_and_lists_each_owners_actions(secretariat, minutes, smtp_server):
    """Secretariat: circulation e-mails every member; each action owner's e-mail lists their new actions."""
    circulated(minutes, secretariat)
    assert minutes.status == "circulated"
    run_mail_worker()
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}
    assert "chair@example.org" in by_address and "lead.leeds@example.org" in by_address
    assert "probation@example.org" in by_address  # an owner who is not a member is told too
    probation = by_address["probation@example.org"].get_body(("plain",)).get_content()
    assert "Visit the prison" in probation and "/minutes/" not in probation  # no link they cannot open
    leeds = by_address["lead.leeds@example.org"].get_body(("plain",)).get_content()
    assert "Actions for you from this meeting" in leeds and "Draft the naloxone plan" in leeds
    assert "Visit the prison" not in leeds
    chair = by_address["chair@example.org"].get_body(("plain",)).get_content()
    assert "Actions for you" not in chair
    assert str(by_address["chair@example.org"]["Subject"]).strip().startswith("Draft minutes for comment")


def test_circulating_with_unconfirmed_lines_is_refused(secretariat, minutes):
    """Secretariat: outcome lines must be confirmed first, so owners are told of real actions."""
    save(minutes, f"ACTION: Unconfirmed — @lead.leeds@example.org by {due().isoformat()}\n")
    response = secretariat.post_form(f"/minutes/{minutes.id}/circulate", follow_redirects=True)
    assert "Confirm or correct the ACTION and DECISION lines" in text(response)
    db.session.refresh(minutes)
    assert minutes.status == "draft"
    assert (
        db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.kind == "minutes_circulated"))
        == 0
    )


def test_approval_at_a_later_meeting_records_a_decision_and_locks(secretariat, minutes, make_meeting):
    """Secretariat: approval at the next meeting records 'approved as a true record' and locks the minutes."""
    circulated(minutes, secretariat)
    later = make_meeting(5)
    page = secretariat.get(f"/minutes/{minutes.id}/approve")
    assert later.title in text(page)
    response = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": later.id})
    assert response.status_code == 302
    db.session.refresh(minutes)
    assert minutes.is_locked and minutes.approved_at_meeting_id == later.id
    decision = db.session.get(Decision, minutes.approval_decision_id)
    assert "approved as a true record" in decision.text
    assert decision.meeting_id == later.id and decision.agenda_item.title == "Minutes of the last meeting"
    assert decision.body_id == minutes.meeting.body_id

    # Locked: a change needs a reason, and the reason is shown on the page.
    no_reason = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {
            "source": minutes.source + "\nCorrection.\n",
            "declarations": "",
            "base_revision": minutes.revision,
            "save": "Save",
        },
    )
    assert "give the reason for the change" in text(no_reason)
    with_reason = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {
            "source": minutes.source + "\nCorrection.\n",
            "declarations": "",
            "base_revision": minutes.revision,
            "reason": "Spelling of a name corrected at the chair's request",
            "save": "Save",
        },
    )
    assert with_reason.status_code == 302
    page = text(secretariat.get(f"/minutes/{minutes.id}"))
    assert "Changes after approval" in page and "Spelling of a name corrected at the chair" in page
    # Attendance is locked too (shown, not editable), and approving twice is refused.
    locked_page = text(secretariat.get(f"/minutes/{minutes.id}/attendance"))
    assert "the attendance is locked" in locked_page and minutes.attendees[0].name in locked_page
    assert "Save attendance" not in locked_page
    row = minutes.attendees[0]
    try:
        services.update_attendee(row, presence="absent", deputising_for="", actor=user("secretariat@example.org"))
    except services.MinutesError as error:
        assert "can no longer change" in str(error)
    else:
        raise AssertionError("locked attendance changed")
    again = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": later.id})
    assert "already approved" in text(again)


def test_approval_at_another_body_or_an_earlier_meeting_is_refused(secretariat, minutes, make_meeting):
    """Secretariat: a meeting of the Sub-group, or an earlier Board meeting, cannot approve the minutes."""
    circulated(minutes, secretariat)
    approvals = sa.select(sa.func.count(Decision.id)).where(Decision.title.like("Minutes of%"))
    before = db.session.scalar(approvals)
    sog = make_meeting(5, slug="synthetic-opioids", items=[])
    earlier = make_meeting(60, items=[])
    for meeting, message in ((sog, "same body"), (earlier, "later meeting")):
        response = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": meeting.id})
        assert response.status_code == 200
        assert message in text(response)
    db.session.refresh(minutes)
    assert minutes.status == "circulated"
    assert db.session.scalar(approvals) == before


def test_drafts_cannot_be_approved(app, minutes, make_meeting):
    later = make_meeting(5)
    try:
        workflow.approve(minutes, later, actor=user("secretariat@example.org"))
    except services.MinutesError as error:
        assert "Circulate" in str(error)
    else:
        raise AssertionError("a draft was approved")
