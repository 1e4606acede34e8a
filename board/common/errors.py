"""Friendly error pages; a refused CSRF token is explained, not a bare 400."""

from flask import render_template
from flask_wtf.csrf import CSRFError

from board.extensions import db

MESSAGES = {
    400: ("Something was wrong with that request", "Go back, reload the page and try again."),
    403: ("You do not have access to this page", "If you think you should, contact the secretariat."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("That action is not allowed here", "Go back and use the buttons on the page."),
    410: ("This link has expired", "Ask for a new one."),
    413: ("The file is too large", "Choose a smaller file."),
    429: ("Too many attempts", "Wait a few minutes and try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you sent was saved."),
}


def _page(code: int, detail: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint), code


def init_app(app) -> None:
    for code in MESSAGES:
        if code == 500:
            continue
        app.register_error_handler(code, lambda e, code=code: _page(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return _page(400, "The form had expired or was sent from elsewhere. Go back, reload the page and try again.")

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _page(500)
