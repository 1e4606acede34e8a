"""Inline ACTION/DECISION lines: checked, confirmed, created once, tagged, and updated on request."""

import sqlalchemy as sa

from board.actions.models import Action
from board.decisions.models import Decision
from board.extensions import db
from tests.conftest import text
from tests.minutes.conftest import due, save


def actions_of(meeting):
    return db.session.scalars(sa.select(Action).where(Action.meeting_id == meeting.id).order_by(Action.id)).all()


def decisions_of(meeting):
    return db.session.scalars(sa.select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.id)).all()


def source_with_outcomes() -> str:
    return (
        "## 1. Welcome and apologies\n\nThe chair welcomed members.\n\n"
        "## 3. District updates\n\n"
        f"ACTION: Draft the naloxone roll-out plan — @lead.leeds@example.org by {due(30).isoformat()}\n"
        f"- ACTION: Share Bradford figures -- @Imran Qureshi by {due(40).isoformat()}\n"
        "DECISION: The Board endorses the nitazene response plan.\n\n"
        "## 4. Organised crime group briefing\n\n"
        "DECISION: Share the briefing with partners under embargo.\n"
    )


def edit(client, minutes, source, base):
    return client.post_form(
        f"/minutes/{minutes.id}/edit", {"source": source, "declarations": "", "base_revision": base, "save": "Save"}
    )


def test_lines_become_entries_after_confirmation_and_are_tagged(secretariat, minutes):
    """Secretariat: saving lists what will be created; confirming creates, links and tags; saving again never duplicates."""
    meeting = minutes.meeting
    response = edit(secretariat, minutes, source_with_outcomes(), 1)
    assert response.headers["Location"].endswith(f"/minutes/{minutes.id}/outcomes")
    assert actions_of(meeting) == []  # nothing yet: a confirmation step first
    page = text(secretariat.get(f"/minutes/{minutes.id}/outcomes"))
    assert "Will be created" in page and "Draft the naloxone roll-out plan" in page and "Rachel Whitaker" in page
    assert "Confirm and record" in page

    confirm = secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": 2})
    assert confirm.status_code == 302
    actions, decisions = actions_of(meeting), decisions_of(meeting)
    assert [a.owner.email for a in actions] == ["lead.leeds@example.org", "lead.bradford@example.org"]
    assert all(a.agenda_item.title == "District updates" for a in actions)
    assert actions[0].due_on == due(30) and actions[0].description == "Draft the naloxone roll-out plan"
    assert [d.agenda_item.title for d in decisions] == ["District updates", "Organised crime group briefing"]
    assert decisions[1].is_confidential and not decisions[0].is_confidential
    assert decisions[0].text == "The Board endorses the nitazene response plan."

    db.session.refresh(minutes)
    assert minutes.revision == 3
    assert (
        f"ACTION [{actions[0].reference}]: Draft the naloxone roll-out plan — @lead.leeds@example.org by"
        in minutes.source
    )
    assert f"- ACTION [{actions[1].reference}]: Share Bradford figures — @Imran Qureshi by" in minutes.source
    assert f"DECISION [{decisions[0].reference}]: The Board endorses" in minutes.source
    # The stored HTML links each entry's label to its page.
    assert (
        f'<a href="/actions/{actions[0].id}" rel="noopener noreferrer nofollow">Action {actions[0].reference}</a>'
        in minutes.html
    )
    assert f'href="/decisions/{decisions[0].id}"' in minutes.html
    assert f'href="/decisions/{decisions[1].id}"' not in minutes.public_html  # its section is withheld

    # Saving the tagged text again creates nothing more.
    again = edit(secretariat, minutes, minutes.source + "\nMore notes.\n", 3)
    assert again.headers["Location"].endswith(f"/minutes/{minutes.id}")
    assert len(actions_of(meeting)) == 2 and len(decisions_of(meeting)) == 2


def test_bad_lines_are_reported_by_number_and_nothing_is_created(secretariat, minutes):
    """Secretariat: unknown owner, ambiguous name, impossible date, missing owner/date: all listed; nothing made."""
    source = (
        "## 3. District updates\n"
        f"ACTION: Good line — @lead.leeds@example.org by {due().isoformat()}\n"
        f"ACTION: Unknown — @nobody@example.org by {due().isoformat()}\n"
        "ACTION: Impossible — @lead.leeds@example.org by 2027-02-30\n"
        "ACTION: No owner at all\n"
        "ACTION: No date — @lead.leeds@example.org\n"
        "ACTION: Past — @lead.leeds@example.org by 2001-01-01\n"
    )
    response = edit(secretariat, minutes, source, 1)
    assert response.status_code == 302  # the text is saved: nothing lost
    page = text(secretariat.get(f"/minutes/{minutes.id}/outcomes"))
    assert "Line 3: No one here has the e-mail address “nobody@example.org”" in page
    assert "Line 4: The due date is wrong: 2027-02-30 is not a real date" in page
    assert "Line 5: Name an owner" in page
    assert "Line 6: Add a due date" in page
    assert "Line 7: The due date 1 January 2001 has passed: choose a date from today on" in page
    assert "Confirm and record" not in page
    refused = secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": 2})
    assert refused.status_code == 302
    assert actions_of(minutes.meeting) == []


def test_ambiguous_name_is_reported(app, minutes):
    """Two people with the same name: use their e-mail address."""
    from board.minutes import inline
    from tests.minutes.conftest import user

    user("probation@example.org").name = "Rachel Whitaker"
    db.session.commit()
    save(minutes, f"ACTION: Send it — @Rachel Whitaker by {due().isoformat()}\n")
    plan = inline.plan_outcomes(minutes)
    assert [e.message for e in plan.errors] == [
        "More than one person is called “Rachel Whitaker”: Rachel Whitaker (Leeds), lead.leeds@example.org or "
        "Rachel Whitaker (HMPPS), probation@example.org. Use their e-mail address"
    ]


def test_changing_a_tagged_line_offers_to_update_the_entry(secretariat, minutes):
    """Secretariat: a tagged line that now differs offers an update; confirming changes the entry, once."""
    save(minutes, source_with_outcomes())
    secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": 2})
    db.session.refresh(minutes)
    action = actions_of(minutes.meeting)[0]
    decision = decisions_of(minutes.meeting)[0]
    changed = (
        minutes.source.replace(f"by {due(30).isoformat()}", f"by {due(60).isoformat()}")
        .replace("@lead.leeds@example.org", "@lead.wakefield@example.org")
        .replace("endorses the nitazene", "endorses version 2 of the nitazene")
    )
    response = edit(secretariat, minutes, changed, 3)
    assert response.headers["Location"].endswith("/outcomes")
    page = text(secretariat.get(f"/minutes/{minutes.id}/outcomes"))
    assert "Lines that differ from their entries" in page and action.reference in page
    assert "Owner: Rachel Whitaker → Tom Brearley" in page
    # Choose to update only the action.
    line = next(i for i, l in enumerate(changed.splitlines(), 1) if action.reference in l)
    secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": 4, "update_lines": str(line)})
    db.session.refresh(action)
    db.session.refresh(decision)
    assert action.owner.email == "lead.wakefield@example.org" and action.due_on == due(60)
    assert decision.text == "The Board endorses the nitazene response plan."  # not chosen
    assert len(actions_of(minutes.meeting)) == 2


def test_a_tag_naming_an_unknown_entry_is_an_error(app, minutes):
    from board.minutes import inline

    save(minutes, f"ACTION [CDP-99-99]: Ghost — @lead.leeds@example.org by {due().isoformat()}\n")
    assert [e.message for e in inline.plan_outcomes(minutes).errors] == [
        "There is no action CDP-99-99 in this body's register"
    ]


def test_confirming_an_out_of_date_list_is_refused(secretariat, minutes):
    """Secretariat: the list confirmed must be for the latest revision."""
    save(minutes, source_with_outcomes())
    save(minutes, source_with_outcomes() + "\nlater edit\n")
    response = secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": 2}, follow_redirects=True)
    assert "after you opened revision 2" in text(response)
    assert actions_of(minutes.meeting) == []
