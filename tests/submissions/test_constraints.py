"""Update rounds and partner updates refuse, on the form, every combination the database would refuse.

Values no form sets, and who guarantees them:
- ``update_revision.number``: ``services._keep_revision`` numbers from the update's last
  revision, inside ``services.save_update``, which locks the update row and refuses a
  form whose ``version`` is stale (a second post of the same form is a conflict);
- ``update_figure (update, round_figure)``: ``services._apply_content`` reuses the
  update's row for a figure (``PartnerUpdate.figure_for``), and each figure is one
  sub-form, so it cannot be posted twice;
- ``outbox_message.dedupe_key``: ``common.mail.queue_mail`` queues nothing when the key
  is already in the outbox (a chase is keyed by update and day, and ``chase_update``
  refuses a second chase the same day first);
- ``update_round.meeting_id``: the open-round page sends a meeting that has a round to
  its tracker, and ``services.open_round`` refuses a second round.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.common.timeutil import today_london
from board.extensions import db
from board.submissions import services
from board.submissions.models import PartnerUpdate, RoundFigure, UpdateFigure, UpdateRevision, UpdateRound
from tests.conftest import field_value, messages
from tests.submissions.conftest import complete_form, make_meeting, org, update_of, user


def _d(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _round_form(**overrides) -> dict:
    data = {
        "organisation_ids": [str(org(s).id) for s in ("Bradford", "Leeds")],
        "deadline": _d(today_london() + timedelta(days=20)),
        "period_from": _d(today_london() - timedelta(days=100)),
        "period_to": _d(today_london() + timedelta(days=20)),
        "figures": ["naloxone_kits", "drug_deaths"],
        "other_figures": "",
    }
    data.update(overrides)
    return data


def _rounds(meeting_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(UpdateRound).where(UpdateRound.meeting_id == meeting_id)
    )


def _open(secretariat, **overrides):
    meeting = make_meeting(42)
    db.session.commit()
    return meeting, secretariat.post_form(f"/meetings/{meeting.id}/updates/new", _round_form(**overrides))


# --- update_round ---------------------------------------------------------------------


def test_a_reporting_period_that_starts_after_it_ends_is_refused(secretariat):
    """Secretariat: opening a round whose period starts after it ends is refused on the form, dates kept."""
    meeting, page = _open(secretariat, period_from=["2", "2", "2026"], period_to=["1", "1", "2026"])
    assert page.status_code == 200
    assert any("The end of the reporting period must be on or after its start" in m for m in messages(page))
    assert field_value(page, "period_to") == "1"  # the day box keeps what was typed
    assert _rounds(meeting.id) == 0


def test_opening_a_round_twice_opens_one(secretariat):
    """Secretariat: a double-clicked 'Open the round' opens one round; the second post goes to its tracker."""
    meeting, first = _open(secretariat)
    assert first.status_code == 302
    again = secretariat.post_form(f"/meetings/{meeting.id}/updates/new", _round_form())
    round_id = db.session.scalar(sa.select(UpdateRound.id).where(UpdateRound.meeting_id == meeting.id))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/rounds/{round_id}")
    assert _rounds(meeting.id) == 1


# --- round_figure (round, key) -----------------------------------------------------------------


def test_an_other_figure_named_like_a_ticked_default_is_refused(secretariat):
    """Secretariat: typing 'Naloxone kits issued' under other figures while it is ticked is refused on the form."""
    meeting, page = _open(secretariat, other_figures="naloxone kits issued")
    assert page.status_code == 200
    assert any(
        "‘naloxone kits issued’ is already asked for (Naloxone kits issued, ticked above)" in m for m in messages(page)
    )
    assert field_value(page, "other_figures") == "naloxone kits issued"
    assert _rounds(meeting.id) == 0


def test_an_other_figure_typed_twice_is_refused(secretariat):
    """Secretariat: the same other figure on two lines (any case or punctuation) is refused on the form."""
    typed = "Drug checking samples tested\ndrug-checking samples tested"
    meeting, page = _open(secretariat, other_figures=typed)
    assert page.status_code == 200
    assert any(
        "‘drug-checking samples tested’ and ‘Drug checking samples tested’ are the same figure" in m
        for m in messages(page)
    )
    assert field_value(page, "other_figures") == typed
    assert _rounds(meeting.id) == 0


def test_a_default_figure_typed_out_while_unticked_links_to_the_default(secretariat):
    """Secretariat: typing a default figure's name (not ticked) asks for that figure under its usual key."""
    meeting, response = _open(secretariat, figures=[], other_figures="Nitazene alerts")
    assert response.status_code == 302
    keys = db.session.scalars(
        sa.select(RoundFigure.key).join(UpdateRound).where(UpdateRound.meeting_id == meeting.id)
    ).all()
    assert keys == ["nitazene_alerts"]


# --- partner_update (round, organisation) ---------------------------------------------------------


def test_the_same_organisation_posted_twice_is_asked_once(secretariat):
    """Secretariat: an organisation id posted twice asks that organisation for one update."""
    leeds = str(org("Leeds").id)
    meeting, response = _open(secretariat, organisation_ids=[leeds, leeds])
    assert response.status_code == 302
    round_id = db.session.scalar(sa.select(UpdateRound.id).where(UpdateRound.meeting_id == meeting.id))
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(PartnerUpdate).where(PartnerUpdate.round_id == round_id)
        )
        == 1
    )


# --- update_figure value >= 0 ---------------------------------------------------------------------


def test_a_negative_figure_is_refused(board_round, client_as):
    """District lead: a negative figure is refused on the form, what was typed kept, nothing saved."""
    update = update_of(board_round, "Leeds")
    figure = board_round.figures[0]
    lead = client_as("lead.leeds@example.org")
    page = lead.post_form(
        f"/updates/{update.id}/edit", complete_form(board_round, update.version, **{f"fig_{figure.id}-value": "-3"})
    )
    assert page.status_code == 200
    assert any(f"{figure.label} must be 0 or more" in m for m in messages(page))
    assert field_value(page, f"fig_{figure.id}-value") == "-3"
    db.session.refresh(update)
    assert update.status == "not_started" and update.version == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(UpdateFigure).where(UpdateFigure.update_id == update.id)
        )
        == 0
    )


def test_a_negative_figure_in_a_draft_is_refused(board_round, client_as):
    """District lead: a draft with a negative figure is not saved, and the page says why."""
    update = update_of(board_round, "Leeds")
    figure = board_round.figures[1]
    lead = client_as("lead.leeds@example.org")
    page = lead.post_form(
        f"/updates/{update.id}/edit",
        {"version": "0", "action": "draft", "progress": "Draft", f"fig_{figure.id}-value": "-1,000"},
    )
    assert page.status_code == 200
    assert any("Your draft was not saved" in m for m in messages(page))
    assert f"{figure.label} must be 0 or more" in page.get_data(as_text=True)
    db.session.refresh(update)
    assert update.version == 0 and update.progress == ""


# --- update_revision (update, number): posted twice -------------------------------------------------


def test_submitting_the_same_form_twice_keeps_one_revision(board_round, client_as):
    """District lead: a double-clicked 'Submit' submits once; the second post is shown as a conflict, not an error."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    form = complete_form(board_round, update.version)
    assert lead.post_form(f"/updates/{update.id}/edit", form).status_code == 302
    again = lead.post_form(f"/updates/{update.id}/edit", form)
    assert again.status_code == 200
    assert any("Someone else saved this update while you were editing it" in m for m in messages(again))
    numbers = db.session.scalars(sa.select(UpdateRevision.number).where(UpdateRevision.update_id == update.id)).all()
    assert numbers == [1]


def test_the_service_refuses_an_organisation_or_figure_twice(app):
    """Callers other than the form (CLI, seed): open_round refuses a repeated organisation or figure key."""
    meeting = make_meeting(42)
    common = dict(
        deadline=today_london() + timedelta(days=20),
        period_from=today_london(),
        period_to=today_london() + timedelta(days=20),
        actor=user("secretariat@example.org"),
        notify=False,
    )
    with pytest.raises(services.SubmissionError, match="Each organisation can be asked once"):
        services.open_round(meeting, organisations=[org("Leeds"), org("Leeds")], figures=[("a", "A")], **common)
    with pytest.raises(services.SubmissionError, match="‘B’ is asked for twice"):
        services.open_round(meeting, organisations=[org("Leeds")], figures=[("a", "B"), ("a", "B")], **common)
    assert _rounds(meeting.id) == 0


def test_chasing_twice_in_a_day_sends_one_reminder(board_round, secretariat):
    """Secretariat: a second 'Chase' on the same day is refused with a message; one reminder is queued."""
    update = update_of(board_round, "Leeds")
    first = secretariat.post_form(f"/updates/{update.id}/chase", follow_redirects=True)
    assert any("Leeds chased." in m for m in messages(first))
    again = secretariat.post_form(f"/updates/{update.id}/chase", follow_redirects=True)
    assert again.status_code == 200
    assert any("Leeds has already been chased today" in m for m in messages(again))
    keys = db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "update_chase")).all()
    assert len(keys) == 1
