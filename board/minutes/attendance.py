"""Where the minutes' attendance lines come from: the record of who actually attended on the
day (when the secretariat has marked it), or else the answers to the invitation. Never commits.
"""

from board.common.timeutil import to_london
from board.meetings import attended as day_record
from board.meetings.models import Meeting, Response
from board.minutes.models import MinutesAttendee, Presence
from board.people.models import Role
from board.people.seats import current_memberships


def prefill_attendance(meeting: Meeting) -> list[MinutesAttendee]:
    """Attendance rows from the answers to the invitation (deputies name whom they stand in for).

    Guests, advisers and the secretariat who attend are "in attendance" rather than
    present (they do not count towards the quorum); the secretariat takes the minutes,
    so it is in attendance unless it sent apologies.
    """
    day = to_london(meeting.starts_at).date()
    roles = {seat.user_id: seat.role for seat in current_memberships(meeting.body, day)}
    rows = []
    for position, answer in enumerate(meeting.attendances):
        role = roles.get(answer.user_id)
        in_attendance = answer.is_guest or role in (Role.ADVISER, Role.SECRETARIAT)
        if answer.deputy_for is not None:
            presence, standing_in = Presence.PRESENT, answer.deputy_for.user.name
        elif answer.response == Response.ATTENDING:
            presence, standing_in = (Presence.IN_ATTENDANCE if in_attendance else Presence.PRESENT), ""
        elif answer.response in (Response.APOLOGIES, Response.DEPUTY):
            presence, standing_in = Presence.APOLOGIES, ""
        elif role == Role.SECRETARIAT or answer.is_guest:
            presence, standing_in = Presence.IN_ATTENDANCE, ""
        else:
            presence, standing_in = Presence.ABSENT, ""
        organisation = answer.user.organisation.short_name if answer.user.organisation else ""
        rows.append(
            MinutesAttendee(
                user=answer.user,
                name=answer.user.name,
                organisation=organisation,
                presence=presence.value,
                deputising_for=standing_in,
                position=position,
            )
        )
    return rows


def attendance_from_record(meeting: Meeting) -> list[MinutesAttendee]:
    """Attendance rows from the record of who actually attended on the day.

    Ticked: present (members, and deputies "deputising for" the member), or in attendance
    (guests, advisers, the secretariat). Not ticked: apologies if they sent them, absent if
    they hold a seat; guests, deputies and the secretariat who did not come are left out.
    People added on the day follow, as the secretariat recorded them.
    """
    day = to_london(meeting.starts_at).date()
    roles = {seat.user_id: seat.role for seat in current_memberships(meeting.body, day)}
    rows = []
    for answer in day_record.invitees(meeting):
        role = roles.get(answer.user_id)
        in_attendance = answer.is_guest or role in (Role.ADVISER, Role.SECRETARIAT)
        standing_in = ""
        if answer.attended:
            if answer.deputy_for is not None:
                presence, standing_in = Presence.PRESENT, answer.deputy_for.user.name
            else:
                presence = Presence.IN_ATTENDANCE if in_attendance else Presence.PRESENT
        elif answer.response in (Response.APOLOGIES, Response.DEPUTY):
            presence = Presence.APOLOGIES
        elif role is None or in_attendance:
            continue
        else:
            presence = Presence.ABSENT
        organisation = answer.user.organisation.short_name if answer.user.organisation else ""
        rows.append(
            MinutesAttendee(
                user=answer.user,
                name=answer.user.name,
                organisation=organisation,
                presence=presence.value,
                deputising_for=standing_in,
            )
        )
    for extra in day_record.day_attendees(meeting):
        rows.append(
            MinutesAttendee(
                name=extra.name,
                organisation=extra.organisation,
                presence=extra.presence,
                deputising_for=extra.deputising_for,
            )
        )
    for position, row in enumerate(rows):
        row.position = position
    return rows


def initial_attendance(meeting: Meeting) -> tuple[str, list[MinutesAttendee]]:
    """The minutes' attendance: from the record of the day when it is marked, else from the answers."""
    if day_record.is_marked(meeting):
        return "record", attendance_from_record(meeting)
    return "answers", prefill_attendance(meeting)
