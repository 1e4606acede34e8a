"""Secretariat administration of people, organisations, bodies and memberships."""

import re

import sqlalchemy as sa

from board.audit.models import AuditEntry
from board.extensions import db
from board.people.models import Body, Membership, Organisation, UpdateContact, User
from tests.conftest import text

ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/organisations", "/admin/organisations/new", "/admin/audit"]


def _id(model, **where):
    return db.session.scalar(sa.select(model.id).filter_by(**where))


def test_only_the_secretariat_reaches_administration(client_as, secretariat):
    for page in ADMIN_PAGES:
        assert secretariat.get(page).status_code == 200, page
    for email in ("chair@example.org", "lead.leeds@example.org", "member@example.org", "hmpps@example.org"):
        other = client_as(email)
        for page in ADMIN_PAGES:
            assert other.get(page).status_code == 403, (email, page)


def test_refused_posts_change_nothing(client_as):
    """A member posting an admin form gets 403 and nothing is saved."""
    lead = client_as("lead.leeds@example.org")
    org_id = _id(Organisation, short_name="Leeds")
    user_id = _id(User, email="lead.bradford@example.org")
    assert lead.post_form(f"/admin/users/{user_id}/deactivate").status_code == 403
    assert (
        lead.post_form(
            f"/admin/organisations/{org_id}/edit", {"name": "X", "short_name": "X", "kind": "other"}
        ).status_code
        == 403
    )
    assert db.session.get(User, user_id).is_enabled
    assert db.session.get(Organisation, org_id).short_name == "Leeds"


def test_edit_user_is_audited_with_before_and_after(secretariat):
    user_id = _id(User, email="member@example.org")
    org_id = _id(Organisation, short_name="WYP")
    response = secretariat.post_form(
        f"/admin/users/{user_id}/edit",
        {
            "name": "Chief Superintendent Mark Elland",
            "email": "member@example.org",
            "job_title": "Head of Crime and Justice",
            "organisation_id": str(org_id),
        },
    )
    assert response.status_code == 302
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.record_type == "user", AuditEntry.record_id == user_id)
    ).all()[-1]
    assert entry.changes["job_title"] == ["Head of Crime, West Yorkshire Police", "Head of Crime and Justice"]
    trail = secretariat.get(f"/admin/audit?record_type=user&record_id={user_id}")
    assert "Head of Crime and Justice" in text(trail)


def test_organisation_with_users_cannot_be_deleted(secretariat):
    org_id = _id(Organisation, short_name="Leeds")
    response = secretariat.post_form(f"/admin/organisations/{org_id}/delete", follow_redirects=True)
    assert "still has" in text(response) and "Move them to another organisation first" in text(response)
    assert db.session.get(Organisation, org_id) is not None


def test_empty_organisation_can_be_added_and_deleted(secretariat):
    response = secretariat.post_form(
        "/admin/organisations/new", {"name": "Turning Point", "short_name": "TP", "kind": "health"}
    )
    assert response.status_code == 302
    org_id = _id(Organisation, short_name="TP")
    secretariat.post_form(f"/admin/organisations/{org_id}/delete")
    assert db.session.get(Organisation, org_id) is None


def test_duplicate_organisation_name_is_refused(secretariat):
    page = secretariat.post_form(
        "/admin/organisations/new", {"name": "west yorkshire police", "short_name": "WYP2", "kind": "police"}
    )
    assert "Another organisation already has this name" in text(page)


def test_membership_end_before_start_is_refused_and_kept(secretariat):
    user_id = _id(User, email="vrp@example.org")
    page = secretariat.post_form(
        "/bodies/synthetic-opioids/members/new",
        {
            "user_id": str(user_id),
            "role": "member",
            "starts_on": ["1", "6", "2027"],
            "ends_on": ["1", "5", "2027"],
        },
    )
    body = page.get_data(as_text=True)
    assert "The end date must be the same as or after the start date" in body
    assert 'value="2027"' in body
    sog_id = _id(Body, slug="synthetic-opioids")
    assert _id(Membership, user_id=user_id, body_id=sog_id) is None


def test_membership_added_and_shown(secretariat):
    user_id = _id(User, email="vrp@example.org")
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/members/new", {"user_id": str(user_id), "role": "adviser"}
    )
    assert response.status_code == 302
    assert "Nadia Bibi" in text(secretariat.get("/bodies/synthetic-opioids"))


def test_impossible_date_gets_a_message(secretariat):
    user_id = _id(User, email="vrp@example.org")
    page = secretariat.post_form(
        "/bodies/synthetic-opioids/members/new",
        {"user_id": str(user_id), "role": "member", "starts_on": ["31", "2", "2027"]},
    )
    assert page.status_code == 200
    assert "There is a problem" in text(page)


def test_update_contacts_are_managed_per_organisation(secretariat):
    org_id = _id(Organisation, short_name="Calderdale")
    user_id = _id(User, email="publichealth.leeds@example.org")
    secretariat.post_form(f"/admin/organisations/{org_id}/contacts", {"user_id": str(user_id)})
    contact_id = _id(UpdateContact, organisation_id=org_id, user_id=user_id)
    assert contact_id
    again = secretariat.post_form(f"/admin/organisations/{org_id}/contacts", {"user_id": str(user_id)})
    assert "is already an update contact" in text(again)
    # A contact id from another organisation cannot be removed through this one.
    other_org = _id(Organisation, short_name="Leeds")
    assert secretariat.post_form(f"/admin/organisations/{other_org}/contacts/{contact_id}/remove").status_code == 404
    secretariat.post_form(f"/admin/organisations/{org_id}/contacts/{contact_id}/remove")
    assert _id(UpdateContact, organisation_id=org_id, user_id=user_id) is None


def test_members_see_their_bodies_only(client_as):
    """A Sub-group-only member cannot open the Board's page; a Board member can."""
    coroner = client_as("coroner@example.org")
    assert coroner.get("/bodies/synthetic-opioids").status_code == 200
    assert coroner.get("/bodies/board").status_code == 403
    chair = client_as("chair@example.org")
    assert "Terms of reference" in text(chair.get("/bodies/board"))


def test_terms_of_reference_are_sanitised(secretariat):
    secretariat.post_form(
        "/bodies/board/edit",
        {
            "name": "West Yorkshire Combating Drugs Partnership Strategic Board",
            "short_name": "Strategic Board",
            "cadence_weeks": "26",
            "quorum_members": "4",
            "quorum_needs_chair": "y",
            "terms_of_reference": "## Purpose\n<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        },
    )
    page = secretariat.get("/bodies/board").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror" not in page and "javascript:alert" not in page
    assert "<h2" in page


def test_csrf_is_enforced_on_admin_posts(secretariat):
    org_id = _id(Organisation, short_name="LRF")
    response = secretariat.post(f"/admin/organisations/{org_id}/delete")
    assert response.status_code == 400
    assert db.session.get(Organisation, org_id) is not None


def test_organisation_types_are_spelled_as_the_domain_does(secretariat):
    """Secretariat: the organisations list and form say "HMPPS" and "Combined Authority", never "Hmpps"."""
    listing = secretariat.get("/admin/organisations").get_data(as_text=True)
    assert re.search(r">HMPPS</td>", listing) and "Hmpps" not in listing
    assert "Combined Authority" in listing and "Combined authority" not in listing
    form = secretariat.get("/admin/organisations/new").get_data(as_text=True)
    assert ">HMPPS</option>" in form and "Hmpps" not in form
