"""From recommendation to decision in one step; the template is data the secretariat edits (new papers only)."""

import sqlalchemy as sa

from board.agendas.models import AgendaItem
from board.extensions import db
from board.papers.models import TemplateSection
from tests.conftest import text
from tests.papers.conftest import attach_pdf, form_data, start_paper


def _cleared(secretariat, client_as, item, recommendations: str):
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    attach_pdf(lead, paper)
    lead.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper, recommendations=recommendations))
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    assert secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear"}).status_code == 302
    return paper


def test_a_recommendation_becomes_a_decision_in_one_step_and_the_paper_shows_the_outcome(
    secretariat, client_as, item, meeting
):
    """The secretariat records "agreed as amended": a decision in the register for the item; the paper shows it."""
    paper = _cleared(
        secretariat,
        client_as,
        item,
        "That the Board notes the report.\nThat the Board funds naloxone in all districts.",
    )
    refused = secretariat.post_form(f"/cover-papers/{paper.id}/outcomes", {"number": 2, "outcome": "agreed_as_amended"})
    assert refused.status_code == 200 and "Enter the recommendation as amended" in text(refused)
    done = secretariat.post_form(
        f"/cover-papers/{paper.id}/outcomes",
        {"number": 2, "outcome": "agreed_as_amended", "amended": "That the Board funds naloxone in Leeds first."},
    )
    assert done.status_code == 302
    db.session.expire_all()
    outcome = paper.outcomes[0]
    decision = outcome.decision
    assert decision.agenda_item_id == item.id and decision.meeting_id == meeting.id
    assert decision.title == "Agreed as amended: That the Board funds naloxone in Leeds first."
    page = text(secretariat.get(f"/cover-papers/{paper.id}"))
    assert (
        "Recommendation 2: Agreed as amended – “That the Board funds naloxone in Leeds first.” ( " + decision.reference
        in page
    )
    register = text(secretariat.get(f"/decisions/{decision.id}"))
    assert "That the Board funds naloxone in Leeds first." in register
    assert client_as("lead.leeds@example.org").get(f"/cover-papers/{paper.id}/outcomes").status_code == 403


def test_a_changed_template_applies_to_new_papers_only(secretariat, client_as, item, meeting, board):
    """The secretariat adds a required section and renames one: papers started before keep theirs."""
    before = start_paper(secretariat, item)
    page = text(secretariat.get("/bodies/board/cover-paper-template"))
    assert "Purpose of the report" in page and "Attachment" in page
    added = secretariat.post_form(
        "/bodies/board/cover-paper-template/new",
        {"heading": "Risks", "guidance": "What could go wrong.", "is_required": "y"},
    )
    assert added.status_code == 302
    purpose = db.session.scalar(
        sa.select(TemplateSection).where(
            TemplateSection.body_id == board.id, TemplateSection.heading == "Purpose of the report"
        )
    )
    secretariat.post_form(
        f"/cover-template-sections/{purpose.id}/edit",
        {"heading": "Why this comes to the Board", "guidance": "Say why."},
    )
    later_item = meeting_item(secretariat, meeting)
    after = start_paper(secretariat, later_item)
    headings_after = [s["heading"] for s in after.content["sections"]]
    assert headings_after[0] == "Why this comes to the Board" and headings_after[-1] == "Risks"
    db.session.expire_all()
    assert [s["heading"] for s in before.content["sections"]][0] == "Purpose of the report"
    assert "Risks" not in [s["heading"] for s in before.content["sections"]]
    edit = text(client_as("lead.leeds@example.org").get(f"/cover-papers/{after.id}/edit"))
    assert "What could go wrong." in edit  # the new section's guidance under its heading


def test_a_structured_section_cannot_be_removed(secretariat, board):
    secretariat.get("/bodies/board/cover-paper-template")
    contact = db.session.scalar(
        sa.select(TemplateSection).where(TemplateSection.body_id == board.id, TemplateSection.kind == "contact")
    )
    response = secretariat.post_form(f"/cover-template-sections/{contact.id}/delete")
    assert response.status_code == 302
    assert "cannot be removed; rename it instead" in text(secretariat.get(response.headers["Location"]))
    assert db.session.get(TemplateSection, contact.id) is not None


def meeting_item(secretariat, meeting):
    return db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    ).first()


def test_the_plan_alignment_table_counts_papers_per_priority_and_theme_per_year(client_as, app):
    """Members: the demo's published seed paper touches all three priorities and five themes."""
    page = text(client_as("member@example.org").get("/cover-papers/plan-alignment"))
    assert "Priority: Keeping People Safe" in page and "Theme: Equity, Diversity and Inclusion" in page
    assert "Papers in all" in page
