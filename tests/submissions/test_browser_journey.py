"""In a real browser: a district lead finishes a draft update and submits it; the secretariat tracks and charts."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIGURES = ("Naloxone kits issued", "Referrals into treatment from Test on Arrest", "Suspected drug-related deaths")


def test_lead_types_attaches_saves_and_loses_nothing_then_submits_complete(page, sign_in, axe_check):
    """From the home to-do list: type and attach in one Save as draft; a refused file keeps the
    text; an incomplete Submit lists each gap with a link to it; a complete Submit goes through."""
    sign_in("lead.leeds@example.org")
    expect(page.get_by_role("heading", name="Updates you owe")).to_be_visible()
    axe_check("lead home")
    page.get_by_role("link", name=re.compile(r"Leeds update for the Strategic Board")).first.click()
    expect(page.get_by_role("heading", name="Leeds Combating Drugs Partnership update")).to_be_visible()
    files = page.get_by_label("Add supporting files (optional)")

    # Type, attach, save: both are kept.
    page.get_by_label("Risks and issues", exact=True).fill("Outreach posts vacant.")
    files.set_input_files([{"name": "pilot.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved")
    expect(page.get_by_label("Risks and issues", exact=True)).to_have_value("Outreach posts vacant.")
    row = page.locator("#remove_files tr", has_text="pilot.pdf")
    expect(row).to_contain_text("PDF")
    expect(row).to_contain_text("Rachel Whitaker")
    axe_check("update form with a file")

    # A refused file: the error is in the summary and what was typed stays.
    page.get_by_label("Asks of the Board", exact=True).fill("A single data-sharing agreement.")
    files.set_input_files([{"name": "fake.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}])
    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("fake.pdf: The selected file is called .pdf but its contents are not a PDF")
    expect(page.get_by_label("Asks of the Board", exact=True)).to_have_value("A single data-sharing agreement.")
    expect(page.get_by_label("Risks and issues", exact=True)).to_have_value("Outreach posts vacant.")

    # Submit with gaps: each is a link to its field; the text is kept as the draft.
    page.get_by_role("button", name="Submit update").click()
    expect(summary).to_contain_text("Not submitted:")
    expect(
        summary.get_by_role("link", name="Write about good practice to share, or tick ‘Nothing to report’")
    ).to_be_visible()
    for name in FIGURES:
        expect(summary.get_by_role("link", name=re.compile(f"Enter {name[:1].lower()}{name[1:]}"))).to_be_visible()
    axe_check("update form with gaps")
    summary.get_by_role("link", name=re.compile("good practice to share")).click()
    expect(page.get_by_label("Good practice to share", exact=True)).to_be_focused()
    expect(page.get_by_label("Asks of the Board", exact=True)).to_have_value("A single data-sharing agreement.")

    # Complete it: nothing to report on good practice, every figure given.
    page.get_by_label("Nothing to report on good practice to share").check()
    for name in (*FIGURES, "Nitazene alerts"):
        page.get_by_role("group", name=name).get_by_label("Number", exact=True).fill("3")
    page.get_by_role("button", name="Submit update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Update submitted")
    main = page.locator("main")
    expect(main).to_contain_text("Outreach posts vacant.")
    expect(main).to_contain_text("A single data-sharing agreement.")
    expect(main).to_contain_text("Nothing to report.")
    expect(main).to_contain_text("pilot.pdf")
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
