"""What one save of the minutes costs the database: its search document written once, and
the row lock taken only after the text is rendered (issue 16: readers waited on PostgreSQL
while 100 kB saves ran)."""

import re

from board.extensions import db
from board.minutes import services
from tests.conftest import statements, text

WRITES_TO_INDEX = re.compile(r"^\s*(INSERT INTO|UPDATE) search_document\b", re.IGNORECASE)


def _long_source(word: str) -> str:
    paragraph = "The Board heard that naloxone kits issued rose again this quarter. " * 20
    return "\n\n".join(f"## Item {i}\n\n{paragraph}" for i in range(20)) + f"\n\n{word} was agreed."


def test_a_save_writes_the_minutes_search_document_once(secretariat, minutes):
    """Secretariat: saving long minutes indexes them once (it was twice, each time parsing the whole
    text on the database server); the new words are found straight after."""
    with statements() as seen:
        response = secretariat.post_form(
            f"/minutes/{minutes.id}/edit",
            {"source": _long_source("Quindleworth"), "declarations": "None.", "base_revision": 1, "save": "Save"},
        )
    assert response.status_code == 302
    writes = [s for s in seen if WRITES_TO_INDEX.match(s)]
    assert len(writes) == 1, writes
    if db.engine.dialect.name == "postgresql":
        # The record was indexed before: rewritten in place, not by an upsert (whose conflict
        # path computes the tsvector for the row it would have inserted as well).
        assert writes[0].lstrip().upper().startswith("UPDATE"), writes[0]
    assert "Quindleworth" in text(secretariat.get("/search", query_string={"q": "quindleworth"}))


def test_the_text_is_rendered_before_the_row_lock_is_taken(secretariat, minutes, monkeypatch):
    """Secretariat: a save renders its markdown before the guarded UPDATE locks the minutes' row,
    so a second save of the same minutes does not wait for the first one's rendering."""
    rendered_after_lock = []
    with statements() as seen:
        real = services.render_markdown

        def render(source):
            rendered_after_lock.append(any(s.lstrip().upper().startswith("UPDATE MINUTES SET REVISION") for s in seen))
            return real(source)

        monkeypatch.setattr(services, "render_markdown", render)
        response = secretariat.post_form(
            f"/minutes/{minutes.id}/edit",
            {"source": _long_source("Quindleworth"), "declarations": "None.", "base_revision": 1, "save": "Save"},
        )
    assert response.status_code == 302
    assert rendered_after_lock and not any(rendered_after_lock), rendered_after_lock
    db.session.refresh(minutes)
    assert minutes.revision == 2 and "Quindleworth" in minutes.html


def test_a_stale_save_is_refused_before_rendering(secretariat, minutes, monkeypatch):
    """Secretariat: a save from an older revision is refused without rendering the text it would not keep."""
    secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": "First text.", "declarations": "None.", "base_revision": 1, "save": "Save"},
    )
    calls = []
    real = services.render_markdown
    monkeypatch.setattr(services, "render_markdown", lambda source: calls.append(source) or real(source))
    response = secretariat.post_form(
        f"/minutes/{minutes.id}/edit",
        {"source": _long_source("Stale"), "declarations": "None.", "base_revision": 1, "save": "Save"},
    )
    assert response.status_code == 200 and "Nothing was saved" in text(response)
    assert calls == []
