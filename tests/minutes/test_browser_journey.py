"""In a real browser: minutes from writing to approval, with a member's comment on the way.

write → preview with an error → fix → confirm the outcomes → circulate (through the
confirmation page) → a member comments on a paragraph → the secretariat takes it in and
marks it accepted → approval at a later meeting that has been held.
"""

import re
from datetime import time, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SUCCESS = ".govuk-notification-banner--success"
PARAGRAPH = "Members agreed to hold the next meeting at Wellington House."


def _setup(app) -> tuple[int, str]:
    """The latest Board draft minutes, and a later Board meeting held this morning (to approve them at)."""
    with app.app_context():
        minutes = db.session.scalars(
            sa.select(Minutes)
            .join(Minutes.meeting)
            .join(Body, Meeting.body_id == Body.id)
            .where(Body.slug == "board", Minutes.status == MinutesStatus.DRAFT.value)
            .order_by(Meeting.starts_at.desc())
        ).first()
        today = today_london()
        db.session.add(
            Meeting(
                body=minutes.meeting.body,
                title="Extraordinary Board meeting",
                starts_at=london_to_utc(today, time(0, 0)),
                ends_at=london_to_utc(today, time(0, 30)),
            )
        )
        db.session.commit()
        return minutes.id, f"{today:%-d %B %Y}"


def test_minutes_from_writing_through_comments_to_approval(page, sign_in, axe_check, browser, live_server):
    """journey: the secretariat writes, previews (an error, then fixed), confirms and circulates the minutes;
    a member comments on a paragraph; the secretariat takes it in, marks it accepted, and records the approval."""
    minutes_id, held_day = _setup(live_server.app)
    due = today_london() + timedelta(days=60)
    sign_in("secretariat@example.org")
    page.goto(f"/minutes/{minutes_id}/edit")
    source = page.get_by_label("Minutes (markdown)")
    original = source.input_value()
    source.fill(f"{original}\n\n{PARAGRAPH}\n\nACTION: Book the room — @Leeds lead by 31/02/2027\n")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("31/02/2027 is not a real date")
    axe_check("preview with an error")
    source = page.get_by_label("Minutes (markdown)")
    source.fill(f"{original}\n\n{PARAGRAPH}\n\nACTION: Book the room — @Leeds lead by {due:%d/%m/%Y}\n")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("Owner: Rachel Whitaker (Leeds)")
    expect(page.locator("main")).not_to_contain_text("is not a real date")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Confirm and record").click()
    expect(page.locator(SUCCESS)).to_contain_text("Recorded CDP-")

    page.get_by_role("link", name="Circulate to members for comment").click()
    expect(page.get_by_role("heading", name="Circulate the draft minutes for comment?")).to_be_visible()
    recipients = page.locator("table.app-recipients")
    expect(recipients.locator("caption")).to_contain_text("people will be e-mailed")
    expect(recipients).to_contain_text("Rachel Whitaker")
    axe_check("circulation confirmation")
    page.get_by_role("button", name="Circulate to members for comment").click()
    expect(page.locator(SUCCESS)).to_contain_text("Circulated for comment")

    member = browser.new_context(base_url=live_server.url)
    try:
        other = member.new_page()
        other.goto("/sign-in")
        other.get_by_label("Email address").fill("member@example.org")
        other.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        other.get_by_role("button", name="Sign in").click()
        other.goto(f"/minutes/{minutes_id}")
        link = other.locator("p.app-comment-link a", has_text="Members agreed to hold")
        expect(link).to_contain_text("Comment on this paragraph")
        link.click()
        expect(other.locator("main")).to_contain_text(PARAGRAPH)
        other.get_by_label("Your comment").fill("It was agreed for the spring meeting only.")
        other.get_by_role("button", name="Send comment").click()
        expect(other.locator(SUCCESS)).to_contain_text("your comment is with the secretariat")
        expect(other.locator("#comments-heading")).to_be_visible()
    finally:
        member.close()

    page.goto(f"/minutes/{minutes_id}/edit")
    comments = page.locator("section.app-minutes-comments")
    expect(comments).to_contain_text(PARAGRAPH)
    expect(comments).to_contain_text("It was agreed for the spring meeting only.")
    axe_check("editing beside comments")
    source = page.get_by_label("Minutes (markdown)")
    source.fill(source.input_value().replace(PARAGRAPH, PARAGRAPH[:-1] + " for the spring meeting."))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(SUCCESS)).to_contain_text("Saved as revision")
    revision = re.search(r"revision (\d+)", page.locator(SUCCESS).inner_text()).group(1)
    page.goto(f"/minutes/{minutes_id}/edit")
    page.get_by_role("link", name=re.compile("Mark accepted or answered")).click()
    axe_check("marking a comment")
    page.get_by_label("Accepted: the minutes were changed").check()
    expect(page.get_by_label("Revision that took it in (when accepted)")).to_have_value(revision)
    page.get_by_role("button", name=re.compile("Save and e-mail")).click()
    expect(page.locator(SUCCESS)).to_contain_text(f"Comment marked accepted (revision {revision})")

    page.goto(f"/minutes/{minutes_id}")
    page.get_by_role("link", name="Record approval").click()
    page.get_by_label("Approved at").select_option(label=f"Extraordinary Board meeting, {held_day}")
    page.get_by_role("button", name="Approve as a true record").click()
    expect(page.locator(SUCCESS)).to_contain_text("Approved as a true record (CDP-D-")
    expect(page.locator("section.app-minutes-comments")).to_contain_text("Accepted")
    axe_check("approved minutes with their comments")
