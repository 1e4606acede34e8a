"""A lead's home reads like a to-do list (issue 19, part 3): open updates soonest deadline
first, each with its body, meeting date, deadline, working days left and state; accepted
ones under Done; the e-mails about an update owed list the same order."""

from datetime import date, timedelta

import pytest

from board.common.timeutil import today_london
from board.common.workdays import working_days_until
from board.extensions import db
from board.submissions import services
from board.submissions.models import DEFAULT_FIGURES
from board.submissions.queries import to_do
from tests.conftest import run_mail_worker, text
from tests.submissions.conftest import make_meeting, org, update_of, user


def _complete(round_) -> dict:
    return {
        "progress": "Progress",
        "risks": "Risks",
        "asks": "Asks",
        "good_practice": "Shared",
        "figures": {f.id: (5, False, "") for f in round_.figures},
    }


def _ask(days_ahead: int, title: str, deadline: date):
    """A Board round asking the five districts and HMPPS, with the deadline given outright."""
    meeting = make_meeting(days_ahead, title=title)
    round_ = services.open_round(
        meeting,
        organisations=services.default_organisations(meeting.body),
        deadline=deadline,
        period_from=deadline - timedelta(days=60),
        period_to=deadline,
        figures=list(DEFAULT_FIGURES),
        actor=user("secretariat@example.org"),
        notify=False,
    )
    db.session.commit()
    return round_


def _hand_in(update, email):
    services.save_update(update, _complete(update.round), version=update.version, actor=user(email), submit=True)


@pytest.fixture
def leeds_rounds(app):
    """Four Board rounds that ask Leeds: far off (not started), overdue (a draft), due in two
    days (returned with a comment) and one accepted."""
    today = today_london()
    sec = user("secretariat@example.org")
    far = _ask(60, "Far meeting", today + timedelta(days=40))
    late = _ask(5, "Late meeting", today + timedelta(days=-3))
    soon = _ask(20, "Soon meeting", today + timedelta(days=2))
    done = _ask(30, "Done meeting", today + timedelta(days=10))
    draft = update_of(late, "Leeds")
    services.save_update(draft, {"progress": "Half"}, version=0, actor=user("lead.leeds@example.org"), submit=False)
    _hand_in(update_of(soon, "Leeds"), "lead.leeds@example.org")
    services.return_update(update_of(soon, "Leeds"), "Add the kits figure by ward.", actor=sec, notify=False)
    _hand_in(update_of(done, "Leeds"), "lead.leeds@example.org")
    services.accept_update(update_of(done, "Leeds"), actor=sec)
    db.session.commit()
    return {"far": far, "late": late, "soon": soon, "done": done}


def test_the_leeds_lead_sees_updates_soonest_deadline_first_with_days_left_and_state(leeds_rounds, client_as):
    """Overdue in red, due in two days in amber with the return comment, the far one plain;
    the accepted one only under Done."""
    response = client_as("lead.leeds@example.org").get("/")
    page = text(response)
    html = response.get_data(as_text=True)
    todo = page.split("Updates you owe", 1)[1].split("Done", 1)[0]
    positions = {k: todo.find(f"{r.meeting.title}. Deadline") for k, r in leeds_rounds.items()}
    assert -1 < positions["late"] < positions["soon"] < positions["far"], positions
    assert positions["done"] == -1
    late, soon = leeds_rounds["late"], leeds_rounds["soon"]
    assert f"Late meeting. Deadline {late.deadline:%A %-d %B %Y}: Overdue by 3 days" in todo
    assert 'govuk-tag--red">Overdue by 3 days' in html
    left = working_days_until(today_london(), soon.deadline)
    assert "govuk-tag--yellow" in html
    assert f"Soon meeting. Deadline {soon.deadline:%A %-d %B %Y}:" in todo
    assert "Returned with a comment: “Add the kits figure by ward.”" in todo and "Returned with comment" in todo
    assert (f"{left} working day" in todo) or ("No working days left" in todo)
    far = leeds_rounds["far"]
    assert f"{working_days_until(today_london(), far.deadline)} working days left" in todo
    assert "Not started" in todo and "Draft" in todo
    assert "Board, " + f"{far.meeting.starts_at:%A %-d %B %Y}" in todo  # the body and the meeting's date
    done = page.split("Updates you owe", 1)[1].split("Done", 1)[1]
    assert f"{leeds_rounds['done'].meeting.starts_at:%A %-d %B %Y} : accepted" in done


def test_bradford_sees_none_of_leeds_lines_and_hmpps_sees_its_own(leeds_rounds, client_as):
    """The list is per organisation: Bradford's lead sees no Leeds update; HMPPS sees its own, in order."""
    page = text(client_as("lead.bradford@example.org").get("/"))
    assert "Leeds update for" not in page and "Bradford update for the " in page
    hmpps = text(client_as("hmpps@example.org").get("/")).split("Updates you owe", 1)[1]
    deadlines = [hmpps.find(f"{leeds_rounds[k].meeting.title}. Deadline") for k in ("late", "done", "far")]
    assert -1 < deadlines[0] < deadlines[1] < deadlines[2], deadlines
    assert "Leeds update for" not in hmpps


def test_the_list_query_puts_accepted_updates_under_done(leeds_rounds):
    """to_do splits open from accepted and sorts open ones by deadline."""
    open_, done = to_do({org("Leeds").id}, today_london())
    deadlines = [row.update.round.deadline for row in open_]
    assert deadlines == sorted(deadlines)
    assert update_of(leeds_rounds["done"], "Leeds").id in {u.id for u in done}
    assert update_of(leeds_rounds["done"], "Leeds").id not in {row.update.id for row in open_}
    urgency = {row.update.round_id: row.urgency for row in open_}
    assert urgency[leeds_rounds["late"].id] == "overdue" and urgency[leeds_rounds["soon"].id] == "soon"
    assert urgency[leeds_rounds["far"].id] == ""


def test_working_days_left_skip_weekends_and_bank_holidays():
    """Monday 21 December 2026 to Tuesday 29 December: Christmas, the weekend and the
    Boxing Day substitute do not count (22, 23, 24, 29: four working days)."""
    assert working_days_until(date(2026, 12, 21), date(2026, 12, 29)) == 4
    assert working_days_until(date(2026, 12, 21), date(2026, 12, 21)) == 0
    assert working_days_until(date(2026, 12, 21), date(2026, 12, 18)) == 0


def test_the_chase_e_mail_lists_what_leeds_still_owes_soonest_first(leeds_rounds, secretariat, smtp_server):
    """A chase for the far-off update lists the overdue draft, the returned one and itself, in deadline order."""
    update = update_of(leeds_rounds["far"], "Leeds")
    assert secretariat.post_form(f"/updates/{update.id}/chase").status_code == 302
    run_mail_worker()
    bodies = [m.get_body(preferencelist=("plain",)).get_content() for m in smtp_server.messages]
    body = next(b for b in bodies if "still waiting for the update" in b and "Far meeting" in b)
    listing = body.split("soonest deadline first:", 1)[1]

    def line(key):
        round_ = leeds_rounds[key]
        return f"Strategic Board, {round_.meeting.starts_at:%A %-d %B %Y}: due {round_.deadline:%A %-d %B %Y}"

    order = [listing.find(line(k)) for k in ("late", "soon", "far")]
    assert -1 < order[0] < order[1] < order[2], listing
    assert line("done") not in listing
