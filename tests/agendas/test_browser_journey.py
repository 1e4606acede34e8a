"""In a real browser: the secretariat builds, papers and publishes an agenda; a member reads it."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from board.extensions import db
from board.people.models import Body
from board.seed.agendas import tiny_pdf
from tests.agendas.conftest import make_meeting

pytestmark = pytest.mark.browser


def _new_board_meeting(app) -> int:
    """A Board meeting of our own in 2031 with no agenda yet, in the live server's database."""
    with app.app_context():
        body = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
        meeting = make_meeting(body, "Strategic Board, January 2031", datetime(2031, 1, 14, 10, 0, tzinfo=UTC))
        db.session.commit()
        return meeting.id


def test_build_publish_and_read_an_agenda(page, sign_in, axe_check, live_server, tmp_path):
    """Secretariat starts from the standing items, reorders, adds an item and a paper, publishes;
    a Board member then reads the agenda and the pack."""
    meeting_id = _new_board_meeting(live_server.app)
    sign_in("secretariat@example.org")
    page.goto(f"/meetings/{meeting_id}/agenda/build")
    axe_check("empty builder")
    page.get_by_role("button", name=re.compile("Start from the standing items")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("13 items")
    rows = page.locator("table.app-agenda-table tbody tr")
    expect(rows.nth(9)).to_contain_text("HMPPS update")
    page.get_by_role("button", name="Move up HMPPS update").click()
    expect(rows.nth(8)).to_contain_text("HMPPS update")
    expect(rows.nth(8)).to_contain_text("11:10am")
    axe_check("builder")

    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Project ADDER evaluation")
    page.get_by_label("Duration in minutes").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Duration must be between 1 minute and 8 hours")
    expect(page.get_by_label("Title")).to_have_value("Project ADDER evaluation")
    axe_check("item form with errors")
    page.get_by_label("Duration in minutes").fill("45")
    page.get_by_label("For decision").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("past the meeting's end")

    page.get_by_role("link", name="0 papers for Project ADDER evaluation").click()
    pdf = Path(tmp_path) / "ADDER evaluation (final).pdf"
    pdf.write_bytes(tiny_pdf("Project ADDER evaluation"))
    fake = Path(tmp_path) / "not-really.pdf"
    fake.write_bytes(b"MZ\x90\x00 executable")
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("its contents are not a PDF")
    page.get_by_label("File").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("uploaded")
    expect(page.get_by_role("link", name="ADDER-evaluation-final.pdf", exact=True)).to_be_visible()
    expect(page.locator(".govuk-summary-card__title")).to_have_text("ADDER evaluation (final)")
    axe_check("papers")

    page.get_by_role("link", name="Back to the agenda").click()
    page.get_by_role("link", name="Publish and e-mail members").click()
    # Publishing also makes the pack PDF (a few seconds on a busy machine).
    page.get_by_role("button", name="Publish and e-mail members").click(timeout=60_000)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Agenda published")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    sign_in("lead.leeds@example.org")
    page.goto(f"/meetings/{meeting_id}/agenda")
    expect(page.locator("table.app-agenda-table")).to_contain_text("Project ADDER evaluation")
    axe_check("member's agenda")
    page.get_by_role("link", name="Agenda pack (printable)").click()
    expect(page.locator(".app-pack-cover")).to_contain_text("Tuesday 14 January 2031")
    expect(page.locator(".app-pack")).to_contain_text("ADDER-evaluation-final.pdf")
    pdf = page.request.get(page.url.split("?")[0] + ".pdf")  # the stored pack PDF, as the member downloads it
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf.body())).pages) >= 3
    axe_check("pack")
    with page.expect_download() as download:
        page.get_by_role("link", name="ADDER evaluation (final)").last.click()
    assert download.value.suggested_filename == "ADDER-evaluation-final.pdf"
