"""The secretariat sets up, renames and closes bodies, keeps their terms of reference
versioned, and manages seats that reach into the body's meetings."""

from datetime import timedelta

import sqlalchemy as sa

from board.bodies.models import TermsVersion
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body, Membership
from tests.bodies.conftest import body, calendar_method, mail_to, user
from tests.conftest import field_value, messages, text

NEW_BODY = {
    "name": "Drug Litter Task and Finish Group",
    "short_name": "Drug Litter TFG",
    "reference_prefix": "dlt",
    "cadence_weeks": "4",
    "quorum_members": "3",
    "terms_of_reference": "## Purpose\nTo map discarded needles in the county.",
}


def _dmy(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_the_secretariat_sets_up_a_task_and_finish_group(secretariat):
    """Secretariat: a new body gets its own page, prefix and first terms of reference version."""
    board = body("board")
    response = secretariat.post_form("/bodies/new", {**NEW_BODY, "parent_id": str(board.id)})
    assert response.status_code == 302
    made = db.session.scalar(sa.select(Body).where(Body.name == NEW_BODY["name"]))
    assert made.reference_prefix == "DLT" and made.parent_id == board.id and made.cadence_weeks == 4
    page = text(secretariat.get(response.headers["Location"]))
    assert "To map discarded needles" in page and "Reports to the West Yorkshire" in page
    assert [v.number for v in db.session.scalars(sa.select(TermsVersion).where(TermsVersion.body_id == made.id))] == [1]
    assert NEW_BODY["name"] in text(secretariat.get("/bodies"))


def test_a_prefix_already_used_is_refused_on_the_form(secretariat):
    """Secretariat: SOG (in any letter case) is the Sub-group's prefix; nothing is created, what was typed stays."""
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Body))
    page = secretariat.post_form("/bodies/new", {**NEW_BODY, "reference_prefix": "sog"})
    assert page.status_code == 200
    assert any("The prefix SOG is already used by the Synthetic Opioids Sub-group" in m for m in messages(page))
    assert field_value(page, "name") == NEW_BODY["name"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Body)) == before


def test_a_prefix_of_a_closed_body_stays_taken(secretariat):
    """Secretariat: the closed task-and-finish group's NTF still marks its references, so it is refused."""
    page = secretariat.post_form("/bodies/new", {**NEW_BODY, "reference_prefix": "NTF"})
    assert any("already used by the Police Naloxone Roll-out" in m for m in messages(page))


def test_a_prefix_that_is_not_letters_is_refused(secretariat):
    page = secretariat.post_form("/bodies/new", {**NEW_BODY, "reference_prefix": "D-1"})
    assert any("2 to 6 letters" in m for m in messages(page))
    assert db.session.scalar(sa.select(Body.id).where(Body.name == NEW_BODY["name"])) is None


def test_renaming_and_new_terms_make_a_version_history(secretariat, client_as):
    """Secretariat renames the Sub-group and changes its terms; members read every version."""
    sog = body("synthetic-opioids")
    old_terms = sog.terms_of_reference
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/edit",
        {
            "name": "Synthetic Opioids and Nitazenes Sub-group",
            "short_name": "Sub-group",
            "cadence_weeks": "6",
            "quorum_members": "4",
            "terms_of_reference": old_terms + "\n\n## Added\nNitazene alerts go to all members within a day.",
        },
    )
    assert response.status_code == 302
    versions = db.session.scalars(
        sa.select(TermsVersion).where(TermsVersion.body_id == sog.id).order_by(TermsVersion.number)
    ).all()
    assert len(versions) >= 2 and "Nitazene alerts go to all members" in versions[-1].source
    history = text(client_as("coroner@example.org").get("/bodies/synthetic-opioids/terms-of-reference"))
    assert f"Version {versions[-1].number} (current)" in history and "Version 1" in history
    assert "Synthetic Opioids and Nitazenes Sub-group" in text(secretariat.get("/bodies"))
    # Saving again with the same terms adds no version.
    secretariat.post_form(
        "/bodies/synthetic-opioids/edit",
        {
            "name": "Synthetic Opioids and Nitazenes Sub-group",
            "short_name": "Sub-group",
            "cadence_weeks": "7",
            "quorum_members": "4",
            "terms_of_reference": versions[-1].source,
        },
    )
    count = db.session.scalar(sa.select(sa.func.count()).where(TermsVersion.body_id == sog.id))
    assert count == len(versions)


def test_closing_a_body_with_future_meetings_asks_first_and_changes_nothing(secretariat, meeting_ahead):
    """Secretariat: without choosing to cancel them, the body stays open and its meetings stand."""
    tfg = _new_group(secretariat)
    meeting = meeting_ahead(tfg, 30)
    page = secretariat.get(f"/bodies/{tfg.slug}/close")
    assert "has 1 future meeting" in text(page) and meeting.title in text(page)
    refused = secretariat.post_form(f"/bodies/{tfg.slug}/close", {})
    assert refused.status_code == 200
    assert any("cancel them to close it, or keep it open" in m for m in messages(refused))
    kept = secretariat.post_form(f"/bodies/{tfg.slug}/close", {"cancel_meetings": "keep"}, follow_redirects=True)
    assert "stays open; nothing was changed" in text(kept)
    db.session.expire_all()
    assert db.session.get(Body, tfg.id).closed_on is None
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.SCHEDULED


def test_closing_a_body_cancels_its_future_meetings_with_calendar_cancels(secretariat, meeting_ahead):
    """Secretariat: cancelling and closing sends every invitee a CANCEL and ends every seat today."""
    tfg = _new_group(secretariat)
    meeting = meeting_ahead(tfg, 30)
    invited = [a.user.email for a in meeting.attendances]
    assert invited, "the group's member was invited"
    no_reason = secretariat.post_form(f"/bodies/{tfg.slug}/close", {"cancel_meetings": "cancel"})
    assert any("Enter the reason" in m for m in messages(no_reason))
    response = secretariat.post_form(
        f"/bodies/{tfg.slug}/close", {"cancel_meetings": "cancel", "reason": "The group's work is done."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    closed = db.session.get(Body, tfg.id)
    assert closed.closed_on == today_london()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.CANCELLED
    for email in invited:
        cancels = mail_to(email, "meeting_cancel")
        assert cancels and calendar_method(cancels[-1]) == "CANCEL"
    assert all(m.ends_on == today_london() for m in closed.memberships)
    page = text(secretariat.get(f"/bodies/{tfg.slug}"))
    assert "Closed" in page and "Past members" not in page  # seats end today: still listed until tomorrow
    # A closed body gets no new meeting and its seats cannot change.
    refused = secretariat.post_form(
        f"/bodies/{tfg.slug}/members/new", {"user_id": str(user("vrp@example.org").id), "role": "member"}
    )
    assert any("was closed on" in m for m in messages(refused))


def test_a_new_member_is_invited_to_future_meetings_at_once(secretariat, meeting_ahead):
    """Secretariat: a seat from today puts the person on the body's future meetings, with the invitation e-mail."""
    sog = body("synthetic-opioids")
    meeting = meeting_ahead(sog, 20, title="Sub-group extra meeting")
    vrp = user("vrp@example.org")
    assert meeting.attendance_of(vrp) is None
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/members/new",
        {"user_id": str(vrp.id), "role": "member", "starts_on": _dmy(today_london())},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).attendance_of(vrp) is not None
    invitation = [m for m in mail_to(vrp.email, "meeting_request") if "Sub-group extra meeting" in m.subject]
    assert invitation and calendar_method(invitation[0]) == "REQUEST"


def test_a_seat_that_ends_stops_the_invitations_after_it(secretariat, meeting_ahead):
    """Secretariat: ending a seat withdraws the person from meetings after the end (a CANCEL); history stays."""
    sog = body("synthetic-opioids")
    soon, later = meeting_ahead(sog, 10, title="Soon"), meeting_ahead(sog, 60, title="Later")
    coroner = user("coroner@example.org")
    assert soon.attendance_of(coroner) and later.attendance_of(coroner)
    seat = db.session.scalar(
        sa.select(Membership).where(Membership.body_id == sog.id, Membership.user_id == coroner.id)
    )
    response = secretariat.post_form(
        f"/bodies/synthetic-opioids/members/{seat.id}/edit",
        {"user_id": str(coroner.id), "role": seat.role, "ends_on": _dmy(today_london() + timedelta(days=30))},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, soon.id).attendance_of(coroner) is not None
    assert db.session.get(Meeting, later.id).attendance_of(coroner) is None
    assert any(
        "Later" in m.subject and calendar_method(m) == "CANCEL" for m in mail_to(coroner.email, "meeting_cancel")
    )
    assert db.session.get(Membership, seat.id) is not None  # the seat, and with it the history, stays


def test_a_past_member_is_listed_apart(secretariat, client_as):
    """Members: someone whose seat ended appears under "Past members", not among the members."""
    vrp = user("vrp@example.org")
    seat = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == vrp.id, Membership.body_id == body("board").id)
    )
    response = secretariat.post_form(
        f"/bodies/board/members/{seat.id}/edit",
        {
            "user_id": str(vrp.id),
            "role": seat.role,
            "starts_on": _dmy(today_london() - timedelta(days=400)),
            "ends_on": _dmy(today_london() - timedelta(days=2)),
        },
    )
    assert response.status_code == 302
    page = text(client_as("chair@example.org").get("/bodies/board"))
    assert "Past members" in page
    assert page.index(vrp.name) > page.index("Past members")


def test_a_member_cannot_set_up_or_close_a_body(client_as):
    """Members: the set-up and close pages and their forms are the secretariat's."""
    chair = client_as("chair@example.org")
    assert chair.get("/bodies/new").status_code == 403
    assert chair.post_form("/bodies/new", NEW_BODY).status_code == 403
    assert chair.post_form("/bodies/board/close", {"cancel_meetings": "cancel", "reason": "x"}).status_code == 403
    assert db.session.scalar(sa.select(Body.id).where(Body.name == NEW_BODY["name"])) is None
    assert body("board").closed_on is None


def _new_group(secretariat) -> Body:
    """A new task-and-finish group of the Board with one member from today."""
    secretariat.post_form("/bodies/new", {**NEW_BODY, "parent_id": str(body("board").id)})
    tfg = db.session.scalar(sa.select(Body).where(Body.name == NEW_BODY["name"]))
    secretariat.post_form(
        f"/bodies/{tfg.slug}/members/new",
        {"user_id": str(user("vrp@example.org").id), "role": "chair", "starts_on": _dmy(today_london())},
    )
    return tfg


def test_a_name_already_used_is_refused_on_the_form(secretariat):
    """Secretariat: a new body named like the Board (any letter case) is refused; nothing is created."""
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Body))
    name = body("board").name.upper()
    page = secretariat.post_form("/bodies/new", {**NEW_BODY, "name": name})
    assert any("Another body already has this name" in m for m in messages(page))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Body)) == before


def test_two_bodies_with_one_short_name_get_two_addresses(secretariat):
    """Secretariat: the page address comes from the short name and never collides."""
    for n, prefix in ((1, "AAA"), (2, "BBB")):
        response = secretariat.post_form(
            "/bodies/new", {**NEW_BODY, "name": f"Group {n}", "short_name": "Working Group", "reference_prefix": prefix}
        )
        assert response.status_code == 302
    slugs = db.session.scalars(sa.select(Body.slug).where(Body.short_name == "Working Group").order_by(Body.id)).all()
    assert slugs == ["working-group", "working-group-2"]


def test_a_closed_body_gets_no_new_meeting(secretariat):
    """Secretariat: the closed task-and-finish group refuses a new meeting with a message; none is made."""
    tfg = body("naloxone-tfg")
    assert tfg.is_closed
    before = db.session.scalar(sa.select(sa.func.count()).where(Meeting.body_id == tfg.id))
    day = today_london() + timedelta(days=30)
    page = secretariat.post_form(
        "/bodies/naloxone-tfg/meetings/new",
        {
            "title": "One more",
            "day": _dmy(day),
            "starts": "10:00",
            "ends": "11:00",
            "venue": "Wellington House",
            "join_url": "",
            "notes": "",
        },
    )
    assert page.status_code == 200 and any("was closed on" in m for m in messages(page))
    assert db.session.scalar(sa.select(sa.func.count()).where(Meeting.body_id == tfg.id)) == before
    assert "None." in text(secretariat.get("/bodies/naloxone-tfg/meetings"))
