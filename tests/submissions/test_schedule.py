"""Deadline reminders, the calendar feed, the home page task list, revisions, the pack, figures over time."""

import re
from datetime import time, timedelta
from html import unescape as html_unescape

import sqlalchemy as sa
from flask import render_template
from flask_login import login_user

from board.agendas.models import AgendaItem, AgendaPublication
from board.common import feeds, reminders
from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.submissions import services
from board.submissions.schedule import deadline_events, send_deadline_reminders
from tests.conftest import count_queries, text
from tests.submissions.conftest import complete_form, make_meeting, open_round, org, update_of, user


def _reminders_for(round_) -> list[OutboxMessage]:
    """The reminder messages queued for this round's updates (the demo data has rounds of its own)."""
    keys = [f"update-reminder-{u.id}-{d}" for u in round_.updates for d in (7, 2, -1)]
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.in_(keys))))


def test_reminders_go_7_and_2_days_before_and_the_day_after_once_to_those_not_submitted(board_round, client_as):
    """Only organisations still writing are reminded, on the right days, and never twice."""
    assert "update deadlines" in [name for name, _ in reminders.jobs()]
    for short, email in (("Leeds", "lead.leeds@example.org"), ("HMPPS", "hmpps@example.org")):
        update = update_of(board_round, short)
        assert (
            client_as(email).post_form(f"/updates/{update.id}/edit", complete_form(board_round, 0)).status_code == 302
        )
    deadline = board_round.deadline
    leads = sorted(f"lead.{d}@example.org" for d in ("bradford", "calderdale", "kirklees", "wakefield"))

    send_deadline_reminders(london_to_utc(deadline - timedelta(days=8), time(7)))
    assert _reminders_for(board_round) == []
    week = london_to_utc(deadline - timedelta(days=7), time(7))
    send_deadline_reminders(week)
    db.session.commit()
    assert sorted(m.recipients for m in _reminders_for(board_round)) == leads
    send_deadline_reminders(week)  # run again the same day: nothing new
    assert len(_reminders_for(board_round)) == 4
    send_deadline_reminders(london_to_utc(deadline - timedelta(days=2), time(7)))
    assert len(_reminders_for(board_round)) == 8
    # Bradford submits before the deadline; the day-after reminder skips it.
    bradford = update_of(board_round, "Bradford")
    assert (
        client_as("lead.bradford@example.org")
        .post_form(f"/updates/{bradford.id}/edit", complete_form(board_round, 0))
        .status_code
        == 302
    )
    db.session.expire_all()
    send_deadline_reminders(london_to_utc(deadline + timedelta(days=1), time(7)))
    db.session.commit()
    overdue = [m for m in _reminders_for(board_round) if m.subject.startswith("Overdue")]
    assert sorted(m.recipients for m in overdue) == [e for e in leads if "bradford" not in e]
    assert len(_reminders_for(board_round)) == 11


def test_locked_rounds_get_no_reminders(board_round, secretariat):
    """Once the round is locked nobody is reminded."""
    secretariat.post_form(f"/rounds/{board_round.id}/lock")
    db.session.expire_all()
    send_deadline_reminders(london_to_utc(board_round.deadline - timedelta(days=7), time(7)))
    assert _reminders_for(board_round) == []


def test_deadline_is_in_the_contacts_calendar_feed(board_round):
    """An all-day event on the deadline with a stable UID, for the organisation's contacts only."""
    assert deadline_events in feeds.sources()
    now = london_to_utc(today_london(), time(9))
    mine = f"update-deadline-{board_round.id}-"
    events = [e for e in deadline_events(user("lead.leeds@example.org"), now) if str(e["uid"]).startswith(mine)]
    assert len(events) == 1
    event = events[0]
    assert str(event["uid"]) == f"update-deadline-{board_round.id}-{org('Leeds').id}@localhost"
    assert event.decoded("dtstart") == board_round.deadline
    assert event.decoded("dtend") == board_round.deadline + timedelta(days=1)
    assert b"VALUE=DATE" in event.to_ical()
    assert any(
        str(e["uid"]).startswith(mine) for e in deadline_events(user("probation@example.org"), now)
    )  # HMPPS's second contact
    assert deadline_events(user("member@example.org"), now) == []


def test_deadline_reaches_the_personal_feed_over_http(board_round, client):
    """The lead's secret feed address serves the deadline as an all-day event with its stable UID."""
    from board.meetings.feed import new_calendar_token

    lead = user("lead.leeds@example.org")
    token = new_calendar_token(lead, actor=lead)
    db.session.commit()
    body = client.get(f"/calendar/{token}.ics").get_data(as_text=True)
    uid = f"update-deadline-{board_round.id}-{org('Leeds').id}@localhost"
    assert f"UID:{uid}" in body
    assert f"DTSTART;VALUE=DATE:{board_round.deadline:%Y%m%d}" in body


def test_home_page_lists_the_leads_updates(board_round, client_as):
    """A lead's home page shows their organisation's update with its status and deadline; others' are not there."""
    page = text(client_as("lead.leeds@example.org").get("/"))
    assert "Updates you owe" in page and "Leeds update for" in page and "Not started" in page
    assert "Bradford update" not in page
    assert "Updates you owe" not in text(client_as("member@example.org").get("/"))


def test_revisions_keep_every_save_after_submission_and_show_what_changed(board_round, client_as, secretariat):
    """The secretariat sees each revision and a readable diff of what changed; leads do not see the history."""
    update = update_of(board_round, "Kirklees")
    lead = client_as("lead.kirklees@example.org")
    url = f"/updates/{update.id}/edit"
    lead.post_form(url, {"version": "0", "action": "draft", "progress": "draft only"})
    lead.post_form(url, complete_form(board_round, 1, progress="Line one\nLine two"))
    lead.post_form(url, complete_form(board_round, 2, progress="Line one\nLine two, revised", risks="New risk"))
    db.session.expire_all()
    assert [r.number for r in services.load_update(update.id).revisions] == [1, 2]
    page = secretariat.get(f"/updates/{update.id}/revisions")
    html, words = page.get_data(as_text=True), text(page)
    assert "Revision 2" in words and "Revision 1" in words
    assert re.search(r'<del class="app-diff-del">.*Line two</del>', html)
    assert re.search(r'<ins class="app-diff-ins">.*Line two, revised</ins>', html)
    assert "Risks and issues" in words and "New risk" in words
    assert lead.get(f"/updates/{update.id}/revisions").status_code == 403


def _render_pack(item, meeting, email):
    from flask import current_app, g

    # The test holds one app context for all its renders; requests each get a fresh one.
    for key in ("_agenda_published", "_update_contact_orgs", "_handed_in_updates"):
        g.pop(key, None)
    with current_app.test_request_context("/"):
        login_user(user(email))
        return render_template("submissions/_in_pack.html", item=item, meeting=meeting)


def test_pack_shows_the_presenting_organisations_handed_in_update(board_round, client_as, secretariat):
    """Under the Leeds item: Leeds's submitted update; the Bradford draft never appears; members only after publication."""
    meeting = board_round.meeting
    leeds, bradford = update_of(board_round, "Leeds"), update_of(board_round, "Bradford")
    client_as("lead.leeds@example.org").post_form(
        f"/updates/{leeds.id}/edit", complete_form(board_round, 0, progress="Leeds pack text")
    )
    client_as("lead.bradford@example.org").post_form(
        f"/updates/{bradford.id}/edit", {"version": "0", "action": "draft", "progress": "Bradford draft text"}
    )
    leeds_item = AgendaItem(
        meeting=meeting, title="Leeds update", kind="district_update", presenter_organisation_id=org("Leeds").id
    )
    bradford_item = AgendaItem(
        meeting=meeting, title="Bradford update", kind="district_update", presenter_organisation_id=org("Bradford").id
    )
    db.session.add_all([leeds_item, bradford_item])
    db.session.commit()
    db.session.expire_all()
    html = _render_pack(leeds_item, meeting, "secretariat@example.org")
    assert "Leeds pack text" in html and "Naloxone kits issued" in html
    assert "Bradford draft text" not in _render_pack(bradford_item, meeting, "secretariat@example.org")
    assert "Leeds pack text" not in _render_pack(leeds_item, meeting, "member@example.org")
    db.session.add(AgendaPublication(meeting_id=meeting.id, revision=1, snapshot={}))
    db.session.commit()
    assert "Leeds pack text" in _render_pack(leeds_item, meeting, "member@example.org")


def test_meeting_partial_summarises_the_round(board_round, app):
    """The meeting page's partial shows the deadline, counts, and the tracker link for the secretariat."""
    with app.test_request_context("/"):
        login_user(user("secretariat@example.org"))
        html = render_template("submissions/_on_meeting.html", meeting=board_round.meeting)
    assert "6 not started" in html and f"/rounds/{board_round.id}" in html
    other = make_meeting(90)
    db.session.commit()
    with app.test_request_context("/"):
        login_user(user("secretariat@example.org"))
        assert f"/meetings/{other.id}/updates/new" in render_template("submissions/_on_meeting.html", meeting=other)


def test_figures_over_time_table_and_chart(app, client_as, secretariat):
    """Each figure: a table by organisation and meeting, and a server-drawn SVG chart, with no script or inline style."""
    rounds = [open_round(make_meeting(days, title=f"Board {days}")) for days in (30, 60)]
    for i, round_ in enumerate(rounds):
        for short, email in (("Leeds", "lead.leeds@example.org"), ("Wakefield", "lead.wakefield@example.org")):
            update = update_of(round_, short)
            data = complete_form(round_, 0, **{f"fig_{round_.figures[0].id}-value": str(7100 * (i + 1) + len(short))})
            assert client_as(email).post_form(f"/updates/{update.id}/edit", data).status_code == 302
    with count_queries() as queries:
        response = secretariat.get("/bodies/board/figures")
    assert response.status_code == 200 and queries() < 40
    html, words = response.get_data(as_text=True), text(response)
    assert "Naloxone kits issued" in words and "7,105" in words and "14,209" in words
    assert (
        "<svg" in html and "<rect" in html and "<title>Naloxone kits issued by organisation and meeting</title>" in html
    )
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0] and " style=" not in html
    # A Board member sees the figures only of meetings whose agenda is published.
    member = client_as("member@example.org")
    assert "7,105" not in text(member.get("/bodies/board/figures"))
    db.session.add(AgendaPublication(meeting_id=rounds[0].meeting_id, revision=1, snapshot={}))
    db.session.commit()
    words = text(member.get("/bodies/board/figures"))
    assert "7,105" in words and "14,209" not in words
    assert client_as("coroner@example.org").get("/bodies/board/figures").status_code == 403


def test_demo_data_and_the_real_agenda_pack(secretariat):
    """The seeded past round: accepted updates sit under their items in the pack; the returned one does not."""
    from board.seed.submissions import seed_submissions
    from board.submissions.models import PartnerUpdate, UpdateRound

    returned = db.session.scalar(sa.select(PartnerUpdate).where(PartnerUpdate.status == "returned"))
    if returned is None:  # no demo meetings in this build: nothing to check
        return
    round_ = returned.round
    assert any(u.is_late for r in db.session.scalars(sa.select(UpdateRound)) for u in r.updates)
    assert any(
        u.status == "draft" and u.organisation.short_name == "Leeds"
        for r in db.session.scalars(sa.select(UpdateRound))
        for u in r.updates
    )
    with count_queries() as queries:
        page = secretariat.get(f"/meetings/{round_.meeting_id}/agenda/pack")
    assert page.status_code == 200
    words = html_unescape(text(page))
    accepted = [u for u in round_.updates if u.status == "accepted"]
    assert accepted and all(f"Written update from {u.organisation.name}" in words for u in accepted)
    assert f"Written update from {returned.organisation.name}" not in words
    assert queries() < 80
    rounds_before = db.session.scalar(sa.select(sa.func.count(UpdateRound.id)))
    from tests.submissions.conftest import body

    assert (
        seed_submissions(
            {
                "users": {
                    "secretariat@example.org": user("secretariat@example.org"),
                    **{
                        e: user(e)
                        for e in (
                            "hmpps@example.org",
                            *(
                                f"lead.{d}@example.org"
                                for d in ("bradford", "calderdale", "kirklees", "leeds", "wakefield")
                            ),
                        )
                    },
                },
                "board": body("board"),
            }
        )["rounds"]
        == 0
    )
    assert db.session.scalar(sa.select(sa.func.count(UpdateRound.id))) == rounds_before


def test_sub_group_round_starts_with_nobody_chosen(secretariat):
    """For the Sub-group the secretariat chooses who is asked; nothing is pre-ticked."""
    meeting = make_meeting(25, slug="synthetic-opioids", title="Sub-group (test)")
    db.session.commit()
    html = secretariat.get(f"/meetings/{meeting.id}/updates/new").get_data(as_text=True)
    assert html.count("checked") == 4  # only the four default figures
