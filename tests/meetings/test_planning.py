"""Planning a year of meetings: proposed dates, warnings (not refusals), then scheduling."""

from datetime import date, time

import sqlalchemy as sa

from board.extensions import db
from board.meetings import planning
from board.meetings.models import Meeting
from tests.conftest import text
from tests.meetings.conftest import body


def test_warnings_for_weekend_bank_holiday_and_shared_members(make_meeting):
    """Saturday, Christmas Day and a Sub-group meeting the same day (shared members) are flagged."""
    make_meeting("synthetic-opioids", day=date(2027, 6, 8), start=time(14), end=time(15), title="Sub-group")
    warnings = planning.date_warnings(
        body("board"), [date(2027, 6, 5), date(2026, 12, 25), date(2027, 6, 8), date(2027, 6, 9)]
    )
    assert warnings[date(2027, 6, 5)] == ["Saturday is a weekend day"]
    assert any("Christmas Day is a bank holiday" in w for w in warnings[date(2026, 12, 25)])
    assert any(
        "Clashes with Synthetic Opioids Sub-group: Sub-group" in w and "shared member" in w
        for w in warnings[date(2027, 6, 8)]
    )
    assert warnings[date(2027, 6, 9)] == []


def test_proposed_dates_follow_the_cadence(app):
    """The Board (every 26 weeks) gets two dates a year; the Sub-group about seven or eight."""
    board, sog = body("board"), body("synthetic-opioids")
    days = planning.propose_dates(board, date(2027, 1, 12))
    assert days == [date(2027, 1, 12), date(2027, 7, 13)]
    assert len(planning.propose_dates(sog, date(2027, 1, 12))) == planning.meetings_per_year(sog) >= 6


def test_secretariat_plans_checks_and_schedules_a_year(secretariat):
    """Secretariat: the plan page proposes dates, warns, and schedules what was confirmed."""
    page = secretariat.get("/bodies/synthetic-opioids/plan".replace("/plan", "/meetings/plan"))
    assert page.status_code == 200 and "Plan the next year" in text(page)
    data = {
        "title": "Sub-group",
        "starts": "14:00",
        "ends": "15:30",
        "venue": "",
        "join_url": "https://teams.example.org/x",
        "dates-0": "27/12/2027",
        "dates-1": "06/01/2028",
        "dates-2": "",
    }
    checked = secretariat.post_form("/bodies/synthetic-opioids/meetings/plan", {**data, "check": "1"})
    assert "is a bank holiday in England and Wales" in text(checked)
    before = db.session.scalar(sa.select(sa.func.count(Meeting.id)))
    bad = secretariat.post_form(
        "/bodies/synthetic-opioids/meetings/plan", {**data, "dates-1": "31/02/2028", "create": "1"}
    )
    assert "Enter real dates" in text(bad) and "check date 2" in text(bad)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == before
    done = secretariat.post_form("/bodies/synthetic-opioids/meetings/plan", {**data, "create": "1"})
    assert done.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == before + 2
