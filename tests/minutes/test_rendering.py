"""Rendering: golden files, the wider-circulation version, and a corpus of XSS payloads."""

from pathlib import Path

import pytest

from board.common.markdown import render_markdown
from board.extensions import db
from board.minutes.sections import ItemRef, item_for_heading, prefill, without_confidential
from tests.conftest import text
from tests.minutes.conftest import save

GOLDEN = Path(__file__).parent / "golden"
ITEMS = [
    ItemRef(1, "Welcome and apologies"),
    ItemRef(2, "Minutes of the last meeting"),
    ItemRef(3, "District updates"),
    ItemRef(4, "Organised crime group briefing", True),
    ItemRef(5, "Any other business"),
]


def golden(name: str, actual: str) -> None:
    """Compare with the stored file; set UPDATE_GOLDEN=1 to rewrite it after a deliberate change."""
    import os

    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual)
    assert path.exists(), f"golden file {name} is missing (run once with UPDATE_GOLDEN=1 after checking the output)"
    assert actual == path.read_text(), f"{name} differs from the golden file"


def test_golden_full_rendering():
    """The full minutes render to the stored HTML (tables, lists, headings, links)."""
    golden("minutes.html", str(render_markdown((GOLDEN / "minutes.md").read_text())))


def test_golden_wider_circulation_version():
    """The confidential item's section is withheld, its heading kept."""
    public = without_confidential((GOLDEN / "minutes.md").read_text(), ITEMS)
    assert "Names of suspects" not in public and "## 4. Organised crime group briefing" in public
    assert "None." in public and "Naloxone kits issued" in public
    golden("minutes.public.md", public)


def test_heading_to_item_mapping():
    """Title first (number ignored), then number; unknown headings belong to no item."""
    assert item_for_heading("4. Organised crime group briefing", ITEMS).number == 4
    assert item_for_heading("9. district updates", ITEMS).number == 3  # title wins over a stale number
    assert item_for_heading("4. Something renamed", ITEMS).number == 4
    assert item_for_heading("Notes", ITEMS) is None
    assert prefill(ITEMS).startswith("## 1. Welcome and apologies\n\n\n## 2. Minutes of the last meeting")


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '![img](x "onerror=alert(1)")',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    '<object data="x"></object><embed src="x">',
    '<form action="https://evil.example"><input name=q></form>',
    "[x](&#106;avascript:alert(1))",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "[x]: javascript:alert(1)\n\n[link][x]",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "data:text",
    "<svg",
    "<style",
    "<iframe",
    "style=",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<base",
    "<meta",
    "<img",
    "<math",
]


def assert_safe(html: str) -> None:
    lowered = html.lower()
    for bad in FORBIDDEN:
        assert bad not in lowered, (bad, html)


@pytest.mark.parametrize("payload", XSS)
def test_xss_corpus_through_the_renderer(payload):
    """Nothing executable survives rendering."""
    assert_safe(str(render_markdown(payload)))


def test_xss_corpus_through_the_pages(secretariat, client_as, minutes, make_meeting):
    """Saved through the editor, every payload is stored and shown inert: the page, public view, print."""
    corpus = "## 1. Welcome and apologies\n\n" + "\n\n".join(XSS)
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": corpus, "declarations": "<script>alert('d')</script>", "base_revision": 1, "save": "Save"},
    )
    assert response.status_code == 302
    from board.extensions import db

    db.session.refresh(minutes)
    for stored in (minutes.html, minutes.public_html, minutes.declarations_html):
        assert_safe(stored)
    for url in (f"/minutes/{minutes.id}", f"/minutes/{minutes.id}/public", f"/minutes/{minutes.id}/print"):
        page = secretariat.get(url).get_data(as_text=True)
        start = page.index('class="app-minutes-text')
        assert_safe(page[start : page.index("</main>") if "</main>" in page else None])
    # The preview goes through the same renderer.
    preview = secretariat.post_form(
        f"/minutes/{minutes.id}/edit", {"source": corpus, "declarations": "", "base_revision": 2, "preview": "Preview"}
    ).get_data(as_text=True)
    part = preview[preview.index('id="preview-heading"') : preview.index('<form method="post"')]
    assert_safe(part)


def test_confidential_sections_only_for_members(secretariat, minutes):
    """The stored wider-circulation HTML withholds the confidential item's section."""
    save(minutes, "## 3. District updates\n\nOpen text.\n\n## 4. Organised crime group briefing\n\nSecret text.\n")
    assert "Secret text." in minutes.html and "Secret text." not in minutes.public_html
    page = text(secretariat.get(f"/minutes/{minutes.id}/public"))
    assert "Open text." in page and "Secret text." not in page and "is not included in this version" in page
    md = secretariat.get(f"/minutes/{minutes.id}/minutes.md?public=1").get_data(as_text=True)
    assert "Open text." in md and "Secret text." not in md


def test_render_minutes_command_rewrites_old_html_without_email_addresses(app, minutes):
    """Operators: ``flask render-minutes`` brings minutes saved in the old form up to the readers' form."""
    save(minutes, "ACTION: Send it — @lead.leeds@example.org by 2099-03-31\n")
    minutes.html = minutes.public_html = "<p>ACTION: Send it — @lead.leeds@example.org by 2099-03-31</p>"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["render-minutes"])
    assert result.exit_code == 0 and "Rendered" in result.output
    db.session.refresh(minutes)
    assert "lead.leeds@example.org" not in minutes.html + minutes.public_html
    assert "Owner: Rachel Whitaker (Leeds). Due 31 March 2099." in minutes.html
    assert minutes.source == "ACTION: Send it — @lead.leeds@example.org by 2099-03-31\n"
