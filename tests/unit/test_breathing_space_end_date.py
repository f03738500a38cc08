"""The expected end of a Breathing Space moratorium (RULES.md §5.1, §0.2 item 4)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.accounts.domain.markers import (
    BreathingSpaceType,
    NoBreathingSpaceScheme,
    breathing_space_end_date,
)


class TestBreathingSpaceEndDate:
    @pytest.mark.parametrize(
        ("start_date", "end_date"),
        [
            (dt.date(2026, 11, 2), dt.date(2026, 12, 31)),
            (dt.date(2026, 1, 1), dt.date(2026, 3, 1)),  # 31 + 28 + 1 days
            (dt.date(2028, 1, 1), dt.date(2028, 2, 29)),  # leap year: 31 + 29 days
            (dt.date(2021, 5, 4), dt.date(2021, 7, 2)),  # the day the scheme came into force
        ],
    )
    def test_standard_breathing_space_lasts_60_days_beginning_with_the_start_day(
        self, start_date, end_date
    ):
        assert (
            breathing_space_end_date(
                breathing_space_type=BreathingSpaceType.STANDARD, start_date=start_date
            )
            == end_date
        )

    @given(st.dates(min_value=dt.date(2021, 5, 4), max_value=dt.date(2099, 12, 31)))
    def test_standard_breathing_space_counts_the_start_and_end_days_as_60(self, start_date):
        end_date = breathing_space_end_date(
            breathing_space_type=BreathingSpaceType.STANDARD, start_date=start_date
        )

        assert end_date is not None
        assert (end_date - start_date).days + 1 == 60

    def test_mental_health_crisis_breathing_space_has_no_end_date(self):
        assert (
            breathing_space_end_date(
                breathing_space_type=BreathingSpaceType.MENTAL_HEALTH_CRISIS,
                start_date=dt.date(2026, 11, 2),
            )
            is None
        )

    def test_plain_string_type_is_read_as_the_type(self):
        assert (
            breathing_space_end_date(
                breathing_space_type="MENTAL_HEALTH_CRISIS",
                start_date=dt.date(2026, 11, 2),
            )
            is None
        )

    def test_no_breathing_space_before_the_scheme_came_into_force(self):
        with pytest.raises(NoBreathingSpaceScheme):
            breathing_space_end_date(
                breathing_space_type=BreathingSpaceType.STANDARD, start_date=dt.date(2021, 5, 3)
            )
