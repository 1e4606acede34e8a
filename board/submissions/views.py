"""Pages of the submissions area."""

from flask import Blueprint

bp = Blueprint("submissions", __name__)
