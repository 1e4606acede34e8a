"""Working days in England and Wales: weekends and bank holidays are not working days.

Bank holidays come from the ``govuk-bank-holidays`` package's bundled data (never the
network), loaded once per process.
"""

from datetime import date, timedelta
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays


@cache
def _england_and_wales() -> dict[date, str]:
    holidays = BankHolidays(use_cached_holidays=True)
    return {h["date"]: h["title"] for h in holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)}


def is_bank_holiday(day: date) -> bool:
    """Whether the day is a bank holiday in England and Wales."""
    return day in _england_and_wales()


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's title (e.g. 'Christmas Day'), or None."""
    return _england_and_wales().get(day)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return not is_weekend(day) and not is_bank_holiday(day)


def working_days_before(day: date, n: int) -> date:
    """The date n working days before ``day`` (skips weekends and bank holidays)."""
    current = day
    remaining = n
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_until(today: date, day: date) -> int:
    """Working days after ``today`` up to and including ``day`` (0 when ``day`` is today or
    earlier): how many working days are left before a deadline."""
    count, current = 0, today
    while current < day:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
