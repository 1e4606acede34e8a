"""Writing minutes: prefill, preview, revisions, stale saves refused, compare and restore."""

import re

from board.extensions import db
from board.meetings.models import Response
from board.minutes import services
from board.minutes.models import Minutes, Presence
from tests.conftest import text
from tests.minutes.conftest import save, user


def csrf(page) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_start_from_the_meeting_page_prefills_headings_and_attendance(secretariat, make_meeting):
    """Secretariat: 'Start the minutes' makes a heading per agenda item and attendance from the answers."""
    meeting = make_meeting(20)
    chair = meeting.attendance_of(user("chair@example.org"))
    chair.response = Response.APOLOGIES.value
    member = meeting.attendance_of(user("member@example.org"))
    meetings_answer(member, "deputy.wyp@example.org")
    db.session.commit()
    page = secretariat.get(f"/meetings/{meeting.id}")
    assert "Start the minutes" in text(page)
    response = secretariat.post_form(f"/meetings/{meeting.id}/minutes/start")
    assert response.status_code == 302
    minutes = db.session.scalar(db.select(Minutes).where(Minutes.meeting_id == meeting.id))
    assert minutes.source.startswith("## 1. Welcome and apologies\n")
    assert "## 4. Organised crime group briefing" in minutes.source
    by_name = {a.name: a for a in minutes.attendees}
    assert by_name["Helen Ashworth"].presence == Presence.APOLOGIES
    assert by_name["Chief Superintendent Mark Elland"].presence == Presence.APOLOGIES
    deputy = by_name["Detective Inspector Lucy Farrar"]
    assert (deputy.presence, deputy.deputising_for) == (Presence.PRESENT, "Chief Superintendent Mark Elland")
    assert by_name["Rachel Whitaker"].presence == Presence.ABSENT  # never answered
    assert by_name["Priya Natarajan"].presence == Presence.IN_ATTENDANCE  # the secretariat takes the minutes
    assert minutes.revisions[0].number == 1


def meetings_answer(attendance, deputy_email):
    from board.meetings import services as meetings

    meetings.answer(attendance, response="deputy", actor=attendance.user, deputy_email=deputy_email)


def test_preview_renders_without_saving(secretariat, minutes):
    """Secretariat: Preview shows the rendered text and keeps what was typed; nothing is saved."""
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": "## 1. Welcome\n\n**Quorate.**", "declarations": "", "base_revision": 1, "preview": "Preview"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>Quorate.</strong>" in body
    assert "**Quorate.**" in body  # still in the textarea
    db.session.refresh(minutes)
    assert minutes.revision == 1


def test_every_save_keeps_a_revision_with_author(secretariat, minutes):
    """Secretariat: each save is a new revision (author, time); the stored HTML is rendered then."""
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {
            "source": "## 1. Welcome and apologies\n\nThe chair *welcomed* members.",
            "declarations": "None.",
            "base_revision": 1,
            "save": "Save",
        },
    )
    assert response.status_code == 302
    db.session.refresh(minutes)
    assert minutes.revision == 2
    assert "<em>welcomed</em>" in minutes.html and "<p>None.</p>" in minutes.declarations_html
    latest = services.revision(minutes, 2)
    assert latest.author.email == "secretariat@example.org" and latest.created_at is not None


def test_a_stale_save_is_refused_with_both_texts(secretariat, minutes):
    """Secretariat: saving over a newer revision is refused; both texts shown; nothing overwritten."""
    save(minutes, "## 1. Theirs\n\nSaved by a colleague.")
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": "## 1. Mine\n\nMy version.", "declarations": "", "base_revision": 1, "save": "Save"},
    )
    page = text(response)
    assert response.status_code == 200
    assert "Someone saved revision 2 after you opened revision 1" in page
    assert "Saved by a colleague." in page and "My version." in page
    db.session.refresh(minutes)
    assert minutes.revision == 2 and "Saved by a colleague." in minutes.source
    # The form now carries revision 2, so saving again is a deliberate choice.
    assert 'name="base_revision" type="hidden" value="2"' in response.get_data(
        as_text=True
    ) or 'value="2"' in response.get_data(as_text=True)
    again = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": "## 1. Mine\n\nMy version.", "declarations": "", "base_revision": 2, "save": "Save"},
    )
    assert again.status_code == 302
    db.session.refresh(minutes)
    assert minutes.revision == 3


def test_service_refuses_stale_base(app, minutes):
    """The guard is in the service too (two saves from one revision: one wins)."""
    save(minutes, "first")
    try:
        services.save_minutes(
            minutes, source="second", declarations="", base_revision=1, actor=user("secretariat@example.org")
        )
    except services.MinutesConflict as error:
        assert error.latest == 2
    else:
        raise AssertionError("a stale save was accepted")


def test_too_long_is_refused_and_kept(secretariat, minutes, app):
    """Secretariat: over MINUTES_MAX_CHARS a clear error, the text kept, nothing saved."""
    app.config["MINUTES_MAX_CHARS"] = 50
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit", {"source": "x" * 60, "declarations": "", "base_revision": 1, "save": "Save"}
    )
    assert response.status_code == 200
    assert "The minutes must be 50 characters or fewer" in text(response)
    assert "x" * 60 in response.get_data(as_text=True)
    db.session.refresh(minutes)
    assert minutes.revision == 1


def test_compare_any_two_revisions_and_restore(secretariat, minutes):
    """Secretariat: compare two revisions line by line; restore an earlier one as a new revision."""
    original = minutes.source
    save(minutes, original + "Second line added.\n")
    save(minutes, "Everything replaced.\n")
    page = secretariat.get(f"/minutes/{minutes.id}/compare?a=2&b=3")
    assert page.status_code == 200
    body = text(page)
    assert "Removed: − Second line added." in body and "Added: + Everything replaced." in body
    listing = text(secretariat.get(f"/minutes/{minutes.id}/revisions"))
    assert "Revision 3 (current)" in listing and "Priya Natarajan" in listing
    restore = secretariat.post_form(f"/minutes/{minutes.id}/revisions/2", {"base_revision": 3})
    assert restore.status_code == 302
    db.session.refresh(minutes)
    assert minutes.revision == 4 and "Second line added." in minutes.source
    assert services.revision(minutes, 4).note == "Restored revision 2"
    assert len(minutes.revisions) == 4


def test_attendance_is_editable(secretariat, minutes):
    """Secretariat: change someone's attendance, add an officer in attendance."""
    row = next(a for a in minutes.attendees if a.name == "Rachel Whitaker")
    page = secretariat.get(f"/minutes/{minutes.id}/attendance")
    data = {f"presence_{a.id}": a.presence for a in minutes.attendees}
    data.update({f"deputising_{a.id}": a.deputising_for for a in minutes.attendees})
    data[f"presence_{row.id}"] = "present"
    data["csrf_token"] = csrf(page)
    assert secretariat.post(f"/minutes/{minutes.id}/attendance", data=data).status_code == 302
    added = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/add",
        {
            "add-name": "Alex Minute-Taker",
            "add-organisation": "WYCA",
            "add-presence": "in_attendance",
            "add-deputising_for": "",
        },
    )
    assert added.status_code == 302
    db.session.refresh(minutes)
    by_name = {a.name: a.presence for a in minutes.attendees}
    assert by_name["Rachel Whitaker"] == "present" and by_name["Alex Minute-Taker"] == "in_attendance"
    missing = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/add", {"add-name": "", "add-presence": "present"}
    )
    assert missing.status_code == 400 and "Enter the person" in text(missing)
