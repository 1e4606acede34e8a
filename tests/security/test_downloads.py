"""Downloads: exports, like papers and minutes, are never kept by a browser or shared cache."""

import pytest

from board.common.exports import XLSX_MIMETYPE


@pytest.mark.parametrize(
    "address",
    [
        "/actions.csv",
        "/decisions.csv",
        "/actions.csv?body=board&status=",
        "/actions.xlsx",
        "/decisions.xlsx",
        "/actions.xlsx?body=board&status=",
    ],
)
def test_exports_are_never_cached(address, secretariat, client_as):
    """The secretariat and a member: the action log and the register (confidential decisions too) as
    CSV and as Excel workbooks, no-store."""
    mimetype = "text/csv" if address.split("?")[0].endswith(".csv") else XLSX_MIMETYPE
    for client in (secretariat, client_as("member@example.org")):
        response = client.get(address)
        assert response.status_code == 200 and response.mimetype == mimetype
        assert "attachment" in response.headers["Content-Disposition"]
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
