"""Bad input to the minutes pages: a clear message or a 404, never a 500, nothing changed."""

from board.extensions import db
from tests.conftest import field_value, text


def test_tampered_or_missing_revision_number(secretariat, minutes):
    """Secretariat: a missing or non-numeric revision number is a form error; nothing saved."""
    for value in ("", "abc"):
        response = secretariat.post_form(
            f"/minutes/{minutes.id}/edit",
            {"source": "changed", "declarations": "", "base_revision": value, "save": "Save"},
        )
        assert response.status_code == 200 and "There is a problem" in text(response)
        assert field_value(response, "source") == "changed"
    future = secretariat.post_form(
        f"/minutes/{minutes.id}/edit", {"source": "changed", "declarations": "", "base_revision": 99, "save": "Save"}
    )
    assert "Nothing was saved" in text(future)
    db.session.refresh(minutes)
    assert minutes.revision == 1


def test_odd_urls_and_values(secretariat, minutes):
    """Secretariat: unknown revisions, bad compare arguments, unknown meetings: 404 or a message."""
    assert secretariat.get("/minutes/999999").status_code == 404
    assert secretariat.get(f"/minutes/{minutes.id}/revisions/42").status_code == 404
    assert secretariat.get(f"/minutes/{minutes.id}/compare?a=x&b=1").status_code == 404
    assert secretariat.get(f"/minutes/{minutes.id}/compare?a=1&b=7").status_code == 404
    assert secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": "999999"}).status_code == 404
    bad = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": "abc"})
    assert bad.status_code == 200 and "There is a problem" in text(bad)
    same = secretariat.post_form(f"/minutes/{minutes.id}/revisions/1", {"base_revision": 1}, follow_redirects=True)
    assert "Revision 1 is the same as the current text" in text(same)
    assert secretariat.post(f"/minutes/{minutes.id}/circulate").status_code in (302, 400)  # no CSRF token
    db.session.refresh(minutes)
    assert minutes.status == "draft" and minutes.revision == 1


def test_starting_twice_opens_the_same_minutes(secretariat, minutes):
    response = secretariat.post_form(f"/meetings/{minutes.meeting_id}/minutes/start")
    assert response.headers["Location"].endswith(f"/minutes/{minutes.id}/edit")
