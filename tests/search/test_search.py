"""Search: results respect each page's permission rules, on both databases."""

from datetime import date, timedelta

import sqlalchemy as sa

from board.actions.models import Action
from board.agendas.models import AgendaItem, AgendaPublication
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation, User
from board.search.models import SearchDocument
from board.submissions.models import PartnerUpdate, UpdateRound
from tests.conftest import text

WORD = "quixotrel"  # a word the demo data never uses


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _body(slug):
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def _org_update(short_name):
    """The organisation's update in the latest round."""
    return db.session.scalar(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .join(Meeting)
        .join(Organisation)
        .where(Organisation.short_name == short_name)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def _dates(**fields):
    """The day, month and year boxes of GOV.UK date inputs (three values under one name)."""
    return [(name, part) for name, value in fields.items() for part in value.split()]


def _found(client, q=WORD, dates=(), **params):
    response = client.get("/search", query_string=[("q", q), *params.items(), *dates])
    assert response.status_code == 200
    return text(response)


def test_an_organisation_draft_update_is_found_only_by_its_own_contacts_and_the_secretariat(client_as):
    """Lead: never finds another organisation's draft; finds their own; secretariat finds all."""
    update = _org_update("Bradford")
    update.status, update.progress = "draft", f"Draft text about {WORD} outreach"
    db.session.commit()
    assert "1 result" in _found(client_as("lead.bradford@example.org"))
    assert "1 result" in _found(client_as("secretariat@example.org"))
    assert "No results" in _found(client_as("lead.leeds@example.org"))
    assert "No results" in _found(client_as("chair@example.org"))


def test_a_handed_in_update_is_found_by_members_once_the_agenda_is_published(client_as):
    """Members of the body: a submitted update appears when the meeting's agenda is out."""
    update = _org_update("Bradford")
    update.status, update.progress = "submitted", f"Submitted text about {WORD}"
    db.session.commit()
    published = (
        db.session.scalar(
            sa.select(AgendaPublication.id).where(AgendaPublication.meeting_id == update.round.meeting_id).limit(1)
        )
        is not None
    )
    expected = "1 result" if published else "No results"
    assert expected in _found(client_as("lead.leeds@example.org"))
    assert "No results" in _found(client_as("coroner@example.org"))  # not on the Board


def test_confidential_decisions_only_for_members_of_the_body(client_as):
    """A confidential Sub-group decision: its members find it; a Board-only lead does not."""
    decision = db.session.scalar(sa.select(Decision).where(Decision.body_id == _body("synthetic-opioids").id).limit(1))
    decision.title, decision.is_confidential = f"Confidential {WORD} arrangement", True
    db.session.commit()
    assert "1 result" in _found(client_as("lead.leeds@example.org"))
    assert "No results" in _found(client_as("lead.bradford@example.org"))
    decision.is_confidential = False
    db.session.commit()
    assert "1 result" in _found(client_as("lead.bradford@example.org"))


def test_draft_agenda_items_only_for_the_secretariat(client_as):
    """An item not on the published agenda: the secretariat finds it, members do not."""
    meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == _body("board").id, Meeting.status == "scheduled")
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    db.session.add(AgendaItem(meeting_id=meeting.id, title=f"Late {WORD} item", position=99))
    db.session.commit()
    assert "Agenda items (1)" in _found(client_as("secretariat@example.org"))
    assert "No results" in _found(client_as("chair@example.org"))


def test_published_agenda_items_for_members(client_as):
    """An item on a published agenda: members of the body find it as published, others do not."""
    import copy

    publication = db.session.scalar(
        sa.select(AgendaPublication)
        .join(Meeting)
        .where(Meeting.body_id == _body("synthetic-opioids").id)
        .order_by(AgendaPublication.id.desc())
        .limit(1)
    )
    snapshot = copy.deepcopy(publication.snapshot)
    row = snapshot["items"][0]
    row["title"] = f"{WORD} response plan"
    publication.snapshot = snapshot
    item = db.session.get(AgendaItem, row["id"])
    item.title = row["title"]
    db.session.commit()
    assert "Agenda items (1)" in _found(client_as("lead.leeds@example.org"))
    assert "No results" in _found(client_as("lead.bradford@example.org"))


def test_unpublished_edits_to_a_published_item_stay_hidden(client_as):
    """Members: words added to the draft since publication are not found or shown."""
    publication = db.session.scalar(
        sa.select(AgendaPublication)
        .join(Meeting)
        .where(Meeting.body_id == _body("synthetic-opioids").id)
        .order_by(AgendaPublication.id.desc())
        .limit(1)
    )
    item = db.session.get(AgendaItem, publication.snapshot["items"][0]["id"])
    item.description = f"Draft note on {WORD}"
    item.description_html = f"<p>Draft note on {WORD}</p>"
    db.session.commit()
    assert "Agenda items (1)" in _found(client_as("secretariat@example.org"))
    assert "No results" in _found(client_as("lead.leeds@example.org"))


def test_an_owner_finds_their_action_on_another_body(client_as):
    """Action owner outside the body: finds their own action; a non-member does not."""
    action = db.session.scalar(sa.select(Action).where(Action.body_id == _body("synthetic-opioids").id).limit(1))
    action.description, action.owner_id = f"Chase the {WORD} figures", _user("lead.bradford@example.org").id
    db.session.commit()
    assert "Actions (1)" in _found(client_as("lead.bradford@example.org"))
    assert "No results" in _found(client_as("lead.calderdale@example.org"))


def test_draft_minutes_only_for_the_secretariat(client_as):
    """Minutes: a draft is the secretariat's; circulated minutes are the body's members'."""
    from board.minutes.models import Minutes

    minutes = db.session.scalar(
        sa.select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.body_id == _body("board").id)
        .limit(1)
    )
    if minutes is None:
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.body_id == _body("board").id, Meeting.status == "held").limit(1)
        )
        minutes = Minutes(meeting_id=meeting.id)
        db.session.add(minutes)
    minutes.status, minutes.source = "draft", f"Discussed {WORD}."
    db.session.commit()
    assert "Minutes (1)" in _found(client_as("secretariat@example.org"))
    assert "No results" in _found(client_as("chair@example.org"))
    minutes.status = "circulated"
    db.session.commit()
    assert "Minutes (1)" in _found(client_as("chair@example.org"))
    assert "No results" in _found(client_as("coroner@example.org"))  # not on the Board


def test_matching_words_are_highlighted_and_text_is_escaped(secretariat):
    """Everyone: matches are marked; stored text never becomes markup."""
    decision = db.session.scalar(sa.select(Decision).limit(1))
    decision.title = f"<script>alert(1)</script> {WORD.capitalize()} plan"
    db.session.commit()
    html = secretariat.get("/search", query_string={"q": WORD}).get_data(as_text=True)
    assert f"<mark>{WORD.capitalize()}</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_filters_by_body_and_date(secretariat):
    """Secretariat: the body and date filters narrow the results."""
    sog = _body("synthetic-opioids")
    for i, action in enumerate(db.session.scalars(sa.select(Action).order_by(Action.id).limit(4))):
        action.description = f"{WORD} {i}"
        action.due_on = date(2030, 1, 1) + timedelta(days=30 * i)
    db.session.commit()
    everything = _found(secretariat)
    assert "4 results" in everything
    mine = db.session.scalars(sa.select(Action).where(Action.description.like(f"{WORD}%"))).all()
    on_sog = sum(1 for a in mine if a.body_id == sog.id)
    page = _found(secretariat, body="synthetic-opioids")
    assert (f"{on_sog} result" in page) if on_sog else ("No results" in page)
    ranged = _found(secretariat, dates=_dates(date_from="1 2 2030", date_to="1 4 2030"))
    assert "2 results" in ranged


def test_a_bad_date_range_is_explained_not_an_error(secretariat):
    """Anyone: an impossible or backwards date gets a message, not a 500."""
    page = _found(secretariat, dates=_dates(date_from="31 2 2026"))
    assert "must be a real date" in page
    page = _found(secretariat, dates=_dates(date_from="1 2 2026", date_to="1 1 2026"))
    assert "must be the same as or after" in page
    assert secretariat.get("/search?body=nowhere&q=x").status_code == 200


def test_the_index_follows_changes_and_deletions(secretariat):
    """The index is rewritten on every flush: edits show, deleted records vanish."""
    item = db.session.scalar(sa.select(AgendaItem).limit(1))
    item.title = f"{WORD} renamed"
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(SearchDocument.title).where(
                SearchDocument.kind == "agenda_item", SearchDocument.object_id == item.id
            )
        )
        == f"{WORD} renamed"
    )
    db.session.delete(item)
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(SearchDocument.id).where(
                SearchDocument.kind == "agenda_item", SearchDocument.object_id == item.id
            )
        )
        is None
    )
    assert "No results" in _found(secretariat)


def test_reindex_command_rebuilds_the_index(app):
    """Operators: ``flask search-reindex`` rebuilds every document."""
    db.session.execute(sa.delete(SearchDocument))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search-reindex"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt" in result.output
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SearchDocument))
    assert count >= db.session.scalar(sa.select(sa.func.count()).select_from(Action))
    assert "naloxone" in _found(_signed(app), "naloxone").lower()


def _signed(app):
    client = app.test_client()
    client.sign_in("secretariat@example.org")
    return client


def test_records_deleted_without_the_hook_are_not_shown(secretariat):
    """Secretariat: a row deleted in bulk (bypassing the flush hook) is not offered as a hit."""
    from board.actions.models import ActionNote

    action = db.session.scalar(sa.select(Action).limit(1))
    action.description = f"{WORD} soon gone"
    db.session.commit()
    assert "Actions (1)" in _found(secretariat)
    db.session.execute(sa.delete(ActionNote).where(ActionNote.action_id == action.id))
    db.session.execute(sa.text("DELETE FROM decision_action WHERE action_id = :id"), {"id": action.id})
    db.session.execute(sa.delete(Action).where(Action.id == action.id))
    db.session.commit()
    assert "No results" in _found(secretariat)
