"""Pages of the register of interests and of declarations at meetings."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from board import permissions
from board.agendas.models import AgendaItem
from board.agendas.services import load_items
from board.common.access import require
from board.common.exports import attachment, write_csv
from board.common.forms import ConfirmForm, show_refusal
from board.common.timeutil import now_utc, today_london
from board.extensions import db
from board.interests import declarations as decl
from board.interests import register
from board.interests.forms import DeclarationForm, InterestForm, PreDeclarationForm
from board.interests.models import Declaration, RegisterItem
from board.interests.xlsx import XLSX, xlsx_bytes
from board.meetings.models import Meeting
from board.people.models import Body, User

bp = Blueprint("interests", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _body(slug: str) -> Body:
    body = db.session.scalar(sa.select(Body).where(Body.slug == slug))
    if body is None:
        abort(404)
    return body


# --- one person's entry ----------------------------------------------------------------------


@bp.get("/interests/mine")
def mine():
    """Anyone signed in: their own register entry, with what to do next."""
    require(permissions.can_keep_register(current_user))
    return render_template(
        "interests/mine.html",
        version=register.current_version(current_user),
        form=ConfirmForm(),
        threshold=register.gift_threshold(),
    )


@bp.route("/interests/mine/add", methods=["GET", "POST"])
def add():
    """Anyone signed in: add an interest to their own entry."""
    require(permissions.can_keep_register(current_user))
    form = InterestForm()
    if form.validate_on_submit():
        try:
            register.add_interest(
                current_user,
                category=form.category.data,
                description=form.description.data,
                dated_on=form.dated_on.data,
                value_pounds=form.value_pounds.data,
                actor=current_user,
            )
        except register.RegisterError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Interest added to your register entry.", "success")
            return redirect(url_for("interests.mine"))
    return render_template("interests/add.html", form=form, threshold=register.gift_threshold())


def _change(action, message: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            action()
        except register.RegisterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for("interests.mine"))


@bp.post("/interests/mine/items/<int:item_id>/remove")
def remove(item_id: int):
    """Anyone signed in: take an interest off their own entry (kept in the history)."""
    require(permissions.can_keep_register(current_user))
    return _change(lambda: register.remove_interest(current_user, item_id, actor=current_user), "Interest removed.")


@bp.post("/interests/mine/nothing")
def nothing():
    """Anyone signed in: say they have nothing to declare."""
    require(permissions.can_keep_register(current_user))
    return _change(lambda: register.declare_nothing(current_user, actor=current_user), "Recorded: nothing to declare.")


@bp.post("/interests/mine/reviewed")
def reviewed():
    """Anyone signed in: confirm their entry is up to date as it stands."""
    require(permissions.can_keep_register(current_user))
    return _change(
        lambda: register.confirm_reviewed(current_user, actor=current_user), "Thank you: your entry is reviewed."
    )


@bp.get("/interests/people/<int:user_id>")
def person(user_id: int):
    """The person, the secretariat and members of a body they sit on: an entry and every earlier version."""
    other = db.get_or_404(User, user_id)
    require(permissions.can_view_register_of(current_user, other))
    return render_template("interests/person.html", person=other, versions=register.history(other))


# --- a body's register -----------------------------------------------------------------------


@bp.get("/bodies/<slug>/interests")
def body_register(slug: str):
    """The body's members and the secretariat: the body's register of interests on one page."""
    body = _body(slug)
    require(permissions.can_view_interest_register(current_user, body))
    return render_template("interests/register.html", body=body, rows=register.body_register(body), form=ConfirmForm())


@bp.get("/bodies/<slug>/interests.csv")
def register_csv(slug: str):
    """The body's members and the secretariat: the register as CSV."""
    body = _body(slug)
    require(permissions.can_view_interest_register(current_user, body))
    header, rows = register.register_rows_for_export(body)
    name = f"register-of-interests-{body.slug}-{today_london()}.csv"
    return attachment(write_csv(header, rows), mimetype="text/csv", filename=name)


@bp.get("/bodies/<slug>/interests.xlsx")
def register_xlsx(slug: str):
    """The body's members and the secretariat: the register as an Excel workbook."""
    body = _body(slug)
    require(permissions.can_view_interest_register(current_user, body))
    header, rows = register.register_rows_for_export(body)
    name = f"register-of-interests-{body.slug}-{today_london()}.xlsx"
    return attachment(xlsx_bytes("Register of interests", header, rows), mimetype=XLSX, filename=name)


@bp.route("/bodies/<slug>/interests/request-reviews", methods=["GET", "POST"])
def request_reviews(slug: str):
    """Secretariat: confirm whom to ask, then e-mail each member a link to review their entry."""
    body = _body(slug)
    require(permissions.can_manage_interests(current_user, body))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            made = register.request_reviews(body, actor=current_user)
        except register.RegisterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Asked {len(made)} member{'s' if len(made) != 1 else ''} to review their entry.", "success")
            return redirect(url_for("interests.body_register", slug=body.slug))
    to_ask, already = register.review_candidates(body)
    return render_template("interests/request_reviews.html", body=body, to_ask=to_ask, already=already, form=form)


@bp.post("/bodies/<slug>/interests/chase")
def chase(slug: str):
    """Secretariat: e-mail again the members asked who have not reviewed yet."""
    body = _body(slug)
    require(permissions.can_manage_interests(current_user, body))
    if ConfirmForm().validate_on_submit():
        try:
            chased = register.chase_reviews(body, actor=current_user)
        except register.RegisterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Chased {', '.join(r.user.name for r in chased)}.", "success")
    return redirect(url_for("interests.body_register", slug=body.slug))


# --- declarations at a meeting ---------------------------------------------------------------


def _meeting(meeting_id: int) -> Meeting:
    return db.get_or_404(Meeting, meeting_id)


def _numbered(meeting: Meeting):
    return list(enumerate(load_items(meeting), start=1))


def _chosen(model, value):
    """The row a select's value names, or None (an id that does not exist is no choice)."""
    return db.session.get(model, int(value)) if value and str(value).isdigit() else None


@bp.route("/meetings/<int:meeting_id>/declarations", methods=["GET", "POST"])
def meeting_declarations(meeting_id: int):
    """Whoever may see the meeting: its declarations; the secretariat records them here."""
    meeting = _meeting(meeting_id)
    require(permissions.can_view_declarations(current_user, meeting))
    manage = permissions.can_manage_interests(current_user, meeting.body)
    form = None
    if manage:
        people = decl.declarers(meeting)
        form = DeclarationForm(people, _numbered(meeting), [])
        chosen = _chosen(User, form.person.data)
        if chosen is not None:
            form.register_item.choices += [(str(r.id), str(r)[:120]) for r in decl.register_choices(chosen)]
        if form.is_submitted() and form.show_entries.data:
            pass  # only the register entries of the person chosen were asked for
        elif form.validate_on_submit():
            try:
                decl.record_declaration(
                    meeting,
                    user=chosen,
                    item=_chosen(AgendaItem, form.agenda_item.data),
                    interest=form.interest.data,
                    register_item=_chosen(RegisterItem, form.register_item.data),
                    is_withdrawn=form.is_withdrawn.data,
                    actor=current_user,
                )
            except decl.DeclarationError as error:
                show_refusal(form, error)
            else:
                db.session.commit()
                flash("Declaration recorded.", "success")
                return redirect(url_for("interests.meeting_declarations", meeting_id=meeting.id))
    elif ConfirmForm().is_submitted():
        abort(403)
    rows = [d for d in decl.declarations_of(meeting) if manage or not d.is_pre_declared or d.user_id == current_user.id]
    return render_template(
        "interests/declarations.html",
        meeting=meeting,
        declarations=rows,
        form=form,
        remove_form=ConfirmForm(),
        may_pre_declare=permissions.can_pre_declare(current_user, meeting) and meeting.starts_at > now_utc(),
    )


@bp.route("/meetings/<int:meeting_id>/declare", methods=["GET", "POST"])
def pre_declare(meeting_id: int):
    """Anyone invited: declare an interest on an item before the meeting starts."""
    meeting = _meeting(meeting_id)
    require(permissions.can_pre_declare(current_user, meeting))
    form = PreDeclarationForm(_numbered(meeting), decl.register_choices(current_user))
    if form.validate_on_submit():
        try:
            decl.pre_declare(
                meeting,
                user=current_user,
                item=_chosen(AgendaItem, form.agenda_item.data),
                interest=form.interest.data,
                register_item=_chosen(RegisterItem, form.register_item.data),
            )
        except decl.DeclarationError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your declaration is with the secretariat.", "success")
            return redirect(url_for("interests.meeting_declarations", meeting_id=meeting.id))
    return render_template("interests/pre_declare.html", meeting=meeting, form=form)


@bp.post("/meetings/<int:meeting_id>/declarations/<int:declaration_id>/remove")
def remove_declaration(meeting_id: int, declaration_id: int):
    """Secretariat (or the member, their own pre-declaration before the meeting): remove a declaration."""
    meeting = _meeting(meeting_id)
    declaration = db.get_or_404(Declaration, declaration_id)
    if declaration.meeting_id != meeting.id:
        abort(404)
    require(permissions.can_remove_declaration(current_user, declaration))
    if not permissions.is_secretariat(current_user) and meeting.starts_at <= now_utc():
        flash("The meeting has started: ask the secretariat to correct the record.", "error")
    elif ConfirmForm().validate_on_submit():
        decl.delete_declaration(declaration, actor=current_user)
        db.session.commit()
        flash("Declaration removed.", "success")
    return redirect(url_for("interests.meeting_declarations", meeting_id=meeting.id))


@bp.app_template_global("is_declarations_item")
def _is_declarations_item(item) -> bool:
    return decl.is_declarations_item(item)


@bp.app_template_global("meeting_declarations_text")
def _meeting_declarations_text(meeting) -> str:
    """The declarations recorded for a meeting, as the minutes draft takes them in."""
    return decl.minutes_text(meeting)


@bp.app_template_global("meeting_has_started")
def _meeting_has_started(meeting) -> bool:
    return meeting.starts_at <= now_utc()
