"""The page cache: a repeat visit is served without rendering, and nobody ever sees a stale page.

Every other test in the suite runs with the cache on as well, so each "change, then
look" in them is also a check that a write ends the cached pages.
"""

from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from freezegun import freeze_time
from sqlalchemy import event

from board import create_app
from board.actions import services as actions
from board.actions.models import Action
from board.common.pagecache import _Store
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User
from board.submissions.models import PartnerUpdate, UpdateStatus
from tests.conftest import Client, base_config, text


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _members_action() -> Action:
    member = _user("member@example.org")
    return db.session.scalar(sa.select(Action).where(Action.owner_id == member.id).order_by(Action.id))


@contextmanager
def _statements():
    """The SQL the block runs (the suite's count_queries turns the cache off; this does not)."""
    seen = []

    def listen(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def test_a_repeat_visit_is_the_same_page_from_one_query(client_as):
    """Members: the second look at a page is byte-for-byte the first, for one query (the session check)."""
    member = client_as("member@example.org")
    member.get("/")  # shows (and so clears) the signed-in message
    for path in ("/", "/decisions", "/actions", f"/actions/{_members_action().id}"):
        first = member.get(path)
        with _statements() as seen:
            again = member.get(path)
        assert first.status_code == again.status_code == 200, path
        assert again.data == first.data, path
        queries = [s for s in seen if s != "BEGIN"]
        assert len(queries) == 1 and "data_generation" in queries[0], (path, seen)


def test_a_calendar_download_is_kept_though_the_session_has_no_form_secret_yet(client_as):
    """A member who signs in and only downloads a meeting's .ics gets it again for one query."""
    member = client_as("member@example.org")
    with member.session_transaction() as session:
        session.pop("_flashes", None)
        session.pop("csrf_token", None)  # no page with a form seen yet in this session
    meeting = db.session.scalar(sa.select(Meeting).join(Meeting.body).where(Body.slug == "board").order_by(Meeting.id))
    url = f"/meetings/{meeting.id}.ics"
    first = member.get(url)
    with _statements() as seen:
        again = member.get(url)
    assert first.status_code == again.status_code == 200 and again.data == first.data
    assert [s for s in seen if s != "BEGIN"] == [seen[-1]] and "data_generation" in seen[-1]


def test_a_change_shows_at_once_in_every_worker(app, database_url, tmp_path, client_as):
    """A note added through one worker is on the next page another worker serves to someone else."""
    other_worker = create_app(base_config(tmp_path, database_url))
    other_worker.test_client_class = Client
    secretariat = other_worker.test_client()
    secretariat.sign_in("secretariat@example.org")
    action = _members_action()
    member = client_as("member@example.org")
    assert "Spoke to the provider on Tuesday" not in text(member.get(f"/actions/{action.id}"))
    member.get(f"/actions/{action.id}")  # now cached in this worker

    response = secretariat.post_form(f"/actions/{action.id}/notes", {"text": "Spoke to the provider on Tuesday"})
    assert response.status_code == 302

    assert "Spoke to the provider on Tuesday" in text(member.get(f"/actions/{action.id}"))
    with other_worker.app_context():
        db.engine.dispose()


def test_a_change_made_outside_any_request_ends_cached_pages(app, client_as):
    """A command or cron job that writes straight to the database is seen on the next page."""
    action = _members_action()
    member = client_as("member@example.org")
    member.get(f"/actions/{action.id}")
    member.get(f"/actions/{action.id}")
    db.session.execute(sa.update(Action).where(Action.id == action.id).values(description="Rewritten by a job"))
    db.session.commit()
    assert "Rewritten by a job" in text(member.get(f"/actions/{action.id}"))


def test_a_cached_page_follows_the_clock(app, client_as):
    """The same person, the same action: 'Due soon' on its day, 'Overdue' just after midnight."""
    with freeze_time("2030-03-01 23:50"):
        action = actions.create_action(
            _members_action().body, "Count the kits", _user("member@example.org"),
            date(2030, 3, 1), actor=_user("secretariat@example.org"))
        db.session.commit()
        member = client_as("member@example.org")
        member.get("/")
        assert "Due soon" in text(member.get(f"/actions/{action.id}"))
        assert "Due soon" in text(member.get(f"/actions/{action.id}"))
    with freeze_time("2030-03-02 00:10"):
        assert "Overdue" in text(member.get(f"/actions/{action.id}"))
        assert "Overdue" in text(member.get(f"/actions/{action.id}"))


def test_a_session_that_has_ended_gets_no_cached_page(app, client_as):
    """A person deactivated after viewing a page is sent to sign in, not shown the page again."""
    member = client_as("member@example.org")
    assert member.get("/decisions").status_code == 200
    assert member.get("/decisions").status_code == 200
    person = _user("member@example.org")
    person.is_enabled = False
    db.session.commit()
    response = member.get("/decisions")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_waiting_message_is_shown_once_on_a_cached_page(app, client_as):
    """A message flashed before the next page is shown on it, and only once."""
    member = client_as("member@example.org")
    member.get("/decisions")
    member.get("/decisions")
    with member.session_transaction() as session:
        session["_flashes"] = [("success", "Your apologies were sent.")]
    assert "Your apologies were sent." in text(member.get("/decisions"))
    assert "Your apologies were sent." not in text(member.get("/decisions"))


def test_each_reader_gets_only_their_own_page(app, client_as):
    """Bradford's lead reads their update; Leeds's lead asking the same address is refused."""
    bradford = db.session.scalar(
        sa.select(PartnerUpdate).join(PartnerUpdate.organisation)
        .where(sa.text("organisation.short_name = 'Bradford'"), PartnerUpdate.status != UpdateStatus.NOT_STARTED.value)
        .order_by(PartnerUpdate.id.desc()))
    url = f"/updates/{bradford.id}"
    lead = client_as("lead.bradford@example.org")
    assert lead.get(url).status_code == 200 and lead.get(url).status_code == 200
    leeds = client_as("lead.leeds@example.org")
    assert leeds.get(url).status_code == 404
    assert leeds.get(url).status_code == 404


def test_a_revoked_feed_address_stops_at_once(app, client_as, client):
    """Calendar apps: a feed served from the cache answers 304 to a repeat, and 404 once turned off."""
    leeds = client_as("lead.leeds@example.org")
    page = text(leeds.post_form("/account/calendar-feed"))
    path = page[page.index("/calendar/"):page.index(".ics") + 4]
    first = client.get(path)
    assert first.status_code == 200
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    leeds.post_form("/account/calendar-feed/off")
    assert client.get(path).status_code == 404


def test_the_store_keeps_within_its_bytes_dropping_the_least_recently_used():
    """Memory: the cache never holds more than its budget, and keeps what was used last."""
    store = _Store(max_bytes=800)
    for key in "abcd":
        store.put(key, (200, [], b"x" * 100))
    store.get("a")
    for key in "efghij":
        store.put(key, (200, [], b"x" * 100))
    assert store.size <= 800 and store.get("a") is not None and store.get("b") is None
    store.put("big", (200, [], b"x" * 101))  # more than an eighth of the budget: not kept
    assert store.get("big") is None
