"""Pages of the actions area."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
