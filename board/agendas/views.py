"""Pages of the agendas area."""

from flask import Blueprint

bp = Blueprint("agendas", __name__)
