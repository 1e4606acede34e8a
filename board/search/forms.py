"""The search form: words, a body and a date range, read from the query string."""

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, validators

from board.common.forms import DayMonthYearField, GovSelect, GovTextInput, strip
from board.search.query import MAX_QUERY_CHARS


class SearchForm(FlaskForm):
    """GET form (no CSRF: it changes nothing); text is trimmed and cut to a sensible length."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search minutes, decisions, actions, agenda items and updates",
        widget=GovTextInput(),
        filters=[strip, lambda v: v[:MAX_QUERY_CHARS] if v else v],
    )
    body = SelectField("Body", widget=GovSelect(), validators=[validators.Optional()])
    date_from = DayMonthYearField("From (optional)", validators=[validators.Optional()])
    date_to = DayMonthYearField("To (optional)", validators=[validators.Optional()])

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "All bodies")] + [(b.slug, b.short_name) for b in bodies]

    def validate_body(self, field):
        if field.data and field.data not in {v for v, _l in field.choices}:
            raise validators.ValidationError("Choose a body from the list")

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise validators.ValidationError("The ‘to’ date must be the same as or after the ‘from’ date")
