"""Submit means complete (issue 19, part 2): each section written or marked "Nothing to
report", each figure given or "not available" with a reason; the summary links to each gap."""

import sqlalchemy as sa

from board.extensions import db
from board.submissions import services
from board.submissions.models import PartnerUpdate
from tests.conftest import text
from tests.submissions.conftest import complete_form, update_of, user


def _fresh(update_id: int) -> PartnerUpdate:
    db.session.expire_all()
    return db.session.get(PartnerUpdate, update_id)


def test_a_refused_submission_links_to_each_gap_and_keeps_the_draft(board_round, client_as):
    """Only progress written: the summary links to risks, asks, good practice and every figure,
    says nothing was submitted, and the progress typed is saved as the draft."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    response = lead.post_form(f"/updates/{update.id}/edit", {"version": "0", "action": "submit", "progress": "Done"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = page[page.index("govuk-error-summary") : page.index("</main>")]
    for anchor in ("#risks", "#asks", "#good_practice", *(f"#fig_{f.id}-value" for f in board_round.figures)):
        assert f'href="{anchor}"' in summary, anchor
    assert 'href="#progress"' not in summary
    assert "Write about asks of the Board, or tick ‘Nothing to report’" in text(response)
    assert f"Not submitted: {3 + len(board_round.figures)} parts are missing" in text(response)
    saved = _fresh(update.id)
    assert saved.status == "draft" and saved.progress == "Done" and saved.submitted_at is None


def test_nothing_to_report_completes_a_section_but_not_beside_text(board_round, client_as):
    """Ticking Nothing to report beside text is refused; ticked on empty sections, the update
    submits and reads "Nothing to report" there."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    url = f"/updates/{update.id}/edit"
    both = complete_form(board_round, 0, risks="Some risk", risks_none="y")
    response = lead.post_form(url, both)
    assert "Either write about risks and issues or tick ‘Nothing to report’, not both" in text(response)
    assert _fresh(update.id).status == "not_started"  # an invalid form saves nothing
    response = lead.post_form(url, complete_form(board_round, 0))  # asks and good practice: nothing to report
    assert response.status_code == 302
    saved = _fresh(update.id)
    assert saved.status == "submitted" and saved.nothing_to_report == ["asks", "good_practice"]
    assert text(lead.get(f"/updates/{update.id}")).count("Nothing to report.") == 2


def test_the_form_says_exactly_what_submit_checks(board_round, client_as):
    """The wording names the sections and figures checked and that a draft needs neither."""
    update = update_of(board_round, "Leeds")
    page = text(client_as("lead.leeds@example.org").get(f"/updates/{update.id}/edit"))
    assert "sections 1, 3, 4 and 5 each have text or ‘Nothing to report’ ticked" in page
    assert "each figure in section 2 has a whole number, or ‘not available’ ticked with a reason" in page
    assert "Save as draft keeps everything in this form, files included, at any time" in page
    assert "Submitting checks that every section is complete" not in page


def test_the_service_refuses_an_incomplete_submission_too(board_round):
    """Whatever calls it, save_update(submit=True) refuses content with a gap, naming it."""
    update = update_of(board_round, "Wakefield")
    content = {"progress": "Only this", "figures": {}}
    try:
        services.save_update(update, content, version=0, actor=user("lead.wakefield@example.org"), submit=True)
    except services.SubmissionError as error:
        assert "Risks and issues" in str(error) and board_round.figures[0].label in str(error)
    else:
        raise AssertionError("an incomplete submission was accepted")
    db.session.rollback()
    assert db.session.scalar(sa.select(PartnerUpdate.status).where(PartnerUpdate.id == update.id)) == "not_started"
