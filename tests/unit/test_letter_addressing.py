"""Where a letter is posted, whether staff lists withhold it, and how figures are written."""

import datetime as dt

import pytest

from arrears.letters.domain import addressing
from arrears.letters.domain.composition import letter_language
from arrears.letters.domain.context import lower_first
from arrears.letters.domain.facts import date_cy, date_en, time_en

AS_OF = dt.date(2026, 12, 1)


def _option(address_id, kind, from_date=None, to_date=None, lines=("1 High Street",)):
    return addressing.AddressOption(address_id, kind, from_date, to_date, tuple(lines))


class TestPostalAddress:
    def test_postal_address_prefers_a_correspondence_address(self):
        options = [_option(1, "CURRENT"), _option(2, "CORRESPONDENCE"), _option(3, "FORWARDING")]

        assert addressing.postal_address(options=options, as_of=AS_OF).address_id == 2

    def test_postal_address_falls_back_to_the_current_address(self):
        options = [
            _option(1, "CURRENT"),
            _option(2, "CORRESPONDENCE", to_date=dt.date(2026, 11, 30)),
            _option(3, "PREVIOUS"),
        ]

        assert addressing.postal_address(options=options, as_of=AS_OF).address_id == 1

    def test_postal_address_takes_the_latest_of_a_kind(self):
        options = [
            _option(5, "CURRENT", from_date=dt.date(2019, 1, 1)),
            _option(4, "CURRENT", from_date=dt.date(2025, 6, 1)),
            _option(6, "CURRENT", from_date=dt.date(2027, 1, 1)),  # not yet in use
        ]

        assert addressing.postal_address(options=options, as_of=AS_OF).address_id == 4

    def test_postal_address_is_none_without_one_in_use(self):
        options = [_option(1, "PREVIOUS"), _option(2, "CURRENT", lines=())]

        assert addressing.postal_address(options=options, as_of=AS_OF) is None


class TestIsWithheld:
    @pytest.mark.parametrize(
        ("end_dates", "withheld"),
        [
            ([], False),
            ([None], True),
            ([dt.date(2026, 12, 1)], True),  # ends on the issue date: still open that day
            ([dt.date(2026, 11, 30)], False),
            ([dt.date(2026, 11, 30), None], True),
        ],
    )
    def test_is_withheld_while_a_marker_is_open(self, end_dates, withheld):
        assert addressing.is_withheld(marker_end_dates=end_dates, as_of=AS_OF) is withheld


class TestLetterLanguage:
    @pytest.mark.parametrize(
        ("preferred", "nation", "language"),
        [("EN", "ENG", "EN"), ("CY", "ENG", "CY"), ("EN", "WLS", "CY"), ("CY", "WLS", "CY")],
    )
    def test_letter_language_is_bilingual_for_welsh_speakers_and_councils_in_wales(
        self, preferred, nation, language
    ):
        assert letter_language(preferred_language=preferred, nation=nation) == language


class TestFormatting:
    @pytest.mark.parametrize(
        ("text", "written"),
        [("10:00", "10am"), ("14:30", "2:30pm"), ("12:00", "midday"), ("00:15", "12:15am")],
    )
    def test_time_en_writes_gov_uk_style(self, text, written):
        assert time_en(text) == written

    def test_dates_are_written_in_english_and_welsh(self):
        assert date_en(dt.date(2026, 12, 8)) == "8 December 2026"
        assert date_cy(dt.date(2026, 12, 8)) == "8 Rhagfyr 2026"

    @pytest.mark.parametrize(
        ("label", "lowered"),
        [("Council tax 2026/27", "council tax 2026/27"), ("BID levy 2026", "BID levy 2026")],
    )
    def test_lower_first_keeps_acronyms(self, label, lowered):
        assert lower_first(label) == lowered
