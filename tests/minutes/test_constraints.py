"""Minutes: the values the database keeps unique are set by the services, and a repeated post is no error.

No form sets these; who guarantees them:
- ``minutes.meeting_id`` (one set of minutes per meeting): ``services.start_minutes``
  returns the meeting's minutes when they exist, so a second 'Start' opens them;
- ``minutes_revision (minutes, number)``: ``services.save_minutes`` bumps
  ``Minutes.revision`` with one guarded UPDATE (``WHERE revision = base``), so of two
  saves from the same revision exactly one numbers a revision and the other is a conflict.
"""

import sqlalchemy as sa

from board.extensions import db
from board.minutes.models import Minutes, MinutesRevision
from tests.conftest import field_value, messages


def test_starting_the_minutes_twice_opens_one_set(secretariat, make_meeting):
    """Secretariat: a double-clicked 'Start the minutes' makes one set and both posts open it."""
    meeting = make_meeting(20)
    first = secretariat.post_form(f"/meetings/{meeting.id}/minutes/start")
    again = secretariat.post_form(f"/meetings/{meeting.id}/minutes/start")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Minutes).where(Minutes.meeting_id == meeting.id)) == 1
    )


def test_saving_the_same_form_twice_numbers_one_revision(secretariat, minutes):
    """Secretariat: the same edit posted twice saves one revision; the second is shown as a conflict with the text kept."""
    typed = minutes.source + "\n\nThe Board noted the update."
    form = {"source": typed, "declarations": "", "base_revision": str(minutes.revision), "save": "Save"}
    assert secretariat.post_form(f"/minutes/{minutes.id}/edit", form).status_code in (200, 302)
    again = secretariat.post_form(f"/minutes/{minutes.id}/edit", {**form, "source": typed + " Agreed."})
    assert again.status_code == 200
    assert any("Someone saved revision 2 after you opened revision 1" in m for m in messages(again))
    assert field_value(again, "source") == typed + " Agreed."
    numbers = db.session.scalars(
        sa.select(MinutesRevision.number)
        .where(MinutesRevision.minutes_id == minutes.id)
        .order_by(MinutesRevision.number)
    ).all()
    assert numbers == [1, 2]
