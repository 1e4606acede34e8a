"""In a real browser: a district lead finishes a draft update and submits it; the secretariat tracks and charts."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_lead_completes_and_submits_the_draft_update(page, sign_in, axe_check):
    """From the home task list: a bad figure is explained and kept, then fixed and submitted."""
    sign_in("lead.leeds@example.org")
    expect(page.get_by_role("heading", name="Updates you owe")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Leeds update for")).first.click()
    expect(page.get_by_role("heading", name="Leeds Combating Drugs Partnership update")).to_be_visible()
    axe_check("update form")
    naloxone = page.get_by_role("group", name="Naloxone kits issued")
    naloxone.get_by_label("Number", exact=True).fill("twelve")
    for name in ("Referrals into treatment from Test on Arrest", "Suspected drug-related deaths", "Nitazene alerts"):
        page.get_by_role("group", name=name).get_by_label("Number", exact=True).fill("3")
    page.get_by_label("Risks and issues").fill("Outreach posts vacant.")
    page.get_by_role("button", name="Submit update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Naloxone kits issued must be a whole number")
    expect(page.get_by_label("Risks and issues")).to_have_value("Outreach posts vacant.")
    axe_check("update form with errors")
    summary.get_by_role("link", name=re.compile("Naloxone kits issued")).click()
    expect(naloxone.get_by_label("Number", exact=True)).to_be_focused()
    naloxone.get_by_label("Number", exact=True).fill("12")
    page.get_by_role("button", name="Submit update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Update submitted")
    expect(page.locator("main")).to_contain_text("Outreach posts vacant.")
    axe_check("submitted update")


def test_secretariat_tracker_and_figures(page, sign_in, axe_check):
    """The tracker and the figures page are usable and accessible."""
    sign_in("secretariat@example.org")
    page.goto("/updates")
    axe_check("updates index")
    page.locator("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile("Partner updates for"))).to_be_visible()
    axe_check("tracker")
    page.get_by_role("link", name=re.compile("Figures over time")).click()
    expect(page.get_by_role("heading", name="Naloxone kits issued")).to_be_visible()
    axe_check("figures")
