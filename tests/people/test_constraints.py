"""The people pages refuse, on the form, every combination the database would refuse.

Each test posts the bad combination the way the secretariat would and checks the page
says what is wrong, keeps what was typed, and changes nothing.

Values no form sets, and who guarantees them:
- ``user.calendar_token_hash``: ``meetings.feed.new_calendar_token`` (256 random bits,
  stored as a hash; a new address replaces the old one);
- ``user_token.token_hash``: ``auth.services.issue_token`` (random, single use);
- ``body.slug`` and ``body.reference_prefix``: set when a body is made (the seed, or
  ``/bodies/new``, which checks the prefix first and makes the slug unique: see
  tests/bodies/test_bodies.py); the edit form has neither field, because references
  already issued carry the prefix.
"""

import sqlalchemy as sa

from board.extensions import db
from board.people.models import Body, Membership, Organisation, UpdateContact, User
from tests.conftest import field_value, messages


def _id(model, **where):
    return db.session.scalar(sa.select(model.id).filter_by(**where))


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


# --- user.email -----------------------------------------------------------------------


def test_inviting_an_existing_email_in_other_letter_case_is_refused(secretariat):
    """Secretariat: inviting Chair@Example.ORG when chair@example.org has an account is refused on the form."""
    before = _count(User)
    page = secretariat.post_form(
        "/admin/users/new",
        {
            "name": "Helen Ashworth again",
            "email": "Chair@Example.ORG",
            "organisation_id": str(_id(Organisation, short_name="WYCA")),
        },
    )
    assert page.status_code == 200
    assert any("A user with this email address already exists" in m for m in messages(page))
    assert field_value(page, "email") == "Chair@Example.ORG"
    assert _count(User) == before


def test_changing_an_email_to_another_persons_in_other_letter_case_is_refused(secretariat):
    """Secretariat: giving a person someone else's e-mail address (any letter case) is refused on the form."""
    user_id = _id(User, email="member@example.org")
    page = secretariat.post_form(
        f"/admin/users/{user_id}/edit",
        {
            "name": "Chief Superintendent Mark Elland",
            "email": "LEAD.Leeds@example.org",
            "organisation_id": str(_id(Organisation, short_name="WYP")),
        },
    )
    assert page.status_code == 200
    assert any("A user with this email address already exists" in m for m in messages(page))
    assert field_value(page, "email") == "LEAD.Leeds@example.org"
    assert db.session.get(User, user_id).email == "member@example.org"


def test_a_new_users_email_is_stored_in_lower_case(secretariat):
    """Secretariat: an invitation typed in capitals is stored normalised, so the same address cannot come in twice."""
    org_id = str(_id(Organisation, short_name="VRP"))
    first = secretariat.post_form(
        "/admin/users/new", {"name": "Ann Field", "email": "Ann.Field@Example.org", "organisation_id": org_id}
    )
    assert first.status_code == 302
    assert _id(User, email="ann.field@example.org") is not None
    again = secretariat.post_form(
        "/admin/users/new", {"name": "Ann Field", "email": "ann.field@EXAMPLE.org", "organisation_id": org_id}
    )
    assert again.status_code == 200
    assert any("already exists" in m for m in messages(again))
    assert _count(User, sa.func.lower(User.email) == "ann.field@example.org") == 1


# --- organisation.name, organisation.short_name ----------------------------------------------


def test_a_new_organisation_with_a_used_short_name_in_other_case_is_refused(secretariat):
    """Secretariat: adding an organisation whose short name is 'leeds' when Leeds exists is refused on the form."""
    before = _count(Organisation)
    page = secretariat.post_form(
        "/admin/organisations/new", {"name": "Leeds Recovery Service", "short_name": "leeds", "kind": "health"}
    )
    assert page.status_code == 200
    assert any("Another organisation already has this short name" in m for m in messages(page))
    assert field_value(page, "short_name") == "leeds"
    assert _count(Organisation) == before


def test_renaming_an_organisation_to_a_used_name_is_refused(secretariat):
    """Secretariat: renaming Calderdale to Leeds's full name (other letter case) is refused on the form."""
    org_id = _id(Organisation, short_name="Calderdale")
    page = secretariat.post_form(
        f"/admin/organisations/{org_id}/edit",
        {"name": "LEEDS Combating Drugs Partnership", "short_name": "Calderdale", "kind": "district"},
    )
    assert page.status_code == 200
    assert any("Another organisation already has this name" in m for m in messages(page))
    assert field_value(page, "name") == "LEEDS Combating Drugs Partnership"
    assert db.session.get(Organisation, org_id).name == "Calderdale Combating Drugs Partnership"


def test_renaming_an_organisation_in_other_letter_case_is_allowed(secretariat):
    """Secretariat: an organisation may change the case of its own name (it clashes with no other)."""
    org_id = _id(Organisation, short_name="LRF")
    response = secretariat.post_form(
        f"/admin/organisations/{org_id}/edit",
        {"name": "West Yorkshire Local Resilience Forum", "short_name": "lrf", "kind": "other"},
    )
    assert response.status_code == 302
    assert db.session.get(Organisation, org_id).short_name == "lrf"


# --- body.name (slug and reference_prefix: see the module docstring) ---------------------------


def test_renaming_a_body_to_the_other_bodys_name_is_refused(secretariat):
    """Secretariat: renaming the Sub-group to the Board's name (any letter case) is refused on the form."""
    taken = "West Yorkshire Combating Drugs Partnership Strategic Board"
    for typed in (taken, taken.upper()):
        page = secretariat.post_form(
            "/bodies/synthetic-opioids/edit",
            {
                "name": typed,
                "short_name": "Sub-group",
                "cadence_weeks": "7",
                "quorum_members": "3",
                "terms_of_reference": "Unchanged",
            },
        )
        assert page.status_code == 200
        assert any("Another body already has this name" in m for m in messages(page))
        assert field_value(page, "name") == typed
    sog = db.session.scalar(sa.select(Body).where(Body.slug == "synthetic-opioids"))
    assert (sog.name, sog.short_name) == ("Synthetic Opioids Sub-group", "Synthetic Opioids Sub-group")


def test_the_body_form_cannot_set_a_slug_or_reference_prefix(secretariat):
    """Secretariat: a posted slug or reference prefix (the Board's) is ignored, not a clash."""
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/edit",
        {
            "name": "Synthetic Opioids Sub-group",
            "short_name": "Synthetic Opioids Sub-group",
            "cadence_weeks": "7",
            "quorum_members": "3",
            "slug": "board",
            "reference_prefix": "CDP",
        },
    )
    assert response.status_code == 302
    sog = db.session.scalar(sa.select(Body).where(Body.name == "Synthetic Opioids Sub-group"))
    assert (sog.slug, sog.reference_prefix) == ("synthetic-opioids", "SOG")


# --- membership dates ---------------------------------------------------------------------


def test_changing_a_seat_to_end_before_it_starts_is_refused(secretariat):
    """Secretariat: editing a seat so its end date is before its start date is refused on the form."""
    board_id = _id(Body, slug="board")
    seat_id = _id(Membership, user_id=_id(User, email="vrp@example.org"), body_id=board_id)
    page = secretariat.post_form(
        f"/bodies/board/members/{seat_id}/edit",
        {
            "user_id": str(_id(User, email="vrp@example.org")),
            "role": "adviser",
            "starts_on": ["1", "9", "2027"],
            "ends_on": ["31", "8", "2027"],
        },
    )
    assert page.status_code == 200
    assert any("The end date must be the same as or after the start date" in m for m in messages(page))
    assert field_value(page, "ends_on") == "31"  # the day box keeps what was typed
    seat = db.session.get(Membership, seat_id)
    assert (seat.starts_on, seat.ends_on) == (None, None)


# --- update_contact (organisation, user) ---------------------------------------------------------


def test_adding_the_same_update_contact_twice_is_refused(secretariat):
    """Secretariat: adding someone who is already an update contact for the organisation is refused on the page."""
    org_id = _id(Organisation, short_name="Leeds")
    user_id = _id(User, email="lead.leeds@example.org")
    before = _count(UpdateContact, UpdateContact.organisation_id == org_id)
    page = secretariat.post_form(f"/admin/organisations/{org_id}/contacts", {"user_id": str(user_id)})
    assert page.status_code == 200
    assert any(
        "Rachel Whitaker is already an update contact for Leeds Combating Drugs Partnership" in m
        for m in messages(page)
    )
    assert _count(UpdateContact, UpdateContact.organisation_id == org_id) == before


def test_posting_a_new_update_contact_twice_adds_it_once(secretariat):
    """Secretariat: a double-clicked 'Add contact' adds the contact once and says so the second time."""
    org_id = _id(Organisation, short_name="Wakefield")
    user_id = _id(User, email="publichealth.leeds@example.org")
    assert (
        secretariat.post_form(f"/admin/organisations/{org_id}/contacts", {"user_id": str(user_id)}).status_code == 302
    )
    again = secretariat.post_form(f"/admin/organisations/{org_id}/contacts", {"user_id": str(user_id)})
    assert again.status_code == 200
    assert any("is already an update contact" in m for m in messages(again))
    assert _count(UpdateContact, UpdateContact.organisation_id == org_id, UpdateContact.user_id == user_id) == 1


# --- internally generated tokens ---------------------------------------------------------------


def test_asking_for_a_new_calendar_address_twice_gives_two_addresses(client_as):
    """Anyone signed in: a second press asks to confirm; confirming gives a fresh working address each time."""
    member = client_as("member@example.org")
    first = member.post_form("/account/calendar-feed")
    second = member.post_form("/account/calendar-feed")
    assert first.status_code == 200
    assert second.status_code == 303 and second.headers["Location"].endswith("/account/calendar-feed/new")
    for _ in range(2):
        assert member.post_form("/account/calendar-feed/new").status_code == 200
    assert _count(User, User.calendar_token_hash.is_not(None), User.email == "member@example.org") == 1


def test_resending_an_invitation_twice_issues_two_links(secretariat):
    """Secretariat: pressing 'resend invitation' twice sends two links without an error."""
    user_id = _id(User, email="vrp@example.org")
    for _ in range(2):
        response = secretariat.post_form(f"/admin/users/{user_id}/invite", follow_redirects=True)
        assert response.status_code == 200
        assert any("A new invitation was sent to vrp@example.org" in m for m in messages(response))
