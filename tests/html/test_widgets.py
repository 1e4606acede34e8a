"""The app's GOV.UK widgets write only attributes HTML allows (these run in the everyday
suite; the whole-site check is test_valid_html.py)."""

import re

from wtforms import DateField, Form, SelectField, validators

from board.common.forms import DayMonthYearField, GovDateInput, GovSelect


class _Form(Form):
    day = DateField("Date", format="%d %m %Y", widget=GovDateInput(), validators=[validators.InputRequired()])
    when = DayMonthYearField("When", validators=[validators.InputRequired()])
    pick = SelectField(
        "Approved at",
        choices=[(3, "March"), (4, "April")],
        coerce=int,
        widget=GovSelect(),
        validators=[validators.InputRequired()],
    )
    choose = SelectField(
        "Person",
        choices=[("", "Choose a person"), ("1", "Ann")],
        widget=GovSelect(),
        validators=[validators.InputRequired()],
    )


def test_a_required_date_puts_required_on_no_element(app):
    form = _Form()
    for field in (form.day, form.when):
        html = str(field())
        assert 'class="govuk-date-input"' in html
        assert "required" not in html, html


def test_a_required_select_is_required_only_above_a_placeholder(app):
    form = _Form()
    assert not re.search(r"<select[^>]*required", str(form.pick()))
    assert re.search(r"<select[^>]*required", str(form.choose()))
