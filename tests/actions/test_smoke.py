"""The log page renders for the secretariat."""

from tests.conftest import text


def test_log_renders(secretariat):
    """Secretariat: the log shows seeded actions."""
    response = secretariat.get("/actions")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert "CDP-" in text(response)
