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
    register_navigation(app)
    register_reminders_and_feeds(app)
    register_agenda_pack(app)
    register_agenda_snapshot(app)
    register_search(app)
    register_errorhandlers(app)
    register_commands(app)
    register_mail_jobs(app)
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
    from board.auth import passwords

    passwords.init_app(app)


def register_templates(app: Flask) -> None:
    """GOV.UK macros beside our own templates, and the helpers templates call (``can`` is
    board.permissions: templates and views ask the same rules)."""
    from govuk_frontend_wtf.main import WTFormsHelpers

    from board import permissions
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
    app.add_template_global(permissions, "can")


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from board.actions.views import bp as actions_bp
    from board.agendas.views.blueprint import bp as agendas_bp
    from board.attendance.views import bp as attendance_bp
    from board.audit.views import bp as audit_bp
    from board.auth.views import bp as auth_bp
    from board.bodies.views.blueprint import bp as bodies_bp
    from board.common.views import bp as common_bp
    from board.decisions.views import bp as decisions_bp
    from board.home.views import bp as home_bp
    from board.interests.views import bp as interests_bp
    from board.meetings.views.blueprint import bp as meetings_bp
    from board.minutes.views.blueprint import bp as minutes_bp
    from board.papers.views.blueprint import bp as papers_bp
    from board.people.views import bp as people_bp
    from board.privacy.views import bp as privacy_bp
    from board.public.views.manage import bp as publishing_bp
    from board.public.views.reader import bp as public_bp
    from board.search.views import bp as search_bp
    from board.submissions.views.blueprint import bp as submissions_bp

    for bp in (
        common_bp,
        home_bp,
        auth_bp,
        people_bp,
        bodies_bp,
        audit_bp,
        meetings_bp,
        agendas_bp,
        submissions_bp,
        actions_bp,
        decisions_bp,
        minutes_bp,
        papers_bp,
        interests_bp,
        attendance_bp,
        privacy_bp,
        search_bp,
        public_bp,
        publishing_bp,
    ):
        app.register_blueprint(bp)


def register_navigation(app: Flask) -> None:
    """The service navigation, in the order it is shown, and the rule for who sees each entry."""
    from board import permissions
    from board.common import nav

    nav.init_app(
        app,
        [
            ("home.home", "Home", permissions.everyone, ("/",)),
            ("people.bodies", "Boards", permissions.everyone, ("/bodies",)),
            # A meeting's agenda, papers and minutes sit under the meeting.
            (
                "meetings.index",
                "Meetings",
                permissions.can_see_meetings,
                ("/meetings", "/agenda-items", "/papers", "/minutes"),
            ),
            # People, organisations and the audit trail share one entry; the pages link to each other.
            ("people.users", "Admin", permissions.can_administer_people, ("/admin",)),
            ("actions.log", "Actions", permissions.can_see_action_logs, ("/actions",)),
            ("decisions.register", "Decisions", permissions.can_see_decisions, ("/decisions",)),
            ("papers.index", "Papers", permissions.can_see_cover_papers, ("/cover-papers",)),
            ("search.search", "Search", permissions.can_search, ("/search",)),
            ("submissions.index", "Updates", permissions.can_see_updates_page, ("/updates", "/rounds")),
        ],
    )


def register_reminders_and_feeds(app: Flask) -> None:
    """What ``flask send-reminders`` runs, and what each person's calendar feed shows."""
    from board.actions import jobs as action_jobs
    from board.common import feeds, reminders
    from board.meetings import feed as meeting_feed
    from board.meetings import invitations
    from board.submissions import schedule as update_schedule

    reminders.init_app(
        app,
        [
            ("action-digest", action_jobs.send_action_digests),
            ("meeting-answers", invitations.remind_unanswered),
            ("update deadlines", update_schedule.send_deadline_reminders),
        ],
    )
    feeds.init_app(
        app,
        [  # sources of calendar-feed events, in the order they are written
            action_jobs.action_due_dates,
            meeting_feed.meeting_events,
            update_schedule.deadline_events,
        ],
    )


def register_agenda_pack(app: Flask) -> None:
    """Where the agenda pack reads the partner updates it prints (submissions sits above agendas)."""
    from board.agendas import pack
    from board.submissions import services as update_services

    pack.init_app(app, update_services.handed_in_updates)


def register_agenda_snapshot(app: Flask) -> None:
    """What other areas add to each item when an agenda is published (frozen with it)."""
    from board.agendas import extras
    from board.papers import published as cover_papers

    extras.init_app(app, [cover_papers.snapshot_refs])


def register_search(app: Flask) -> None:
    """The searchable records: model -> (kind, how one record becomes a document)."""
    from board.actions.models import Action
    from board.agendas.models import AgendaItem
    from board.decisions.models import Decision
    from board.minutes.models import Minutes
    from board.papers.models import CoverPaper
    from board.search import documents, registry
    from board.submissions.models import PartnerUpdate

    registry.init_app(
        app,
        {
            Action: ("action", documents.action_document),
            Decision: ("decision", documents.decision_document),
            AgendaItem: ("agenda_item", documents.agenda_item_document),
            PartnerUpdate: ("update", documents.update_document),
            Minutes: ("minutes", documents.minutes_document),
            CoverPaper: ("cover_paper", documents.cover_paper_document),
        },
    )


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages for refusals and failures."""
    from board.common.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    """``flask --app board …`` commands."""
    from board.cli import init_app

    init_app(app)


def register_mail_jobs(app: Flask) -> None:
    """What the mail worker does on each pass before it sends (board/common/mailworker.py)."""
    from board.auth.services import answer_reset_requests, prune_failures
    from board.auth.sessions import prune_sessions
    from board.common.mailworker import register_job

    register_job(app, "password reset links queued", answer_reset_requests)
    register_job(app, "old sign-in failures forgotten", lambda _now: prune_failures())
    register_job(app, "long-ended sessions forgotten", lambda _now: prune_sessions())


def register_security(app: Flask) -> None:
    """Security headers on every response; public pages without a session (board/public/site.py)."""
    from board.common.security import init_app
    from board.public import site as public_site

    init_app(app)
    public_site.init_app(app)
