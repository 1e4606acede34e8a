"""The page cache: a repeat visit is served without rendering, and nobody ever sees a stale page.

The rest of the suite runs with the cache on too: wherever a test looks at a page more
than once in one session, with a change in between, it also checks that the change
ended the kept page. Times are frozen where a turning minute would hide a stale page.
"""

from contextlib import contextmanager
from datetime import date, datetime

import sqlalchemy as sa
from freezegun import freeze_time
from sqlalchemy import event

from board import create_app, permissions
from board.actions import services as actions
from board.actions.models import Action
from board.common.pagecache import _Store, is_write
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User
from tests.conftest import DEMO_PASSWORD, Client, base_config, text


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


def _served_from_cache(client, path: str) -> str:
    """Look at ``path``, check the page came from the cache (its one query), and return its text."""
    with _statements() as seen:
        response = client.get(path)
    queries = [s for s in seen if s != "BEGIN"]
    assert response.status_code == 200, path
    assert len(queries) == 1 and "data_generation" in queries[0], (path, seen)
    return text(response)


def _signed_in(client_as, email: str):
    client = client_as(email)
    client.get("/")  # shows (and so clears) the signed-in message
    return client


def test_a_repeat_visit_is_the_same_page_from_one_query(client_as):
    """Members: the second look at a page is byte-for-byte the first, for one query (the session check)."""
    member = _signed_in(client_as, "member@example.org")
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
    url = f"/actions/{_members_action().id}"
    with freeze_time(datetime.now()):  # one minute throughout: only the write may end the page
        secretariat = other_worker.test_client()
        secretariat.sign_in("secretariat@example.org")
        member = _signed_in(client_as, "member@example.org")
        assert "Spoke to the provider on Tuesday" not in text(member.get(url))
        assert "Spoke to the provider on Tuesday" not in _served_from_cache(member, url)

        response = secretariat.post_form(url + "/notes", {"text": "Spoke to the provider on Tuesday"})
        assert response.status_code == 302

        assert "Spoke to the provider on Tuesday" in text(member.get(url))
    with other_worker.app_context():
        db.engine.dispose()


def test_a_change_made_outside_any_request_ends_cached_pages(app, client_as):
    """A command or cron job writing through the app's database layer is seen on the next page."""
    action = _members_action()
    url = f"/actions/{action.id}"
    with freeze_time(datetime.now()):
        member = _signed_in(client_as, "member@example.org")
        member.get(url)
        _served_from_cache(member, url)
        db.session.execute(sa.update(Action).where(Action.id == action.id).values(description="Rewritten by a job"))
        db.session.commit()
        assert "Rewritten by a job" in text(member.get(url))


def test_statements_count_as_writes_unless_known_to_be_reads():
    """A statement the cache does not recognise counts as a write; so does any table a page shows."""
    for statement in ("UPDATE action SET description = 'x'", "/* a note */ UPDATE action SET x = 1",
                      "WITH gone AS (DELETE FROM decision RETURNING id) SELECT count(*) FROM gone",
                      "INSERT INTO audit_entry (x) VALUES (1)", "DELETE FROM update_contact"):
        assert is_write(statement), statement
    for statement in ("SELECT 1", "  select * from action", "SAVEPOINT sa_1", "PRAGMA foreign_keys=ON",
                      "INSERT INTO sign_in_failure (key, at) VALUES (?, ?)", "UPDATE outbox_message SET status = 'sent'"):
        assert not is_write(statement), statement


def test_writes_no_page_shows_keep_the_cache(app, client_as, client):
    """Failed sign-ins (anyone can make them) do not end everyone's kept pages."""
    with freeze_time(datetime.now()):
        member = _signed_in(client_as, "member@example.org")
        member.get("/decisions")
        response = client.post_form("/sign-in", {"email": "member@example.org", "password": "not the password"})
        assert response.status_code == 200
        _served_from_cache(member, "/decisions")


def test_a_cached_page_follows_the_clock(app, client_as):
    """The same person, the same action: 'Due soon' on its day, 'Overdue' seconds after midnight.

    A page is kept for the rest of the minute it was made in, and no longer.
    """
    with freeze_time("2030-03-01 23:58:20"):
        action = actions.create_action(
            _members_action().body, "Count the kits", _user("member@example.org"),
            date(2030, 3, 1), actor=_user("secretariat@example.org"))
        db.session.commit()
        url = f"/actions/{action.id}"
        member = _signed_in(client_as, "member@example.org")
        assert "Due soon" in text(member.get(url))
        assert "Due soon" in _served_from_cache(member, url)
    with freeze_time("2030-03-01 23:59:10"):
        with _statements() as seen:
            assert "Due soon" in text(member.get(url))
        assert len([s for s in seen if s != "BEGIN"]) > 1  # a new minute: made again
    with freeze_time("2030-03-02 00:00:05"):
        assert "Overdue" in text(member.get(url))
        assert "Overdue" in _served_from_cache(member, url)


def test_an_old_copy_of_the_session_gets_no_cached_page(app, client_as):
    """After a password change ends other sessions, a copy of the old cookie is sent to sign in.

    The copy has the live session's CSRF secret, so its key matches the pages kept for the
    live session: only the session check made before serving any kept page refuses it.
    """
    with freeze_time(datetime.now()):
        member = _signed_in(client_as, "member@example.org")
        member.get("/account")
        old_cookie = member.get_cookie("board_session").value
        response = member.post_form("/account", {"current": DEMO_PASSWORD, "password": "a-new-long-passphrase-9",
                                                 "confirm": "a-new-long-passphrase-9"})
        assert response.status_code == 302
        member.get("/account")  # shows the "changed" message
        member.get("/decisions")
        _served_from_cache(member, "/decisions")
        copy = app.test_client()
        copy.set_cookie("board_session", old_cookie)
        response = copy.get("/decisions")
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_deactivated_person_gets_no_cached_page(app, client_as):
    """A person deactivated after viewing a page is sent to sign in, not shown the page again."""
    member = _signed_in(client_as, "member@example.org")
    assert member.get("/decisions").status_code == 200
    assert member.get("/decisions").status_code == 200
    person = _user("member@example.org")
    person.is_enabled = False
    db.session.commit()
    response = member.get("/decisions")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_waiting_message_is_shown_once_on_a_cached_page(app, client_as):
    """A message flashed before the next page is shown on it, and only once."""
    with freeze_time(datetime.now()):
        member = _signed_in(client_as, "member@example.org")
        member.get("/decisions")
        _served_from_cache(member, "/decisions")
        with member.session_transaction() as session:
            session["_flashes"] = [("success", "Your apologies were sent.")]
        assert "Your apologies were sent." in text(member.get("/decisions"))
        assert "Your apologies were sent." not in text(member.get("/decisions"))


def test_each_reader_gets_only_their_own_page(app, client_as):
    """A meeting's .ics kept for the secretariat is not given to someone who may not see the meeting.

    Neither session has a CSRF secret yet (both have only downloaded calendars), so the
    reader's id is all that tells their keys apart.
    """
    secretariat, chair = _user("secretariat@example.org"), _user("chair@example.org")
    hidden = next(m for m in db.session.scalars(sa.select(Meeting).order_by(Meeting.id))
                  if not permissions.can_view_meeting(chair, m) and permissions.can_view_meeting(secretariat, m))
    url = f"/meetings/{hidden.id}.ics"
    with freeze_time(datetime.now()):
        readers = [client_as("secretariat@example.org"), client_as("chair@example.org")]
        for reader in readers:
            with reader.session_transaction() as session:
                session.pop("_flashes", None)
                session.pop("csrf_token", None)
        assert readers[0].get(url).status_code == 200
        _served_from_cache(readers[0], url)
        assert readers[1].get(url).status_code == 403


def test_a_revoked_feed_address_stops_at_once(app, client_as, client):
    """Calendar apps: a feed served from the cache answers 304 to a repeat, and 404 once turned off."""
    leeds = client_as("lead.leeds@example.org")
    page = text(leeds.post_form("/account/calendar-feed"))
    path = page[page.index("/calendar/"):page.index(".ics") + 4]
    with freeze_time(datetime.now()):
        first = client.get(path)
        assert first.status_code == 200
        with _statements() as seen:
            repeat = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert repeat.status_code == 304 and len([s for s in seen if s != "BEGIN"]) == 1
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
