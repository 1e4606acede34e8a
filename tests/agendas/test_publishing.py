"""Publishing: members are e-mailed once per publication; they see the published version only."""

import sqlalchemy as sa

from board.agendas import publishing, services
from board.agendas.models import Paper
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.people.models import Membership
from tests.agendas.test_papers import tiny_pdf, upload
from tests.conftest import run_mail_worker, text


def _agenda_mail():
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "agenda_published").order_by(OutboxMessage.id)
    ).all()


def _board_members(board):
    return {
        m.user.email
        for m in db.session.scalars(sa.select(Membership).where(Membership.body_id == board.id))
        if m.user.is_enabled
    }


def test_publish_emails_each_member_once_with_a_link(secretariat, staff, board, meeting):
    """Secretariat: publishing queues one e-mail per Board member with a link to the agenda."""
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    assert "Draft" in text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    response = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", follow_redirects=True)
    assert "Agenda published" in text(response)
    mail = _agenda_mail()
    assert {m.recipients for m in mail} == _board_members(board)
    assert len(mail) == len(_board_members(board)) and all("," not in m.recipients for m in mail)
    assert mail[0].subject.startswith("Agenda published: Strategic Board")
    assert f"http://localhost/meetings/{meeting.id}/agenda".encode() in mail[0].raw
    # Publishing again with no change is refused, and sends nothing.
    response = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", follow_redirects=True)
    assert "Nothing has changed since the agenda was last published" in text(response)
    assert len(_agenda_mail()) == len(mail)


def test_changes_after_publication_wait_for_republish(secretariat, client_as, staff, board, meeting):
    """Members keep seeing the published version until the secretariat re-publishes; then "Updated"."""
    services.start_agenda(meeting, by=staff)
    publishing.publish_agenda(meeting, by=staff)
    db.session.commit()
    first = len(_agenda_mail())
    member = client_as("lead.kirklees@example.org")
    assert "Drug-related deaths review" not in text(member.get(f"/meetings/{meeting.id}/agenda"))

    secretariat.post_form(
        f"/meetings/{meeting.id}/agenda/items/new",
        {
            "title": "Drug-related deaths review",
            "purpose": "discussion",
            "duration_minutes": "20",
            "kind": "other",
            "presenter_user_id": "",
            "presenter_organisation_id": "",
        },
    )
    builder = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert "Unpublished changes" in builder and "Re-publish and notify members" in builder
    page = text(member.get(f"/meetings/{meeting.id}/agenda"))
    assert "Drug-related deaths review" not in page and "Updated" not in page
    assert len(_agenda_mail()) == first  # edits alone notify no one

    response = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", follow_redirects=True)
    assert "Agenda re-published" in text(response)
    mail = _agenda_mail()
    assert len(mail) == 2 * first
    assert mail[-1].subject.startswith("Updated agenda:")
    page = text(member.get(f"/meetings/{meeting.id}/agenda"))
    assert "Drug-related deaths review" in page and "Updated" in page and "version 2" in page


def test_republish_reaches_members_through_smtp(smtp_server, staff, meeting, app):
    """Members: the published-agenda e-mail really goes out, sent by the mail worker after the commit."""
    services.start_agenda(meeting, by=staff)
    publishing.publish_agenda(meeting, by=staff)
    db.session.commit()
    run_mail_worker()
    to = {m["To"].addresses[0].addr_spec for m in smtp_server.messages}
    assert "chair@example.org" in to and "coroner@example.org" not in to
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert f"/meetings/{meeting.id}/agenda" in body


def test_who_may_see_the_agenda(client_as, secretariat, staff, meeting):
    """Only Board members see the published agenda (confidential items too); no one sees a draft."""
    services.start_agenda(meeting, by=staff)
    services.add_item(
        meeting,
        {
            "title": "Covert operation briefing",
            "purpose": "information",
            "duration_minutes": 10,
            "is_confidential": True,
        },
        by=staff,
    )
    db.session.commit()
    member = client_as("lead.bradford@example.org")
    outsider = client_as("coroner@example.org")  # Sub-group only
    for url in (f"/meetings/{meeting.id}/agenda", f"/meetings/{meeting.id}/agenda/pack"):
        assert member.get(url).status_code == 404  # a draft is never shown to members
        assert member.get(url + "?draft=1").status_code == 404
        assert outsider.get(url).status_code == 403
        assert secretariat.get(url).status_code == 200
    for url in (
        f"/meetings/{meeting.id}/agenda/build",
        f"/meetings/{meeting.id}/agenda/items/new",
        "/bodies/board/agenda-template",
    ):
        assert member.get(url).status_code == 403
    assert member.post_form(f"/meetings/{meeting.id}/agenda/publish").status_code == 403

    publishing.publish_agenda(meeting, by=staff, notify=False)
    db.session.commit()
    page = text(member.get(f"/meetings/{meeting.id}/agenda"))
    assert "Covert operation briefing" in page and "Confidential" in page
    assert outsider.get(f"/meetings/{meeting.id}/agenda").status_code == 403
    anonymous = secretariat.application.test_client()
    assert anonymous.get(f"/meetings/{meeting.id}/agenda").status_code == 302  # to sign in
    # A member asking for the draft still gets the published version.
    services.add_item(
        meeting, {"title": "Secret draft item", "purpose": "information", "duration_minutes": 5}, by=staff
    )
    db.session.commit()
    assert "Secret draft item" not in text(member.get(f"/meetings/{meeting.id}/agenda/pack?draft=1"))
    assert "Secret draft item" in text(secretariat.get(f"/meetings/{meeting.id}/agenda/pack?draft=1"))


def test_meeting_page_tells_unpublished_changes_as_publishing_would(secretariat, staff, meeting):
    """Secretariat: the meeting page reads the draft as rows; what it compares with the last
    publication must be exactly what publishing would freeze, or "Unpublished changes" lies."""
    services.start_agenda(meeting, by=staff)
    db.session.flush()
    items = services.load_items(meeting)
    # Presenters of both kinds and a paper with two versions, so every copied field is exercised.
    board_user = db.session.scalar(sa.select(Membership).where(Membership.body_id == meeting.body_id)).user
    items[0].presenter_user_id = board_user.id
    items[1].presenter_organisation_id = board_user.organisation_id
    items[1].presenter_user_id = board_user.id
    db.session.flush()
    db.session.commit()
    upload(secretariat, f"/agenda-items/{items[1].id}/papers", "report.pdf", tiny_pdf("v1"), "Naloxone supply report")
    paper = db.session.scalar(sa.select(Paper).where(Paper.item_id == items[1].id))
    upload(secretariat, f"/papers/{paper.id}/replace", "report v2.pdf", tiny_pdf("v2"))
    upload(secretariat, f"/agenda-items/{items[2].id}/papers", "plan.pdf", tiny_pdf("plan"), "Delivery plan")
    db.session.expire_all()
    snapshot = build_snapshot_of(services.read_items(meeting))
    assert snapshot == build_snapshot_of(services.load_items(meeting))
    assert [p["version"] for p in snapshot["items"][1]["papers"]] == [2] and snapshot["items"][2]["papers"]
    assert snapshot["items"][1]["presenter"] == f"{board_user.name}, {board_user.organisation.short_name}"

    publishing.publish_agenda(meeting, by=staff, notify=False)
    db.session.commit()
    page = text(secretariat.get(f"/meetings/{meeting.id}"))
    assert "Published version 1" in page and "Unpublished changes" not in page
    item = services.load_items(meeting)[1]
    item.presenter_organisation_id = None  # only the presenter changes
    db.session.commit()
    assert "Unpublished changes" in text(secretariat.get(f"/meetings/{meeting.id}"))


def build_snapshot_of(items):
    return publishing.build_snapshot(items)
