"""In a real browser: the secretariat signs in, invites a person and finds the change audited."""

import re

from playwright.sync_api import expect


def test_secretariat_invites_a_person(page, sign_in, axe_check):
    """Sign in, fail the invitation form once (error summary, typing kept), fix it, see it audited."""
    sign_in("secretariat@example.org")
    expect(page.get_by_role("heading", name="Welcome, Priya Natarajan")).to_be_visible()
    axe_check("home")
    page.get_by_role("link", name="Admin").click()
    axe_check("people")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Full name").fill("Alex Analyst")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(page.get_by_label("Full name")).to_have_value("Alex Analyst")
    axe_check("invite with errors")
    summary.get_by_role("link", name=re.compile("correct format")).click()
    expect(page.get_by_label("Email address")).to_be_focused()
    page.get_by_label("Email address").fill("alex.analyst@example.org")
    page.get_by_label("Organisation").select_option(label="Leeds Combating Drugs Partnership")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to alex.analyst@example.org"
    )
    page.get_by_role("link", name="History of changes").click()
    expect(page.locator("table")).to_contain_text("invited")
    axe_check("audit trail")


def test_sign_in_by_keyboard_only(page, axe_check):
    """Everything on the sign-in page can be done with the keyboard alone."""
    page.goto("/sign-in")
    axe_check("sign in")
    page.keyboard.press("Tab")  # skip link first
    expect(page.locator(".govuk-skip-link")).to_be_focused()
    page.get_by_label("Email address").focus()
    page.keyboard.type("member@example.org")
    page.keyboard.press("Tab")
    from tests.conftest import DEMO_PASSWORD

    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
