"""The log page, its filters, the CSV export, status colours and the query budget."""

import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from board.actions import services
from board.actions.models import Action, ActionStatus, rag_status
from board.common.exports import csv_safe
from board.common.timeutil import today_london
from board.extensions import db
from tests.actions.conftest import body, user
from tests.conftest import count_queries, text


def test_status_colours_follow_the_date():
    """Red overdue, amber within 14 days, green later or done, grey when finished."""
    today = date(2027, 1, 10)
    assert rag_status("open", date(2027, 1, 9), today) == "red"
    assert rag_status("in_progress", date(2027, 1, 10), today) == "amber"
    assert rag_status("open", date(2027, 1, 24), today) == "amber"
    assert rag_status("open", date(2027, 1, 25), today) == "green"
    assert rag_status("done", date(2026, 12, 1), today) == "green"
    assert rag_status("closed", date(2026, 12, 1), today) == "grey"
    assert rag_status("cancelled", date(2027, 6, 1), today) == "grey"


def test_status_colour_on_the_page_moves_with_the_clock(app, make_action, client_as):
    """The same action shows green, then amber, then red as the days pass (clock frozen)."""
    with freeze_time("2030-03-01"):
        action = make_action(due_in=20)  # due 21 March 2030
    for day, label in (("2030-03-01", "On track"), ("2030-03-10", "Due soon"), ("2030-03-22", "Overdue")):
        with freeze_time(day):
            page = client_as("secretariat@example.org").get(f"/actions/{action.id}")
            assert label in text(page), day


def test_filters_by_body_status_organisation_and_overdue(app, secretariat):
    """Secretariat: each filter narrows the log to what it says."""
    sog = text(secretariat.get("/actions?body=synthetic-opioids&sort=reference"))
    assert "SOG-" in sog and "CDP-" not in sog
    closed = secretariat.get("/actions?status=closed")
    html = closed.get_data(as_text=True)
    assert "app-rag-grey" in html and "app-rag-red" not in html and "app-rag-green" not in html
    leeds_org = user("lead.leeds@example.org").organisation_id
    rows = services.all_actions(services.LogFilters(organisation_id=leeds_org))
    assert rows and all(a.owner.organisation_id == leeds_org for a in rows)
    overdue = services.all_actions(services.LogFilters(is_overdue=True))
    assert overdue and all(a.due_on < today_london() and a.status in ("open", "in_progress") for a in overdue)
    page = text(secretariat.get("/actions?overdue=y&per=all"))
    assert f"{len(overdue)} actions" in page


def test_sorting_and_pages(app, secretariat):
    """Secretariat: 25 a page, and the sort order is honoured (any status chosen)."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Action))
    first = secretariat.get("/actions?sort=-due&status=")
    assert f"{total} actions, page 1 of" in text(first)
    latest = db.session.scalar(sa.select(Action).order_by(Action.due_on.desc(), Action.id.desc()).limit(1))
    body_html = first.get_data(as_text=True)
    assert body_html.index(latest.reference) < body_html.index("</tbody>")
    second = secretariat.get("/actions?sort=-due&status=&page=2")
    assert latest.reference not in second.get_data(as_text=True)


def test_log_shows_live_actions_unless_asked_for_all(app, secretariat):
    """The log opens on live actions (open, in progress, done); "Any status" adds the closed."""
    live = db.session.scalar(
        sa.select(sa.func.count()).select_from(Action).where(Action.status.in_(services.LIVE_STATUSES))
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Action))
    assert live < total
    assert f"{live} actions, page 1 of" in text(secretariat.get("/actions"))
    assert f"{total} actions, page 1 of" in text(secretariat.get("/actions?status="))


def test_csv_export_has_the_filtered_rows_and_is_formula_safe(app, make_action, secretariat):
    """Secretariat: the CSV has the same rows as the filter, and cells cannot run as formulas."""
    make_action(description='=HYPERLINK("http://evil.example","click")', body_slug="synthetic-opioids")
    response = secretariat.get("/actions.csv?body=synthetic-opioids&status=")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["Reference", "Body", "Description", "Owner"]
    assert len(rows) > 1 and all(r[0].startswith("SOG-") for r in rows[1:])
    expected = services.all_actions(services.LogFilters(body_ids=[body("synthetic-opioids").id]))
    assert len(rows) - 1 == len(expected)
    evil = next(r for r in rows if "HYPERLINK" in r[2])
    assert evil[2].startswith("'=")
    assert csv_safe("+1") == "'+1" and csv_safe("-1") == "'-1" and csv_safe("@x") == "'@x"
    assert csv_safe("plain") == "plain"


def test_log_query_count_does_not_grow_with_actions(app, secretariat):
    """The log's queries stay the same however many actions (and owners) it shows."""

    def queries():
        with count_queries() as n:
            assert secretariat.get("/actions?body=synthetic-opioids&status=live").status_code == 200
        return n()

    queries()  # warm up: the first request may open a new pooled connection
    before = queries()
    owners = [
        "lead.leeds@example.org",
        "lead.wakefield@example.org",
        "coroner@example.org",
        "lrf@example.org",
        "drugchecking@example.org",
        "publichealth.leeds@example.org",
        "member@example.org",
    ]
    for i in range(14):
        services.create_action(
            body("synthetic-opioids"),
            f"Extra {i}",
            user(owners[i % len(owners)]),
            today_london() + timedelta(days=i),
            actor=user("secretariat@example.org"),
        )
    db.session.commit()
    assert queries() <= before  # eager loads skip empty relations, so it may even drop


def test_my_actions_on_the_home_page_overdue_first(app, make_action, client_as):
    """Owner: the home page lists their live actions, overdue ones first."""
    soon = make_action(owner="lead.leeds@example.org", due_in=3, description="Soon one")
    with freeze_time(today_london() - timedelta(days=30)):
        late = make_action(owner="lead.leeds@example.org", due_in=10, description="Late one")
    page = client_as("lead.leeds@example.org").get("/").get_data(as_text=True)
    assert "My actions" in page
    assert page.index(late.reference) < page.index(soon.reference)
    mine = services.my_actions(user("lead.leeds@example.org"))
    assert mine[0].due_on < today_london() and all(a.status != ActionStatus.CLOSED for a in mine)
