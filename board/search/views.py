"""The search page and the ``flask search-reindex`` command."""

import click
import sqlalchemy as sa
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from board.extensions import db
from board.people.models import Body
from board.search import query
from board.search.forms import SearchForm
from board.search.registry import reindex

bp = Blueprint("search", __name__, cli_group=None)


def _not_ours_to_compare(name, type_, parent_names) -> bool:
    """Alembic autogenerate: skip the engine-specific full-text structures the migration made."""
    if type_ == "table" and name and name.startswith("search_document_fts"):
        return False
    return name not in ("search_vector", "ix_search_document_search_vector")


@bp.record_once
def _keep_autogenerate_quiet(state) -> None:
    migrate_config = state.app.extensions.get("migrate")
    if migrate_config is not None:
        migrate_config.configure_args.setdefault("include_name", _not_ours_to_compare)


def result_url(hit: query.Hit) -> str:
    """Where a hit's own page is (its page checks permission again)."""
    if hit.kind == "action":
        return url_for("actions.show", action_id=hit.object_id)
    if hit.kind == "decision":
        return url_for("decisions.show", decision_id=hit.object_id)
    if hit.kind == "update":
        return url_for("submissions.update", update_id=hit.object_id)
    if hit.kind == "minutes":
        return url_for("minutes.show", minutes_id=hit.object_id)
    if hit.kind == "cover_paper":
        return url_for("papers.show", paper_id=hit.object_id)
    # Agenda items: the meeting's page shows the agenda to whoever may read it.
    return url_for("meetings.meeting", meeting_id=hit.meeting_id)


@bp.get("/search")
@login_required
def search():
    """Anyone signed in: find what they may read, grouped by kind, words highlighted."""
    bodies = db.session.scalars(sa.select(Body).order_by(Body.id)).all()
    form = SearchForm(bodies, formdata=request.args if request.args else None)
    results = None
    if request.args and form.validate():
        by_slug = {b.slug: b for b in bodies}
        filters = query.Filters(
            body_id=by_slug[form.body.data].id if form.body.data else None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
        page = max(request.args.get("page", 1, type=int), 1)
        results = query.search(current_user._get_current_object(), form.q.data, filters, page)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "search/search.html",
        form=form,
        results=results,
        bodies={b.id: b for b in bodies},
        result_url=result_url,
        args=args,
    )


@bp.cli.command("search-reindex")
def search_reindex_command():
    """Rebuild the search index from every searchable record."""
    count = reindex(db.session)
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} documents.")
