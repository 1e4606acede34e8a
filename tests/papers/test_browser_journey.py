"""In a real browser: a district lead drafts a cover paper, is refused for "(insert link)",
fixes it and sends it; the secretariat clears it and publishes the agenda; a member reads it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from board.agendas import services as agenda_services
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User

pytestmark = pytest.mark.browser


def _meeting_with_item(app) -> tuple[int, int, str]:
    """A Board meeting of our own in 2031 with its standing items and one item for a paper."""
    with app.app_context():
        body = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
        staff = db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))
        day = datetime(2031, 2, 11, 10, 0, tzinfo=UTC)
        meeting = Meeting(
            body=body, title="Strategic Board, February 2031", starts_at=day, ends_at=day + timedelta(hours=2)
        )
        db.session.add(meeting)
        db.session.flush()
        agenda_services.start_agenda(meeting, by=staff)
        item = agenda_services.add_item(
            meeting,
            {"title": "Drug checking in Leeds", "purpose": "discussion", "duration_minutes": 15, "kind": "other"},
            by=staff,
        )
        db.session.commit()
        lead = db.session.scalar(sa.select(User).where(User.email == "lead.leeds@example.org"))
        return meeting.id, item.id, f"{lead.name} ({lead.email})"


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_lead_drafts_is_refused_fixes_and_the_paper_is_cleared_published_and_read(
    page, sign_in, axe_check, live_server
):
    meeting_id, item_id, lead_label = _meeting_with_item(live_server.app)

    sign_in("secretariat@example.org")
    page.goto(f"/agenda-items/{item_id}/papers")
    page.get_by_role("link", name=re.compile("Start a cover paper")).click()
    page.get_by_label("Author").select_option(label=lead_label)
    axe_check("start a paper")
    page.get_by_role("button", name="Start the paper").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("may now write it")
    _sign_out(page)

    sign_in("lead.leeds@example.org")
    page.get_by_role("link", name="Drug checking in Leeds").click()
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Title", exact=True).fill("Drug checking in Leeds")
    page.get_by_label("Report produced by").fill("Safer Leeds")
    page.get_by_label("Purpose of the report").fill(
        "This paper tells the Board how drug checking went at Leeds festivals."
    )
    page.get_by_label("Recommendations").fill("That the Board notes the results of drug checking in Leeds.")
    page.get_by_label("Keeping People Safe").check()
    page.get_by_label("Reducing Vulnerability").check()
    page.get_by_label("Key information").fill("The service tested 140 samples (insert link).")
    page.get_by_label("Equality, diversity and inclusion").fill("Young people were the most frequent users.")
    page.get_by_label("Contact’s name").fill("Priya Shah")
    page.get_by_label("Contact’s e-mail address").fill("priya.shah@example.org")
    axe_check("writing the paper")
    page.get_by_role("button", name="Save and send for review").click()
    refusal = page.locator(".govuk-error-summary")
    expect(refusal).to_contain_text("The paper cannot go for review yet")
    expect(refusal).to_contain_text("Key information, line 1: remove the placeholder “insert link”")
    expect(page.locator(".app-cover-paper")).to_contain_text("1.")
    axe_check("refused")

    page.get_by_role("link", name="Edit the draft").click()
    expect(page.get_by_label("Key information")).to_have_value("The service tested 140 samples (insert link).")
    page.get_by_label("Key information").fill("The service tested 140 samples between May and August.")
    page.get_by_role("button", name="Save and send for review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved and sent for review")
    expect(page.locator(".govuk-tag").first).to_have_text("Ready for review")
    _sign_out(page)

    sign_in("secretariat@example.org")
    page.goto("/cover-papers")
    page.get_by_role("link", name="Drug checking in Leeds").click()
    page.get_by_role("link", name="Review").click()
    page.get_by_label("Comment to the author (optional)").fill("Cleared, thank you.")
    axe_check("review")
    page.get_by_role("button", name="Clear the paper").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Cleared as version 1")
    page.goto(f"/meetings/{meeting_id}/agenda/build")
    page.get_by_role("link", name="Publish and e-mail members").click()
    # Publishing also makes the pack PDF (a few seconds on a busy machine).
    page.get_by_role("button", name="Publish and e-mail members").click(timeout=60_000)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Agenda published")
    _sign_out(page)

    sign_in("member@example.org")
    page.goto(f"/meetings/{meeting_id}/agenda/pack")
    cover = page.locator(".app-pack-cover-paper")
    expect(cover).to_contain_text("Cover paper: Drug checking in Leeds")
    expect(cover).to_contain_text("Purpose of the report produced by Safer Leeds")
    expect(cover.locator(".app-cover-para__number").nth(1)).to_have_text("2.")
    expect(cover).to_contain_text("That the Board notes the results of drug checking in Leeds.")
    expect(cover).to_contain_text("Priya Shah – priya.shah@example.org")
    axe_check("pack with the cover paper")
