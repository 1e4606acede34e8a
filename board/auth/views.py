"""Sign in, sign out, set and reset passwords, and one's own account page."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import joinedload

from board.auth import services
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
def load_user(session_id: str):
    """Accept a session only while its token matches the user's current one."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit():
        return None
    # Nearly every page asks permission questions (the navigation at least), which read
    # the user's seats and the organisations whose updates they write, and many name their
    # organisation: join all three in rather than query for each (the organisation's
    # query came and went with the rows on a page).
    user = db.session.get(User, int(user_id), options=[joinedload(User.memberships), joinedload(User.organisation),
                                                       joinedload(User.update_contacts)])
    if user is None or not user.is_enabled or user.session_token != token:
        return None
    return user


def _client_address() -> str:
    return request.remote_addr or "unknown"


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
            form.email.errors.append(
                "Too many failed attempts. Wait 15 minutes, or reset your password."
            )
            return render_template("auth/sign_in.html", form=form), 429
        db.session.commit()
        if user is None:
            form.email.errors.append("Enter a correct email address and password")
            return render_template("auth/sign_in.html", form=form), 200
        session.clear()
        login_user(user)
        session.permanent = True
        return redirect(next_url)
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Anyone signed in: sign out (POST, with a CSRF token)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Anyone: ask for a password reset link (the answer never says whether the e-mail exists)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
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
        db.session.commit()
        session.clear()
        login_user(user)
        flash("Your password is set. You are signed in.", "success")
        return redirect(url_for("home.home"))
    return render_template("auth/set_password.html", form=form, user=link.user, purpose=link.purpose)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Anyone signed in: their details, password change and calendar link."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append("Your current password is not right")
        else:
            services.set_password(current_user, form.password.data, actor=current_user)
            db.session.commit()
            login_user(current_user)  # keep this session; the token changed
            flash("Password changed. Other sessions have been signed out.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, user=current_user)
