"""Comments on circulated draft minutes: members comment on a paragraph or the whole; the
secretariat sees them beside the text and marks each accepted (with a revision) or answered;
comments stay with the record and never reach the version for wider circulation."""

import re
from datetime import timedelta

import sqlalchemy as sa

from board.common.timeutil import today_london
from board.extensions import db
from board.minutes import paragraphs, workflow
from board.minutes.models import MinutesComment
from board.people.models import Membership
from tests.conftest import messages, run_mail_worker, text
from tests.minutes.conftest import body, save, user

TEXT = (
    "## 1. Welcome and apologies\n\nThe chair welcomed members.\n\n"
    "## 3. District updates\n\nLeeds reported 412 naloxone kits issued in the quarter.\n\n"
    "## 4. Organised crime group briefing\n\nThe police briefed members on county lines.\n"
)


def _count(minutes) -> int:
    return db.session.scalar(sa.select(sa.func.count(MinutesComment.id)).where(MinutesComment.minutes_id == minutes.id))


def _only(minutes) -> MinutesComment:
    return db.session.scalars(sa.select(MinutesComment).where(MinutesComment.minutes_id == minutes.id)).one()


def _circulated(minutes):
    save(minutes, TEXT)
    workflow.circulate(minutes, actor=user("secretariat@example.org"))
    db.session.commit()
    return minutes


def _anchor(minutes, starts: str) -> str:
    return next(b.anchor for b in paragraphs.blocks(minutes.html) if b.text.startswith(starts))


def test_a_member_comments_on_a_paragraph_from_its_link(client_as, minutes):
    """Member: each paragraph of circulated minutes has a plain "Comment on this paragraph" link;
    the comment quotes the paragraph and shows under the minutes, waiting for the secretariat."""
    _circulated(minutes)
    chair = client_as("chair@example.org")
    page = chair.get(f"/minutes/{minutes.id}").get_data(as_text=True)
    anchor = _anchor(minutes, "Leeds reported")
    assert f'<p id="{anchor}">Leeds reported 412' in page
    link = f"/minutes/{minutes.id}/comments/new?anchor={anchor}"
    assert f'href="{link}"' in page and page.count("app-comment-link") == len(paragraphs.blocks(minutes.html))
    form = chair.get(link)
    assert "Leeds reported 412 naloxone kits issued in the quarter." in text(form)
    done = chair.post_form(
        f"/minutes/{minutes.id}/comments/new",
        {"anchor": anchor, "text": "It was 421 kits, not 412."},
        follow_redirects=True,
    )
    assert "your comment is with the secretariat" in " ".join(messages(done))
    comment = _only(minutes)
    assert comment.anchor == anchor and comment.quoted.startswith("Leeds reported 412")
    assert comment.revision == minutes.revision and comment.status == "open"
    assert "It was 421 kits, not 412." in text(done) and "Open" in text(done)


def test_a_comment_on_the_whole_and_the_secretariat_sees_them_by_paragraph(client_as, secretariat, minutes):
    """Secretariat: the edit page lists comments beside the text, grouped by paragraph with its quoted text."""
    _circulated(minutes)
    member = client_as("member@example.org")
    member.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "Please add the date of the next meeting."})
    anchor = _anchor(minutes, "The chair welcomed")
    member.post_form(f"/minutes/{minutes.id}/comments/new", {"anchor": anchor, "text": "And thanked the hosts."})
    edit = secretariat.get(f"/minutes/{minutes.id}/edit")
    page = text(edit)
    assert "Comments on the draft" in page
    assert page.index("On the minutes as a whole") < page.index("Please add the date of the next meeting.")
    assert page.index("The chair welcomed members.") < page.index("And thanked the hosts.")
    assert page.count("Mark accepted or answered") == 2


def test_accepting_needs_the_revision_that_took_it_in_and_emails_the_commenter(
    client_as, secretariat, minutes, smtp_server
):
    """Secretariat: accepting links the comment to a later revision (refused, nothing changed,
    until one is saved); the commenter is e-mailed and sees it accepted."""
    _circulated(minutes)
    chair = client_as("chair@example.org")
    anchor = _anchor(minutes, "Leeds reported")
    chair.post_form(f"/minutes/{minutes.id}/comments/new", {"anchor": anchor, "text": "It was 421 kits."})
    comment = _only(minutes)
    url = f"/minutes/comments/{comment.id}"
    assert "No revision has been saved since this comment" in text(secretariat.get(url))
    refused = secretariat.post_form(url, {"outcome": "accepted", "revision": str(comment.revision)})
    assert refused.status_code == 400
    assert "choose a later revision that took it in" in text(refused)
    refused = secretariat.post_form(url, {"outcome": "accepted", "revision": ""})
    assert "Choose the revision that took the comment in" in text(refused)
    db.session.refresh(comment)
    assert comment.status == "open" and comment.accepted_revision is None

    save(minutes, TEXT.replace("412", "421"))
    done = secretariat.post_form(url, {"outcome": "accepted", "revision": str(minutes.revision)}, follow_redirects=True)
    assert f"Comment marked accepted (revision {minutes.revision})." in " ".join(messages(done))
    db.session.refresh(comment)
    assert comment.status == "accepted" and comment.accepted_revision == minutes.revision
    assert f'href="/minutes/{minutes.id}/revisions/{minutes.revision}"' in done.get_data(as_text=True)

    run_mail_worker()
    mail = next(m for m in smtp_server.messages if "Your comment" in str(m["Subject"]))
    assert mail["To"].addresses[0].addr_spec == "chair@example.org"
    body_text = mail.get_body(("plain",)).get_content()
    assert f"taken in by revision {minutes.revision}" in body_text and "It was 421 kits." in body_text
    assert f"/minutes/{minutes.id}#comment-{comment.id}" in body_text
    assert f"taken in by revision {minutes.revision}" in text(chair.get(f"/minutes/{minutes.id}"))


def test_answering_needs_a_reply_which_the_commenter_sees_and_is_emailed(client_as, secretariat, minutes, smtp_server):
    """Secretariat: an answer without a reply is refused; with one, the commenter reads it and gets it by e-mail."""
    _circulated(minutes)
    member = client_as("member@example.org")
    member.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "Was the police briefing minuted?"})
    comment = _only(minutes)
    url = f"/minutes/comments/{comment.id}"
    refused = secretariat.post_form(url, {"outcome": "answered", "reply": "  "})
    assert "Write the answer the commenter will see" in text(refused)
    refused = secretariat.post_form(url, {"outcome": "withdrawn", "reply": "x"})
    assert refused.status_code == 400 and "Not a valid choice" in text(refused)
    db.session.refresh(comment)
    assert comment.status == "open" and comment.reply == ""
    secretariat.post_form(url, {"outcome": "answered", "reply": "Yes: it is in the confidential section."})
    db.session.refresh(comment)
    assert comment.status == "answered"
    page = text(member.get(f"/minutes/{minutes.id}"))
    assert "Answer from" in page and "Yes: it is in the confidential section." in page
    run_mail_worker()
    mail = next(m for m in smtp_server.messages if "Your comment" in str(m["Subject"]))
    assert mail["To"].addresses[0].addr_spec == "member@example.org"
    assert "Yes: it is in the confidential section." in mail.get_body(("plain",)).get_content()


def test_comments_stay_with_the_record_but_never_in_the_wider_version(client_as, secretariat, minutes, make_meeting):
    """Members: comments show on the approved minutes; never on the wider-circulation page, print, PDF source or markdown."""
    _circulated(minutes)
    chair = client_as("chair@example.org")
    chair.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "A comment kept with the record."})
    held = make_meeting(2, items=[])
    workflow.approve(minutes, held, actor=user("secretariat@example.org"))
    db.session.commit()
    assert "A comment kept with the record." in text(chair.get(f"/minutes/{minutes.id}"))
    assert "Comment on this paragraph" not in text(chair.get(f"/minutes/{minutes.id}"))
    for url in (
        f"/minutes/{minutes.id}/public",
        f"/minutes/{minutes.id}/print?public=1",
        f"/minutes/{minutes.id}/print",
        f"/minutes/{minutes.id}/minutes.md?public=1",
        f"/minutes/{minutes.id}/minutes.md",
    ):
        page = chair.get(url)
        assert page.status_code == 200, url
        assert "A comment kept with the record." not in page.get_data(as_text=True), url
        assert "Comment on this paragraph" not in page.get_data(as_text=True), url
    assert "A comment kept with the record." not in minutes.public_html + minutes.html


def test_comments_on_approved_or_uncirculated_minutes_are_refused(client_as, secretariat, minutes, make_meeting):
    """Anyone: commenting on a draft not yet circulated, or on approved minutes, gives a clear message and saves nothing."""
    save(minutes, TEXT)
    refused = secretariat.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "Too early"}, follow_redirects=True)
    assert "have not been circulated yet" in " ".join(messages(refused))
    assert client_as("chair@example.org").get(f"/minutes/{minutes.id}/comments/new").status_code == 403  # drafts unseen
    _circulated(minutes)
    workflow.approve(minutes, make_meeting(2, items=[]), actor=user("secretariat@example.org"))
    db.session.commit()
    chair = client_as("chair@example.org")
    for response in (
        chair.get(f"/minutes/{minutes.id}/comments/new", follow_redirects=True),
        chair.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "Too late"}, follow_redirects=True),
    ):
        assert "approved as a true record, so comments are closed" in " ".join(messages(response))
    assert _count(minutes) == 0


def test_bad_comments_are_refused_with_a_message(client_as, minutes):
    """Member: an empty comment, or one on a paragraph that has since changed, is refused; nothing saved."""
    _circulated(minutes)
    chair = client_as("chair@example.org")
    empty = chair.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "   "})
    assert empty.status_code == 400 and "Write your comment" in text(empty)
    anchor = _anchor(minutes, "Leeds reported")
    save(minutes, TEXT.replace("412", "421"))  # the paragraph changes under the member's open form
    stale = chair.post_form(f"/minutes/{minutes.id}/comments/new", {"anchor": anchor, "text": "412?"})
    assert stale.status_code == 400 and "That paragraph has changed since you opened it" in text(stale)
    gone = chair.get(f"/minutes/{minutes.id}/comments/new?anchor={anchor}", follow_redirects=True)
    assert "That paragraph has changed since you opened it" in " ".join(messages(gone))
    assert _count(minutes) == 0


def test_only_members_of_the_body_and_the_secretariat_comment(client_as, minutes):
    """A Leeds lead who is not a member of the body can neither read nor post comments; a member can."""
    _circulated(minutes)
    leeds = user("lead.leeds@example.org")
    seat = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == leeds.id, Membership.body_id == body("board").id)
    )
    seat.ends_on = today_london() - timedelta(days=1)
    db.session.commit()
    client = client_as("lead.leeds@example.org")
    assert client.get(f"/minutes/{minutes.id}/comments/new").status_code == 403
    assert client.post_form(f"/minutes/{minutes.id}/comments/new", {"text": "Let me in"}).status_code == 403
    assert client.get(f"/minutes/{minutes.id}").status_code == 403
    assert client_as("coroner@example.org").get(f"/minutes/{minutes.id}/comments/new").status_code == 403
    assert client_as("member@example.org").get(f"/minutes/{minutes.id}/comments/new").status_code == 200
    assert client_as("member@example.org").get("/minutes/comments/1").status_code in (403, 404)
    assert _count(minutes) == 0


def test_anchors_survive_changes_to_other_paragraphs():
    """Developers: a paragraph's anchor comes from its own text, so editing others leaves it alone."""
    first = paragraphs.blocks("<h2>1. Welcome</h2>\n<p>One.</p>\n<p>Two.</p>")
    second = paragraphs.blocks("<h2>1. Welcome</h2>\n<p>New.</p>\n<p>One.</p>\n<p>Two &amp; more.</p>\n<p>One.</p>")
    assert first[1].anchor == second[2].anchor and second[4].anchor == f"{first[1].anchor}-2"
    assert re.fullmatch(r"para-[0-9a-f]{10}", first[0].anchor) and first[0].is_heading
    assert second[3].text == "Two & more."
