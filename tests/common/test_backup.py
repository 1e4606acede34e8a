"""Backups made while the app runs come back whole."""

import sqlalchemy as sa

from board.extensions import db
from board.people.models import Organisation, User


def test_backup_and_restore_round_trip(app, tmp_path):
    """Back up, change things, restore: the database is as it was at the backup."""
    runner = app.test_cli_runner()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    db.session.commit()
    target = tmp_path / "board.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    db.session.add(Organisation(name="Added after the backup", short_name="After", kind="other"))
    db.session.execute(sa.delete(User).where(User.email == "former.member@example.org"))
    db.session.commit()

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    assert db.session.scalar(sa.select(Organisation.id).where(Organisation.short_name == "After")) is None


def test_restore_of_a_missing_file_is_refused(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "nope")])
    assert result.exit_code != 0
