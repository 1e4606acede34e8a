"""The wider-circulation version is rendered when members can read it, not on every draft save (issue 16)."""

from board.minutes import services, workflow
from board.minutes.models import MinutesStatus
from tests.conftest import text
from tests.minutes.conftest import save, user

TEXT = "## 3. District updates\n\nOpen text {n}.\n\n## 4. Organised crime group briefing\n\nSecret text {n}.\n"


def test_a_draft_save_renders_the_text_once(secretariat, minutes, monkeypatch):
    """Secretariat: saving a long draft renders the minutes once; the preview of the wider version is still current."""
    rendered = []
    real = services.render_markdown
    monkeypatch.setattr(services, "render_markdown", lambda source: rendered.append(source) or real(source))
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": TEXT.format(n=1), "declarations": "", "base_revision": minutes.revision, "save": "Save"},
    )
    assert response.status_code == 302
    assert len([source for source in rendered if "Open text 1." in source]) == 1
    assert minutes.public_html == ""  # not stored while only the secretariat can read the draft
    page = text(secretariat.get(f"/minutes/{minutes.id}/public"))
    assert "Open text 1." in page and "Secret text 1." not in page
    printable = text(secretariat.get(f"/minutes/{minutes.id}/print?public=1"))
    assert "Open text 1." in printable and "Secret text 1." not in printable


def test_circulating_stores_the_wider_version_and_later_saves_keep_it_current(secretariat, client_as, minutes):
    """Members: circulated minutes' wider version is stored, and follows every save after circulation."""
    save(minutes, TEXT.format(n=1))
    assert secretariat.post_form(f"/minutes/{minutes.id}/circulate").status_code == 302
    assert minutes.status == MinutesStatus.CIRCULATED
    assert "Open text 1." in minutes.public_html and "Secret text 1." not in minutes.public_html
    member = client_as("member@example.org")
    page = text(member.get(f"/minutes/{minutes.id}/public"))
    assert "Open text 1." in page and "Secret text 1." not in page

    save(minutes, TEXT.format(n=2))  # a correction during the comment period
    assert "Open text 2." in minutes.public_html and "Open text 1." not in minutes.public_html
    page = text(member.get(f"/minutes/{minutes.id}/public"))
    assert "Open text 2." in page and "Secret text 2." not in page


def test_approval_stores_the_wider_version(app, minutes, make_meeting):
    """Minutes marked circulated without the workflow (as the demo data does) have their wider version once approved."""
    save(minutes, TEXT.format(n=3))
    later = make_meeting(5)
    minutes.status = MinutesStatus.CIRCULATED.value
    workflow.approve(minutes, later, actor=user("secretariat@example.org"))
    assert "Open text 3." in minutes.public_html and "Secret text 3." not in minutes.public_html
