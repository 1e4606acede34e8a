"""Writing, checking, clearing and publishing a cover paper, and who may do what."""

import sqlalchemy as sa

from board.agendas import publishing
from board.extensions import db
from board.papers.models import CoverPaper, CoverPaperRevision
from tests.conftest import _visible as text_of
from tests.conftest import messages, run_mail_worker, text
from tests.papers.conftest import attach_pdf, form_data, section_key, start_paper, user


def test_the_secretariat_starts_a_paper_for_an_item_named_author_writes_and_saves_it(secretariat, client_as, item):
    """The secretariat names a district lead; the lead writes the draft and saves a revision."""
    paper = start_paper(secretariat, item)
    assert paper.author.email == "lead.leeds@example.org" and paper.status == "draft"
    headings = [s["heading"] for s in paper.content["sections"]]
    assert headings == [
        "Purpose of the report",
        "Recommendation",
        "Police and Crime Plan 2024–28",
        "Key information",
        "Partnership contribution",
        "Equality, diversity and inclusion",
        "Policing and Crime contact",
        "Attachment",
    ]
    lead = client_as("lead.leeds@example.org")
    page = lead.get(f"/cover-papers/{paper.id}/edit")
    assert "Say in one or two short paragraphs what the attached report is" in text(page)  # guidance
    response = lead.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper))
    assert response.status_code == 302
    assert "Saved as revision 2." in messages(lead.get(response.headers["Location"]))
    db.session.expire_all()
    assert paper.revision == 2 and paper.content["recommendations"] == [
        "That the Board uses the report to scrutinise performance."
    ]
    assert paper.content["alignment"] == ["keeping_people_safe", "reducing_vulnerability"]


def test_a_stale_save_is_refused_and_keeps_what_was_typed(secretariat, client_as, item):
    """Two people editing one draft: the second save from the same revision is refused, nothing lost."""
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    first = form_data(paper, texts={"Key information": "The lead's words."})
    second = form_data(paper, texts={"Key information": "The secretariat's words."})
    assert lead.post_form(f"/cover-papers/{paper.id}/edit", first).status_code == 302
    refused = secretariat.post_form(f"/cover-papers/{paper.id}/edit", second)
    assert refused.status_code == 200
    assert "Someone saved revision 2 after you opened revision 1. Nothing was saved" in text(refused)
    assert "The secretariat&#39;s words." in refused.get_data(as_text=True) or "The secretariat's words." in text(
        refused
    )
    db.session.expire_all()
    assert paper.content["texts"][section_key(paper, "Key information")] == "The lead's words."
    assert db.session.scalar(sa.select(sa.func.count()).where(CoverPaperRevision.paper_id == paper.id)) == 2


def test_ready_for_review_refuses_insert_link_naming_section_and_line(secretariat, client_as, item):
    """A lead sends a paper with "(insert link)" left in: refused, told where; fixed, it goes."""
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    data = form_data(
        paper,
        texts={
            "Key information": "The DMPC (Deputy Mayor for Policing and Crime) chairs.\n\nSee the Voice (insert link)."
        },
    )
    data.pop("save")
    data["send"] = "Save and send for review"
    refused = lead.post_form(f"/cover-papers/{paper.id}/edit", {**data, "recommendations": "Note the report"})
    assert refused.status_code == 400
    page = text(refused)
    assert "Key information, line 3: remove the placeholder “insert link” or finish the sentence" in page
    assert "Recommendation, line 1: recommendation 1 must be a sentence starting “That …”" in page
    assert "Purpose of the report, line 1: the text refers to the attached report but nothing is attached" in page
    db.session.expire_all()
    assert paper.status == "draft" and paper.revision == 2  # the text was saved all the same
    assert attach_pdf(lead, paper).status_code == 302
    fixed = form_data(paper, texts={"Key information": "The DMPC (Deputy Mayor for Policing and Crime) chairs."})
    fixed.pop("save")
    fixed["send"] = "Save and send for review"
    response = lead.post_form(f"/cover-papers/{paper.id}/edit", fixed)
    assert response.status_code == 302
    db.session.expire_all()
    assert paper.status == "ready"


def _ready(secretariat, client_as, item) -> CoverPaper:
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    assert attach_pdf(lead, paper).status_code == 302
    assert lead.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper)).status_code == 302
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    db.session.expire_all()
    assert paper.status == "ready"
    return paper


def test_an_author_edits_only_their_own_drafts(secretariat, client_as, item):
    """Another district lead cannot open the paper; the author cannot edit it once sent for review."""
    paper = start_paper(secretariat, item)
    bradford = client_as("lead.bradford@example.org")
    assert bradford.get(f"/cover-papers/{paper.id}").status_code == 404
    assert bradford.get(f"/cover-papers/{paper.id}/edit").status_code == 404
    assert bradford.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper)).status_code == 404
    lead = client_as("lead.leeds@example.org")
    assert attach_pdf(lead, paper).status_code == 302
    assert lead.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper)).status_code == 302
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    assert lead.get(f"/cover-papers/{paper.id}/edit").status_code == 403
    assert lead.get(f"/cover-papers/{paper.id}/review").status_code == 403  # clearing is the secretariat's


def test_clearing_with_a_comment_shows_it_on_the_authors_home_and_publishing_takes_it_to_members(
    secretariat, client_as, item, meeting
):
    """Draft -> ready -> cleared (comment on the author's home) -> published with the agenda -> members read it."""
    paper = _ready(secretariat, client_as, item)
    member = client_as("member@example.org")
    assert member.get(f"/cover-papers/{paper.id}").status_code == 404  # not published
    cleared = secretariat.post_form(
        f"/cover-papers/{paper.id}/review", {"comment": "Cleared: thank you, tidy work.", "clear": "Clear the paper"}
    )
    assert cleared.status_code == 302
    home = text(client_as("lead.leeds@example.org").get("/"))
    assert "Comment from the secretariat" in home and "Cleared: thank you, tidy work." in home
    assert member.get(f"/cover-papers/{paper.id}").status_code == 404  # cleared, agenda not yet published
    publishing.publish_agenda(meeting, by=user("secretariat@example.org"), notify=False)
    db.session.commit()
    page = member.get(f"/cover-papers/{paper.id}")
    assert page.status_code == 200
    assert "1. The attached report sets out the work of West Yorkshire Police on drugs." in text(page)
    pack = text(member.get(f"/meetings/{meeting.id}/agenda/pack"))
    assert "Cover paper: Tackling drugs and alcohol" in pack
    assert "That the Board uses the report to scrutinise performance." in pack


def test_a_change_after_publishing_is_a_new_version_shown_to_members_as_such(secretariat, client_as, item, meeting):
    """Reopened, changed and cleared again: members keep version 1 until re-publication, then see version 2 as updated."""
    paper = _ready(secretariat, client_as, item)
    secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear the paper"})
    publishing.publish_agenda(meeting, by=user("secretariat@example.org"), notify=False)
    db.session.commit()
    reopened = secretariat.post_form(
        f"/cover-papers/{paper.id}/review", {"comment": "Please add the new figures.", "send_back": "Return"}
    )
    assert reopened.status_code == 302
    lead = client_as("lead.leeds@example.org")
    db.session.expire_all()
    changed = form_data(
        paper, texts={"Equality, diversity and inclusion": "Women leaving custody are less often engaged."}
    )
    assert lead.post_form(f"/cover-papers/{paper.id}/edit", changed).status_code == 302
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear the paper"})
    member = client_as("member@example.org")
    before = text(member.get(f"/cover-papers/{paper.id}"))
    assert "Version 1" in before and "Women leaving custody" not in before
    publishing.publish_agenda(meeting, by=user("secretariat@example.org"), notify=False)
    db.session.commit()
    after = text(member.get(f"/cover-papers/{paper.id}"))
    assert "Version 2: Updated since version 1 was first published" in after
    assert "Women leaving custody are less often engaged." in after


def test_members_of_another_body_and_non_members_never_read_a_published_paper(secretariat, client_as, item, meeting):
    """A confidential item's paper: Board members read it; a Sub-group-only member gets 404, even in search."""
    item.is_confidential = True
    db.session.commit()
    paper = _ready(secretariat, client_as, item)
    secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear the paper"})
    publishing.publish_agenda(meeting, by=user("secretariat@example.org"), notify=False)
    db.session.commit()
    assert client_as("member@example.org").get(f"/cover-papers/{paper.id}").status_code == 200
    outsider = client_as("coroner@example.org")
    assert outsider.get(f"/cover-papers/{paper.id}").status_code == 404
    assert outsider.get(f"/cover-papers/{paper.id}/cover-paper.docx").status_code == 404
    version = paper.attachments[0].current
    assert outsider.get(f"/cover-attachments/versions/{version.id}/download").status_code == 404
    hidden = outsider.get("/search", query_string={"q": "scrutinise performance"}).get_data(as_text=True)
    assert f"/cover-papers/{paper.id}" not in hidden and "No results" in text_of(hidden)
    found = client_as("member@example.org").get("/search", query_string={"q": "scrutinise performance"})
    assert f'href="/cover-papers/{paper.id}"' in found.get_data(as_text=True)


def test_search_shows_a_draft_to_its_author_only(secretariat, client_as, item):
    paper = start_paper(secretariat, item)
    client_as("lead.leeds@example.org").post_form(
        f"/cover-papers/{paper.id}/edit", form_data(paper, texts={"Key information": "Zanzibarian figures."})
    )
    link = f'href="/cover-papers/{paper.id}"'
    assert link in client_as("lead.leeds@example.org").get("/search?q=zanzibarian").get_data(as_text=True)
    assert link not in client_as("member@example.org").get("/search?q=zanzibarian").get_data(as_text=True)


def test_a_paper_can_start_as_a_copy_of_an_earlier_one(secretariat, client_as, item, meeting):
    """The secretariat starts a new paper from an earlier one: its words, recommendations and ticks come across."""
    earlier = db.session.scalar(sa.select(CoverPaper).where(CoverPaper.title == "Tackling drugs and alcohol"))
    copy = start_paper(secretariat, item, copy_from=earlier.id)
    assert copy.copied_from_id == earlier.id
    assert copy.content["recommendations"] == earlier.content["recommendations"]
    assert copy.content["alignment"] == earlier.content["alignment"]
    key_new, key_old = section_key(copy, "Key information"), section_key(earlier, "Key information")
    assert copy.content["texts"][key_new] == earlier.content["texts"][key_old]
    assert copy.attachments == []


def test_the_author_is_emailed_when_their_paper_is_returned_and_when_it_is_cleared(
    secretariat, client_as, item, smtp_server
):
    """District lead: a returned paper arrives in their mail with the comment and a link to change
    it; a cleared one says so with a link to read it. Nobody else is written to."""
    paper = _ready(secretariat, client_as, item)
    returned = secretariat.post_form(
        f"/cover-papers/{paper.id}/review", {"comment": "Please give this year's figures.", "send_back": "Return"}
    )
    assert returned.status_code == 302
    run_mail_worker()
    (mail,) = [m for m in smtp_server.messages if "Your cover paper" in str(m["Subject"])]
    assert mail["To"].addresses[0].addr_spec == "lead.leeds@example.org"
    assert str(mail["Subject"]).startswith(f"Your cover paper returned to you: {paper.title}")
    body = mail.get_body(("plain",)).get_content()
    assert "Please give this year's figures." in body
    assert f"http://localhost/cover-papers/{paper.id}/edit" in body

    lead = client_as("lead.leeds@example.org")
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear the paper"})
    run_mail_worker()
    to_author = [m for m in smtp_server.messages if "Your cover paper" in str(m["Subject"])]
    assert len(to_author) == 2
    cleared = to_author[-1]
    assert str(cleared["Subject"]).startswith(f"Your cover paper cleared: {paper.title}")
    body = " ".join(cleared.get_body(("plain",)).get_content().split())
    assert "as version 1." in body and f"Read it here: http://localhost/cover-papers/{paper.id} " in body
    assert "Their comment" not in body  # cleared without a comment
