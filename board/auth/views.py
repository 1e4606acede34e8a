"""Sign in, sign out, set and reset passwords, and one's own account page."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from board.auth import services, sessions
from board.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    SetPasswordForm,
    SignInForm,
)
from board.auth.passwords import verify_password
from board.common.forms import ConfirmForm
from board.common.urls import safe_next
from board.extensions import db, login_manager
from board.people.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    """Accept a session cookie only while its sign-in is live (not ended, idle or too old)."""
    found = sessions.resume(session_key)
    if found is None:
        return None
    g.user_session, user = found
    user.session_key = session_key
    return user


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _begin_session(user: User) -> None:
    """Sign the user in on this browser with a new server-side session (the caller commits)."""
    key = sessions.start_session(user, user_agent=request.user_agent.string, address=_client_address())
    user.session_key = key
    session.clear()
    login_user(user)
    session.permanent = True


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Anyone: sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignInForm()
    next_url = safe_next(request.args.get("next"), url_for("home.home"))
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, _client_address())
        except services.SignInThrottled:
            form.email.errors.append("Too many failed attempts. Wait 15 minutes, or reset your password.")
            return render_template("auth/sign_in.html", form=form), 429
        if user is None:
            db.session.commit()  # the failure counts
            form.email.errors.append("Enter a correct email address and password")
            return render_template("auth/sign_in.html", form=form), 200
        _begin_session(user)
        db.session.commit()
        return redirect(next_url)
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Anyone signed in: sign out (POST, with a CSRF token)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            sessions.end_session(g.user_session)
            db.session.commit()
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Anyone: ask for a password reset link (the answer, and its time, never say whether the e-mail exists)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            services.request_password_reset(form.email.data, _client_address())
        except services.ResetThrottled:
            form.email.errors.append(
                "Too many reset links have been asked for. If this email address has an account, use a link "
                "already sent to it, or try again in an hour."
            )
            return render_template("auth/forgot.html", form=form), 429
        db.session.commit()
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Someone with an invitation or reset link: choose a password (the link works once)."""
    link = services.find_token(token)
    if link is None:
        return render_template("auth/link_expired.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.use_token(link, form.password.data)
        _begin_session(user)
        db.session.commit()
        flash("Your password is set. You are signed in.", "success")
        return redirect(url_for("home.home"))
    return render_template("auth/set_password.html", form=form, user=link.user, purpose=link.purpose)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Anyone signed in: their details, password change, sessions and calendar link."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append("Your current password is not right")
        else:
            services.set_password(current_user, form.password.data, actor=current_user, keep=g.user_session)
            db.session.commit()
            flash("Password changed. Other sessions have been signed out.", "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        user=current_user,
        confirm=ConfirmForm(),
        sessions=sessions.live_sessions(current_user),
        this_session=g.user_session,
    )


@bp.post("/account/sessions/sign-out-others")
@login_required
def sign_out_other_sessions():
    """Anyone signed in: end every session of theirs except this one."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ended = sessions.sign_out_other_sessions(current_user, g.user_session)
    db.session.commit()
    flash(
        f"Signed out of {ended} other session{'' if ended == 1 else 's'}." if ended else "You had no other sessions.",
        "success",
    )
    return redirect(url_for("auth.account"))
