"""The register of interests: a member's entry, versions, the body's register and its
exports, and the yearly review the secretariat asks for (e-mail, chase)."""

import csv
import io
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from board.common.timeutil import today_london
from board.extensions import db
from board.interests.models import RegisterVersion, ReviewRequest
from board.people.models import Body, User
from tests.conftest import messages, run_mail_worker, text


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _versions(user):
    return db.session.scalars(
        sa.select(RegisterVersion).where(RegisterVersion.user_id == user.id).order_by(RegisterVersion.number)
    ).all()


def _add(client, **overrides):
    day = overrides.pop("day", today_london() - timedelta(days=10))
    data = {
        "category": "appointments",
        "description": "Director, Calder Valley Recovery CIC",
        "dated_on": [str(day.day), str(day.month), str(day.year)],
        "value_pounds": "",
        **overrides,
    }
    return client.post_form("/interests/mine/add", data)


def test_a_member_adds_and_removes_interests_and_every_change_is_a_version(client_as):
    """A member: each change writes a new version; the history shows what the entry said before."""
    calderdale = client_as("lead.calderdale@example.org")
    user = _user("lead.calderdale@example.org")
    assert _add(calderdale).status_code == 302
    assert _add(calderdale, category="contracts", description="Consultancy for a treatment provider").status_code == 302
    page = calderdale.get("/interests/mine")
    assert "Director, Calder Valley Recovery CIC" in text(page) and "Consultancy for a treatment provider" in text(page)
    first = _versions(user)[-1].items[0]
    response = calderdale.post_form(f"/interests/mine/items/{first.id}/remove", follow_redirects=True)
    assert "Interest removed." in messages(response)
    versions = _versions(user)
    assert [len(v.items) for v in versions] == [1, 2, 1]
    assert [i.description for i in versions[-1].items] == ["Consultancy for a treatment provider"]
    history = text(calderdale.get(f"/interests/people/{user.id}"))
    assert "version 3" in history and "version 1" in history
    assert history.count("Director, Calder Valley Recovery CIC") == 2  # in versions 1 and 2, not 3


def test_a_future_date_is_refused_and_nothing_changes(client_as):
    """Bad input: a register entry dated tomorrow is refused with a clear message; what was typed stays."""
    leeds = client_as("lead.calderdale@example.org")
    before = len(_versions(_user("lead.calderdale@example.org")))
    response = _add(leeds, day=today_london() + timedelta(days=1), description="Future job")
    assert response.status_code == 200
    assert any("today or in the past" in m for m in messages(response))
    assert "Future job" in response.get_data(as_text=True)
    assert len(_versions(_user("lead.calderdale@example.org"))) == before


def test_gifts_need_a_value_at_or_over_the_threshold(client_as, app):
    """Gifts and hospitality under the setting's value are refused; at the value they are registered."""
    app.config["INTERESTS_GIFT_THRESHOLD_POUNDS"] = 50
    member = client_as("lead.calderdale@example.org")
    refused = _add(member, category="gifts", description="Lunch", value_pounds="20")
    assert any("less than £50" in m for m in messages(refused))
    assert _add(member, category="gifts", description="Conference dinner", value_pounds="50").status_code == 302
    assert "Conference dinner (£50)" in text(member.get("/interests/mine"))


def test_nothing_to_declare_is_shown_on_the_register(client_as):
    """A member with no interests says so; the body's register shows it."""
    member = client_as("lead.calderdale@example.org")
    response = member.post_form("/interests/mine/nothing", follow_redirects=True)
    assert "Recorded: nothing to declare." in messages(response)
    page = text(member.get("/bodies/board/interests"))
    row = page.split("Calderdale")[0].rsplit("Never", 1)[-1]
    assert "Nothing to declare" in page and _user("lead.calderdale@example.org").name in row + page


def test_nothing_to_declare_is_refused_while_interests_are_listed(client_as):
    """Bad input: "nothing to declare" beside listed interests is refused and changes nothing."""
    leeds = client_as("lead.leeds@example.org")
    before = len(_versions(_user("lead.leeds@example.org")))
    response = leeds.post_form("/interests/mine/nothing", follow_redirects=True)
    assert any("remove them first" in m for m in messages(response))
    assert len(_versions(_user("lead.leeds@example.org"))) == before


def test_the_body_register_lists_members_and_the_secretariat_with_exports(client_as):
    """Members of the body: one page, a CSV and an xlsx with every member's interests and when last reviewed."""
    coroner_cannot = client_as("coroner@example.org").get("/bodies/board/interests")
    assert coroner_cannot.status_code == 403  # not a Board member
    member = client_as("member@example.org")
    page = text(member.get("/bodies/board/interests"))
    assert "Rachel Whitaker" in page and "Priya Natarajan" in page  # a member and the secretariat
    assert "Leeds Drug and Alcohol Partnership board" in page
    rows = list(csv.reader(io.StringIO(member.get("/bodies/board/interests.csv").data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Organisation", "Role", "Category", "Interest"]
    leeds = [r for r in rows if r[0] == "Rachel Whitaker"]
    assert {r[3] for r in leeds} >= {"Employment", "Memberships", "Gifts and hospitality"}
    assert all(r[7] for r in leeds)  # last reviewed
    xlsx = member.get("/bodies/board/interests.xlsx")
    assert xlsx.headers["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Name" and any(r[0] == "Rachel Whitaker" and r[3] == "Memberships" for r in values)


def test_request_reviews_names_who_then_emails_a_link_and_chases(secretariat, client_as, smtp_server):
    """Secretariat: the confirmation names the members; each gets a link; a review closes the request; chase reaches the rest."""
    body = db.session.scalar(sa.select(Body).where(Body.slug == "synthetic-opioids"))
    confirm = secretariat.get("/bodies/synthetic-opioids/interests/request-reviews")
    assert "Margaret Lumb" in text(confirm) and "Send the e-mails" in text(confirm)
    assert db.session.scalar(sa.select(sa.func.count(ReviewRequest.id)).where(ReviewRequest.body_id == body.id)) == 0
    done = secretariat.post_form("/bodies/synthetic-opioids/interests/request-reviews", follow_redirects=True)
    assert any(m.startswith("Asked ") for m in messages(done))
    run_mail_worker()
    to_coroner = [m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == "coroner@example.org"]
    assert len(to_coroner) == 1 and "/interests/mine" in to_coroner[0].get_content()
    assert "Review asked" in text(secretariat.get("/bodies/synthetic-opioids/interests"))
    # The coroner confirms her entry; she is no longer chased, the others are.
    client_as("coroner@example.org").post_form("/interests/mine/reviewed")
    sent = len(smtp_server.messages)
    chased = secretariat.post_form("/bodies/synthetic-opioids/interests/chase", follow_redirects=True)
    assert any(m.startswith("Chased ") and "Margaret Lumb" not in m for m in messages(chased))
    run_mail_worker()
    new = smtp_server.messages[sent:]
    assert new and all(m["To"].addresses[0].addr_spec != "coroner@example.org" for m in new)
    assert all("Reminder" in m["Subject"] for m in new)
    again = secretariat.post_form("/bodies/synthetic-opioids/interests/chase", follow_redirects=True)
    assert any("chased today" in m for m in messages(again))


def test_members_cannot_request_reviews(client_as):
    """Only the secretariat asks for reviews."""
    chair = client_as("chair@example.org")
    assert chair.get("/bodies/board/interests/request-reviews").status_code == 403
    assert chair.post_form("/bodies/board/interests/chase").status_code == 403


def test_a_person_outside_a_body_cannot_read_a_members_history(client_as):
    """A Sub-group-only member cannot read the history of a Board-only member."""
    bradford = _user("lead.bradford@example.org")
    assert client_as("coroner@example.org").get(f"/interests/people/{bradford.id}").status_code == 403
    assert client_as("chair@example.org").get(f"/interests/people/{bradford.id}").status_code == 200
