"""Pages of the decisions area."""

from flask import Blueprint

bp = Blueprint("decisions", __name__)
