"""In a real browser: the secretariat publishes the sub-group's approved minutes and a paper;
a reader who is not signed in finds them; the paper is withdrawn and is gone."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from board.agendas.models import AgendaItem, Paper
from board.common.filters import long_date
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body

pytestmark = pytest.mark.browser


def _sog_meeting_with_approved_minutes_and_a_paper(app):
    """The sub-group's latest meeting whose minutes are approved and whose public agenda has a paper."""
    with app.app_context():
        sog = db.session.scalar(sa.select(Body).where(Body.slug == "synthetic-opioids"))
        row = db.session.execute(
            sa.select(Meeting, Paper)
            .join(Minutes, Minutes.meeting_id == Meeting.id)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .join(Paper, Paper.item_id == AgendaItem.id)
            .where(Meeting.body_id == sog.id, Minutes.status == MinutesStatus.APPROVED.value)
            .where(AgendaItem.is_confidential.is_(False))
            .order_by(Meeting.starts_at.desc(), Paper.id)
            .limit(1)
        ).first()
        meeting, paper = row
        return (
            meeting.id,
            long_date(meeting.starts_at),
            to_london(meeting.starts_at).year,
            paper.title,
            paper.item.title,
        )


def test_publish_read_and_withdraw(page, sign_in, axe_check, live_server, browser):
    meeting_id, day, year, paper_title, item_title = _sog_meeting_with_approved_minutes_and_a_paper(live_server.app)
    sign_in("secretariat@example.org")
    page.goto("/publishing")
    axe_check("public record overview")
    section = page.locator("#body-synthetic-opioids")
    section.get_by_label("On: its public pages can be read by anyone").check()
    section.get_by_role("button", name=re.compile("Save .* settings")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("public record is on")

    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="Choose what of this meeting is public").click()
    axe_check("choose what is public")
    page.get_by_role("checkbox", name=re.compile(re.escape(item_title))).first.check()
    page.get_by_role("checkbox", name=paper_title, exact=True).check()
    page.get_by_role("checkbox", name="Minutes", exact=True).check()
    page.get_by_role("button", name="Save what is public").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("3 made public")

    # a reader with no account
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/public/")
    reader.get_by_role("link", name="Synthetic Opioids Sub-group").click()
    reader.get_by_role("link", name="Meetings", exact=True).click()
    reader.get_by_role("link", name=str(year), exact=True).click()
    reader.get_by_role("link", name=day).click()
    expect(reader.locator("main")).to_contain_text(item_title)
    link = reader.get_by_role("link", name=paper_title)
    paper_href = link.get_attribute("href")
    download = reader.request.get(paper_href)
    assert download.status == 200 and download.body().startswith(b"%PDF")
    reader.get_by_role("link", name="Approved minutes of this meeting").click()
    expect(reader.locator("h1")).to_contain_text("Minutes of the meeting on")
    page.goto(reader.url)  # public pages are the same for everyone: axe checks it on the fixture's page
    axe_check("public minutes")

    # the secretariat withdraws the paper: gone at once
    page.goto("/publishing")
    page.locator("#body-synthetic-opioids").get_by_role("button", name=f"Withdraw {paper_title}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Withdrawn from the public site: {paper_title}"
    )
    assert reader.request.get(paper_href).status == 404
    # a reader arriving now (the first reader's browser may keep the page five minutes)
    reader.context.close()
    newcomer = browser.new_context(base_url=live_server.url).new_page()
    newcomer.goto(f"/public/synthetic-opioids/meetings/{meeting_id}")
    expect(newcomer.locator("main")).to_contain_text(item_title)
    expect(newcomer.get_by_role("link", name=paper_title)).to_have_count(0)
    newcomer.context.close()
