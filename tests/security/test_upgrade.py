"""Upgrades: data written at the first revision survives every migration to head; head steps back and forth."""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from board import create_app
from board.auth.passwords import hash_password
from board.extensions import db
from tests.conftest import DEMO_PASSWORD, Client, base_config

NOW = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)


def _app(url, tmp_path):
    app = create_app(base_config(tmp_path, url))
    app.test_client_class = Client
    return app


def _first_revision(directory: str) -> str:
    (base,) = ScriptDirectory(directory).get_bases()
    return base


def _rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(sa.text(sql))]


def test_data_from_the_first_revision_survives_the_upgrade_to_head(empty_database_url, tmp_path):
    """Operators: organisations, people, bodies and seats written by the first release are intact at head."""
    app = _app(empty_database_url, tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision=_first_revision(directory))
        stamp = {"now": NOW}
        db.session.execute(
            sa.text(
                "INSERT INTO organisation (id, name, short_name, kind, created_at, updated_at) VALUES "
                "(1, 'Leeds Combating Drugs Partnership', 'Leeds', 'district', :now, :now), "
                "(2, 'West Yorkshire Combined Authority', 'WYCA', 'combined_authority', :now, :now)"
            ),
            stamp,
        )
        db.session.execute(
            sa.text(
                'INSERT INTO "user" (id, email, name, job_title, organisation_id, is_secretariat, is_enabled, '
                "password_hash, session_token, created_at, updated_at) VALUES "
                "(1, 'old.secretariat@example.org', 'Olga Old', 'Officer', 2, :yes, :yes, :hash, 'tok-1', :now, :now), "
                "(2, 'old.lead@example.org', 'Liam Lead – Leeds', 'Lead', 1, :no, :yes, NULL, 'tok-2', :now, :now)"
            ),
            {**stamp, "yes": True, "no": False, "hash": hash_password(DEMO_PASSWORD)},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO body (id, name, short_name, slug, reference_prefix, parent_id, cadence_weeks, "
                "terms_of_reference, terms_of_reference_html, quorum_members, quorum_needs_chair, created_at, updated_at) "
                "VALUES (1, 'Strategic Board', 'Board', 'board', 'CDP', NULL, 26, '## Purpose', '<h2>Purpose</h2>', 4, "
                ":yes, :now, :now)"
            ),
            {**stamp, "yes": True},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO membership (id, user_id, body_id, role, deputy_id, starts_on, ends_on, created_at, updated_at) "
                "VALUES (1, 2, 1, 'member', NULL, NULL, NULL, :now, :now)"
            ),
            stamp,
        )
        db.session.execute(sa.text("INSERT INTO update_contact (id, organisation_id, user_id) VALUES (1, 1, 2)"))
        db.session.commit()
        before = {
            "organisation": _rows("SELECT id, name, short_name, kind FROM organisation ORDER BY id"),
            "user": _rows(
                'SELECT id, email, name, organisation_id, is_secretariat, password_hash FROM "user" ORDER BY id'
            ),
            "body": _rows("SELECT id, slug, terms_of_reference, quorum_members FROM body ORDER BY id"),
            "membership": _rows("SELECT id, user_id, body_id, role FROM membership ORDER BY id"),
            "update_contact": _rows("SELECT id, organisation_id, user_id FROM update_contact ORDER BY id"),
        }
        # End this read's transaction first, as an operator's shell would: on PostgreSQL a
        # migration that alters "user" waits for every transaction that has read it.
        db.session.remove()

        upgrade(directory=directory)
        db.session.remove()
        after = {
            "organisation": _rows("SELECT id, name, short_name, kind FROM organisation ORDER BY id"),
            "user": _rows(
                'SELECT id, email, name, organisation_id, is_secretariat, password_hash FROM "user" ORDER BY id'
            ),
            "body": _rows("SELECT id, slug, terms_of_reference, quorum_members FROM body ORDER BY id"),
            "membership": _rows("SELECT id, user_id, body_id, role FROM membership ORDER BY id"),
            "update_contact": _rows("SELECT id, organisation_id, user_id FROM update_contact ORDER BY id"),
        }
        assert after == before

        # The old data works in today's app: the old secretariat signs in and sees the old people.
        client = app.test_client()
        client.sign_in("old.secretariat@example.org")
        page = client.get("/admin/users").get_data(as_text=True)
        assert "Olga Old" in page and "Liam Lead – Leeds" in page
        assert client.get("/bodies/board").status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_seeded_head_goes_down_one_step_and_up_again(database_url, tmp_path):
    """Operators: with demo data at head, undoing the latest migration and redoing it keeps everything else."""
    app = _app(database_url, tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        counts = 'SELECT (SELECT COUNT(*) FROM "user"), (SELECT COUNT(*) FROM meeting), (SELECT COUNT(*) FROM action)'
        before = _rows(counts)
        db.session.remove()
        downgrade(directory=directory, revision="-1")
        upgrade(directory=directory)
        assert _rows(counts) == before
        client = app.test_client()
        client.sign_in("secretariat@example.org")
        assert client.get("/").status_code == 200
        assert client.get("/meetings").status_code == 200
        db.session.remove()
        db.engine.dispose()
