"""Chasing (issue 19 part 5, issue 18 part 6): a confirmation page names who will be
e-mailed before anything is sent; "Chase all not submitted" chases the round at once,
still at most once an organisation a day."""

import html

import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.extensions import db
from board.people.models import UpdateContact, User
from board.submissions import services
from tests.conftest import messages, text
from tests.submissions.conftest import complete_form, org, update_of


def _chases() -> list[str]:
    db.session.expire_all()
    return sorted(
        db.session.scalars(sa.select(OutboxMessage.recipients).where(OutboxMessage.kind == "update_chase")).all()
    )


def _contacts(short: str) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(UpdateContact, UpdateContact.user_id == User.id)
            .where(UpdateContact.organisation_id == org(short).id, User.is_enabled.is_(True))
        )
    )


def test_chase_all_confirms_who_will_be_e_mailed_then_chases_once_a_day(board_round, secretariat, client_as):
    """The tracker's Chase all not submitted shows each organisation still writing with its
    people and address count, and e-mails nobody; confirming chases them; Wakefield, which
    submitted, is never chased; a second confirmation the same day chases no one again."""
    wakefield = update_of(board_round, "Wakefield")
    lead = client_as("lead.wakefield@example.org")
    assert lead.post_form(f"/updates/{wakefield.id}/edit", complete_form(board_round, 0)).status_code == 302
    tracker = secretariat.get(f"/rounds/{board_round.id}").get_data(as_text=True)
    assert f'href="/rounds/{board_round.id}/chase"' in tracker and "Chase all not submitted" in tracker

    page = html.unescape(text(secretariat.get(f"/rounds/{board_round.id}/chase")))
    assert _chases() == []  # looking at the confirmation sends nothing
    writing = ("Bradford", "Calderdale", "Kirklees", "Leeds", "HMPPS")
    people = sum(len(_contacts(s)) for s in writing)
    assert f"{people} people at 5 organisations will be e-mailed" in page
    table = page.split("Who will be e-mailed", 1)[1].split("Send", 1)[0]
    for short in writing:
        assert org(short).name in table
        for person in _contacts(short):
            assert person.name in table
    assert org("Wakefield").name not in table

    response = secretariat.post_form(f"/rounds/{board_round.id}/chase", follow_redirects=True)
    assert "Chased 5: Bradford, Calderdale, HMPPS, Kirklees, Leeds." in messages(response)
    sent = _chases()
    assert len(sent) == 5 and not any("wakefield" in r for r in sent)

    again = text(secretariat.get(f"/rounds/{board_round.id}/chase"))
    assert "Nobody will be e-mailed" in again and "Send" not in again.split("Not chased")[0]
    assert again.count("already chased today") == 5 and "already submitted" not in again
    response = secretariat.post_form(f"/rounds/{board_round.id}/chase", follow_redirects=True)
    assert any("Leeds has already been chased today" in m for m in messages(response))
    assert len(_chases()) == 5


def test_a_single_chase_asks_first_naming_the_people(board_round, secretariat):
    """Chase beside one organisation opens a page naming its contacts and how many addresses;
    only the confirmation sends the e-mail."""
    update = update_of(board_round, "Kirklees")
    page = text(secretariat.get(f"/updates/{update.id}/chase"))
    assert "Chase Kirklees?" in page
    for person in _contacts("Kirklees"):
        assert person.name in page
    assert f"Send {len(_contacts('Kirklees'))} e-mail" in page
    assert _chases() == []
    assert secretariat.post_form(f"/updates/{update.id}/chase").status_code == 302
    assert _chases() == ["lead.kirklees@example.org"]


def test_leads_cannot_chase_or_see_who_would_be_chased(board_round, client_as):
    """A district lead gets no confirmation page (403 for the round, 404 for another's update) and sends nothing."""
    leeds = client_as("lead.leeds@example.org")
    assert leeds.get(f"/rounds/{board_round.id}/chase").status_code == 403
    assert leeds.post_form(f"/rounds/{board_round.id}/chase").status_code == 403
    assert leeds.get(f"/updates/{update_of(board_round, 'Bradford').id}/chase").status_code in (403, 404)
    assert _chases() == []


def test_chase_plan_gives_the_reason_an_organisation_is_left_out(board_round):
    """The plan the page shows: handed in, chased today, or no contacts each say why."""
    leeds = update_of(board_round, "Leeds")
    services.chase_update(leeds, actor=None)
    lines = {line.update.organisation.short_name: line for line in services.chase_plan(board_round.updates)}
    assert lines["Leeds"].refusal == "already chased today"
    assert lines["Bradford"].refusal is None and lines["Bradford"].addresses == len(_contacts("Bradford"))
