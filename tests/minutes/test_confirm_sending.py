"""No accidental mass e-mail: publishing an agenda and circulating minutes each name everyone
who will be e-mailed on a confirmation page, and nothing is sent before the confirming POST."""

import re

import sqlalchemy as sa

from board.agendas.models import AgendaPublication
from board.agendas.publishing import members_to_notify
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.minutes import workflow
from tests.conftest import messages, text
from tests.minutes.conftest import due, save

OUTBOX = sa.select(sa.func.count(OutboxMessage.id))


def _named(page) -> list[str]:
    """The names in the recipients table, in order."""
    table = re.search(r'<table class="govuk-table app-recipients">(.*?)</table>', page.get_data(as_text=True), re.S)
    return re.findall(r'<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]+)</td>', table.group(1))


def test_publishing_an_agenda_names_everyone_first_and_sends_only_on_confirm(secretariat, make_meeting):
    """Secretariat: the Publish button opens a page naming each member and their organisation;
    nothing is published or queued until the confirming POST, which e-mails exactly those people."""
    meeting = make_meeting(-20)
    builder = secretariat.get(f"/meetings/{meeting.id}/agenda/build")
    assert f'href="/meetings/{meeting.id}/agenda/publish"' in builder.get_data(as_text=True)
    before = db.session.scalar(OUTBOX)
    page = secretariat.get(f"/meetings/{meeting.id}/agenda/publish")
    members = members_to_notify(meeting)
    assert page.status_code == 200
    assert f"{len(members)} people will be e-mailed" in text(page)
    assert _named(page) == [m.name for m in members]
    assert "Rachel Whitaker" in text(page) and "Leeds" in text(page)
    assert "Cancel" in text(page)
    assert db.session.scalar(OUTBOX) == before
    assert db.session.scalar(sa.select(AgendaPublication).where(AgendaPublication.meeting_id == meeting.id)) is None

    done = secretariat.post_form(
        f"/meetings/{meeting.id}/agenda/publish", {"recipients": str(len(members))}, follow_redirects=True
    )
    assert f"{len(members)} members have been e-mailed" in " ".join(messages(done))
    assert db.session.scalar(OUTBOX) == before + len(members)


def test_a_list_that_changed_since_the_page_was_shown_is_shown_again_not_sent(secretariat, make_meeting):
    """Secretariat: confirming a count that no longer holds sends nothing and shows the list again."""
    meeting = make_meeting(-20)
    before = db.session.scalar(OUTBOX)
    stale = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", {"recipients": "1"})
    assert stale.status_code == 200
    assert "changed since you opened this page" in text(stale)
    assert "will be e-mailed" in text(stale)
    assert db.session.scalar(OUTBOX) == before
    assert db.session.scalar(sa.select(AgendaPublication).where(AgendaPublication.meeting_id == meeting.id)) is None


def test_circulating_minutes_names_members_and_action_owners_first(secretariat, minutes):
    """Secretariat: Circulate opens a page naming each person (members and action owners);
    the minutes stay a draft and nothing is queued until the confirming POST."""
    show = secretariat.get(f"/minutes/{minutes.id}")
    assert f'href="/minutes/{minutes.id}/circulate"' in show.get_data(as_text=True)
    before = db.session.scalar(OUTBOX)
    page = secretariat.get(f"/minutes/{minutes.id}/circulate")
    people = workflow.circulation_recipients(minutes)
    assert f"{len(people)} people will be e-mailed" in text(page)
    assert _named(page) == [p.name for p in people]
    db.session.refresh(minutes)
    assert minutes.is_draft and db.session.scalar(OUTBOX) == before

    stale = secretariat.post_form(f"/minutes/{minutes.id}/circulate", {"recipients": str(len(people) + 3)})
    assert "changed since you opened this page" in text(stale)
    db.session.refresh(minutes)
    assert minutes.is_draft and db.session.scalar(OUTBOX) == before

    done = secretariat.post_form(
        f"/minutes/{minutes.id}/circulate", {"recipients": str(len(people))}, follow_redirects=True
    )
    assert f"Circulated for comment: {len(people)} e-mails sent." in messages(done)
    db.session.refresh(minutes)
    assert minutes.status == "circulated"
    assert db.session.scalar(OUTBOX) == before + len(people)


def test_minutes_with_unconfirmed_lines_never_reach_the_confirmation_page(secretariat, minutes):
    """Secretariat: circulation that would be refused says why before listing anyone."""
    save(minutes, minutes.source + f"\nACTION: Check the figures — @lead.leeds@example.org by {due():%Y-%m-%d}\n")
    page = secretariat.get(f"/minutes/{minutes.id}/circulate", follow_redirects=True)
    assert "Confirm or correct the ACTION and DECISION lines before circulating" in messages(page)
    assert "will be e-mailed" not in text(page)


def test_circulating_again_names_only_those_not_yet_sent_this_revision(secretariat, minutes):
    """Secretariat: after circulating, "Circulate again" without changes names no one, so the count is true."""
    people = workflow.circulation_recipients(minutes)
    secretariat.post_form(f"/minutes/{minutes.id}/circulate", {"recipients": str(len(people))})
    again = secretariat.get(f"/minutes/{minutes.id}/circulate")
    assert "Circulate the minutes again?" in text(again)
    assert "0 people will be e-mailed" in text(again) and _named(again) == []
    save(minutes, minutes.source + "\nA correction.\n")
    assert f"{len(people)} people will be e-mailed" in text(secretariat.get(f"/minutes/{minutes.id}/circulate"))
