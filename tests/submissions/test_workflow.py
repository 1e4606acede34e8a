"""The whole partner-update workflow through HTTP, as the secretariat and a district lead do it."""

from datetime import timedelta

import sqlalchemy as sa

from board.audit.models import AuditEntry
from board.common.outbox import OutboxMessage
from board.common.timeutil import today_london
from board.extensions import db
from board.submissions.models import PartnerUpdate, UpdateRound
from tests.conftest import messages, text
from tests.submissions.conftest import complete_form, make_meeting, open_round, org, update_of


def _d(day) -> list[str]:
    """A date as the GOV.UK date input posts it."""
    return [str(day.day), str(day.month), str(day.year)]


def _fresh(update_id: int) -> PartnerUpdate:
    db.session.expire_all()
    return db.session.get(PartnerUpdate, update_id)


def test_secretariat_opens_a_round_with_defaults_and_contacts_are_emailed(secretariat):
    """The form proposes the districts and HMPPS and a deadline ten working days before; opening e-mails contacts."""
    meeting = make_meeting(60, title="Strategic Board (autumn)")
    db.session.commit()
    page = secretariat.get(f"/meetings/{meeting.id}/updates/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("checked") == 6 + 4  # five districts and HMPPS; the four default figures
    response = secretariat.post_form(
        f"/meetings/{meeting.id}/updates/new",
        {
            "organisation_ids": [str(org(s).id) for s in ("Bradford", "Leeds", "HMPPS")],
            "deadline": _d(today_london() + timedelta(days=40)),
            "period_from": _d(today_london() - timedelta(days=100)),
            "period_to": _d(today_london() + timedelta(days=40)),
            "figures": ["naloxone_kits", "drug_deaths"],
            "other_figures": "Drug checking samples tested",
        },
    )
    assert response.status_code == 302, text(response)
    round_ = db.session.scalar(sa.select(UpdateRound).where(UpdateRound.meeting_id == meeting.id))
    assert sorted(u.organisation.short_name for u in round_.updates) == ["Bradford", "HMPPS", "Leeds"]
    assert [f.label for f in round_.figures] == [
        "Naloxone kits issued",
        "Suspected drug-related deaths",
        "Drug checking samples tested",
    ]
    recipients = db.session.scalars(
        sa.select(OutboxMessage.recipients).where(OutboxMessage.kind == "update_request")
    ).all()
    assert sorted(recipients) == [
        "hmpps@example.org, probation@example.org",
        "lead.bradford@example.org",
        "lead.leeds@example.org",
    ]


def test_round_form_rejects_bad_dates_and_keeps_input(secretariat):
    """A period ending before it starts, and a deadline after the meeting, are explained on the form."""
    meeting = make_meeting(20)
    db.session.commit()
    later = today_london() + timedelta(days=30)
    response = secretariat.post_form(
        f"/meetings/{meeting.id}/updates/new",
        {
            "organisation_ids": [str(org("Leeds").id)],
            "deadline": [str(later.day), str(later.month), str(later.year)],
            "period_from": ["2", "2", "2026"],
            "period_to": ["1", "1", "2026"],
            "figures": ["naloxone_kits"],
        },
    )
    assert response.status_code == 200
    assert "The end of the reporting period must be on or after its start" in text(response)
    assert db.session.scalar(sa.select(UpdateRound.id).where(UpdateRound.meeting_id == meeting.id)) is None


def test_whole_workflow_draft_submit_return_resubmit_accept(board_round, client_as, secretariat):
    """Draft (partial), submit (validated), returned with a comment, resubmitted, accepted; then no more edits."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    url = f"/updates/{update.id}/edit"
    assert lead.get(url).status_code == 200

    # A draft accepts partial input.
    response = lead.post_form(
        url,
        {"version": "0", "action": "draft", "progress": "Half written", f"fig_{board_round.figures[0].id}-value": "12"},
    )
    assert response.status_code == 302
    saved = _fresh(update.id)
    assert saved.status == "draft" and saved.progress == "Half written" and saved.version == 1
    assert saved.figure_for(board_round.figures[0].id).value == 12
    assert "Half written" in lead.get(url).get_data(as_text=True)

    # Submitting an incomplete update names what is missing, submits nothing, and keeps
    # what was typed as the draft.
    response = lead.post_form(url, {"version": "1", "action": "submit", "progress": "Half written, more now"})
    assert response.status_code == 200
    page = text(response)
    assert "Enter referrals into treatment from Test on Arrest, or say it is not available and why" in page
    assert "Not submitted:" in page and "saved as a draft" in page
    assert "Half written, more now" in response.get_data(as_text=True)
    saved = _fresh(update.id)
    assert saved.status == "draft" and saved.version == 2 and saved.progress == "Half written, more now"

    # A complete submission is timestamped and not late.
    response = lead.post_form(url, complete_form(board_round, 2))
    assert response.status_code == 302
    saved = _fresh(update.id)
    assert saved.status == "submitted" and saved.submitted_at is not None and not saved.is_late
    assert len(saved.revisions) == 1

    # The secretariat returns it with a comment; the lead is told.
    assert secretariat.post_form(f"/updates/{update.id}/return", {"comment": ""}).status_code == 200
    response = secretariat.post_form(
        f"/updates/{update.id}/return", {"comment": "Please add the risks in more detail."}
    )
    assert response.status_code == 302
    assert _fresh(update.id).status == "returned"
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "update_returned"))
    assert mail.recipients == "lead.leeds@example.org" and b"risks in more detail" in mail.raw
    assert "Please add the risks in more detail." in text(lead.get(url))

    # Resubmitted, then accepted.
    response = lead.post_form(
        url, complete_form(board_round, _fresh(update.id).version, risks="Funding after March; two posts vacant.")
    )
    assert response.status_code == 302
    assert _fresh(update.id).status == "resubmitted"
    assert secretariat.post_form(f"/updates/{update.id}/accept").status_code == 302
    saved = _fresh(update.id)
    assert saved.status == "accepted" and len(saved.revisions) == 2

    # Accepted: the lead can no longer change it.
    response = lead.post_form(
        url, complete_form(board_round, saved.version, progress="Sneaky change"), follow_redirects=True
    )
    assert "This update has been accepted" in text(response)
    assert _fresh(update.id).progress != "Sneaky change"
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(
            AuditEntry.record_type == "partner_update", AuditEntry.record_id == update.id
        )
    ).all()
    assert {"save_update", "submit_update", "return_update", "accept_update"} <= set(actions)


def test_submission_after_the_deadline_is_marked_late(app, client_as):
    """A first submission after the deadline day is flagged late on the tracker."""
    round_ = open_round(make_meeting(3), deadline=today_london() - timedelta(days=1))
    update = update_of(round_, "Bradford")
    lead = client_as("lead.bradford@example.org")
    assert lead.post_form(f"/updates/{update.id}/edit", complete_form(round_, 0)).status_code == 302
    assert _fresh(update.id).is_late


def test_bad_figures_are_explained_per_figure_and_nothing_is_saved(board_round, client_as):
    """Negative, fractional and text figures: a message naming the figure, the typed text kept, nothing saved."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    naloxone, toa, deaths, nitazene = board_round.figures
    response = lead.post_form(
        f"/updates/{update.id}/edit",
        complete_form(
            board_round,
            0,
            **{
                f"fig_{naloxone.id}-value": "-3",
                f"fig_{toa.id}-value": "2.5",
                f"fig_{deaths.id}-value": "lots",
                f"fig_{nitazene.id}-is_not_available": "y",
            },
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Naloxone kits issued must be 0 or more" in page
    assert "Referrals into treatment from Test on Arrest must be a whole number, like 42" in page
    assert "Suspected drug-related deaths must be a whole number" in page
    assert "Either enter nitazene alerts or say it is not available, not both" in page
    assert 'value="lots"' in response.get_data(as_text=True)
    saved = _fresh(update.id)
    assert saved.status == "not_started" and saved.version == 0 and saved.figures == []

    # The same bad input in a draft save is refused too, with the typed text kept.
    response = lead.post_form(
        f"/updates/{update.id}/edit",
        {"version": "0", "action": "draft", "progress": "Keep me", f"fig_{deaths.id}-value": "lots"},
    )
    assert response.status_code == 200
    assert "Your draft was not saved" in text(response) and "Keep me" in response.get_data(as_text=True)
    assert _fresh(update.id).progress == ""


def test_not_available_needs_a_reason(board_round, client_as):
    """'Not available' without a reason is refused on submit; with one it is kept."""
    update = update_of(board_round, "HMPPS")
    lead = client_as("hmpps@example.org")
    toa = board_round.figures[1]
    data = complete_form(board_round, 0, **{f"fig_{toa.id}-value": "", f"fig_{toa.id}-is_not_available": "y"})
    response = lead.post_form(f"/updates/{update.id}/edit", data)
    assert "Say why referrals into treatment from Test on Arrest is not available" in text(response)
    assert _fresh(update.id).status == "draft"  # not submitted; what was typed is kept as the draft
    data["version"] = str(_fresh(update.id).version)
    data[f"fig_{toa.id}-reason"] = "Test on Arrest is in police custody."
    assert lead.post_form(f"/updates/{update.id}/edit", data).status_code == 302
    saved = _fresh(update.id).figure_for(toa.id)
    assert saved.is_not_available and saved.value is None and saved.reason == "Test on Arrest is in police custody."


def test_locked_round_refuses_changes(board_round, client_as, secretariat):
    """After the round is locked, a submission is refused with a message and nothing changes."""
    update = update_of(board_round, "Leeds")
    assert secretariat.post_form(f"/rounds/{board_round.id}/lock").status_code == 302
    lead = client_as("lead.leeds@example.org")
    response = lead.post_form(f"/updates/{update.id}/edit", complete_form(board_round, 0), follow_redirects=True)
    assert "This round is locked" in text(response)
    assert _fresh(update.id).status == "not_started"
    response = secretariat.post_form(f"/updates/{update.id}/chase", follow_redirects=True)
    assert any("locked" in message for message in messages(response)), messages(response)


def test_stale_version_is_refused_and_both_texts_shown(board_round, client_as):
    """Two HMPPS contacts edit one draft: the second save is told, sees both texts, and nothing is overwritten."""
    update = update_of(board_round, "HMPPS")
    first, second = client_as("hmpps@example.org"), client_as("probation@example.org")
    url = f"/updates/{update.id}/edit"
    assert (
        first.post_form(url, {"version": "0", "action": "draft", "progress": "Grace progress text"}).status_code == 302
    )
    response = second.post_form(url, {"version": "0", "action": "draft", "progress": "Joanne progress text"})
    assert response.status_code == 200
    page = text(response)
    assert "Someone else saved this update while you were editing it" in page
    assert "Grace progress text" in page and "Joanne progress text" in page
    assert "Saved by Grace Mensah" in page
    assert _fresh(update.id).progress == "Grace progress text"
    # The form now carries the current version: saving again is a knowing choice.
    assert 'name="version" type="hidden" value="1"' in response.get_data(
        as_text=True
    ) or 'value="1"' in response.get_data(as_text=True)
    assert (
        second.post_form(url, {"version": "1", "action": "draft", "progress": "Joanne progress text"}).status_code
        == 302
    )
    assert _fresh(update.id).progress == "Joanne progress text"


def test_tracker_shows_status_and_chase_is_once_a_day(board_round, secretariat):
    """The tracker lists each organisation's status; chasing e-mails the contacts once a day and is logged."""
    update = update_of(board_round, "Kirklees")
    page = text(secretariat.get(f"/rounds/{board_round.id}"))
    for short in ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield", "HMPPS"):
        assert short in page
    assert "6 not started" in page
    assert secretariat.post_form(f"/updates/{update.id}/chase").status_code == 302
    response = secretariat.post_form(f"/updates/{update.id}/chase", follow_redirects=True)
    assert "Kirklees has already been chased today" in text(response)
    chases = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "update_chase")).all()
    assert [m.recipients for m in chases] == ["lead.kirklees@example.org"]
    assert db.session.scalar(
        sa.select(AuditEntry.id).where(AuditEntry.action == "chase_update", AuditEntry.record_id == update.id)
    )


def test_default_deadline_skips_weekends_and_christmas_bank_holidays(app):
    """Ten working days before a meeting on Tuesday 12 January 2027 is Thursday 24 December 2026."""
    from datetime import date, time

    from board.common.timeutil import london_to_utc
    from board.meetings.models import Meeting
    from board.submissions import services

    meeting = Meeting(
        starts_at=london_to_utc(date(2027, 1, 12), time(10)), ends_at=london_to_utc(date(2027, 1, 12), time(12))
    )
    assert services.default_deadline(meeting) == date(2026, 12, 24)
