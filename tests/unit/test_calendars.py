import datetime as dt

from arrears.kernel.calendars import Nation, bank_holidays


class TestBankHolidays:
    def test_bank_holidays_pins_the_2026_england_list(self):
        """RULES.md §9: the 2026 list for England, with Easter Monday and late August."""
        days = set(bank_holidays(years=[2026], nation=Nation.ENGLAND))

        expected = {
            dt.date(2026, 1, 1),
            dt.date(2026, 4, 3),
            dt.date(2026, 4, 6),
            dt.date(2026, 5, 4),
            dt.date(2026, 5, 25),
            dt.date(2026, 8, 31),
            dt.date(2026, 12, 25),
            dt.date(2026, 12, 28),
        }
        assert expected <= days
        assert days - expected <= {dt.date(2026, 12, 26)}  # a Saturday Boxing Day (§9 caveat)

    def test_bank_holidays_wales_matches_england_in_2026(self):
        assert set(bank_holidays(years=[2026], nation=Nation.WALES)) == set(
            bank_holidays(years=[2026], nation=Nation.ENGLAND)
        )
