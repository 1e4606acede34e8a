"""The board application: create_app() reads like a table of contents."""

import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

import board.models  # noqa: F401  (every model registered whenever board is imported)
from board.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app; ``overrides`` is for tests and wins over every other setting."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("BOARD_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, overrides)
    register_extensions(app)
    register_templates(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extension objects and the database pragmas."""
    from board.common import database
    from board.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    database.install_sqlite_pragmas()
    from board.common import mail

    mail.init_app(app)
    from board.common import pagecache

    pagecache.init_app(app)


def register_templates(app: Flask) -> None:
    """GOV.UK macros beside our own templates, and the helpers templates call."""
    from govuk_frontend_wtf.main import WTFormsHelpers

    from board.common import filters

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    filters.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from board.actions.views import bp as actions_bp
    from board.agendas.views.blueprint import bp as agendas_bp
    from board.audit.views import bp as audit_bp
    from board.auth.views import bp as auth_bp
    from board.common.views import bp as common_bp
    from board.decisions.views import bp as decisions_bp
    from board.meetings.views.blueprint import bp as meetings_bp
    from board.minutes.views.blueprint import bp as minutes_bp
    from board.people.views import bp as people_bp
    from board.search.views import bp as search_bp
    from board.submissions.views import bp as submissions_bp

    for bp in (
        common_bp, auth_bp, people_bp, audit_bp, meetings_bp, agendas_bp,
        submissions_bp, actions_bp, decisions_bp, minutes_bp, search_bp,
    ):
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages for refusals and failures."""
    from board.common.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    """``flask --app board …`` commands."""
    from board.cli import init_app

    init_app(app)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from board.common.security import init_app

    init_app(app)
