"""CSRF: every route that accepts POST refuses the signed-in secretariat's POST without a valid token."""

import sqlalchemy as sa

from board.extensions import db
from tests.security.test_access_matrix import CASES, build_url, targets  # noqa: F401  (fixture)


def _row_counts() -> dict:
    """Rows in every table: nothing at all may change when a POST is refused."""
    inspector = sa.inspect(db.engine)
    counts = {}
    for table in inspector.get_table_names():
        if table.startswith("search_document_fts") or table == "alembic_version":
            continue
        counts[table] = db.session.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"')).scalar()
    return counts


def _post_urls(app, targets) -> list[tuple[str, str]]:
    urls = []
    for endpoint, cases in CASES.items():
        for entry in cases:
            if entry["POST"] is not None:
                urls.append((endpoint, build_url(app, endpoint, entry["params"], targets)))
    return urls


def test_every_post_route_is_covered(app, targets):
    """Each URL rule that accepts POST is among the URLs this file posts to."""
    adapter = app.url_map.bind("localhost")
    covered = {
        adapter.match(url.split("?")[0], method="POST", return_rule=True)[0].rule for _, url in _post_urls(app, targets)
    }
    wanted = {rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert wanted <= covered, f"POST routes not covered: {sorted(wanted - covered)}"


def test_post_without_token_refused_and_changes_nothing(app, targets, secretariat, client_as):
    """Secretariat: no token, or another session's token, gets 400 everywhere; no row changes."""
    other_token = client_as("chair@example.org").csrf_token()
    before = _row_counts()
    problems = []
    for endpoint, url in _post_urls(app, targets):
        for label, data in (
            ("no token", {"title": "x", "name": "x", "reason": "x"}),
            ("another session's token", {"csrf_token": other_token, "title": "x"}),
        ):
            response = secretariat.post(url, data=data)
            response.close()
            if response.status_code != 400:
                problems.append(f"{endpoint} {url} ({label}): {response.status_code}, expected 400")
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    assert _row_counts() == before
    # Still signed in: sign-out without a token was refused too.
    assert secretariat.get("/admin/users").status_code == 200


def test_anonymous_sign_in_without_token_refused(client):
    """Anyone: the sign-in form itself needs its token (no login CSRF)."""
    response = client.post("/sign-in", data={"email": "secretariat@example.org", "password": "x"})
    assert response.status_code == 400
