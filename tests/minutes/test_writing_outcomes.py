"""Writing ACTION/DECISION lines that work first time, a server-side Preview, and minutes that read as minutes.

The clock is pinned to Monday 1 March 2027 (sessions last 12 hours, so each test signs in inside it).
"""

import re

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from board.actions.models import Action
from board.decisions.models import Decision
from board.extensions import db
from board.minutes import inline
from tests.conftest import field_value, messages, text
from tests.minutes.conftest import save, user

TODAY = "2027-03-01 10:00:00"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def pinned():
    with freeze_time(TODAY):
        yield


@pytest.fixture
def writer(pinned, client_as):
    return client_as("secretariat@example.org")


def actions_of(meeting):
    return db.session.scalars(sa.select(Action).where(Action.meeting_id == meeting.id).order_by(Action.id)).all()


def preview(client, minutes, source):
    return client.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": source, "declarations": "", "base_revision": minutes.revision, "preview": "Preview"},
    )


@pytest.mark.parametrize("written", ["31/03/2027", "31 March 2027", "31 Mar 2027", "2027-03-31"])
def test_each_way_of_writing_a_due_date_previews_the_same(writer, minutes, written):
    """Secretariat: 31/03/2027, 31 March 2027, 31 Mar 2027 and 2027-03-31 all mean 31 March 2027."""
    response = preview(
        writer,
        minutes,
        f"## 3. District updates\n\nACTION: Review naloxone supply — @lead.leeds@example.org by {written}\n",
    )
    page = text(response)
    assert response.status_code == 200 and messages(response) == []
    assert "Review naloxone supply. Owner: Rachel Whitaker (Leeds). Due 31 March 2027." in page
    assert "Action (not yet recorded) (created when you confirm)" in page


def test_preview_shows_what_every_line_becomes_and_saves_nothing(writer, minutes):
    """Secretariat: Preview (no JavaScript) names owners and organisations, writes dates out, lists wrong lines."""
    user("probation@example.org").name = "Rachel Whitaker"  # two people of the same name
    db.session.commit()
    source = (
        "## 3. District updates\n"  # 1
        "ACTION: Review naloxone supply — @Leeds lead by 31/03/2027\n"  # 2
        "ACTION: Share Bradford figures — @Imran Qureshi by 31 Mar 2027\n"  # 3
        "ACTION: Visit the prison — @hmpps@example.org by 2027-03-31\n"  # 4
        "ACTION: Impossible — @Leeds lead by 31/02/2027\n"  # 5
        "ACTION: Late — @Leeds lead by 28/02/2027\n"  # 6
        "ACTION: Unknown — @Nobody Atall by 31/03/2027\n"  # 7
        "ACTION: Ambiguous — @Rachel Whitaker by 31/03/2027\n"  # 8
        "ACTION: Two leads — @HMPPS lead by 31/03/2027\n"  # 9
        "ACTION: Weekend — @Leeds lead by 3 April 2027\n"  # 10
        "ACTION: Holiday — @Leeds lead by 26/03/2027\n"  # 11
        "DECISION: The Board endorses the nitazene response plan.\n"  # 12
    )
    response = preview(writer, minutes, source)
    page = text(response)
    assert "Review naloxone supply. Owner: Rachel Whitaker (Leeds). Due 31 March 2027." in page
    assert "Share Bradford figures. Owner: Imran Qureshi (Bradford). Due 31 March 2027." in page
    assert "Visit the prison. Owner: " in page and "(HMPPS). Due 31 March 2027." in page
    assert (
        "Decision (not yet recorded) (created when you confirm) The Board endorses the nitazene response plan." in page
    )
    assert messages(response) == [
        (
            "Line 5: The due date is wrong: 31/02/2027 is not a real date "
            "Line 6: The due date 28 February 2027 has passed: choose a date from today on "
            "Line 7: No one here is called “Nobody Atall”: use their name as recorded here, their e-mail address, "
            "or “@Leeds lead” "
            "Line 8: More than one person is called “Rachel Whitaker”: Rachel Whitaker (Leeds), lead.leeds@example.org "
            "or Rachel Whitaker (HMPPS), probation@example.org. Use their e-mail address "
            f"Line 9: HMPPS has more than one lead: {user('hmpps@example.org').name} (HMPPS), hmpps@example.org or "
            "Rachel Whitaker (HMPPS), probation@example.org. Name one of them"
        )
    ]
    # Weekends and bank holidays are warnings, not refusals: those lines are still planned.
    assert "Line 10: 3 April 2027 is a Saturday: check the due date" in page
    assert "Line 11: 26 March 2027 is a bank holiday (Good Friday): check the due date" in page
    assert "Weekend. Owner: Rachel Whitaker (Leeds). Due 3 April 2027." in page
    assert field_value(response, "source") == source.rstrip("\n")
    db.session.refresh(minutes)
    assert minutes.revision == 1 and "Review naloxone" not in minutes.source  # nothing saved
    assert actions_of(minutes.meeting) == []


def test_wrong_lines_are_refused_at_confirmation_too(writer, minutes):
    """Secretariat: saved with a wrong line, the confirmation page names it and creates nothing."""
    save(minutes, "ACTION: Impossible — @Leeds lead by 31/02/2027\nACTION: Fine — @Leeds lead by 31/03/2027\n")
    page = text(writer.get(f"/minutes/{minutes.id}/outcomes"))
    assert "Line 1: The due date is wrong: 31/02/2027 is not a real date" in page
    assert writer.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision}).status_code == 302
    assert actions_of(minutes.meeting) == []


def test_organisation_lead_and_written_dates_become_real_entries(writer, minutes):
    """Secretariat: '@Leeds lead by 31 March 2027' creates Rachel Whitaker's action due 31 March 2027; tag keeps the text."""
    save(minutes, "## 3. District updates\n\nACTION: Review naloxone supply — @Leeds lead by 31 March 2027\n")
    assert writer.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision}).status_code == 302
    [action] = actions_of(minutes.meeting)
    assert action.owner.email == "lead.leeds@example.org" and f"{action.due_on}" == "2027-03-31"
    db.session.refresh(minutes)
    assert f"ACTION [{action.reference}]: Review naloxone supply — @Leeds lead by 31 March 2027" in minutes.source


def test_minutes_read_as_minutes_with_no_email_addresses(writer, client_as, minutes):
    """Readers: confirmed lines read as sentences linked to the log and register; no e-mail address anywhere."""
    source = (
        "## 1. Welcome and apologies\n\nApologies from lead.kirklees@example.org were noted.\n\n"
        "## 3. District updates\n\n"
        "ACTION: Review naloxone supply — @lead.leeds@example.org by 31/03/2027\n"
        "DECISION: The Board endorses the nitazene response plan.\n\n"
        "## 4. Organised crime group briefing\n\n"
        "ACTION: Brief partners — @hmpps@example.org by 2027-03-31\n"
    )
    save(minutes, source, declarations="Declared by chair@example.org.")
    writer.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision})
    assert writer.post_form(f"/minutes/{minutes.id}/circulate").status_code == 302
    action = actions_of(minutes.meeting)[0]
    decision = db.session.scalar(sa.select(Decision).where(Decision.meeting_id == minutes.meeting_id))
    member = client_as("lead.kirklees@example.org")
    full = member.get(f"/minutes/{minutes.id}")
    html = full.get_data(as_text=True)
    assert (
        f"Action {action.reference} — Review naloxone supply. Owner: Rachel Whitaker (Leeds). Due 31 March 2027."
    ) in text(full)
    assert (
        f'<strong><a href="/actions/{action.id}" rel="noopener noreferrer nofollow">Action {action.reference}</a></strong>'
        in html
    )
    assert (
        f'<strong><a href="/decisions/{decision.id}" rel="noopener noreferrer nofollow">Decision {decision.reference}'
        "</a></strong> — The Board endorses the nitazene response plan."
    ) in html
    assert f"Apologies from {user('lead.kirklees@example.org').name} were noted." in text(full)
    for url in (
        f"/minutes/{minutes.id}",
        f"/minutes/{minutes.id}/public",
        f"/minutes/{minutes.id}/minutes.md",
        f"/minutes/{minutes.id}/minutes.md?public=1",
        f"/minutes/{minutes.id}/print",
        f"/minutes/{minutes.id}/print?public=1",
    ):
        for client in (member, writer):
            body = client.get(url).get_data(as_text=True)
            assert "Review naloxone supply" in body, url
            assert "ACTION [" not in body, url
            leaked = [e for e in EMAIL.findall(body) if not e.endswith((".css", ".js", ".svg", ".png"))]
            assert leaked == [], (url, leaked)
    # The editor still has the syntax.
    edit = writer.get(f"/minutes/{minutes.id}/edit")
    assert (
        f"ACTION [{action.reference}]: Review naloxone supply — @lead.leeds@example.org by 31/03/2027"
        in field_value(edit, "source")
    )


def test_a_line_not_yet_confirmed_reads_as_not_yet_recorded(app, pinned, minutes):
    """Drafts: an unconfirmed line reads 'Action (not yet recorded)'; an unknown owner is 'to be confirmed'."""
    save(minutes, "ACTION: Send it — @nobody@example.org by 31/03/2027\n")
    assert (
        "<strong>Action (not yet recorded)</strong> — Send it. Owner: to be confirmed. Due 31 March 2027."
        in minutes.html
    )
    assert "nobody@example.org" not in minutes.html
    assert [e.message for e in inline.plan_outcomes(minutes).errors] == [
        "No one here has the e-mail address “nobody@example.org”"
    ]


def test_search_snippets_of_minutes_carry_no_email_addresses(secretariat, client_as, minutes):
    """Members: a search that finds the minutes shows a passage without the owners' e-mail addresses."""
    save(
        minutes,
        "## 3. District updates\n\nACTION: Map the quokka outreach route — @lead.leeds@example.org by 2099-03-31\n",
    )
    assert secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision}).status_code == 302
    assert secretariat.post_form(f"/minutes/{minutes.id}/circulate").status_code == 302
    found = client_as("lead.kirklees@example.org").get("/search?q=quokka")
    page = found.get_data(as_text=True)
    assert "quokka" in page and f"/minutes/{minutes.id}" in page
    assert "lead.leeds@example.org" not in page
