"""Who sees what: drafts only the secretariat; members see circulated and approved minutes; others nothing."""

import pytest

from board.extensions import db
from board.minutes import workflow
from tests.conftest import text
from tests.minutes.conftest import save, user

SECRET = "Secret briefing text."


@pytest.fixture
def with_text(minutes):
    save(minutes, "## 3. District updates\n\nOpen text.\n\n## 4. Organised crime group briefing\n\n" + SECRET + "\n")
    return minutes


def urls(minutes):
    return [
        f"/minutes/{minutes.id}",
        f"/minutes/{minutes.id}/public",
        f"/minutes/{minutes.id}/print",
        f"/minutes/{minutes.id}/minutes.md",
    ]


def test_drafts_only_for_the_secretariat(secretariat, client_as, with_text):
    """A draft: the secretariat reads and edits; a Board member gets 403 and no link on the meeting page."""
    assert SECRET in text(secretariat.get(f"/minutes/{with_text.id}"))
    member = client_as("chair@example.org")
    for url in urls(with_text):
        assert member.get(url).status_code == 403
    meeting_page = text(member.get(f"/meetings/{with_text.meeting_id}"))
    assert "Read the minutes" not in meeting_page and "Start the minutes" not in meeting_page


def test_members_read_circulated_minutes_but_cannot_edit(client_as, with_text):
    """Members: circulated minutes with confidential sections; no editing, no revisions."""
    workflow.circulate(with_text, actor=user("secretariat@example.org"))
    db.session.commit()
    member = client_as("lead.leeds@example.org")
    page = text(member.get(f"/minutes/{with_text.id}"))
    assert SECRET in page and "Open text." in page and "Edit the minutes" not in page
    assert "Read the minutes" in text(member.get(f"/meetings/{with_text.meeting_id}"))
    for url in (
        f"/minutes/{with_text.id}/edit",
        f"/minutes/{with_text.id}/revisions",
        f"/minutes/{with_text.id}/attendance",
        f"/minutes/{with_text.id}/outcomes",
    ):
        assert member.get(url).status_code == 403
    assert member.post_form(f"/minutes/{with_text.id}/circulate").status_code == 403
    assert member.post_form(f"/meetings/{with_text.meeting_id}/minutes/start").status_code == 403


def test_non_members_see_nothing(client_as, with_text):
    """A Sub-group-only member and a non-member get 403 on every minutes page of the Board."""
    workflow.circulate(with_text, actor=user("secretariat@example.org"))
    db.session.commit()
    for email in ("coroner@example.org", "probation@example.org"):
        other = client_as(email)
        for url in urls(with_text):
            assert other.get(url).status_code == 403, (email, url)


def test_signed_out_is_sent_to_sign_in(client, with_text):
    response = client.get(f"/minutes/{with_text.id}")
    assert response.status_code == 302 and "sign-in" in response.headers["Location"]


def test_outputs_markdown_print_and_pdf(secretariat, with_text):
    """Readers: markdown download, printable page, and a PDF (or a clear fallback when PDF software is missing)."""
    md = secretariat.get(f"/minutes/{with_text.id}/minutes.md")
    assert md.headers["Content-Type"].startswith("text/markdown") and SECRET in md.get_data(as_text=True)
    assert "attachment" in md.headers["Content-Disposition"]
    printable = text(secretariat.get(f"/minutes/{with_text.id}/print"))
    assert "Minutes: Meeting of" in printable and SECRET in printable
    public_print = text(secretariat.get(f"/minutes/{with_text.id}/print?public=1"))
    assert SECRET not in public_print and "confidential items are withheld" in public_print
    pdf = secretariat.get(f"/minutes/{with_text.id}/minutes.pdf?public=1")
    if pdf.status_code == 200:
        assert pdf.data.startswith(b"%PDF") and pdf.headers["Content-Type"] == "application/pdf"
        assert "-public.pdf" in pdf.headers["Content-Disposition"]
    else:
        assert pdf.status_code == 302 and "/print" in pdf.headers["Location"]


def test_meeting_page_panel_for_the_secretariat(secretariat, with_text):
    page = text(secretariat.get(f"/meetings/{with_text.meeting_id}"))
    assert "Minutes" in page and "Draft" in page and "Edit the minutes" in page


def test_minutes_page_queries_do_not_grow_with_outcomes(secretariat, minutes):
    """Secretariat: the minutes page costs the same number of queries for 2 or 12 recorded outcomes."""
    from tests.conftest import count_queries
    from tests.minutes.conftest import due

    def page_queries(n: int) -> int:
        lines = "".join(
            f"ACTION: Task {i} — @lead.leeds@example.org by {due().isoformat()}\nDECISION: Decision {i}\n"
            for i in range(n)
        )
        save(minutes, "## 3. District updates\n\n" + lines)
        secretariat.post_form(f"/minutes/{minutes.id}/outcomes", {"revision": minutes.revision})
        db.session.refresh(minutes)
        with count_queries() as n_queries:
            assert secretariat.get(f"/minutes/{minutes.id}").status_code == 200
        return n_queries()

    assert page_queries(1) == page_queries(6)
