"""Attendance in the minutes: the secretariat marks who actually attended on the day (one page,
a tick per invitee, others added), distinct from the answers; the minutes take it from that
record, or from the answers with a note; refreshing a draft is an explicit action and a revision."""

import re

import sqlalchemy as sa

from board.extensions import db
from board.meetings import services as meetings
from board.meetings.models import Attendance, DayAttendee
from board.minutes import services, workflow
from board.minutes.models import MinutesRevision
from tests.conftest import messages, text
from tests.minutes.conftest import user

SECRETARIAT = "secretariat@example.org"


def _answers(meeting) -> dict[str, Attendance]:
    """The chair attends, the Leeds lead sends apologies, the WYP member sends a deputy, the rest say nothing."""
    by_email = {a.user.email: a for a in meeting.attendances}
    meetings.answer(by_email["chair@example.org"], response="attending", actor=user("chair@example.org"))
    meetings.answer(by_email["lead.leeds@example.org"], response="apologies", actor=user("lead.leeds@example.org"))
    meetings.answer(
        by_email["member@example.org"],
        response="deputy",
        deputy_email="deputy.wyp@example.org",
        actor=user("member@example.org"),
    )
    meetings.answer(
        by_email["lead.bradford@example.org"], response="attending", actor=user("lead.bradford@example.org")
    )
    db.session.commit()
    return {a.user.email: a for a in meeting.attendances}


def _ticks(page) -> dict[str, bool]:
    """Each checkbox's label → whether it is ticked."""
    html = page.get_data(as_text=True)
    found = {}
    for box in re.finditer(
        r'<input class="govuk-checkboxes__input" id="([^"]+)" name="attended" type="checkbox" value="(\d+)"([^>]*)>',
        html,
    ):
        label = re.search(
            rf'<label class="govuk-label govuk-checkboxes__label" for="{box.group(1)}">\s*([^<]+?)\s*</label>', html
        )
        found[label.group(1)] = "checked" in box.group(3)
    return found


def _extras(*meeting_ids):
    return sa.select(sa.func.count(DayAttendee.id)).where(DayAttendee.meeting_id.in_(meeting_ids))


def _rows(minutes) -> dict[str, tuple[str, str]]:
    return {a.name: (a.presence, a.deputising_for) for a in minutes.attendees}


def test_the_day_page_has_a_tick_per_invitee_beside_their_answer(secretariat, make_meeting):
    """Secretariat: before anything is marked, the ticks start from the answers, and each answer is shown."""
    meeting = make_meeting(1)
    _answers(meeting)
    page = secretariat.get(f"/meetings/{meeting.id}/attended")
    assert page.status_code == 200 and "Not marked yet" in text(page)
    ticks = _ticks(page)
    assert len(ticks) == len(meeting.attendances)
    assert ticks["Rachel Whitaker (Leeds); answered: Apologies"] is False
    chair = next(label for label in ticks if label.startswith(user("chair@example.org").name))
    assert ticks[chair] is True and chair.endswith("answered: Attending")
    deputy = next(label for label in ticks if label.startswith("Detective Inspector Lucy Farrar"))
    assert ", deputy for " in deputy
    assert "Mark who actually attended on the day" in text(secretariat.get(f"/meetings/{meeting.id}"))


def test_marking_who_attended_is_kept_apart_from_the_answers(secretariat, make_meeting):
    """Secretariat: saving the ticks records attended / not attended; the answers are untouched."""
    meeting = make_meeting(1)
    rows = _answers(meeting)
    came = [rows["lead.leeds@example.org"].id, rows["deputy.wyp@example.org"].id]  # Leeds came after all
    done = secretariat.post_form(
        f"/meetings/{meeting.id}/attended", {"attended": [str(i) for i in came]}, follow_redirects=True
    )
    assert "Attendance on the day saved" in " ".join(messages(done))
    for attendance in meeting.attendances:
        db.session.refresh(attendance)
        assert attendance.attended is (attendance.id in came), attendance.user.email
    db.session.refresh(rows["lead.leeds@example.org"])
    assert rows["lead.leeds@example.org"].response == "apologies"  # what they said stays what they said
    assert "Not marked yet" not in text(done)


def test_marking_a_future_or_cancelled_meeting_or_a_stranger_is_refused(secretariat, make_meeting):
    """Secretariat: a meeting still to come, a cancelled one, or a tick for someone not invited: a clear message, nothing marked."""
    future = make_meeting(-3)
    refused = secretariat.post_form(f"/meetings/{future.id}/attended", {"attended": [str(future.attendances[0].id)]})
    assert refused.status_code == 400 and "mark who attended on the day of the meeting or after it" in text(refused)
    added = secretariat.post_form(
        f"/meetings/{future.id}/attended/add", {"add-name": "Priya Shah", "add-presence": "in_attendance"}
    )
    assert "mark who attended on the day of the meeting or after it" in text(added)
    called_off = make_meeting(2)
    meetings.cancel_meeting(called_off, reason="Snow", actor=user(SECRETARIAT))
    db.session.commit()
    refused = secretariat.post_form(f"/meetings/{called_off.id}/attended", {"attended": []})
    assert "This meeting was cancelled" in text(refused)
    held = make_meeting(1)
    stranger = future.attendances[0].id
    refused = secretariat.post_form(f"/meetings/{held.id}/attended", {"attended": [str(stranger)]})
    assert "Tick only people invited to this meeting" in text(refused)
    ids = [future.id, called_off.id, held.id]
    marked = sa.select(sa.func.count(Attendance.id)).where(
        Attendance.meeting_id.in_(ids), Attendance.attended.is_not(None)
    )
    assert db.session.scalar(marked) == 0
    assert db.session.scalar(_extras(*ids)) == 0


def test_adding_someone_on_the_day_checks_what_was_typed(secretariat, make_meeting):
    """Secretariat: a name is needed, a deputy is present (not in attendance), and no one is added twice."""
    meeting = make_meeting(1)
    url = f"/meetings/{meeting.id}/attended/add"
    empty = secretariat.post_form(url, {"add-name": " ", "add-presence": "in_attendance"})
    assert empty.status_code == 400 and "Enter the person" in text(empty)
    wrong = secretariat.post_form(
        url, {"add-name": "Sam Reed", "add-presence": "in_attendance", "add-deputising_for": "Rachel Whitaker"}
    )
    assert "A deputy standing in for a member is present, not in attendance" in text(wrong)
    unknown = secretariat.post_form(url, {"add-name": "Sam Reed", "add-presence": "absent"})
    assert unknown.status_code == 400 and "Not a valid choice" in text(unknown)
    assert db.session.scalar(_extras(meeting.id)) == 0
    ok = secretariat.post_form(
        url,
        {
            "add-name": "Sam Reed",
            "add-organisation": "Leeds",
            "add-presence": "present",
            "add-deputising_for": "Rachel Whitaker",
        },
        follow_redirects=True,
    )
    assert "Sam Reed added" in " ".join(messages(ok)) and "deputising for Rachel Whitaker" in text(ok)
    again = secretariat.post_form(url, {"add-name": "sam reed", "add-presence": "present"})
    assert "is already on the attendance record" in text(again)
    assert db.session.scalar(_extras(meeting.id)) == 1


def test_minutes_take_their_attendance_from_the_record_of_the_day(secretariat, make_meeting):
    """Secretariat: minutes started after marking list present, deputies, in attendance, apologies and absent from it."""
    meeting = make_meeting(1)
    rows = _answers(meeting)
    came = {rows["chair@example.org"].id, rows["deputy.wyp@example.org"].id, rows["secretariat@example.org"].id}
    secretariat.post_form(f"/meetings/{meeting.id}/attended", {"attended": [str(i) for i in came]})
    secretariat.post_form(
        f"/meetings/{meeting.id}/attended/add",
        {"add-name": "Priya Shah", "add-organisation": "WYCA", "add-presence": "in_attendance"},
    )
    secretariat.post_form(f"/meetings/{meeting.id}/minutes/start")
    minutes = services.minutes_of(meeting)
    assert minutes.attendance_source == "record"
    got = _rows(minutes)
    assert got[user("chair@example.org").name] == ("present", "")
    assert got["Detective Inspector Lucy Farrar"] == ("present", user("member@example.org").name)
    assert got[user("member@example.org").name] == ("apologies", "")
    assert got["Rachel Whitaker"] == ("apologies", "")
    assert got[user("lead.bradford@example.org").name] == ("absent", "")  # said yes, did not come
    assert got[user(SECRETARIAT).name] == ("in_attendance", "")
    assert got["Priya Shah"] == ("in_attendance", "")
    page = text(secretariat.get(f"/minutes/{minutes.id}"))
    assert "Deputies" in page and "deputising for" in page
    assert "comes from the answers to the invitation" not in page


def test_refreshing_a_draft_from_the_record_is_explicit_and_a_revision(secretariat, make_meeting):
    """Secretariat: minutes started before marking say so; refreshing is refused until the day is marked,
    then replaces the lines as a new revision; a stale or approved refresh changes nothing."""
    meeting = make_meeting(2)
    rows = _answers(meeting)
    secretariat.post_form(f"/meetings/{meeting.id}/minutes/start")
    minutes = services.minutes_of(meeting)
    assert minutes.attendance_source == "answers"
    assert "comes from the answers to the invitation" in text(secretariat.get(f"/minutes/{minutes.id}"))
    page = secretariat.get(f"/minutes/{minutes.id}/attendance")
    assert "the attendance on the day has not been marked yet" in text(page)
    refused = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/refresh", {"base_revision": minutes.revision}, follow_redirects=True
    )
    assert "Who attended has not been marked for this meeting yet" in " ".join(messages(refused))
    revision = minutes.revision

    secretariat.post_form(f"/meetings/{meeting.id}/attended", {"attended": [str(rows["lead.bradford@example.org"].id)]})
    db.session.refresh(minutes)
    assert minutes.revision == revision and minutes.attendance_source == "answers"  # nothing changes by itself
    assert _rows(minutes)[user("chair@example.org").name] == ("present", "")
    stale = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/refresh", {"base_revision": revision - 1}, follow_redirects=True
    )
    assert "Nothing was saved" in " ".join(messages(stale))
    db.session.refresh(minutes)
    assert minutes.revision == revision
    done = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/refresh", {"base_revision": revision}, follow_redirects=True
    )
    assert f"as revision {revision + 1}" in " ".join(messages(done))
    db.session.expire_all()
    minutes = services.load_minutes(minutes.id)
    assert minutes.revision == revision + 1 and minutes.attendance_source == "record"
    assert _rows(minutes)[user("chair@example.org").name] == ("absent", "")
    assert _rows(minutes)[user("lead.bradford@example.org").name] == ("present", "")
    note = db.session.scalar(
        sa.select(MinutesRevision.note).where(
            MinutesRevision.minutes_id == minutes.id, MinutesRevision.number == revision + 1
        )
    )
    assert note == "Attendance taken from the record of who attended on the day"

    workflow.circulate(minutes, actor=user(SECRETARIAT))
    workflow.approve(minutes, make_meeting(1, items=[]), actor=user(SECRETARIAT))
    db.session.commit()
    locked = secretariat.post_form(
        f"/minutes/{minutes.id}/attendance/refresh", {"base_revision": minutes.revision}, follow_redirects=True
    )
    assert "the attendance can no longer change" in " ".join(messages(locked))
