"""The schema comes from migrations on both databases; the commands are safe to re-run."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from flask_migrate import downgrade, upgrade

from board import create_app
from board.extensions import db
from board.people.models import Membership, Organisation, User
from tests.conftest import base_config


def test_migrations_run_from_empty_to_head_and_back(empty_database_url, tmp_path):
    """Every migration applies to an empty database, rolls back to nothing, and applies again."""
    app = create_app(base_config(tmp_path, empty_database_url))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory)
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"user", "organisation", "body", "membership", "audit_entry", "outbox_message", "meeting"} <= tables
        downgrade(directory=directory, revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=directory)
        db.engine.dispose()


def test_models_match_the_migrated_schema(app):
    """No pending autogenerate diff: the models and the migrations agree."""
    with db.engine.connect() as conn:
        # The same filters `flask db migrate` uses (e.g. the search area skips its FTS5 tables).
        include_name = current_app.extensions["migrate"].configure_args.get("include_name")
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_init_db_and_seed_demo_are_safe_to_run_again(app, monkeypatch):
    """Re-running init-db and seed-demo changes nothing and duplicates nothing."""
    runner = app.test_cli_runner()

    def counts():
        return [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (User, Organisation, Membership)]

    before = counts()
    db.session.commit()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    monkeypatch.setenv("BOARD_DEMO_PASSWORD", "another-demo-password")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.commit()
    assert counts() == before


def test_seed_demo_prints_a_password_when_none_is_set(app, monkeypatch):
    monkeypatch.delenv("BOARD_DEMO_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Demo accounts' password" in result.output


def test_create_user_makes_a_secretariat_account(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Head.Of.Secretariat@example.org",
            "--name",
            "Sam Lee",
            "--password",
            "a long first password",
        ]
    )
    assert result.exit_code == 0, result.output
    db.session.commit()
    user = db.session.scalar(sa.select(User).where(User.email == "head.of.secretariat@example.org"))
    assert user.is_secretariat and user.password_hash.startswith("$argon2id$")
    again = runner.invoke(
        args=[
            "create-user",
            "--email",
            "head.of.secretariat@example.org",
            "--name",
            "X",
            "--password",
            "a long first password",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BOARD_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("BOARD_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text(
        "BOARD_BASE_URL = 'https://from-instance.example'\nMAIL_FROM = 'x@example.org'\n"
    )
    monkeypatch.setenv("BOARD_BASE_URL", "https://board.example.org")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k"})
    assert app.config["BOARD_BASE_URL"] == "https://board.example.org"
    assert app.config["MAIL_FROM"] == "x@example.org"
    assert app.config["SESSION_COOKIE_SECURE"] is True
