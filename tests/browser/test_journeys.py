"""In a real browser: the five journeys of the secretariat, partner leads, members and the chair.

Each journey starts at sign-in on a fresh copy of the demo database, and every page it
visits is checked with axe-core (no serious or critical violations).
"""

import re
from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from board.actions.models import Action
from board.common.models import utcnow
from board.common.timeutil import london_to_utc, to_london, today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes import workflow
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body, User
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SUCCESS = ".govuk-notification-banner--success"


def _meeting_id(page) -> int:
    return int(re.search(r"/meetings/(\d+)", page.url).group(1))


def test_secretariat_plans_the_next_board_meeting(page, sign_in, axe_check):
    """journey_1: the secretariat plans the Board's next meeting, builds its agenda from the template,
    opens the update round, publishes the agenda and downloads the invitation."""
    sign_in("secretariat@example.org")
    axe_check("home")
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    axe_check("meetings")
    page.get_by_role("link", name=re.compile("All meetings of the West Yorkshire")).click()
    axe_check("Board meetings")
    page.get_by_role("link", name="Plan the next year").click()
    axe_check("plan")
    day = page.get_by_label("Date 1", exact=True).input_value()  # proposed at the Board's cadence
    page.get_by_label("Date 2", exact=True).fill("")
    page.get_by_label("Title for each meeting").fill("Strategic Board: next meeting")
    page.get_by_label("Venue (optional if online)").fill("Wellington House, Leeds")
    page.get_by_role("button", name="Check dates").click()
    axe_check("plan checked")
    page.get_by_role("button", name="Schedule these meetings and send invitations").click()
    expect(page.locator(SUCCESS)).to_contain_text(re.compile(r"\b1 meetings? scheduled"))
    axe_check("Board meetings after planning")
    page.get_by_role("link", name="Strategic Board: next meeting").click()
    meeting_id = _meeting_id(page)
    expect(page.get_by_role("heading", name="Strategic Board: next meeting")).to_be_visible()
    expect(page.locator("main")).to_contain_text(datetime.strptime(day, "%d/%m/%Y").strftime("%-d %B %Y"))
    axe_check("new meeting")

    page.get_by_role("link", name="Build the agenda and add papers").click()
    axe_check("empty agenda builder")
    page.get_by_role("button", name=re.compile("Start from the standing items")).click()
    expect(page.locator(SUCCESS)).to_contain_text("items")
    expect(page.locator("table.app-agenda-table")).to_contain_text("Leeds district update")
    axe_check("agenda builder")

    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="Ask for updates").click()
    axe_check("ask for updates")
    page.get_by_role("button", name="Open the round and e-mail contacts").click()
    expect(page.locator(SUCCESS)).to_be_visible()
    axe_check("update round opened")

    page.goto(f"/meetings/{meeting_id}/agenda/build")
    page.get_by_role("link", name="Publish and e-mail members").click()
    expect(page.get_by_role("heading", name="Publish the agenda and e-mail members?")).to_be_visible()
    # Publishing also makes the pack PDF (a few seconds on a busy machine).
    page.get_by_role("button", name="Publish and e-mail members").click(timeout=60_000)
    expect(page.locator(SUCCESS)).to_contain_text("Agenda published")
    axe_check("agenda published")

    page.goto(f"/meetings/{meeting_id}")
    axe_check("meeting page")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Add to your calendar")).click()
    ics = download.value.path().read_text()
    assert "BEGIN:VCALENDAR" in ics
    # The UID's domain is the one stored when the database was made: it never moves with the address.
    assert re.search(rf"^UID:meeting-{meeting_id}@[a-z0-9.-]+\r?$", ics, re.M), ics
    assert "Strategic Board: next meeting" in ics


FIGURES = (
    "Naloxone kits issued",
    "Referrals into treatment from Test on Arrest",
    "Suspected drug-related deaths",
    "Nitazene alerts",
)
SECTIONS = {
    "Progress since the last meeting": "Hostel outreach reached 40 people.",
    "Risks and issues": "Outreach posts vacant.",
    "Asks of the Board": "Support for a second drug checking clinic.",
    "Good practice to share": "Peer naloxone trainers in Armley.",
}


def test_leeds_lead_corrects_saves_and_submits_an_update(page, sign_in, axe_check):
    """journey_2: the Leeds lead mistypes a figure, sees the error summary with their typing kept,
    fixes it, saves a draft, comes back to it later and submits."""
    sign_in("lead.leeds@example.org")
    axe_check("lead's home")
    page.get_by_role("link", name=re.compile(r"Leeds update for the Strategic Board")).first.click()
    expect(page.get_by_role("heading", name="Leeds Combating Drugs Partnership update")).to_be_visible()
    axe_check("update form")
    for label, text in SECTIONS.items():
        page.get_by_label(label, exact=True).fill(text)
    naloxone = page.get_by_role("group", name="Naloxone kits issued").get_by_label("Number", exact=True)
    naloxone.fill("-12")
    for name in FIGURES[1:]:
        page.get_by_role("group", name=name).get_by_label("Number", exact=True).fill("3")
    page.get_by_label("Safer Places and Thriving Communities").check()
    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("Your draft was not saved")
    expect(summary).to_contain_text("Naloxone kits issued must be 0 or more")
    expect(naloxone).to_have_value("-12")
    expect(page.get_by_label("Risks and issues", exact=True)).to_have_value("Outreach posts vacant.")
    expect(page.get_by_label("Safer Places and Thriving Communities")).to_be_checked()
    axe_check("update form with errors")
    summary.get_by_role("link", name=re.compile("Naloxone kits issued")).click()
    expect(naloxone).to_be_focused()
    naloxone.fill("12")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(SUCCESS)).to_contain_text("saved")
    axe_check("draft saved")

    page.get_by_role("link", name="Home").first.click()
    page.get_by_role("link", name=re.compile(r"Leeds update for the Strategic Board")).first.click()
    expect(naloxone).to_have_value("12")
    expect(page.get_by_label("Progress since the last meeting", exact=True)).to_have_value(
        SECTIONS["Progress since the last meeting"]
    )
    page.get_by_role("button", name="Submit update").click()
    expect(page.locator(SUCCESS)).to_contain_text("Update submitted")
    expect(page.locator("main")).to_contain_text("Peer naloxone trainers in Armley.")
    axe_check("submitted update")


def _tab_to(page, target, limit: int = 120) -> None:
    """Press Tab until the target has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never received the focus after {limit} presses of Tab")


def test_leeds_lead_updates_by_keyboard_only(page, axe_check):
    """journey_2 again, keyboard only: Tab, Shift+Tab, typing, Enter and Space; no clicks, no fills."""
    keys = page.keyboard
    page.goto("/sign-in")
    axe_check("sign in")
    _tab_to(page, page.get_by_label("Email address"))
    keys.type("lead.leeds@example.org")
    keys.press("Tab")
    keys.type(DEMO_PASSWORD)
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Rachel Whitaker")).to_be_visible()
    axe_check("lead's home")
    update_link = page.get_by_role("link", name=re.compile(r"Leeds update for the Strategic Board")).first
    _tab_to(page, update_link)
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Leeds Combating Drugs Partnership update")).to_be_visible()
    axe_check("update form")

    for label, text in list(SECTIONS.items())[1:]:  # progress already has the draft's text
        _tab_to(page, page.get_by_label(label, exact=True))
        keys.type(text)
    naloxone = page.get_by_role("group", name="Naloxone kits issued").get_by_label("Number", exact=True)
    _tab_to(page, naloxone)
    keys.type("twelve")
    for name in FIGURES[1:]:
        _tab_to(page, page.get_by_role("group", name=name).get_by_label("Number", exact=True))
        keys.type("3")
    _tab_to(page, page.get_by_label("Safer Places and Thriving Communities"))
    keys.press("Space")
    save = page.get_by_role("button", name="Save as draft")
    keys.press("Shift+Tab")  # and forward again: moving both ways works
    _tab_to(page, save)
    keys.press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Naloxone kits issued must be a whole number")
    expect(naloxone).to_have_value("twelve")
    expect(page.get_by_label("Safer Places and Thriving Communities")).to_be_checked()
    axe_check("update form with errors")
    _tab_to(page, summary.get_by_role("link", name=re.compile("Naloxone kits issued")))
    keys.press("Enter")
    expect(naloxone).to_be_focused()
    keys.press("Tab")
    keys.press("Shift+Tab")  # tabbing into a text input selects its text: typing replaces it
    keys.type("12")
    _tab_to(page, save)
    keys.press("Space")
    expect(page.locator(SUCCESS)).to_contain_text("saved")
    axe_check("draft saved")

    _tab_to(page, page.locator("a.app-service-name"))
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Rachel Whitaker")).to_be_visible()
    _tab_to(page, update_link)
    keys.press("Enter")
    expect(naloxone).to_have_value("12")
    _tab_to(page, page.get_by_role("button", name="Submit update"))
    keys.press("Enter")
    expect(page.locator(SUCCESS)).to_contain_text("Update submitted")
    expect(page.locator("main")).to_contain_text("Outreach posts vacant.")
    axe_check("submitted update")


def _journey_3_data(app) -> tuple[str, str, str]:
    """The next Board meeting's date as the home page writes it, and the references of two of
    the member's demo actions (references carry the year they were raised: read, not assumed)."""
    with app.app_context():
        board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
        starts = db.session.scalar(
            sa.select(Meeting.starts_at)
            .where(Meeting.body_id == board.id, Meeting.starts_at > utcnow(), Meeting.status == "scheduled")
            .order_by(Meeting.starts_at)
        )

        def ref(description: str) -> str:
            return db.session.scalar(sa.select(Action.reference).where(Action.description == description))

        return (
            f"{to_london(starts):%-d %b %Y}",
            ref("Brief the Board on the Drug Intervention Programme custody suite coverage"),
            ref("Roll out naloxone training to response officers in Kirklees and Calderdale"),
        )


def test_member_sends_a_deputy_and_updates_their_actions(page, sign_in, axe_check, live_server):
    """journey_3: a member answers an invitation with apologies and a named deputy, adds a progress
    note to one of their actions and marks another done."""
    next_board, board_action, sog_action = _journey_3_data(live_server.app)
    sign_in("member@example.org")
    axe_check("member's home")
    page.get_by_role("link", name=re.compile(rf"your answer for Strategic Board on {next_board}")).click()
    expect(page.get_by_role("group", name="Will you attend?")).to_be_visible()
    axe_check("attendance answer")
    page.get_by_label("No, I am sending a named deputy").check()
    page.get_by_label(re.compile("Your deputy's email address")).fill("deputy.wyp@example.org")
    page.get_by_label("Comment (optional)").fill("At a custody suite inspection")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(SUCCESS)).to_be_visible()
    axe_check("answer sent")
    page.goto("/")
    row = page.locator(
        "tr", has=page.get_by_role("link", name=re.compile(rf"your answer for Strategic Board on {next_board}"))
    )
    expect(row).to_contain_text("Sending a deputy (Detective Inspector Lucy Farrar)")

    page.get_by_role("link", name=board_action).click()
    expect(page.get_by_role("heading", name=f"Action {board_action}")).to_be_visible()
    axe_check("action")
    page.get_by_label("Progress note").fill("Coverage figures gathered for all five custody suites.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(SUCCESS)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Coverage figures gathered for all five custody suites.")
    expect(page.locator("main")).to_contain_text("In progress")
    axe_check("action with note")

    page.goto("/")
    page.get_by_role("link", name=sog_action).click()
    expect(page.get_by_role("heading", name=f"Action {sog_action}")).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(SUCCESS)).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Status")).to_contain_text("Done")
    axe_check("action done")


NEW_ACTION = "Share the Leeds hostel naloxone figures with the Sub-group"
NEW_DECISION = "The Board supports a second drug checking clinic in Leeds."


def test_secretariat_minutes_outcomes_reach_the_owner(page, sign_in, axe_check, browser, live_server):
    """journey_4: the secretariat writes minutes with an ACTION and a DECISION line, confirms them and
    circulates the minutes; the new action then appears in its owner's "My actions"."""
    due = today_london() + timedelta(days=60)  # a due date in the future, whenever this runs
    sign_in("secretariat@example.org")
    page.get_by_role("link", name=re.compile(r"Open\s+the previous minutes")).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Minutes: "))).to_be_visible()
    axe_check("draft minutes")
    page.get_by_role("link", name="Edit the minutes").click()
    axe_check("minutes editor")
    source = page.get_by_label("Minutes (markdown)")
    source.fill(
        source.input_value() + f"\n\nACTION: {NEW_ACTION} — @lead.leeds@example.org by {due:%Y-%m-%d}\n\n"
        f"DECISION: {NEW_DECISION}\n"
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text(NEW_DECISION)
    axe_check("minutes preview")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Actions and decisions in the minutes")).to_be_visible()
    created = page.locator("table").first
    expect(created).to_contain_text(NEW_ACTION)
    expect(created).to_contain_text("Rachel Whitaker")
    expect(created).to_contain_text(NEW_DECISION)
    axe_check("outcomes to confirm")
    page.get_by_role("button", name="Confirm and record").click()
    expect(page.locator(SUCCESS)).to_contain_text("Recorded CDP-")
    action_ref = re.search(r"CDP-\d\d-\d+", page.locator(SUCCESS).inner_text()).group(0)
    axe_check("minutes with outcomes recorded")
    page.get_by_role("link", name="Circulate to members for comment").click()
    expect(page.locator("caption")).to_contain_text("will be e-mailed")
    page.get_by_role("button", name="Circulate to members for comment").click()
    expect(page.locator(SUCCESS)).to_contain_text("Circulated for comment")
    axe_check("minutes circulated")
    page.get_by_role("link", name=f"Action {action_ref}", exact=True).click()
    expect(page.get_by_role("heading", name=f"Action {action_ref}")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NEW_ACTION)
    axe_check("new action")

    owner = browser.new_context(base_url=live_server.url)
    try:
        lead = owner.new_page()
        lead.goto("/sign-in")
        lead.get_by_label("Email address").fill("lead.leeds@example.org")
        lead.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        lead.get_by_role("button", name="Sign in").click()
        my_actions = lead.locator("section, div", has=lead.get_by_role("heading", name="My actions")).last
        expect(lead.get_by_role("heading", name="My actions")).to_be_visible()
        expect(my_actions).to_contain_text(f"{action_ref}: {NEW_ACTION}")
    finally:
        owner.close()


def _circulate_latest_board_minutes(app) -> tuple[str, str]:
    """Setup for journey 5: the secretariat has circulated the draft minutes of the last Board,
    and the Board met again this morning (minutes are approved at a later meeting that has
    started). Returns both meetings' dates as the pages write them."""
    with app.app_context():
        minutes = db.session.scalars(
            sa.select(Minutes)
            .join(Minutes.meeting)
            .join(Body, Meeting.body_id == Body.id)
            .where(Body.slug == "board", Minutes.status == MinutesStatus.DRAFT.value)
            .order_by(Meeting.starts_at.desc())
        ).first()
        secretariat = db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))
        workflow.circulate(minutes, actor=secretariat)
        today = today_london()
        held = Meeting(
            body=minutes.meeting.body,
            title="Extraordinary Board meeting",
            starts_at=london_to_utc(today, time(0, 0)),
            ends_at=london_to_utc(today, time(0, 30)),
        )
        db.session.add(held)
        written = f"{to_london(minutes.meeting.starts_at):%-d %B %Y}"
        db.session.commit()
        return written, f"{today:%-d %B %Y}"


def test_chair_approves_the_previous_minutes(page, sign_in, axe_check, live_server):
    """journey_5: the chair approves the previous Board minutes as a true record at a later meeting held today."""
    minutes_day, held_day = _circulate_latest_board_minutes(live_server.app)
    sign_in("chair@example.org")
    axe_check("chair's home")
    waiting = page.locator(".app-minutes-to-approve")
    expect(waiting).to_contain_text(minutes_day)
    waiting.get_by_role("link", name=re.compile(minutes_day)).click()
    expect(page.get_by_role("heading", name=re.compile("^Minutes: "))).to_be_visible()
    axe_check("circulated minutes")
    page.get_by_role("link", name=re.compile("approv", re.IGNORECASE)).first.click()
    axe_check("approval form")
    approved_at = page.get_by_label("Approved at")
    expect(approved_at.locator("option")).to_have_count(1)  # only a later meeting that has started
    approved_at.select_option(label=f"Extraordinary Board meeting, {held_day}")
    page.get_by_role("button", name="Approve as a true record").click()
    expect(page.locator(SUCCESS)).to_contain_text("Approved as a true record (CDP-D-")
    expect(page.locator("main")).to_contain_text("Approved as a true record at")
    axe_check("approved minutes")
    page.goto("/")
    expect(page.locator("main")).to_contain_text("No minutes are waiting for approval.")
