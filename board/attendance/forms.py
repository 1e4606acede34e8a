"""The period an attendance report covers."""

from wtforms import validators

from board.common.forms import BaseForm, DayMonthYearField


class PeriodForm(BaseForm):
    """GET filter: from and to dates (changes nothing, so no CSRF)."""

    class Meta:
        csrf = False

    date_from = DayMonthYearField("From", validators=[validators.Optional()])
    date_to = DayMonthYearField("To", validators=[validators.Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise validators.ValidationError("The end of the period must be on or after its start")
