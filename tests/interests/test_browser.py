"""In a real browser: a member keeps their register entry, and the body's register shows it."""

from playwright.sync_api import expect


def test_member_adds_an_interest_and_the_register_shows_it(page, sign_in, axe_check):
    """A member fails the form once (future-dated), fixes it, and finds the interest on the Board's register."""
    sign_in("lead.calderdale@example.org")
    page.goto("/interests/mine")
    axe_check("my register")
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Appointments and directorships").check()
    page.get_by_label("Describe the interest").fill("Director, Calder Valley Recovery CIC")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2200")
    page.get_by_role("button", name="Add to my register").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("today or in the past")
    expect(page.get_by_label("Describe the interest")).to_have_value("Director, Calder Valley Recovery CIC")
    axe_check("add interest with errors")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Add to my register").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Interest added")
    page.goto("/bodies/board")
    page.get_by_role("link", name="Register of interests").click()
    expect(page.locator("table")).to_contain_text("Director, Calder Valley Recovery CIC")
    axe_check("body register")
