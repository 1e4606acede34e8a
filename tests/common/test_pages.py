"""Error pages and the page shell."""

from tests.conftest import text


def test_friendly_404_and_403(client_as):
    member = client_as("coroner@example.org")
    missing = member.get("/no/such/page")
    assert missing.status_code == 404 and "Page not found" in text(missing)
    refused = member.get("/admin/users")
    assert refused.status_code == 403 and "You do not have access to this page" in text(refused)


def test_friendly_500_page_and_nothing_half_saved(app, client):
    """An unexpected error shows a calm page, not a stack trace."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/explode-for-test")
    def explode():
        raise RuntimeError("boom")

    response = client.get("/explode-for-test")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text(response)
    assert "RuntimeError" not in response.get_data(as_text=True)


def test_expired_csrf_token_is_explained(client):
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x", "csrf_token": "forged"})
    assert response.status_code == 400
    assert "The form had expired" in text(response)


def test_skip_link_and_service_name_on_every_page(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'href="#main-content"' in page and 'id="main-content"' in page
    assert "West Yorkshire Combating Drugs Partnership" in page
    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert b"GDS Transport" not in css.data  # not a gov.uk service: no GDS font
    css.close()
