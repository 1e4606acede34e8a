"""Property-based: arbitrary text in any field of the main forms never gives a 500 or a traceback."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.forms_data import FORMS
from tests.security.matrix_targets import find_targets

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Unicode (no lone surrogates: a browser cannot send them), control characters and NUL,
# right-to-left marks, and now and then something very large.
hostile_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(st.sampled_from("\x00\r\n\t\x0b\x0c\x1b\u202e\u200b\ufeff<>\"'&%;:/\\*()[]{}#@!`~"), max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "0",
            "-1",
            "99999999999999999999",
            "1e9",
            "NaN",
            "2027-02-30",
            "../../etc/passwd",
            "%00",
            "☃" * 5000,
            "x" * 200_000,
            "<" * 10_000,
            "[" * 5000 + "x](y)",
        ]
    ),
)


def _refused_or_fine(response, what):
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{what}: {response.status_code}"
    assert "Traceback" not in body, what


FORM_NAMES = [
    "user",
    "meeting",
    "agenda item",
    "action",
    "action note",
    "decision",
    "partner update",
    "minutes",
    "organisation",
    "body terms of reference",
    "new body",
    "forward plan item",
]


@pytest.mark.parametrize("form_name", FORM_NAMES)
def test_form_survives_arbitrary_text(app, secretariat, form_name):
    """Secretariat: any mix of hostile values in any fields of the form gives a page or a message, never a 500."""
    targets = find_targets()
    build = FORMS[form_name]
    _, baseline, _ = build(targets, "Fine text")
    keys = sorted(baseline)

    @FUZZ
    @given(st.dictionaries(st.sampled_from(keys), hostile_text, min_size=1, max_size=len(keys)))
    def run(overrides):
        url, data, _ = build(targets, "Fine text")
        response = secretariat.post_form(url, {**data, **overrides})
        _refused_or_fine(response, f"{form_name} {sorted(overrides)}")

    run()


def test_invite_user_survives_arbitrary_text(app, secretariat):
    """Secretariat: inviting a user with hostile names and addresses never gives a 500."""

    @FUZZ
    @given(hostile_text, hostile_text, hostile_text)
    def run(name, email, job_title):
        response = secretariat.post_form(
            "/admin/users/new", {"name": name, "email": email, "job_title": job_title, "organisation_id": "1"}
        )
        _refused_or_fine(response, "invite user")

    run()


def test_sign_in_survives_arbitrary_text(app, client):
    """Anyone: the sign-in form answers every input with a page (throttled or not), never a 500."""

    @FUZZ
    @given(hostile_text, hostile_text, hostile_text)
    def run(email, password, next_url):
        response = client.post_form("/sign-in?next=x", {"email": email, "password": password, "next": next_url})
        _refused_or_fine(response, "sign in")
        assert response.status_code in (200, 302, 400, 429)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/")

    run()


def test_search_survives_arbitrary_text(app, client_as):
    """A member: any query and filters give a results page or a message, never a 500."""
    leeds = client_as("lead.leeds@example.org")

    @FUZZ
    @given(hostile_text, hostile_text, hostile_text)
    def run(q, body, day):
        response = leeds.get(
            "/search",
            query_string={"q": q, "body": body, "date_from": [day, "1", "2026"], "date_to": ["1", day, "2027"]},
        )
        _refused_or_fine(response, f"search {q[:40]!r}")

    run()


def test_nul_characters_are_dropped_not_a_500(app, secretariat):
    """Secretariat: a NUL in typed text (refused by PostgreSQL's text columns) is dropped, the rest saved."""
    import sqlalchemy as sa

    from board.extensions import db

    targets = find_targets()
    url, data, _ = FORMS["action note"](targets, "Kits\x00 issued\x00")
    assert secretariat.post_form(url, data).status_code == 302
    saved = db.session.execute(sa.text("SELECT text FROM action_note ORDER BY id DESC")).scalars().first()
    assert saved == "Kits issued"


def test_decision_with_a_blank_body_is_refused_not_a_500(app, secretariat):
    """Secretariat: a body of only white space (stripped to nothing) gets 'Choose the body', not a 500."""
    url, data, _ = FORMS["decision"](find_targets(), "Fine text")
    response = secretariat.post_form(url, {**data, "body": "\r"})
    assert response.status_code == 200 and "Choose the body" in response.get_data(as_text=True)
