"""Working-day arithmetic for deadlines and meeting planning (England and Wales)."""

from datetime import date

from board.common.workdays import bank_holiday_name, is_bank_holiday, is_working_day, working_days_before


def test_bank_holidays_from_bundled_data():
    """Christmas and Easter Monday are bank holidays; an ordinary Tuesday is not."""
    assert is_bank_holiday(date(2026, 12, 25))
    assert is_bank_holiday(date(2026, 4, 6))  # Easter Monday 2026
    assert not is_bank_holiday(date(2026, 3, 31))
    assert bank_holiday_name(date(2026, 12, 25)) == "Christmas Day"


def test_working_days():
    """Weekends and bank holidays are not working days."""
    assert is_working_day(date(2026, 3, 31))
    assert not is_working_day(date(2026, 3, 28))  # Saturday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute


def test_working_days_before_skips_weekends_and_holidays():
    """Five working days before Tue 29 Dec 2026 crosses Christmas and a weekend."""
    assert working_days_before(date(2026, 3, 31), 1) == date(2026, 3, 30)
    assert working_days_before(date(2026, 3, 30), 1) == date(2026, 3, 27)
    # 29 Dec 2026 (Tue): back over 28 (holiday), 27/26 weekend, 25 holiday -> 24, 23, 22, 21, 18
    assert working_days_before(date(2026, 12, 29), 5) == date(2026, 12, 18)
    assert working_days_before(date(2026, 3, 31), 0) == date(2026, 3, 31)
